"""Split blocks into sentences, never across a block boundary.

* body, caption and chronicle blocks are split after ``。！？!?`` (a run of
  them), with the closing quotes and brackets that follow (``。”``); a tail
  without an end mark is a sentence too.  ``；`` does not split: the clauses
  it joins share their subject and time (``去年，…投资…；…投入…``), which the
  extractor needs as context.  A chronicle's leading bullet is left out.
* masthead blocks are split into their fields at ``■``, ``│`` and ``|``
  (``编辑：某某`` is one sentence), the separators left out;
* headline, byline, credit and dateline blocks are one sentence each.

Spans hold no outer white space; empty ones are dropped.
"""
from __future__ import annotations

import re

from kg.model import Block, Sentence
from kg.text.patterns import BULLETS, CLOSERS, FIELD_SEPS, SENTENCE_END

__all__ = ["split_sentences"]

_SENTENCE_RE = re.compile(f"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[{CLOSERS}]*|$)")
_FIELD_RE = re.compile(f"[^{re.escape(FIELD_SEPS)}]+")
_SPLIT_KINDS = ("body", "caption", "chronicle")


def split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    """Sentences of every block, in order.

    Examples
    --------
    >>> from kg.text.blocks import segment
    >>> text = "“两不愁”：脱贫之路\\n他说：“要干。”大家鼓掌！会后，\\n■编辑：王某│校对：李某"
    >>> [text[s.start:s.end] for s in split_sentences(text, segment(text))]
    ['“两不愁”：脱贫之路', '他说：“要干。”', '大家鼓掌！', '会后，', '编辑：王某', '校对：李某']
    """
    sentences: list[Sentence] = []
    for n, block in enumerate(blocks):
        for a, b in _spans(text, block):
            a, b = _strip(text, a, b, bullets=block.kind == "chronicle" and a == block.start)
            if a < b:
                sentences.append(Sentence(a, b, n, block.kind))
    return sentences


def _spans(text: str, block: Block) -> list[tuple[int, int]]:
    if block.kind == "masthead":
        pattern = _FIELD_RE
    elif block.kind in _SPLIT_KINDS:
        pattern = _SENTENCE_RE
    else:
        return [(block.start, block.end)]
    return [m.span() for m in pattern.finditer(text, block.start, block.end) if m.end() > m.start()]


def _strip(text: str, a: int, b: int, *, bullets: bool = False) -> tuple[int, int]:
    """Shrink ``[a, b)`` past white space (and a leading bullet)."""
    skip = BULLETS if bullets else ""
    while a < b and (text[a].isspace() or text[a] in skip):
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
