"""The article of a web page: title, byline, body, captions, as text.

An e-paper's article page or a news site's article page holds, around the
article, a site header, menus, breadcrumbs, "related" lists, share buttons,
scripts and a footer.  A small rule set on the standard library's
``html.parser`` (no dependency; see docs/decisions.md) keeps the article:

1. **Junk out.**  ``script style noscript template svg iframe nav footer
   aside form-controls`` and any element whose ``class`` or ``id`` names
   navigation, menus, sharing, comments, related or recommended lists,
   breadcrumbs, ads, copyright or login is dropped with its content; so is a
   ``<header>`` outside ``<article>``.
2. **The body** is the element whose own paragraphs (``<p>``, paragraph-like
   ``<div>``, text between ``<br>``) hold the most Chinese characters; if
   its parent's other children hold a good share too (paragraphs split over
   sibling sections), the parent.
3. **The title**: the ``<h1>`` (with the headings next to it: kicker and
   subtitle of an e-paper), else ``og:title``, else ``<title>`` less the
   site's name.  **The byline**: short lines between the title and the body
   that name 来源/作者/记者/发布时间 or a date.  **Captions**:
   ``<figcaption>`` and caption-classed elements.  The date from
   ``<meta>`` (``article:published_time``, ``PubDate`` …) when no line shows
   one, as ``发布时间：YYYY-MM-DD``.

The text is then one paragraph per line with blank lines between, the shape
:mod:`kg.text.repair` expects; the offsets of the graph's evidence point into
it.  White space is folded as a browser folds it, and a line break between
two Chinese characters is dropped (CSS Text 3's segment-break rule).

>>> page = '''<html><head><title>村里修路了_某某网</title><script>var x = "<p>no</p>";</script></head>
... <body><nav><a href="/">首页</a> <a>要闻</a></nav>
... <h1>村里修路了</h1><div class="info">2019-07-03 来源：某某日报</div>
... <div id="content"><p>　　县财政投入50万元，
... 帮助村里修路。</p><p>村民很高兴。</p></div>
... <div class="share">分享到微信</div><footer>版权所有</footer></body></html>'''
>>> print(html_to_text(page))
村里修路了
<BLANKLINE>
2019-07-03 来源：某某日报
<BLANKLINE>
县财政投入50万元，帮助村里修路。
<BLANKLINE>
村民很高兴。
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from kg.errors import InputError

__all__ = ["html_text", "html_to_text", "decode_html"]

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
         "nav", "footer", "aside", "button", "select", "textarea", "input", "label", "head",
         "map", "canvas", "audio", "video", "dialog", "menu"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr", "basefont", "frame", "keygen"}
_BLOCK = {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
          "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
          "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre",
          "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
          "founder-content", "font-block"}
_CLOSES_P = _BLOCK - {"center"}
_INLINE = {"a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "mark", "q",
           "s", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "nobr"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_JUNK_RE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navi|menu|menus|footer|foot|sidebar|side|share|sharing|bdshare|"
    r"comment|comments|reply|related|relate|recommend|recom|hot|hotnews|rank|breadcrumb|crumb|"
    r"crumbs|position|location|ad|ads|advert|adv|banner|copyright|login|search|toolbar|topbar|"
    r"pager|pagination|page-nav|qrcode|ewm|print|weixin|wechat|weibo|friendlink|links|"
    r"statement|disclaimer)(?:$|[\s_\-\d])", re.I)
_CAPTION_RE = re.compile(r"caption|pic-?text|pictext|img-?text|imgtext|photo-?text|tupian|"
                         r"picinfo|pic-?desc|tuzhu", re.I)
_META_RE = re.compile(r"[来來]源|作者|[记記]者|通[讯訊][员員]|[发發][布佈表][时時][间間]|[发發]布日期|"
                      r"[时時][间間][:：]|日期[:：]|[编編][辑輯]|[浏瀏][览覽]|\d{4}\s*[-年/.]\s*\d{1,2}")
# An e-paper's <title> is often the edition, not the article: 第03版：要闻, 数字报.
_EDITION_RE = re.compile(r"第\s*\S{1,4}\s*[版期]|[数數]字[报報]|[电電]子[报報版]|首[页頁]")
_DATE_META = ("article:published_time", "og:published_time", "og:release_date", "pubdate",
              "publishdate", "publish_date", "publishtime", "datepublished", "date", "dc.date",
              "dc.date.issued", "firstpublishedtime", "releasedate")
_FULL_DATE_RE = re.compile(r"\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})")
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SEGMENT_BREAK_RE = re.compile(f"(?<=[{_WIDE}])[ \\t\\r\\f]*\\n\\s*(?=[{_WIDE}])")
_SPACE_RE = re.compile(r"[ \t\r\n\f\u00a0\u3000\u200b]+")
_SITE_SEP_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--)\s*")


class _Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []
        self.parent = parent

    def iter(self):
        """This node and every element under it, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))

    def junk(self) -> bool:
        if self.tag in _SKIP:
            return True
        if self.tag == "header" and not any(a.tag == "article" for a in self.ancestors()):
            return True
        names = " ".join(self.attrs.get(k, "") for k in ("class", "id", "role"))
        return bool(names and _JUNK_RE.search(names))

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: unclosed tags are closed by their parent's end tag,
    ``<p>`` by the next block, ``<li>`` by the next item."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.stack = [self.root]
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in _CLOSES_P:
            self._close_inline_p()
        if tag in ("li", "dt", "dd", "tr", "td", "th", "option"):
            self._close_sibling(tag)
        node = _Node(tag, {k.lower(): (v or "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        tag = tag.lower()
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "br":                        # </br> is a <br> in browsers
            self.handle_starttag("br", [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data:
            self.stack[-1].children.append(data)

    def _close_inline_p(self):
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag == "p":
                del self.stack[i:]
                return
            if tag in _BLOCK:
                return

    def _close_sibling(self, tag):
        group = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr",),
                 "td": ("td", "th"), "th": ("td", "th"), "option": ("option",)}[tag]
        stop = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",), "tr": ("table", "tbody", "thead"),
                "td": ("tr", "table"), "th": ("tr", "table"), "option": ("select",)}[tag]
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in group:
                del self.stack[i:]
                return
            if t in stop:
                return


def _parse(markup: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def _fold(text: str) -> str:
    """White space as a browser shows it, without breaks between Chinese characters."""
    text = _SEGMENT_BREAK_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def _paragraphs(node: _Node, out: list[str], *, skip=None) -> None:
    """The paragraphs under ``node``: blocks and ``<br>`` end one."""
    buf: list[str] = []

    def flush():
        text = _fold("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(n: _Node):
        for child in n.children:
            if isinstance(child, str):
                buf.append(child)
                continue
            if child.junk() or (skip is not None and child in skip):
                continue
            if child.tag == "br":
                flush()
            elif child.tag in _BLOCK or child.tag == "img":
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(node)
    flush()


def _own_text(node: _Node) -> str:
    out: list[str] = []
    _paragraphs(node, out)
    return "\n".join(out)


def _cjk(text: str) -> int:
    return len(_CJK_RE.findall(text))


def _score(node: _Node) -> int:
    """Chinese characters in the node's own paragraphs (direct children)."""
    total = 0
    inline: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            inline.append(child)
        elif child.junk():
            continue
        elif child.tag in ("p", "font-block") or (child.tag in ("div", "section") and not any(
                isinstance(c, _Node) and c.tag in _BLOCK for c in child.children)):
            total += _cjk(_own_text(child))
        elif child.tag in _INLINE:
            inline.append(_own_text(child))
    return total + _cjk("".join(inline))


def _visible(root: _Node):
    """Every element not inside a junk element, in document order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node is not root and node.junk():
            continue
        yield node
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))


def _body(root: _Node) -> _Node | None:
    best, best_score = None, 0
    for node in _visible(root):
        if node.tag in ("p", "a", "span", "font", "b", "strong", "em", "i", "h1", "h2", "h3"):
            continue
        s = _score(node)
        if s > best_score:
            best, best_score = node, s
    if best is None:
        return None
    parent = best.parent
    if parent is not None and parent.tag not in ("#root", "html", "body"):
        siblings = sum(_score(c) for c in parent.children
                       if isinstance(c, _Node) and c is not best and not c.junk())
        if siblings + _score(parent) >= 0.3 * best_score:
            best = parent
    return best


def _meta(root: _Node) -> dict[str, str]:
    found = {}
    for node in root.iter():
        if node.tag == "meta":
            key = (node.attrs.get("property") or node.attrs.get("name")
                   or node.attrs.get("itemprop") or "").lower()
            if key and node.attrs.get("content"):
                found.setdefault(key, node.attrs["content"].strip())
        elif node.tag == "time" and node.attrs.get("datetime"):
            found.setdefault("time", node.attrs["datetime"].strip())
    return found


def _title_text(root: _Node) -> str:
    for node in root.iter():
        if node.tag == "title":
            return _fold("".join(c for c in node.children if isinstance(c, str)))
    return ""


def html_to_text(markup: str) -> str:
    """The article of the page ``markup`` as text (see the module doc)."""
    root = _parse(markup)
    meta = _meta(root)
    body = _body(root)
    order = {id(n): i for i, n in enumerate(root.iter())}
    start = order.get(id(body), len(order))
    body_nodes = {id(n) for n in body.iter()} if body is not None else set()

    # The title block: the last <h1> before the body (or in it), with the
    # headings right next to it (kicker, subtitle).
    visible = list(_visible(root))
    heads = [n for n in visible if n.tag == "h1" and _own_text(n)]
    before = [n for n in heads if order[id(n)] < start or id(n) in body_nodes]
    h1 = (before or heads or [None])[-1]
    title_nodes: list[_Node] = []
    if h1 is not None:
        siblings = [c for c in h1.parent.children if isinstance(c, _Node)]
        k = siblings.index(h1)
        a = k
        while a > 0 and siblings[a - 1].tag in _HEADINGS and not siblings[a - 1].junk():
            a -= 1
        b = k
        while b + 1 < len(siblings) and siblings[b + 1].tag in _HEADINGS and not siblings[b + 1].junk():
            b += 1
        title_nodes = siblings[a:b + 1]
    lines: list[str] = []
    for n in title_nodes:
        _paragraphs(n, lines)
    if not lines:
        title = meta.get("og:title") or _titled(visible, order, start) or _site_less(_title_text(root))
        if title and not _EDITION_RE.search(title):
            lines.append(_fold(title))
    # Byline and meta lines: short lines after the title, before the body.
    first = order[id(title_nodes[-1])] if title_nodes else -1
    taken = {id(n) for t in title_nodes for n in t.iter()}
    # The page's date line of an e-paper's header, above the title.
    top = order[id(title_nodes[0])] if title_nodes else start
    for node in visible:
        if order[id(node)] >= top or any(isinstance(c, _Node) and c.tag in _BLOCK
                                         for c in node.children):
            continue
        text = _own_text(node).replace("\n", " ")
        if text and len(text) <= 40 and _FULL_DATE_RE.search(text):
            lines.insert(0, text)
            taken.update(id(n) for n in node.iter())
            break
    for node in visible:
        i = order[id(node)]
        if not (first < i < start) or id(node) in taken or node.tag in _HEADINGS + ("a",):
            continue
        if any(isinstance(c, _Node) and c.tag in _BLOCK for c in node.children):
            continue
        text = _own_text(node).replace("\n", " ")
        if text and len(text) <= 120 and _META_RE.search(text):
            lines.append(text)
            taken.update(id(n) for n in node.iter())
    if body is not None:
        skip = {n for n in body.iter() if id(n) in taken}
        _paragraphs(body, lines, skip=skip)
    # Captions outside the body.
    for node in visible:
        if id(node) in body_nodes or id(node) in taken:
            continue
        names = " ".join(node.attrs.get(k, "") for k in ("class", "id"))
        if node.tag == "figcaption" or (names and _CAPTION_RE.search(names)):
            _paragraphs(node, lines)
            taken.update(id(n) for n in node.iter())
    text = "\n\n".join(_dedupe(lines))
    if not re.search(r"\d{4}\s*[-年/.]\s*\d{1,2}", "\n".join(lines[:8])):
        for key in _DATE_META + ("time",):
            m = re.match(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})", meta.get(key, ""))
            if m:
                if text:
                    text = f"发布时间：{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}\n\n{text}"
                break
    return text


def _titled(visible: list[_Node], order: dict[int, int], start: int) -> str:
    """The text of the first element before the body that is classed a title."""
    for node in visible:
        if order[id(node)] >= start:
            break
        names = " ".join(node.attrs.get(k, "") for k in ("class", "id"))
        if node.tag in ("h2", "h3") or re.search(r"title|biaoti|bt", names, re.I):
            text = _own_text(node).replace("\n", " ")
            if 2 <= len(text) <= 80:
                return text
    return ""


def _dedupe(lines: list[str]) -> list[str]:
    """Lines in order, a line repeated right after itself once."""
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out


def _site_less(title: str) -> str:
    """``<title>`` less the site's and the section's names, which follow it
    (``标题_栏目_站名``, ``标题 - 站名``): its first part."""
    parts = [p for p in _SITE_SEP_RE.split(title) if p.strip()]
    return parts[0] if parts else title


def decode_html(data: bytes, *, source: str = "<html>", encoding: str | None = None) -> tuple[str, str]:
    """Decode a page: ``encoding``, else a BOM, else its ``<meta charset>``, else detection.

    A page that its declared charset cannot decode is tried with the
    detection of :func:`kg.text.read.decode` (pages often declare gb2312 and
    hold GBK, or declare nothing right); if that fails too, E105 names the
    declared charset and the offset of the first bad byte.
    """
    from kg.text.read import decode

    if encoding is not None or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, source=source, encoding=encoding)
    m = _CHARSET_RE.search(data[:4096])
    declared = m[1].decode("ascii").lower() if m else None
    if declared is None:
        return decode(data, source=source)
    codec = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
             "big5": "cp950", "big5-hkscs": "big5hkscs", "utf8": "utf-8"}.get(declared, declared)
    try:
        text = data.decode(codec)
        name = {"cp950": "big5", "big5hkscs": "big5"}.get(codec, codec)
        if not text.strip():
            raise InputError("file has no text, only white space", path=source, code="E103")
        return text, name
    except LookupError:
        return decode(data, source=source)
    except UnicodeDecodeError as exc:
        try:
            return decode(data, source=source)
        except InputError:
            raise InputError(f"cannot decode as {declared} (its <meta charset>): bad byte "
                             f"0x{data[exc.start]:02x} at offset {exc.start}",
                             path=source, code="E105") from None


def html_text(data: bytes, *, source: str = "<html>", encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of the article of the page ``data``.

    Raises
    ------
    kg.errors.InputError
        Undecodable (E105), or no article text in the page (E108).
    """
    markup, name = decode_html(data, source=source, encoding=encoding)
    text = html_to_text(markup)
    if not text.strip():
        raise InputError("no article text in this page (only markup, scripts or menus)",
                         path=source, code="E108")
    return text, name
