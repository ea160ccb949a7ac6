"""Character classes and patterns shared by the text stages.

Only general typography and newspaper conventions live here (role words of
bylines, date and page-number shapes); no name of any person or place.
"""
from __future__ import annotations

import re
import unicodedata

# CJK ideographs (with extensions and compatibility forms), 〇, kana, hangul.
_CJK = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\u3040-\u30ff"
        "\uac00-\ud7af\U00020000-\U0003134f")
CJK_RE = re.compile(f"[{_CJK}]")
HAN = "\u4e00-\u9fff"

#: A sentence ends at these (a closing quote after them stays with it).
SENTENCE_END = "。！？!?"
#: Closing marks that belong to the sentence before them.
CLOSERS = "”’」』）)》〉】"
#: A line ending in one of these is not continued across a blank line.
SOFT_END = SENTENCE_END + "；;…" + "”」』"
#: Characters that start an item of a list or sidebar (■ starts masthead fields).
BULLETS = "•●◆◇▪▸►★☆▲"
LINE_START_MARKS = BULLETS + "■□"
#: Separators of the fields of a masthead.
FIELD_SEPS = "■│|"

STRONG_END_RE = re.compile(f"[{SENTENCE_END}…][{CLOSERS}]*$")
SOFT_END_RE = re.compile(f"[{SOFT_END}][{CLOSERS}]*$")


def char_class(c: str) -> str:
    """One letter: ``S`` space, ``D`` ASCII digit, ``H`` CJK, ``L`` other letter,
    ``P`` anything else (punctuation, symbols, fullwidth forms).

    >>> [char_class(c) for c in " 7月A，"]
    ['S', 'D', 'H', 'L', 'P']
    """
    if c.isspace():
        return "S"
    if "0" <= c <= "9":
        return "D"
    if CJK_RE.match(c):
        return "H"
    if c.isalpha():
        return "L"
    return "P"


def width(s: str) -> float:
    """Printed width in ems: wide (CJK, fullwidth, ambiguous) 1, narrow 0.5.

    >>> width("3000万元")
    4.0
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


# --- bylines and credits -------------------------------------------------
_ORG = (r"(?:本报|本刊|本台|本网|新华社|中新社|特约|见习|实习|首席|融媒体|全媒体"
        rf"|[{HAN}]{{2,6}}(?:日报|晚报|报|电视台|融媒体中心))")
ROLE = (rf"(?:{_ORG}{{0,2}}(?:摄影)?(?:记者|通讯员|实习生|评论员|摄影师|撰稿人?)"
        r"|文/图|文图|图/文|文|图|摄影|作者)")
NAME = rf"[{HAN}](?:[{HAN}]{{0,6}}[·•・][{HAN}]{{2,7}}|[{HAN}·]{{1,4}})"   # 热依拉·艾买提
NAMES = rf"{NAME}(?:[ 、，,]+{NAME})*"
# 记者手记, 记者调查 ... are column heads, not a role followed by a name.
_NOT_NAME = r"(?!手记|观察|调查|走访|探访|采访|笔记|直击|见闻|一线|体验|再访)"
_ROLE_NAMES = rf"{ROLE}\s*[:：/]?\s*{_NOT_NAME}{NAMES}"
#: A byline: roles and names only (``本报记者 杨某某 通讯员 王某``).
BYLINE_RE = re.compile(rf"(?:{_ROLE_NAMES}\s*)+")
#: A photo credit: ``本报记者 某某 摄``, ``某某 摄``; a role or a space before 摄.
CREDIT_RE = re.compile(
    rf"(?:(?:{_ROLE_NAMES}\s*)+[/]?\s*|{NAMES}(?:\s+|\s*/\s*))(?:摄|供图|摄影)")
#: A credit stuck at the end of a caption must begin with a role word.
CREDIT_TAIL_RE = re.compile(rf"(?:{_ROLE_NAMES}\s*)+[/]?\s*(?:摄|供图|摄影)")
#: ``本报讯（记者 某某 通讯员 某某）`` or ``新华社某地1月1日电（记者 某某）``.
BYLINE_PREFIX_RE = re.compile(
    r"[^，。！？]{0,30}?[讯电]\s*[（(](?=[^（）()]*(?:记者|通讯员|实习生))[^（）()]{1,60}[）)]")

# --- dates, weekdays, pages ----------------------------------------------
_CN_NUM = "〇零一二三四五六七八九十"
DATE_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<sep>[-./])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))"
    rf"|(?P<cy>[{_CN_NUM}]{{4}})年(?P<cm>[{_CN_NUM}]{{1,2}})月(?P<cd>[{_CN_NUM}]{{1,3}})日")
WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
PAGE = (r"(?:第\s*\d{1,3}\s*版|第[一二三四五六七八九十]{1,3}版|[A-Z]\s?\d{1,2}(?:\s*版)?"
        r"|\d{1,3}\s*版?|(?:总第|第)\s*\d{1,6}\s*期|农历\S{2,12})")
PAPER = rf"[{HAN}]{{2,8}}?(?:日报|晚报|早报|商报|时报|都市报)"
_DATE_ANY = (r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
             rf"|[{_CN_NUM}]{{4}}年[{_CN_NUM}]{{1,2}}月[{_CN_NUM}]{{1,3}}日")
_ELEM = rf"(?:{_DATE_ANY}|{WEEKDAY}|{PAGE}|{PAPER})"
#: A paragraph made only of a date, weekday, page or edition label, paper name.
DATELINE_RE = re.compile(rf"{_ELEM}(?:[\s,，、/|│·•]*{_ELEM})*")
PAPER_RE = re.compile(rf"(?:^|(?<=[@■│|\s：:]))({PAPER})")


def cn_number(s: str) -> int:
    """Value of a Chinese numeral as used in dates.

    >>> cn_number("二〇一七"), cn_number("十二"), cn_number("二十一")
    (2017, 12, 21)
    """
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    try:
        if "十" not in s:
            value = 0
            for c in s:
                value = value * 10 + digits[c]
            return value
        tens, _, ones = s.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    except KeyError:     # 十十, 三十十 ...: not a number; 0 is no month or day
        return 0
