"""The gazetteer reads only what an article needs, and gives what reading
the whole files gives."""
from __future__ import annotations

import gzip
import random

import pytest

from kg.extract import gazetteer as gz


def _whole_divisions():
    """Every line of divisions.tsv.gz parsed, as the file has always been read."""
    areas, last = [], {"P": -1, "C": -1, "X": -1}
    parent_level = {"P": None, "C": "P", "X": "C", "T": "X"}
    with gzip.open(gz.DATA / "divisions.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            level, name, code, alias = line.rstrip("\n").split("\t")
            up = parent_level[level]
            areas.append((level, name, code, alias, last[up] if up else -1))
            if level in last:
                last[level] = len(areas) - 1
    return areas


@pytest.fixture(scope="module")
def whole():
    return _whole_divisions()


def _fresh():
    gz.load_gazetteer.cache_clear()
    try:
        return gz.load_gazetteer()
    finally:
        gz.load_gazetteer.cache_clear()


def _row(a):
    return (a.level, a.name, a.code, a.alias, a.parent)


def test_townships_are_read_on_first_use_with_their_line_numbers(whole):
    gaz = _fresh()
    assert len(gaz.areas) == len(whole)
    assert sum(a is not None for a in gaz.areas._items) == len(gaz.upper()) < len(whole) / 10
    county = gaz.find("修武县", "X")[0]
    towns = gaz.descendants(county, "T")
    assert [_row(gaz.areas[t]) for t in towns] == [whole[t] for t in towns]
    assert all(whole[t][4] == county for t in towns) and "西村乡" in {whole[t][1] for t in towns}
    # indexing a township reads its county's, in any order
    rng = random.Random(3)
    for i in rng.sample(range(len(whole)), 500) + [-1, 0]:
        assert _row(gaz.areas[i]) == whole[i]
    assert [_row(a) for a in gaz.areas[10:15]] == whole[10:15]
    with pytest.raises(IndexError):
        gaz.areas[len(whole)]


def test_every_division_and_every_look_up_match_the_whole_file(whole):
    gaz = _fresh()
    assert [_row(a) for a in gaz.areas] == whole
    names: dict[str, list[int]] = {}
    for i, row in enumerate(whole):
        if row[0] != "T":
            names.setdefault(row[1], []).append(i)
    assert gaz.by_name == names
    for name, ix in list(names.items())[::7]:
        assert gaz.find(name) == ix
    children: dict[int, list[int]] = {}
    for i, row in enumerate(whole):
        children.setdefault(row[4], []).append(i)
    for i in [-1] + gaz.upper()[::5]:
        for level in "PCXT":
            assert gaz.descendants(i, level) == _descendants(whole, children, i, level)


def _descendants(whole, children, i, level):
    out, stack = [], [i]
    while stack:
        for c in children.get(stack.pop(), ()):
            (out if whole[c][0] == level else stack).append(c)
    return out


def _villages_by_scan(codes):
    """The villages of ``codes`` by a scan of the whole villages file."""
    out: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(gz.DATA / "villages.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            code, township, village = line.rstrip("\n").split("\t")
            if code in codes:
                out.setdefault(village, []).append((township, code))
    return out


def test_villages_of_counties_read_alone_match_a_scan_of_the_file():
    gaz = gz.load_gazetteer()
    codes = sorted({gaz.areas[i].code for i in gaz.upper() if gaz.areas[i].level == "X"})
    rng = random.Random(11)
    for sample in ([codes[0]], [codes[-1]], ["410821"], rng.sample(codes, 9), ["410821", "nope"]):
        assert gz._villages(frozenset(sample)) == _villages_by_scan(set(sample)), sample
    assert gz._villages(frozenset()) == {}


def test_villages_file_is_one_gzip_member_per_county():
    index = gz._village_index()
    data = (gz.DATA / "villages.tsv.gz").read_bytes()
    spans = sorted(s for runs in index.values() for s in runs)
    assert spans[0][0] == 0 and sum(n for _, n in spans) == len(data)
    assert all(a + n == b for (a, n), (b, _) in zip(spans, spans[1:]))
    assert gzip.decompress(data).count(b"\n") == 657807      # read whole, the same rows
