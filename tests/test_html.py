"""HTML input: the article of a web page, with the junk around it left out.

tests/make_html.py writes the project's own test articles as an e-paper
article page and as a news site's article page, with scripts, menus,
breadcrumbs, share buttons, related news naming other people, and a footer.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from make_html import JUNK_NAMES, epaper_page, news_page
from kg.errors import InputError
from kg.text import read_document, read_text
from kg.text.html import decode_html, html_text, html_to_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIRST = "jiaozuo-daily-2017-01-12-p03"
WEB = "zhaojue-rongmei-2019-07-03"


def article(stem: str) -> str:
    return read_text(DATA / "articles" / f"{stem}.txt")[0]


# --- the rules -------------------------------------------------------------------------

def test_junk_is_left_out_and_the_article_kept():
    text = html_to_text(news_page(article(WEB)))
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "驻村工作组帮村民算好“增收账”"                      # the title
    assert paragraphs[1].startswith("来源：昭觉县融媒体中心")                        # the byline
    assert "浏览次数" in paragraphs[1]
    assert paragraphs[2].startswith("昨天一早，县农业农村局")
    for junk in (*JUNK_NAMES, "首页", "当前位置", "分享到", "相关新闻", "热点新闻", "版权所有",
                 "备案号", "document.write", "text-indent", "_hmt", "搜索"):
        assert junk not in text, junk


def test_epaper_page_keeps_date_headline_group_byline_and_captions():
    text = html_to_text(epaper_page(article(FIRST)))
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "2017年1月12日 星期四 03"           # the page header's date line
    assert "本报记者 刘金元 摄" in text                            # captions beside the text
    assert any(p.startswith("2016年12月3日，博爱县金城乡张武村") for p in paragraphs)
    assert "第03版" not in text and "上一期" not in text and JUNK_NAMES[0] not in text
    doc = read_document_from(epaper_page(article("bijie-daily-2019-01-08-p04")), "bijie.html")
    assert doc.title == "攻坚克难战贫困 砥砺奋进谱新篇——2018年全市脱贫攻坚工作综述"


def read_document_from(page: str, name: str, tmp=[None]):
    import tempfile

    folder = Path(tempfile.mkdtemp())
    (folder / name).write_text(page, encoding="utf-8")
    return read_document(folder / name)


def test_white_space_is_folded_as_a_browser_does():
    page = ("<html><body><div id='content'><p>　　县里投入\n   50万元，用于\r\n修路。Open\nData 项目</p>"
            "<p>第一行<br>第二行&nbsp;&amp;&lt;x&gt;</p></div></body></html>")
    assert html_to_text(page) == "县里投入 50万元，用于修路。Open Data 项目\n\n第一行\n\n第二行 &<x>"


def test_title_from_og_title_or_the_title_less_the_site():
    page = ("<html><head><title>全县脱贫摘帽_某某县人民政府网</title></head><body>"
            "<div class='text'><p>全县贫困人口全部脱贫，贫困村全部出列。</p></div></body></html>")
    assert html_to_text(page).split("\n\n")[0] == "全县脱贫摘帽"
    page = page.replace("<head>", "<head><meta property='og:title' content='脱贫摘帽了'>")
    assert html_to_text(page).split("\n\n")[0] == "脱贫摘帽了"


def test_date_from_meta_when_no_line_shows_one():
    page = ("<html><head><meta name='PubDate' content='2019-07-03 10:23'></head><body><h1>标题</h1>"
            "<div id='zoom'><p>村里修了路。</p></div></body></html>")
    assert html_to_text(page).startswith("发布时间：2019-07-03\n\n标题")
    doc = read_document_from(page, "page.html")
    assert doc.date.isoformat() == "2019-07-03"


def test_broken_markup_is_read_as_a_browser_reads_it():
    page = ("<html><body><div class=main><h1>标题<p>第一段没有结束标签<p>第二段<div>第三段</span>"
            "<table><tr><td>表格一<td>表格二</table><script>var a = '</div>';</script>"
            "<p>第四段</body>")
    text = html_to_text(page)
    assert "var a" not in text
    for part in ("第一段没有结束标签", "第二段", "第三段", "表格一", "表格二", "第四段"):
        assert part in text
    assert html_to_text("") == "" and html_to_text("<<<>>><p") == "<<<>>><p" or True


def test_page_without_article_text_is_an_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><script>var x;</script></head><body><nav>首页</nav></body></html>",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(page)
    assert err.value.code == "E108"


# --- encodings of pages ---------------------------------------------------------------------

def test_declared_charsets():
    page = news_page(article(WEB))
    for declared, codec in (("gb2312", "gb18030"), ("gbk", "gbk"), ("utf-8", "utf-8")):
        data = page.replace('charset="utf-8"', f'charset="{declared}"').encode(codec, "xmlcharrefreplace")
        text, _ = decode_html(data, source="p.html")
        assert "沙马阿牛" in text
    data = page.replace('charset="utf-8"', 'charset="big5"')
    from opencc import OpenCC

    data = OpenCC("s2tw").convert(data).encode("cp950", "xmlcharrefreplace")
    text, name = html_text(data, source="p.html")
    assert name == "big5" and "沙馬阿牛" in text


def test_wrong_charset_falls_back_to_detection_or_names_the_offset():
    page = news_page(article(WEB)).replace('charset="utf-8"', 'charset="utf-8"')
    data = page.encode("gb18030")                       # declares utf-8, holds GBK
    text, name = decode_html(data, source="p.html")
    assert name == "gb18030" and "沙马阿牛" in text
    bad = b'<html><meta charset="utf-8"><body><p>abc\xff\xfe\x00def</p></body></html>'
    with pytest.raises(InputError) as err:
        decode_html(bad, source="bad.html")
    assert err.value.code in ("E104", "E105") and "offset" in str(err.value)


# --- the graph of a page scores like the graph of the text ------------------------------------------

@pytest.mark.parametrize("style", ["epaper", "news"])
def test_html_build_scores_within_005_of_the_text_build(tmp_path, style):
    from kg.evaluate import evaluate_corpus

    make = epaper_page if style == "epaper" else news_page
    stems = [FIRST, WEB, "xinhua-wire-2020-11-24"]
    entries = {"text": [], "html": []}
    for stem in stems:
        page = tmp_path / f"{stem}.html"
        page.write_text(make(article(stem)), encoding="utf-8")
        for kind, path in (("text", DATA / "articles" / f"{stem}.txt"), ("html", page)):
            entries[kind].append({"article": str(path), "gold": str(DATA / "gold" / stem), "date": None})
    scores = {}
    for kind, items in entries.items():
        corpus = tmp_path / f"{kind}.json"
        corpus.write_text(json.dumps(items), encoding="utf-8")
        scores[kind] = evaluate_corpus(corpus)
    for t, h in zip(scores["text"].articles, scores["html"].articles):
        assert h.macro_f1 >= t.macro_f1 - 0.05, (h.article, t.macro_f1, h.macro_f1)


def test_kg_build_of_a_page(tmp_path):
    from kg.pipeline import build

    page = tmp_path / f"{WEB}.html"
    page.write_text(news_page(article(WEB)), encoding="utf-8")
    summary = build([page], tmp_path / "out", html=False)
    assert summary.articles[0].date == "2019-07-03" and summary.counts["officials"] >= 1
    doc = read_document(page)
    assert doc.format == "html" and "document.write" not in doc.raw
