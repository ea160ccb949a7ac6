"""Group the cleaned lines of a page into paragraphs.

PDF text comes as lines wrapped at the column width, blank lines between
paragraphs, and blank lines where a column or page breaks, often in the middle
of a sentence or a word.  Widths are measured in ems (:func:`width`) so that
half-width digits do not make a line look longer than it is.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kg.text.patterns import (BYLINE_RE, CLOSERS, CREDIT_RE, CREDIT_TAIL_RE, FIELD_SEPS,
                              LINE_START_MARKS, SOFT_END_RE, STRONG_END_RE, width)

__all__ = ["Line", "paragraphs"]

#: A line at least this share of the reference width is "full" (wrapped, not
#: ended): an unterminated full line before a blank line is a column break.
FULL = 0.8
#: A line ending a sentence and narrower than this share ends its paragraph.
SHORT = 0.85
#: Narrowest column width (in ems) believed.
MIN_WIDTH = 8.0
_CREDIT_END_RE = re.compile(f"(?:{CREDIT_TAIL_RE.pattern})$")


@dataclass
class Line:
    """One line of the raw text, cleaned: its characters and where each came from."""

    chars: list[str]
    idx: list[int]        # raw index of each char
    brk: int              # raw index of the line break after it (len(raw) at the end)
    indented: bool
    doubled: bool = False

    @property
    def text(self) -> str:
        return "".join(self.chars)


def paragraphs(lines: list[Line]) -> list[list[int]]:
    """Group line indices into paragraphs.

    Inside a run of non-blank lines a paragraph ends before a line starting
    with a bullet or ``■``, around doubled (header) lines and photo credits,
    and after a line that ends a sentence and is narrower than the others
    (or is followed by an indented line, when indenting is the exception).
    Across a blank line the paragraph goes on only where the blank line is a
    column or page break inside a sentence: the line before is unterminated
    and full, and neither side is a bullet, a credit, a header or masthead line.
    """
    nonblank = [k for k, line in enumerate(lines) if line.chars]
    if not nonblank:
        return []
    wrapped = [lines[k].text for k in nonblank
               if k + 1 < len(lines) and lines[k + 1].chars and not lines[k].doubled]
    # Too few wrapped lines say nothing of the column width: then no line is
    # "full" and blank lines always separate.  No column is under MIN_WIDTH.
    typical = (max(MIN_WIDTH, statistics.median(map(width, wrapped)))
               if len(wrapped) >= 3 else float("inf"))
    indents = sum(lines[k].indented for k in nonblank)
    use_indent = indents <= 0.3 * len(nonblank)

    runs: list[list[int]] = []
    for k in nonblank:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])

    groups: list[list[int]] = []
    prev_ref = typical
    for run in runs:
        inner = [width(lines[k].text) for k in run[:-1]]
        ref = max(MIN_WIDTH, statistics.median(inner)) if len(inner) >= 3 else typical
        for j, k in enumerate(run):
            line = lines[k]
            if j == 0:
                prev = groups[-1][-1] if groups else None
                if prev is not None and _joins_across_blank(lines[prev], line, prev_ref, use_indent):
                    groups[-1].append(k)
                else:
                    groups.append([k])
            elif _breaks(lines[run[j - 1]], line, ref, use_indent):
                groups.append([k])
            else:
                groups[-1].append(k)
        prev_ref = ref
    return groups


def _is_marked(line: Line) -> bool:
    return line.doubled or line.chars[0] in LINE_START_MARKS or any(
        c in FIELD_SEPS for c in line.chars)


def _ends_credit(text: str) -> bool:
    return bool(CREDIT_RE.fullmatch(text) or _CREDIT_END_RE.search(text))


# A web page's meta line (发布时间：… 来源：… 浏览次数：…) is a paragraph of its own.
# ——在全县脱贫攻坚推进会上的讲话 / ——某县扶贫工作纪实: a subtitle, whole.
_SUBTITLE_RE = re.compile(r"——.{2,60}(?:上|讲话|报告|发言|纪实|侧记|纪事|札记|手记|素描|调查)$")
_META_LINE_RE = re.compile(r"(?:发布时间|发布日期|发稿时间|来源|浏览次数|点击数|字号)\s*[:：]")


def _breaks(prev: Line, line: Line, ref: float, use_indent: bool) -> bool:
    """Whether a paragraph ends between two adjacent non-blank lines."""
    if line.doubled or prev.doubled or line.chars[0] in LINE_START_MARKS:
        return True
    # (unless the meta line was wrapped full width in a narrow column)
    if (_META_LINE_RE.search(prev.text) or _META_LINE_RE.match(line.text)) and width(prev.text) < FULL * ref:
        return True
    # ——2020年1月6日在…会议上: a subtitle line, unless the line before was
    # wrapped full width (a dash inside a sentence that wraps)
    if line.text.startswith("——") and width(prev.text) < FULL * ref or _SUBTITLE_RE.match(prev.text):
        return True
    if _ends_credit(prev.text) or CREDIT_RE.fullmatch(line.text) or BYLINE_RE.fullmatch(prev.text):
        return True
    if STRONG_END_RE.search(prev.text) and line.chars[0] not in CLOSERS + "，、。；：":
        return width(prev.text) < SHORT * ref or (use_indent and line.indented)
    return False


def _joins_across_blank(prev: Line, line: Line, ref: float, use_indent: bool) -> bool:
    """Whether the blank line(s) between ``prev`` and ``line`` are a column break."""
    if SOFT_END_RE.search(prev.text) or width(prev.text) < FULL * ref or _META_LINE_RE.search(prev.text):
        return False
    if _is_marked(prev) or _is_marked(line) or _ends_credit(prev.text):
        return False
    if BYLINE_RE.fullmatch(prev.text) or BYLINE_RE.fullmatch(line.text):
        return False
    if CREDIT_RE.fullmatch(line.text) or (use_indent and line.indented):
        return False
    return True
