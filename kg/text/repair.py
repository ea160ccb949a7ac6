"""Repair the artefacts of PDF text extraction, keeping an offset map.

:func:`repair` returns the repaired text and ``offsets`` with
``offsets[i]`` = the index in ``raw`` of the character ``text[i]`` came from
(``len(text) + 1`` entries, the last ``len(raw)``; monotone increasing).
Every repaired character is a raw character (:func:`repaired_from`): the
same one, the first copy of a doubled one, a fullwidth letter or digit made
ASCII (NFKC), a half-width mark touching Chinese made full-width (``,`` →
``，``, ``"`` → ``“``/``”``), or a white-space character (space, tab, line
break, or web markup left in the text: ``&nbsp;``, ``<br>``) standing as
``" "`` or ``"\\n"``.

What is repaired (all general typography, nothing about a given article):

* doubled header lines (see :mod:`kg.text.doubled`);
* zero-width characters and soft hyphens are dropped; leading and trailing
  white space of lines is stripped;
* white space inside a line (:func:`_keep_space`): dropped between CJK,
  digits and punctuation (``11 月 16`` -> ``11月16``, ``3000 万元``); between two
  CJK characters only when both neighbouring CJK runs are one character long,
  the padding of two-character names (``郭 剑`` -> ``郭剑``), so that
  ``本报记者 杨某某`` keeps the space that separates role and name; kept (one
  space) around Latin words and between two numbers;
* line breaks inside a paragraph are removed, or become one space between
  two Latin words;
* paragraphs (see :func:`kg.text.paragraphs.paragraphs`) are separated by a
  single ``"\\n"``.
"""
from __future__ import annotations

import re
import unicodedata

from kg.text.doubled import doubled_lines
from kg.text.paragraphs import Line, paragraphs
from kg.text.patterns import char_class

__all__ = ["repair", "repaired_from"]

_BREAK_RE = re.compile(r"\r\n|[\n\r\f\v\x1c-\x1e\x85\u2028\u2029]")


def repair(raw: str) -> tuple[str, list[int]]:
    """Return ``(text, offsets)``: the repaired text and its map into ``raw``.

    Examples
    --------
    >>> raw = "星期四星期四\\n0303\\n\\n11 月 16\\n日，市委书记李\\n明华\\n"
    >>> text, offsets = repair(raw)
    >>> text
    '星期四\\n03\\n11月16日，市委书记李明华'
    >>> offsets[:10], offsets[-1] == len(raw)
    ([0, 1, 2, 6, 7, 8, 11, 13, 14, 16], True)
    """
    raw = _blank_markup(raw)     # same length: the offsets still index the caller's raw
    spans, start = [], 0
    for m in _BREAK_RE.finditer(raw):
        spans.append((start, m.start(), m.start()))
        start = m.end()
    if start < len(raw):
        spans.append((start, len(raw), len(raw)))
    positions = [_content(raw, a, b) for a, b, _ in spans]
    doubled = doubled_lines(["".join(raw[i] for i in pos) for pos in positions])
    lines = []
    for k, ((a, _, brk), pos) in enumerate(zip(spans, positions)):
        kept = doubled.get(k)
        if kept is not None:
            pos = [pos[j] for j in kept]
        line = _clean(raw, pos, brk)
        line.indented = bool(pos) and raw[a].isspace()
        line.doubled = kept is not None
        lines.append(line)
    chars: list[str] = []
    offsets: list[int] = []
    prev: Line | None = None
    for para in paragraphs(lines):
        for j, k in enumerate(para):
            line = lines[k]
            # the separator stands on the line break after the previous line
            if prev is not None and j == 0:
                chars.append("\n")
                offsets.append(prev.brk)
            elif prev is not None and _space_at_join(prev.chars[-1], line.chars[0]):
                chars.append(" ")
                offsets.append(prev.brk)
            chars.extend(line.chars)
            offsets.extend(line.idx)
            prev = line
    offsets.append(len(raw))
    _fullwidth_punctuation(chars)
    return "".join(chars), offsets


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _fullwidth_punctuation(chars: list[str]) -> None:
    """Half-width punctuation touching Chinese text made full-width, in place.

    Web pages often write Chinese with ASCII commas, colons, brackets and
    straight quotes; the rules read ``，`` and ``“…”``.  A mark is changed only
    next to a CJK character (``3,000`` and ``10:30`` stay), one character for
    one, so the offset map is unchanged.  Straight double quotes of a
    paragraph become “ and ” in turn when they pair up and touch Chinese.

    >>> c = list('香洲区讯(记者 李某)昨天,推行"点对点"劳务,共3,000元;10:30')
    >>> _fullwidth_punctuation(c); "".join(c)
    '香洲区讯（记者 李某）昨天，推行“点对点”劳务，共3,000元；10:30'
    """
    n = len(chars)

    def touches_han(i: int) -> bool:
        return (i > 0 and char_class(chars[i - 1]) == "H") or (i + 1 < n and char_class(chars[i + 1]) == "H")

    opened: list[int] = []
    for i, c in enumerate(chars):
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            j = opened.pop()
            if touches_han(i) or touches_han(j):      # a pair: both or neither
                chars[i], chars[j] = "）", "（"
        elif c in _HALF_TO_FULL and c not in "()" and touches_han(i):
            chars[i] = _HALF_TO_FULL[c]
    start = 0
    while start < n:
        end = start
        while end < n and chars[end] != "\n":
            end += 1
        quotes = [i for i in range(start, end) if chars[i] == '"']
        if quotes and len(quotes) % 2 == 0 and all(
                char_class(chars[i - 1] if i > start else "") == "H" or
                char_class(chars[i + 1] if i + 1 < end else "") == "H" for i in quotes):
            for k, i in enumerate(quotes):
                chars[i] = "“" if k % 2 == 0 else "”"
        start = end + 1


_MARKUP_RE = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|ideographicspace|#(?:160|12288|x[aA]0|x3000));?"
                        r"|</?(?:br|p|div|span|strong|b|em|i|u|font|img|a|td|tr|table|section|center)\b[^<>\n]{0,200}>",
                        re.IGNORECASE)


def _blank_markup(raw: str) -> str:
    """Text copied from a web page with its markup left in: non-breaking-space
    entities and common tags (``&nbsp;``, ``<br>``) become spaces, as many as
    they have characters, so that offsets are unchanged.

    >>> _blank_markup("来源：某某&nbsp;&nbsp;字号<br>正文")
    '来源：某某            字号    正文'
    """
    if "&" not in raw and "<" not in raw:
        return raw
    return _MARKUP_RE.sub(lambda m: " " * len(m.group(0)), raw)


def repaired_from(raw: str, index: int, char: str) -> bool:
    """Whether ``char`` of a repaired text may stand for ``raw[index]``: the
    contract of the offset map (see the module doc).

    >>> repaired_from("ａ,&nbsp;", 0, "a"), repaired_from("ａ,&nbsp;", 1, "，"), repaired_from("ａ,&nbsp;", 3, " ")
    (True, True, True)
    >>> repaired_from("ab", 0, "b")
    False
    """
    r = raw[index]
    if r == char or unicodedata.normalize("NFKC", r) == char:
        return True
    if unicodedata.normalize("NFKC", char) == r or r == '"' and char in "“”":
        return True
    if char.isspace():
        return r.isspace() or _blank_markup(raw)[index] == " "
    return False


def _content(raw: str, a: int, b: int) -> list[int]:
    """Raw positions of a line without ignorable characters and outer white space."""
    # Format characters (zero-width spaces, BOMs, soft hyphens) and control
    # characters are dropped; private-use glyphs are kept: they stand for a
    # character the extractor could not map, maybe part of a name.
    pos = [i for i in range(a, b)
           if raw[i].isspace() or unicodedata.category(raw[i]) not in ("Cc", "Cf")]
    first = next((j for j, i in enumerate(pos) if not raw[i].isspace()), len(pos))
    last = next((j for j in range(len(pos) - 1, -1, -1) if not raw[pos[j]].isspace()), -1)
    return pos[first:last + 1]


def _clean(raw: str, pos: list[int], brk: int) -> Line:
    """Normalise characters and the white space inside one line."""
    tokens = []           # (char, raw index, raw index of the space run before it or -1)
    gap, width = -1, 0
    wide = set()          # tokens after a run of two or more spaces: a separator
    for i in pos:
        c = raw[i]
        if c.isspace():
            gap = i if gap < 0 else gap
            width += 1
            continue
        if width >= 2:
            wide.add(len(tokens))
        tokens.append((_ascii(c), i, gap))
        gap, width = -1, 0
    n = len(tokens)
    han_run = [0] * n        # length of the CJK run (unbroken by space) of each token
    k = 0
    while k < n:
        j = k + 1
        if char_class(tokens[k][0]) == "H":
            while j < n and tokens[j][2] < 0 and char_class(tokens[j][0]) == "H":
                j += 1
            han_run[k:j] = [j - k] * (j - k)
        k = j
    # 刘 洋 邰 丽: an even run of spaced single characters is two-character
    # names padded and listed; keep a space between the pairs
    k = 0
    while k < n:
        j = k
        while j < n and han_run[j] == 1 and (j == k or tokens[j][2] >= 0):
            j += 1
        if j - k >= 4 and (j - k) % 2 == 0:
            wide.update(range(k + 2, j, 2))
        k = max(j, k + 1)
    line = Line([], [], brk, False)
    for k, (c, i, gap) in enumerate(tokens):
        # 马 骁  李 娜: single spaces pad two-character names, a wider gap separates them
        if gap >= 0 and k and (_keep_space(tokens[k - 1][0], c, han_run[k - 1], han_run[k]) or
                               k in wide and char_class(c) == char_class(tokens[k - 1][0]) == "H"):
            line.chars.append(" ")
            line.idx.append(gap)
        line.chars.append(c)
        line.idx.append(i)
    return line


def _ascii(c: str) -> str:
    """Fullwidth digits and Latin letters as ASCII (their NFKC form)."""
    o = ord(c)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    return c


def _keep_space(left: str, right: str, left_run: int, right_run: int) -> bool:
    """Whether a space between ``left`` and ``right`` is a real one.

    >>> _keep_space("郭", "剑", 1, 1), _keep_space("者", "杨", 4, 3), _keep_space("1", "月", 0, 1)
    (False, True, False)
    """
    a, b = char_class(left), char_class(right)
    if a == b == "H":
        return not (left_run == 1 and right_run == 1)
    if a == b == "D":
        return True
    if "L" in (a, b):
        other = right if a == "L" else left
        return not (char_class(other) == "P" and not other.isascii())
    return False


def _space_at_join(left: str, right: str) -> bool:
    """A line break between two Latin words (or a word and a number) is a space."""
    return {char_class(left), char_class(right)} in ({"L"}, {"L", "D"})
