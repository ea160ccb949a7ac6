"""Administrative divisions of China: province > prefecture > county > township > village.

The data files in ``kg/data/`` are derived from public division data (see
``scripts/build_gazetteer.py`` and ``docs/decisions.md`` for the source and
licence).  Loading is lazy and cached per process: the four upper levels
(~47k names) load on first use; villages load only for the counties a
document is about, so that an article costs a scan, not a 650k-entry index.

>>> gaz = load_gazetteer()
>>> [a.name for a in gaz.lineage(gaz.find("修武县")[0])]
['河南省', '焦作市', '修武县']
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Area", "Gazetteer", "load_gazetteer", "LEVELS"]

DATA = Path(__file__).resolve().parent.parent / "data"

#: level letter -> (zh, en)
LEVELS = {"P": ("省级", "province"), "C": ("地级", "prefecture"), "X": ("县级", "county"),
          "T": ("乡级", "township"), "V": ("村级", "village")}


@dataclass(frozen=True)
class Area:
    """One division.  ``parent`` is an index into ``Gazetteer.areas`` (-1 at the top)."""
    level: str
    name: str
    code: str
    alias: str
    parent: int


class Gazetteer:
    """Look-ups over the division tree; build with :func:`load_gazetteer`."""

    def __init__(self, areas: list[Area]):
        self.areas = areas
        self.by_name: dict[str, list[int]] = {}
        for i, a in enumerate(areas):
            self.by_name.setdefault(a.name, []).append(i)
        self.children: dict[int, list[int]] = {}
        for i, a in enumerate(areas):
            self.children.setdefault(a.parent, []).append(i)

    def find(self, name: str, level: str | None = None) -> list[int]:
        """Indices of the divisions called ``name`` (full name), optionally of one level."""
        return [i for i in self.by_name.get(name, ()) if level is None or self.areas[i].level == level]

    def lineage(self, i: int) -> list[Area]:
        """The division and its ancestors, from the province down."""
        out = []
        while i >= 0:
            out.append(self.areas[i])
            i = self.areas[i].parent
        return out[::-1]

    def ancestor(self, i: int, level: str) -> int:
        """Index of the ancestor of ``i`` at ``level`` (``i`` itself if it is that level), or -1."""
        while i >= 0 and self.areas[i].level != level:
            i = self.areas[i].parent
        return i

    def descendants(self, i: int, level: str) -> list[int]:
        """All divisions of ``level`` below ``i``."""
        out, stack = [], [i]
        while stack:
            for c in self.children.get(stack.pop(), ()):
                if self.areas[c].level == level:
                    out.append(c)
                else:
                    stack.append(c)
        return out

    def county_of(self, i: int) -> int:
        return self.ancestor(i, "X")

    def villages(self, county_codes: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
        """Village name -> [(township, county code)] for villages in the given counties."""
        return _villages(county_codes)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the four upper levels (cached: one parse per process)."""
    areas: list[Area] = []
    last = {"P": -1, "C": -1, "X": -1}
    parent_level = {"P": None, "C": "P", "X": "C", "T": "X"}
    with gzip.open(DATA / "divisions.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            level, name, code, alias = line.rstrip("\n").split("\t")
            up = parent_level[level]
            parent = last[up] if up else -1
            areas.append(Area(level, name, code, alias, parent))
            if level in last:
                last[level] = len(areas) - 1
    return Gazetteer(areas)


@functools.lru_cache(maxsize=1)
def _village_blocks() -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The villages file as one text, and county code -> the (start, end) runs
    of its lines in it (one run each: the file is grouped by county).  Loaded
    once per process (~0.2 s), where a scan of the file per article cost ~0.3 s."""
    import re

    with gzip.open(DATA / "villages.tsv.gz", "rb") as f:
        text = f.read().decode("utf-8")
    blocks: dict[str, list[tuple[int, int]]] = {}
    pos, n = 0, len(text)
    while pos < n:
        code = text[pos:text.index("\t", pos)]
        m = re.compile("\n(?!" + re.escape(code) + "\t)").search(text, pos)
        end = m.end() if m else n
        blocks.setdefault(code, []).append((pos, end))
        pos = end
    return text, blocks


@functools.lru_cache(maxsize=8)
def _villages(county_codes: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    if not county_codes:
        return out
    text, blocks = _village_blocks()
    # In file order, as a scan of the file would give them.
    for start, end in sorted(r for c in county_codes for r in blocks.get(c, ())):
        for line in text[start:end].split("\n"):
            if line:
                code, township, village = line.split("\t")
                out.setdefault(village, []).append((township, code))
    return out
