"""Publication date, paper name and main headline of a page.

Date, first found wins:

1. ``explicit`` (the user's ``--date``): a :class:`datetime.date` or a string
   such as ``2017-01-12``, ``20170112``, ``2017.01.12``, ``2017年1月12日``;
2. a date in a dateline or masthead block among the first
   :data:`TOP_BLOCKS` blocks (``2017年1月12日``, ``2017-01-12``,
   ``2017.01.12``, ``二〇一七年一月十二日``, with or without a weekday);
3. ``YYYY-MM-DD``, ``YYYY_MM_DD``, ``YYYY.MM.DD`` or ``YYYYMMDD`` in the
   file name of ``source``;
4. None.

Dates of the body (``2016年12月15日，…``) are never taken: they are the
dates of events, not of the paper.

Title: the headlines directly before the first byline are the article's
title block (kicker, title, subtitle); the longest of them is the title.
Without a byline, the first headline of the page.
"""
from __future__ import annotations

import datetime as _dt
import os
import re

from kg.errors import UsageError
from kg.model import Block
from kg.text.patterns import DATE_RE, PAPER_RE, cn_number

__all__ = ["find_publication_date", "find_publisher", "find_title", "parse_date"]

#: How far from the top a dateline may be to give the page's date.
TOP_BLOCKS = 10
_NAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)")


_META_RE = re.compile(r"发布时间|发布日期|发稿时间|更新时间|时间[:：]|日期[:：]|来源[:：]|来源于|作者[:：]|编辑[:：]|浏览次数")


def find_publication_date(text: str, blocks: list[Block], *, source: str | None = None,
                          explicit: _dt.date | str | None = None) -> _dt.date | None:
    """The page's publication date (see the module doc for the order).

    Raises
    ------
    UsageError
        ``explicit`` is a string that is not a date (E210).

    Examples
    --------
    >>> from kg.text.blocks import segment
    >>> text = "2017年1月12日\\n星期四\\n2016年12月15日，村民在劳动。"
    >>> find_publication_date(text, segment(text))
    datetime.date(2017, 1, 12)
    >>> find_publication_date("正文。", segment("正文。"), source="pages/wb-20190305-a2.txt")
    datetime.date(2019, 3, 5)
    >>> find_publication_date(text, segment(text), explicit="2020-05-01")
    datetime.date(2020, 5, 1)
    """
    if explicit is not None:
        if isinstance(explicit, _dt.datetime):
            return explicit.date()
        if isinstance(explicit, _dt.date):
            return explicit
        found = parse_date(str(explicit))
        if found is None:
            raise UsageError(f"not a date: {explicit!r} (use YYYY-MM-DD)", path="--date",
                             code="E210")
        return found
    for block in blocks[:TOP_BLOCKS]:
        if block.kind in ("dateline", "masthead"):
            for m in DATE_RE.finditer(text, block.start, block.end):
                found = _match_date(m)
                if found is not None:
                    return found
    # a web page's meta line: 发布时间：2019-07-03 10:23 来源：… / 2019年07月03日 10:23 来源：…
    for block in blocks[:TOP_BLOCKS]:
        line = text[block.start:block.end]
        if len(line) <= 80 and _META_RE.search(line):
            for m in DATE_RE.finditer(text, block.start, block.end):
                found = _match_date(m)
                if found is not None:
                    return found
    if source:
        for m in _NAME_DATE_RE.finditer(os.path.basename(source)):
            found = _valid(int(m[1]), int(m[3]), int(m[4]))
            if found is not None:
                return found
    return None


def parse_date(s: str) -> _dt.date | None:
    """A whole string as a date, or None.

    >>> parse_date("2017.01.12"), parse_date("20170112"), parse_date("2017-02-30")
    (datetime.date(2017, 1, 12), datetime.date(2017, 1, 12), None)
    """
    s = s.strip()
    m = DATE_RE.fullmatch(s)
    if m:
        return _match_date(m)
    m = _NAME_DATE_RE.fullmatch(s)
    return _valid(int(m[1]), int(m[3]), int(m[4])) if m else None


# the outlet of a web or broadcast item: a 融媒体中心, a news site, a station
_OUTLET = r"[\u4e00-\u9fff]{2,12}?(?:融媒体中心|新闻网|电视台|广播电视台|网|日报|晚报|报)"
_OUTLET_RES = (
    re.compile(rf"来源\s*[:：]\s*({_OUTLET})(?![\u4e00-\u9fff])"),   # 来源：某县融媒体中心
    re.compile(rf"^({_OUTLET})(?:讯|消息)"),                          # 某某网讯（记者 …）
    re.compile(r"^(新华社|中新社)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电"),  # 新华社某地1月1日电
    re.compile(rf"({_OUTLET})报道\s*[）)]?$"),                        # （记者 … 某县融媒体中心报道）
)


def find_publisher(text: str, blocks: list[Block]) -> str:
    """The paper's name as the masthead or header states it, else the outlet
    a web or broadcast item names (``来源：…``, ``…讯``, ``…报道``), else ``""``.

    >>> from kg.text.blocks import segment
    >>> text = "■官方微博：@某某日报■新闻热线：1234567\\n正文。"
    >>> find_publisher(text, segment(text))
    '某某日报'
    >>> text = "某某日报 综合新闻\\n■责任编辑：王某\\n正文。"
    >>> find_publisher(text, segment(text))
    '某某日报'
    >>> text = "标题\\n某县网讯（记者 王某）正文。"
    >>> find_publisher(text, segment(text))
    '某县网'
    """
    for block in blocks:
        if block.kind in ("masthead", "dateline"):
            m = PAPER_RE.search(text, block.start, block.end)
            if m:
                return m[1]
    for block in blocks[:TOP_BLOCKS]:     # 某某日报 综合新闻 / 某某日报 HAINAN DAILY
        m = PAPER_RE.match(text, block.start, block.end)
        if m and (m.end() == block.end or text[m.end()].isspace()):
            return m[1]
    for block in blocks:
        line = text[block.start:block.end]
        for outlet in _OUTLET_RES:
            m = outlet.search(line)
            if m and not m[1].startswith(("本报", "本网", "本台")):
                return m[1]
    return ""


def find_title(text: str, blocks: list[Block]) -> str:
    """The main headline (see the module doc), else ``""``.

    >>> from kg.text.blocks import segment
    >>> text = "星期四\\n要闻\\n乡村振兴看新村\\n本报记者 张某\\n正文。"
    >>> find_title(text, segment(text))
    '乡村振兴看新村'
    """
    for i, block in enumerate(blocks):
        if block.kind == "byline":
            group = []
            j = i - 1
            while j >= 0 and blocks[j].kind == "headline":
                group.insert(0, blocks[j])
                j -= 1
            if group:
                best = max(group, key=lambda b: b.end - b.start)   # first of the longest
                return text[best.start:best.end]
            break
    for block in blocks:
        if block.kind == "headline":
            return text[block.start:block.end]
    return ""


def _match_date(m: re.Match) -> _dt.date | None:
    if m["y"]:
        return _valid(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
    return _valid(cn_number(m["cy"]), cn_number(m["cm"]), cn_number(m["cd"]))


def _valid(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None
