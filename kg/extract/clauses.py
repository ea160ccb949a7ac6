"""Clause-level helpers shared by the relation rules: units, subjects, clauses.

A news sentence about a fund, a measure or an event usually reads
``[time,] SUBJECT [adverbs] VERB …``; these helpers find the SUBJECT and the
unit names (市水利局, 市委组织部) that dispatch cadres or put in money.
"""
from __future__ import annotations

import re

from .lexicon import ADVERBS, CJK, LEVEL_CHARS, LEVEL_WORDS, ORG_SUFFIXES

__all__ = ["unit_before", "subject", "clause_bounds", "strip_time", "antecedent"]

_UNIT_END = tuple(sorted(ORG_SUFFIXES + ["党委", "党组", "工作队", "工作组", "领导小组", "指挥部"],
                         key=len, reverse=True))
_NOT_IN_UNIT = re.compile("[的在到对和与及把将了是为向从已共先后由]")
_TIME_RE = re.compile(
    r"^(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|"
    r"其中|另外|此外|同时|今年|去年|前年|近年来|近日|日前|昨天|昨日|"
    r"当天|当日|目前|截至目前|截至\S{0,12}?底|同时|此外|另外|其中|随后|期间|近期|今年以来|去年以来|"
    r"\d{4}\s*年以来|以来)[，,]?")


def unit_before(text: str, pos: int, lo: int = 0, max_len: int = 16) -> str:
    """The unit whose name ends at ``pos``: 市总工会 in ``…出市总工会|派驻…``.

    Starts at an administrative level character (市, 县 …), at 中共, or at a
    clause boundary; ends with a unit suffix (局, 委, 会, 办 …).

    >>> unit_before("我市已涌现出市总工会派驻", 10)
    '市总工会'
    >>> unit_before("，国家开发银行驻", 7)
    '国家开发银行'
    """
    lo = max(lo, pos - max_len)
    run = pos
    while run > lo and re.match(rf"[{CJK}]", text[run - 1]):
        run -= 1
    for s in range(run, pos):
        cand = text[s:pos]
        body = cand[2:] if cand.startswith("中共") else cand
        # 海洋与渔业厅, 人力资源和社会保障局: 与/和 inside a unit that starts at its level
        inner = body[:-1] if not (body[:1] in LEVEL_CHARS or cand.startswith(LEVEL_WORDS) or
                                  re.search(f"[{LEVEL_CHARS}][^和与]{{2,}}[和与]", body)) else \
            re.sub(r"(?<=[\u4e00-\u9fff]{2})[与和](?=[\u4e00-\u9fff]{2})", "", body[:-1])
        if len(cand) < 2 or not cand.endswith(_UNIT_END) or _NOT_IN_UNIT.search(inner):
            continue
        if cand.startswith(LEVEL_WORDS) or body[0] in LEVEL_CHARS or s == run and (
                s == 0 or text[s - 1] in "，,。；、（(“\n：") or s > 0 and text[s - 1] in "由经被与和及向从在为是" and \
                not re.search("[的在到对和与及把将了是为向从已共先后由]", inner + cand[-1]):
            return cand
    return ""


def clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between ，；：。) of ``text[lo:hi]`` that contains ``pos``."""
    s = pos
    while s > lo and text[s - 1] not in "，,；;。！？!?：:\n":
        s -= 1
    e = pos
    while e < hi and text[e] not in "，,；;。！？!?\n":
        e += 1
    return s, e


def strip_time(s: str) -> str:
    """Drop leading time expressions: ``去年，全市`` → ``全市``.

    >>> strip_time("2016年12月15日，博爱县")
    '博爱县'
    """
    prev = None
    while prev != s:
        prev = s
        m = _TIME_RE.match(s)
        if m and m.end():
            s = s[m.end():].lstrip("，, ")
    return s


def subject(text: str, start: int, verb: int) -> str:
    """The subject between a clause start and its verb, without time words
    and adverbs: ``去年，全市共|投入`` → ``全市``.

    >>> subject("去年，全市共投入", 0, 6)
    '全市'
    """
    s = strip_time(text[start:verb].strip())
    changed = True
    while changed and s:
        changed = False
        for adv in sorted(ADVERBS, key=len, reverse=True):
            if s.endswith(adv) and len(s) > len(adv):
                s, changed = s[:-len(adv)], True
            if s.startswith(adv) and len(s) > len(adv) and s[len(adv)] in "，,":
                s, changed = s[len(adv) + 1:], True
    return s.strip("，,、 ")


def unit_after(text: str, pos: int, max_len: int = 16) -> str:
    """The unit whose name starts at ``pos``: 县审计局 in ``来自|县审计局。``.

    >>> unit_after("来自县审计局。报到第一天", 2)
    '县审计局'
    """
    m = re.match(rf"[{CJK}]{{2,{max_len}}}", text[pos:])
    if not m:
        return ""
    run = m.group(0)
    for end in range(len(run), 1, -1):
        cand = run[:end]
        if cand.endswith(_UNIT_END) and unit_before(cand, len(cand)) == cand:
            return cand
    return ""


def antecedent(text: str, pos: int, names, window: int) -> str:
    """The one of ``names`` written last before ``pos`` (within ``window``
    characters), for a 他/她 that opens a clause; ``""`` if none is.

    >>> antecedent("县长王明到村里。他说，路通了。", 9, {"王明", "李强"}, 120)
    '王明'
    """
    lo = max(0, pos - window)
    best = max(((text.rfind(n, lo, pos), n) for n in names), default=(-1, ""))
    return best[1] if best[0] >= 0 else ""
