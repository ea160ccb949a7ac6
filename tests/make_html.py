"""Make web pages of the project's test articles, for the HTML tests.

Two shapes, each with the junk real pages carry around the article (scripts,
styles, menus, a breadcrumb, share buttons, "related news" naming other
officials, a footer):

* ``epaper_page``: an e-paper article page — the date in the page header, a
  page list on the left, the headline group ``<h3>`` kicker / ``<h1>`` /
  ``<h2>``, the byline in ``<div class="info">``, the text in
  ``<founder-content>`` paragraphs, captions in picture tables beside it;
* ``news_page``: a news or government site's article page — ``<h1>``, a meta
  line (发布时间 / 来源 / 浏览次数), ``<p style="text-indent:2em">`` paragraphs
  with hard line breaks in the source, ``<figure>``/``<figcaption>``.

The related-news and menu items name people and sums that are not in the
article: a test can check that none of them reaches the text.
"""
from __future__ import annotations

import html
import re

JUNK_NAMES = ("欧阳振华", "司马青云")     # invented; only in the junk around the article
JUNK_SCRIPT = """<script type="text/javascript">
var _hmt = _hmt || []; document.write("<p>县委书记欧阳振华投入9999万元</p>");
</script>"""
JUNK_STYLE = "<style>p { text-indent: 2em } .nav li { float: left }</style>"
META_RE = re.compile(r"来源|作者|发布时间|发布日期|时间[:：]|日期[:：]|浏览")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _groups(raw: str):
    from make_pdf import paragraphs

    paras = paragraphs(raw)
    header = []
    i = 0
    while i < len(paras) and paras[i][0] in ("dateline", "masthead"):
        header.append(paras[i])
        i += 1
    title = []
    while i < len(paras) and paras[i][0] == "headline" and not META_RE.search(paras[i][1]):
        title.append(paras[i][1])
        i += 1
    byline = []
    while i < len(paras) and (paras[i][0] == "byline" or META_RE.search(paras[i][1])) and len(paras[i][1]) <= 80:
        byline.append(paras[i][1])
        i += 1
    return header, title, byline, paras[i:]


def _body(rest, *, wrap_source: bool, captions_inline: bool):
    """Body paragraphs (and captions) as HTML; captions apart if not inline."""
    body, pics = [], []
    k = 0
    while k < len(rest):
        kind, text = rest[k]
        if kind == "caption" and k + 1 < len(rest) and rest[k + 1][0] == "credit":
            cap = f"{_e(text)} {_e(rest[k + 1][1])}"
            k += 2
        elif kind in ("caption", "credit"):
            cap = _e(text)
            k += 1
        else:
            k += 1
            src = _e(text)
            if wrap_source:       # hard line breaks in the source, between Chinese characters
                src = re.sub(r"([\u4e00-\u9fff]{24})(?=[\u4e00-\u9fff])", "\\1\n", src)
            if kind == "headline":
                body.append(f"<p><strong>{src}</strong></p>")
            elif kind == "masthead":
                body.append(f'<p class="editor">{src}</p>')
            else:
                body.append(f'<p style="text-indent:2em">　　{src}</p>')
            continue
        if captions_inline:
            body.append(f'<figure><img src="p{k}.jpg" alt="图片"><figcaption>{cap}</figcaption></figure>')
        else:
            pics.append(f'<table class="pic"><tr><td><img src="p{k}.jpg"></td></tr>'
                        f'<tr><td class="picinfo">{cap}</td></tr></table>')
    return body, pics


def epaper_page(raw: str, *, charset: str = "utf-8") -> str:
    """An e-paper article page of the article ``raw`` (see the module doc)."""
    header, title, byline, rest = _groups(raw)
    date = " ".join(t for k, t in header if k == "dateline")
    masthead = [t for k, t in header if k == "masthead"]
    heads = ""
    if title:
        main = max(range(len(title)), key=lambda j: len(title[j]))
        tags = ["h3"] * main + ["h1"] + ["h2"] * (len(title) - main - 1)
        heads = "\n".join(f"<{t}>{_e(x)}</{t}>" for t, x in zip(tags, title))
    body, pics = _body(rest + [("masthead", m) for m in masthead], wrap_source=False,
                       captions_inline=False)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>数字报-第03版：要闻</title>{JUNK_STYLE}{JUNK_SCRIPT}</head>
<body>
<div class="header"><img src="logo.gif"><span class="date">{_e(date)}</span></div>
<div id="nav" class="nav"><a href="../index.htm">首页</a> | <a>上一期</a> | <a>下一期</a></div>
<table width="1000"><tr>
<td class="left" width="300"><img src="page.jpg" usemap="#pagemap">
<map name="pagemap"><area shape="rect" coords="1,2,3,4" href="content_1.htm"></map>
<div class="banmian-list"><ul class="related-list">
<li><a href="content_2.htm">{JUNK_NAMES[0]}到乡镇调研脱贫攻坚工作</a></li>
<li><a href="content_3.htm">{JUNK_NAMES[1]}：投入8888万元建设新村</a></li>
</ul></div></td>
<td class="main" width="700">
{heads}
<div class="info">{'　'.join(_e(b) for b in byline)}</div>
<div id="ozoom"><founder-content>
{chr(10).join(body)}
</founder-content></div>
{chr(10).join(pics)}
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
</td></tr></table>
<div class="footer">版权所有 某某日报社 备案号：京ICP备00000000号</div>
</body></html>
"""


def news_page(raw: str, *, date: str | None = None) -> str:
    """A news or government site's article page of the article ``raw``."""
    header, title, byline, rest = _groups(raw)
    rest = [p for p in header if p[0] == "masthead"] + rest
    body, _ = _body(rest, wrap_source=True, captions_inline=True)
    title_text = "".join(title) or "新闻"
    meta_line = "&nbsp;&nbsp;".join(f"<span>{_e(b)}</span>" for b in byline)
    pub = f'<meta name="PubDate" content="{date} 10:23">' if date else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title_text)}_某某县人民政府</title>
<meta property="og:title" content="{_e(title_text)}">{pub}
<link rel="stylesheet" href="/css/main.css">{JUNK_STYLE}{JUNK_SCRIPT}</head>
<body>
<header class="site-header"><div class="logo">某某县人民政府</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/zwgk/">政务公开</a></li></ul></nav>
<div class="search"><input type="text" placeholder="搜索"><button>搜索</button></div></header>
<div class="breadcrumb">当前位置：<a>首页</a> &gt; <a>新闻中心</a> &gt; 工作动态</div>
<div class="container"><div class="article">
<h1 class="title">{_e(title_text)}</h1>
<div class="meta">{meta_line}&nbsp;&nbsp;<span>浏览次数：<script>document.write(1234)</script></span></div>
<div class="content" id="zoom"><div class="TRS_Editor">
{chr(10).join(body)}
</div></div>
<div class="bdshare"><a>分享到微信</a></div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a.html">县委书记{JUNK_NAMES[0]}调研脱贫攻坚工作</a><span>2019-06-01</span></li>
<li><a href="/b.html">{JUNK_NAMES[1]}副县长督导产业扶贫 投入8888万元</a><span>2019-05-20</span></li>
</ul></div>
</div>
<aside class="sidebar"><h3>热点新闻</h3><ul><li><a>全县召开脱贫攻坚推进会</a></li></ul></aside>
</div>
<footer><p>版权所有 © 某某县人民政府 主办 &nbsp; 备案号：蜀ICP备00000000号</p></footer>
</body></html>
"""
