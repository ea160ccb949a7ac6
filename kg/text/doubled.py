"""Undo the doubled header lines of PDF extraction.

Some e-paper PDFs draw header text twice (a fake bold), and the extractor
then emits every run of it twice: ``2017年1月12日`` becomes
``20172017年年11月月1212日日``, ``星期四`` becomes ``星期四星期四``.  Such a
line decomposes entirely into segments ``w + w``; an ordinary line almost
never does.

Which ``w``: at each position the longest ``w`` that still lets the rest of
the line decompose (found by dynamic programming from the end).  The longest
is right for doubled runs such as ``11001100`` (``1100``, where the shortest
would give ``1010``), and equal to the shortest on everything else seen.

When to believe it (decided per document by :func:`doubled_lines`):

* a line of at most 40 characters that decomposes into 3 or more segments is
  doubled (the date line);
* a line that decomposes into 1 or 2 segments and has at least 4 characters
  and no punctuation (``星期四星期四``, ``0303``) is doubled only when another
  doubled candidate lies within 3 non-blank lines: doubling comes in
  clusters, the header.  So ``1111`` or ``哈哈哈哈`` alone stay as they are, and
  2- or 3-character lines (``谢谢``, ``33``) are never undoubled.
"""
from __future__ import annotations

from collections import Counter

__all__ = ["undouble", "doubled_lines"]

MAX_LEN = 40
_WINDOW = 3


def undouble(s: str) -> tuple[list[int], int] | None:
    """Positions of ``s`` to keep, and the number of segments, or None.

    White space inside ``s`` is ignored (and not kept).

    >>> s = "20172017年年11月月1212日日"
    >>> kept, n = undouble(s)
    >>> "".join(s[i] for i in kept), n
    ('2017年1月12日', 6)
    >>> undouble("看看书") is None
    True
    """
    pos = [i for i, c in enumerate(s) if not c.isspace()]
    chars = "".join(s[i] for i in pos)
    n = len(chars)
    if n < 2 or n > MAX_LEN:
        return None
    # Cheap test first: in a line of pairs every character occurs an even number of times.
    if any(count % 2 for count in Counter(chars).values()):
        return None
    best = [0] * (n + 1)          # best[i]: segment width chosen at i; 0 = impossible
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        for w in range((n - i) // 2, 0, -1):
            if ok[i + 2 * w] and chars[i:i + w] == chars[i + w:i + 2 * w]:
                ok[i], best[i] = True, w
                break
    if not ok[0]:
        return None
    kept: list[int] = []
    i = segments = 0
    while i < n:
        w = best[i]
        kept.extend(pos[i:i + w])
        segments += 1
        i += 2 * w
    return kept, segments


def doubled_lines(lines: list[str]) -> dict[int, list[int]]:
    """Which lines are doubled: ``{line index: positions to keep}``.

    ``lines`` are stripped lines; blank ones are skipped when counting the
    distance between candidates.

    >>> doubled_lines(["20172017年年11月月1212日日", "", "星期四星期四", "谢谢"])
    {0: [0, 1, 2, 3, 8, 10, 12, 14, 15, 18], 2: [0, 1, 2]}
    >>> doubled_lines(["1111", "正文"])
    {}
    """
    strong: dict[int, list[int]] = {}
    weak: dict[int, list[int]] = {}
    order: dict[int, int] = {}       # line index -> rank among non-blank lines
    for k, line in enumerate(lines):
        if not line:
            continue
        order[k] = len(order)
        found = undouble(line)
        if found is None:
            continue
        kept, segments = found
        if segments >= 3:
            strong[k] = kept
        elif len(line) >= 4 and all(c.isalnum() or c.isspace() for c in line):
            weak[k] = kept
    result = dict(strong)
    candidates = sorted(order[k] for k in (*strong, *weak))
    for k, kept in weak.items():
        r = order[k]
        if any(0 < abs(r - other) <= _WINDOW for other in candidates):
            result[k] = kept
    return dict(sorted(result.items()))
