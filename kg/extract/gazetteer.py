"""Administrative divisions of China: province > prefecture > county > township > village.

The data files in ``kg/data/`` are derived from public division data (see
``scripts/build_gazetteer.py`` and ``docs/decisions.md`` for the source and
licence).  Loading is lazy and cached per process, and reads only what an
article needs: the upper three levels (~3,600 names) on first use, a
county's townships when something asks for them, and the villages of the
counties a document is about, each county's from its own gzip member of the
villages file (found through ``villages.index.tsv``).

>>> gaz = load_gazetteer()
>>> [a.name for a in gaz.lineage(gaz.find("修武县")[0])]
['河南省', '焦作市', '修武县']
"""
from __future__ import annotations

import bisect
import functools
import gzip
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Area", "Gazetteer", "load_gazetteer", "LEVELS"]

DATA = Path(__file__).resolve().parent.parent / "data"

#: level letter -> (zh, en)
LEVELS = {"P": ("省级", "province"), "C": ("地级", "prefecture"), "X": ("县级", "county"),
          "T": ("乡级", "township"), "V": ("村级", "village")}

# A province, prefecture or county line of divisions.tsv.gz (townships are "T").
_UPPER_LINE = re.compile(r"^([PCX])\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)$", re.M)


@dataclass(frozen=True)
class Area:
    """One division.  ``parent`` is an index into ``Gazetteer.areas`` (-1 at the top)."""
    level: str
    name: str
    code: str
    alias: str
    parent: int


class _Areas(Sequence):
    """Every division in tree order, a county's townships read on first use.

    The upper three levels are made when the file is read; the ~43,000
    townships stay lines of its text (a county's right after it) until
    something asks for a county's townships or indexes one of them.  Their
    indices are their line numbers all the same, so they do not depend on
    what was asked first.

    Parameters
    ----------
    items : list
        An :class:`Area` per division, None for a township not read yet.
    upper : list of int
        The indices of the provinces, prefectures and counties.
    spans : dict
        County index -> (start, end) of its township lines in ``text``.
    text : str
        The divisions file.
    """

    def __init__(self, items: list[Area | None], upper: list[int],
                 spans: dict[int, tuple[int, int]], text: str):
        self._items = items
        self.upper = upper
        self._spans = spans
        self._text = text
        self._counties = sorted(spans)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if type(i) is int and i >= 0:      # the common case, first
            area = self._items[i]
            if area is not None:
                return area
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        i = range(len(self))[i]            # negative indices; IndexError past the end
        if self._items[i] is None:
            # a township: its county is the last county line before it
            self.townships(self._counties[bisect.bisect_right(self._counties, i) - 1])
        return self._items[i]

    def upper_areas(self):
        """(index, area) of the provinces, prefectures and counties."""
        return ((i, self._items[i]) for i in self.upper)

    def townships(self, county: int) -> range:
        """Indices of the townships of the county at index ``county``."""
        start, end = self._spans.get(county, (0, 0))
        first = county + 1
        found = range(first, first + self._text.count("\n", start, end))
        if found and self._items[first] is None:
            for i, line in zip(found, self._text[start:end].split("\n")):
                level, name, code, alias = line.split("\t")
                self._items[i] = Area(level, name, code, alias, county)
        return found


class Gazetteer:
    """Look-ups over the division tree; build with :func:`load_gazetteer`.

    ``by_name`` and :meth:`find` know the provinces, prefectures and counties;
    townships are reached from their county (:meth:`descendants`), which
    reads them on first use.  ``children`` fills in as counties are read.
    """

    def __init__(self, areas: _Areas):
        self.areas = areas
        self.by_name: dict[str, list[int]] = {}
        self.children: dict[int, list[int]] = {}
        for i, a in areas.upper_areas():
            self.by_name.setdefault(a.name, []).append(i)
            self.children.setdefault(a.parent, []).append(i)

    def upper(self) -> list[int]:
        """Indices of the provinces, prefectures and counties, in tree order."""
        return self.areas.upper

    def find(self, name: str, level: str | None = None) -> list[int]:
        """Indices of the provinces, prefectures and counties called ``name``
        (full name), optionally of one level."""
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
            for c in self._children(stack.pop()):
                if self.areas[c].level == level:
                    out.append(c)
                else:
                    stack.append(c)
        return out

    def _children(self, i: int) -> list[int]:
        kids = self.children.get(i)
        if kids is None:
            # not an upper division with divisions under it: a county, whose
            # townships are read now, or a division with none
            kids = self.children[i] = list(self.areas.townships(i))
        return kids

    def county_of(self, i: int) -> int:
        return self.ancestor(i, "X")

    def villages(self, county_codes: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
        """Village name -> [(township, county code)] for villages in the given counties."""
        return _villages(county_codes)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the upper three levels (cached: one parse per process).

    The file is in tree order, a county's townships on the lines right after
    it; only the other lines are parsed here (a regular expression finds
    them), the townships when asked for (:class:`_Areas`).
    """
    with gzip.open(DATA / "divisions.tsv.gz", "rb") as f:
        text = f.read().decode("utf-8")
    items: list[Area | None] = [None] * text.count("\n")
    spans: dict[int, tuple[int, int]] = {}
    last = {"P": -1, "C": -1, "X": -1}
    parent_level = {"P": None, "C": "P", "X": "C"}
    upper: list[int] = []
    i, pos, county = 0, 0, None       # line number and start of the last match; last county's (index, end)
    for m in _UPPER_LINE.finditer(text):
        i += text.count("\n", pos, m.start())
        pos = m.start()
        upper.append(i)
        if county is not None:
            spans[county[0]] = (county[1] + 1, m.start())
        level, name, code, alias = m.groups()
        up = parent_level[level]
        items[i] = Area(level, name, code, alias, last[up] if up else -1)
        last[level] = i
        county = (i, m.end()) if level == "X" else None
    if county is not None:
        spans[county[0]] = (min(county[1] + 1, len(text)), len(text))
    areas = _Areas(items, upper, spans, text)
    return Gazetteer(areas)


@functools.lru_cache(maxsize=1)
def _village_index() -> dict[str, list[tuple[int, int]]]:
    """County code -> (offset, length) of its gzip members in villages.tsv.gz."""
    out: dict[str, list[tuple[int, int]]] = {}
    for line in (DATA / "villages.index.tsv").read_text(encoding="utf-8").splitlines():
        code, offset, length = line.split("\t")
        out.setdefault(code, []).append((int(offset), int(length)))
    return out


@functools.lru_cache(maxsize=1)
def _village_blocks() -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The whole villages file as one text, and county code -> the (start,
    end) runs of its lines in it.  For tools that want every county
    (``benchmarks/generate.py``); the extractor reads single counties
    (:func:`_villages`)."""
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
    index = _village_index() if county_codes else {}
    # In file order, as a scan of the whole file would give them.
    members = sorted(m for c in county_codes for m in index.get(c, ()))
    if not members:
        return out
    with open(DATA / "villages.tsv.gz", "rb") as f:
        for offset, length in members:
            f.seek(offset)
            # wbits 31: one gzip member, header and trailer included
            text = zlib.decompress(f.read(length), 31).decode("utf-8")
            for line in text.split("\n"):
                if line:
                    code, township, village = line.split("\t")
                    out.setdefault(village, []).append((township, code))
    return out
