"""Segment repaired text into typed blocks (see ``kg.model.BLOCK_KINDS``).

Each paragraph of the repaired text (a line of it) becomes one block, except
that a byline prefix (``本报讯（记者 某某）``), a photo credit stuck at the
end of a caption (``…致富。本报记者 某某 摄``) and each bullet item of a run
of them (``…召开。•6月15日，…``) are split off as blocks of their own.  Blocks are in text order, do not overlap, and hold no outer white space.

Kinds, tested in this order on each paragraph:

masthead
    fields of the page's staff and contacts: two or more ``■`` or ``│``
    separated ``名称：值`` fields, or ``编辑：``/``校对：``/``版式：``/``责任编辑``
    ... fields; never a paragraph with ``。``.
dateline
    only dates, weekdays, page or edition labels and the paper's name.
chronicle
    starts with a bullet (``•●◆`` ...).
credit
    roles and names ending in ``摄``/``供图`` (``本报记者 某某 摄``).
byline
    roles and names only (``本报记者 某某``), at most 40 characters.
headline
    at most 40 characters, no ``。；`` and no ``！？`` but at its end.
body
    the rest.

Then a body or headline paragraph directly before a credit is a caption.
"""
from __future__ import annotations

import re

from kg.model import Block
from kg.text.patterns import (BULLETS, BYLINE_PREFIX_RE, BYLINE_RE, CLOSERS, CREDIT_RE,
                              CREDIT_TAIL_RE, DATELINE_RE, FIELD_SEPS, LINE_START_MARKS,
                              SENTENCE_END)

__all__ = ["segment", "classify"]

MAX_HEADLINE = 40
MAX_BYLINE = 40
_FIELD = (r"(?:责任编辑|责编|编辑|美编|校对|版式|组版|排版|审读|值班主任|主编|"
          r"新闻热线|热线|电话|邮箱|投稿邮箱|官方微博|微博|微信)\s*[：:]")
_FIELD_RE = re.compile(_FIELD)
_SEPARATOR_RE = re.compile(f"[{re.escape(FIELD_SEPS)}]")
_CREDIT_WORD_RE = re.compile(r"(?:摄|供图|摄影)$")
# Where a stuck credit may begin: after a sentence end (and closing marks) or a space.
_CREDIT_START_RE = re.compile(f"(?<=[{SENTENCE_END}])[{CLOSERS}]*\\s*|\\s+")
# A bullet inside a paragraph, after a sentence end or a space, starts an item.
_INLINE_BULLET_RE = re.compile(f"(?<=[{SENTENCE_END}{CLOSERS}\\s])\\s*[{BULLETS}]")


def segment(text: str) -> list[Block]:
    """Split ``text`` (repaired, one paragraph per line) into typed blocks.

    Examples
    --------
    >>> text = "2017年1月12日\\n新春走访\\n本报记者 张某\\n村民在劳动。本报记者 李某 摄"
    >>> [(b.kind, text[b.start:b.end]) for b in segment(text)]   # doctest: +NORMALIZE_WHITESPACE
    [('dateline', '2017年1月12日'), ('headline', '新春走访'), ('byline', '本报记者 张某'),
     ('caption', '村民在劳动。'), ('credit', '本报记者 李某 摄')]
    """
    blocks: list[Block] = []
    start = 0
    for line in text.split("\n"):
        cuts = [0, *(m.start() for m in _INLINE_BULLET_RE.finditer(line)), len(line)]
        for a0, b0 in zip(cuts, cuts[1:]):
            for kind, a, b in _pieces(line, a0, b0):
                blocks.append(Block(kind or classify(line[a:b]), start + a, start + b))
        start += len(line) + 1
    for i, block in enumerate(blocks[:-1]):
        if blocks[i + 1].kind == "credit" and block.kind in ("body", "headline"):
            blocks[i] = Block("caption", block.start, block.end)
    return blocks


def classify(para: str) -> str:
    """The kind of one paragraph, without looking at its neighbours.

    >>> classify("■编辑：王某│校对：李某"), classify("星期四"), classify("•3月1日，会议召开。")
    ('masthead', 'dateline', 'chronicle')
    >>> classify("本报记者 刘某 摄"), classify("记者手记"), classify("全县脱贫。")
    ('credit', 'headline', 'body')
    >>> classify("（本报记者 热依拉·艾买提）")
    'byline'
    """
    if _is_masthead(para):
        return "masthead"
    if len(para) <= MAX_HEADLINE and DATELINE_RE.fullmatch(para):
        return "dateline"
    if para[0] in BULLETS:
        return "chronicle"
    core = para.lstrip(LINE_START_MARKS + " ")
    if core[:1] in "（(" and core[-1:] in "）)" and BYLINE_RE.fullmatch(core[1:-1].strip()):
        return "byline"          # （本报记者 某某） on a line of its own, after the story
    if CREDIT_RE.fullmatch(core):
        return "credit"
    if len(core) <= MAX_BYLINE and BYLINE_RE.fullmatch(core):
        return "byline"
    if len(core) <= MAX_HEADLINE and _unterminated(core):
        return "headline"
    return "body"


def _pieces(line: str, a: int, b: int) -> list[tuple[str | None, int, int]]:
    """Spans of ``line[a:b]``: a byline prefix, the middle, a stuck credit."""
    a += len(line[a:b]) - len(line[a:b].lstrip())
    b = a + len(line[a:b].rstrip())
    if a >= b:
        return []
    pieces: list[tuple[str | None, int, int]] = []
    m = BYLINE_PREFIX_RE.match(line, a, b)
    if m and line[m.end():b].strip():
        pieces.append(("byline", a, m.end()))
        a = m.end() + len(line[m.end():b]) - len(line[m.end():b].lstrip())
    tail = _credit_tail(line, a, b)
    if tail is not None:
        end = len(line[:tail].rstrip())
        pieces.append((None, a, end))
        pieces.append(("credit", tail, b))
    else:
        pieces.append((None, a, b))
    return pieces


def _credit_tail(line: str, a: int, b: int) -> int | None:
    """Start of a credit stuck at the end of ``line[a:b]``, if there is one."""
    if not _CREDIT_WORD_RE.search(line, a, b) or CREDIT_RE.fullmatch(line, a, b):
        return None
    for m in _CREDIT_START_RE.finditer(line, a, b):
        if m.end() < b and CREDIT_TAIL_RE.fullmatch(line, m.end(), b):
            return m.end()
    return None


def _is_masthead(para: str) -> bool:
    """Two ``■``/``│`` separated ``name：value`` fields, or staff fields.

    One ``■`` field alone is a subhead (``■新闻链接：…``); a paragraph with a
    ``。`` is a sentence that mentions a phone number, not a masthead.
    """
    if "。" in para:
        return False
    parts = [p for p in _SEPARATOR_RE.split(para) if p.strip()]
    if len(parts) >= 2 and sum(":" in p or "：" in p for p in parts) >= 2:
        return True
    fields = _FIELD_RE.findall(para)
    core = para.lstrip(LINE_START_MARKS + " ")
    return len(fields) >= 2 or (bool(fields) and _FIELD_RE.match(core) is not None
                                and len(core) <= 30)


def _unterminated(para: str) -> bool:
    """No ``。；`` and no ``！？`` except at the end: a title, not a sentence."""
    if any(c in para for c in "。；;"):
        return False
    inner = para.rstrip(CLOSERS + "！？!?")
    return not any(c in inner for c in "！？!?")
