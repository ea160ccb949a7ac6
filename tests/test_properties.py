"""Property tests (hypothesis): the text stage and the graph hold for any input.

* the repair never loses or invents a CJK character (only the second copies
  of a doubled header line go), and its offset map is monotone and points
  every repaired character at an identical or equivalent raw one;
* reading, repairing, extracting and emitting never raise on arbitrary
  Unicode, nor do the HTML and PDF layout rules;
* every IRI the build mints is safe, and the graph serialises and reads
  back the same in every format.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg.text import parse_text
from kg.text.doubled import doubled_lines
from kg.text.hant import equivalent
from kg.text.repair import _BREAK_RE, _content, repair, repaired_from

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text of the genre: words, numbers, dates, punctuation, the artefacts of PDF extraction.
WORDS = ["扶贫", "脱贫攻坚", "县委书记", "市长", "第一书记", "驻村工作队", "帮扶", "村", "乡", "镇",
         "县", "市委", "投入", "万元", "亿元", "资金", "用于", "发放", "“九个一”", "《实施方案》",
         "工作机制", "本报记者", "摄", "月", "日", "年", "星期四", "■编辑：", "│", "•", "，", "。",
         "、", "；", "：", "（", "）", "“", "”", "3000", "1.5", "2017", "12", " ", "  ", "\n",
         "\n\n", "\u3000", "王小平", "武陟县", "西村乡", "平顶爻村", "20172017年年", "0303"]
genre_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=300), genre_text)


def raw_equivalent(raw: str, index: int, char: str) -> bool:
    return repaired_from(raw, index, char) or equivalent(raw[index], char)


def expected_cjk(raw: str) -> str:
    """The CJK characters of ``raw`` the repair must keep: all, except the
    second copies on lines it undoes as doubled (the fake-bold header)."""
    spans, start = [], 0
    for m in _BREAK_RE.finditer(raw):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(raw):
        spans.append((start, len(raw)))
    positions = [_content(raw, a, b) for a, b in spans]
    doubled = doubled_lines(["".join(raw[i] for i in pos) for pos in positions])
    kept = []
    for k, pos in enumerate(positions):
        if k in doubled:
            pos = [pos[j] for j in doubled[k]]
        kept.extend(raw[i] for i in pos)
    return "".join(CJK.findall("".join(kept)))


@SETTINGS
@given(any_text)
def test_repair_keeps_every_cjk_character_and_a_faithful_offset_map(raw):
    text, offsets = repair(raw)
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))               # monotone
    for i, c in enumerate(text):
        assert raw_equivalent(raw, offsets[i], c), (i, c, raw[offsets[i]])
    assert "".join(CJK.findall(text)) == expected_cjk(raw)                 # none lost, none made


body_sentence = st.lists(st.sampled_from([w for w in WORDS if w.strip() and w not in ("•", "│")])
                         | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                         min_size=3, max_size=30).map(lambda ws: "".join(ws) + "。")


@SETTINGS
@given(st.lists(body_sentence, min_size=1, max_size=8), st.integers(8, 24), st.randoms())
def test_repair_of_wrapped_body_text_keeps_all_of_it(sentences, width, rnd):
    """A body wrapped at a column width, with blank lines at column breaks:
    every CJK character comes through, in order."""
    body = "".join(sentences)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    raw = "".join(line + ("\n\n" if rnd.random() < 0.15 else "\n") for line in lines)
    assume(not doubled_lines([line.strip() for line in raw.split("\n")]))
    text, offsets = repair(raw)
    assert CJK.findall(text) == CJK.findall(raw)


traditional = st.lists(st.sampled_from(["縣委書記", "脫貧攻堅", "駐村工作隊", "萬元", "資金", "發放",
                                        "鄉", "鎮", "村", "，", "。", "\n", "裡", "後", "乾", "臺灣"]),
                       min_size=3, max_size=40).map("".join)


@SETTINGS
@given(traditional)
def test_traditional_text_maps_to_equivalent_raw_characters(raw):
    doc = parse_text(raw)
    assert len(doc.offsets) == len(doc.text) + 1
    for i, c in enumerate(doc.text):
        assert raw_equivalent(doc.raw, doc.offsets[i], c)
    if doc.original:
        assert len(doc.original) == len(doc.text)
        assert all(doc.raw[doc.offsets[i]] == c or doc.raw[doc.offsets[i]].isspace()
                   or unicodedata.normalize("NFKC", doc.raw[doc.offsets[i]]) == c
                   for i, c in enumerate(doc.original))


# --- nothing raises ---------------------------------------------------------------------------

@SETTINGS
@given(any_text, st.sampled_from([None, "2019-07-03"]))
def test_extraction_never_raises(raw, date):
    from kg.extract import extract

    doc = parse_text(raw, date=date)
    facts = extract(doc)
    for kind in ("officials", "villages", "assignments", "funds", "measures", "events"):
        for fact in getattr(facts, kind):
            assert 0 <= fact.evidence.start <= fact.evidence.end <= len(doc.text)


@SETTINGS
@given(st.one_of(st.text(max_size=400),
                 st.lists(st.sampled_from(["<p>", "</p>", "<div class='content'>", "</div>",
                                           "<br>", "<script>", "</script>", "<h1>", "</h1>",
                                           "&amp;", "&#x4e00;", "&bogus;", "<!--", "-->", "<",
                                           ">", "扶贫资金", "县委书记", "\n", " ", "<nav>",
                                           "<meta charset='gbk'>", "<title>", "</title>"]),
                          max_size=60).map("".join)))
def test_html_rules_never_raise(markup):
    from kg.text.html import html_to_text

    assert isinstance(html_to_text(markup), str)


glyphs = st.lists(st.tuples(st.floats(0, 500), st.floats(0, 800), st.sampled_from("扶贫村县12，。 "),
                            st.sampled_from([6.0, 10.0, 10.5, 24.0])), max_size=120)


@SETTINGS
@given(glyphs)
def test_pdf_layout_never_raises_and_keeps_every_glyph(specs):
    from collections import Counter

    from kg.text.pdf import Glyph, _glyphs, layout_page

    chars = [{"x0": x, "x1": x + s * (0.5 if t in "12 " else 1.0), "top": y, "bottom": y + s,
              "text": t, "size": s} for x, y, t, s in specs]
    kept, dropped = _glyphs(chars)
    text = layout_page(kept)
    shown = Counter(c for c in text if not c.isspace())
    assert shown == Counter(g.text for g in kept if g.text != " ")
    assert dropped + len(kept) == len(chars)
    assert all(isinstance(g, Glyph) for g in kept)


# --- IRIs and serialisations -------------------------------------------------------------------

@SETTINGS
@given(st.text(max_size=60))
def test_every_slug_is_safe(text):
    from kg.graph.iri import is_safe_iri, node_iri, slug

    s = slug(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s), s
    assert is_safe_iri(node_iri("person", s))


FIRST = Path(__file__).resolve().parents[1] / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(genre_text, st.text(max_size=40))
@example(FIRST.read_text(encoding="utf-8")[:1500], "jiaozuo \x01<>\"{}|^`\\")
@example("县委书记\x01王小平到\x1f平顶爻村调研，投入3000万元。\f“九个一”工作机制", "a\u2028b")
def test_every_minted_iri_serialises_in_every_format(raw, name):

    from rdflib import URIRef
    from rdflib.compare import isomorphic

    from kg.extract import extract
    from kg.graph.emit import to_rdf
    from kg.graph.iri import is_safe_iri
    from kg.graph.store import FORMATS, serialize, union

    doc = parse_text(raw, source=f"in/{name.replace('/', '_')}.txt", date="2019-07-03")
    graph = to_rdf(doc, extract(doc))
    for node in {n for t in graph for n in t if isinstance(n, URIRef)}:
        assert is_safe_iri(node) or str(node).startswith(("http://www.w3.org/", "http://schema.org/",
                                                          "https://schema.org/", "http://xmlns.com/")), node
    for fmt in FORMATS.values():
        data = serialize(graph, fmt)
        back = fmt_load(data, fmt)
        assert isomorphic(union(back), graph), fmt.name


def fmt_load(data: bytes, fmt):
    import tempfile
    from pathlib import Path

    from kg.graph.store import load

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"g{fmt.suffix}"
        path.write_bytes(data)
        return load(path)


@pytest.mark.parametrize("literal", ["a\u2028b", "x\fy\vz", "tab\tand\r\nbreak", "\x1c\x1d\x1e\x85",
                                     "quote \" and \\ backslash", "emoji 🎉 and 𠀋"])
def test_odd_characters_in_literals_survive_every_format(literal):
    from rdflib import Graph, Literal, URIRef
    from rdflib.compare import isomorphic

    from kg.graph.store import FORMATS, serialize, union

    graph = Graph()
    graph.add((URIRef("https://w3id.org/fupin-kg/id/x"), URIRef("https://w3id.org/fupin-kg/ontology#sentence"),
               Literal(literal, lang="zh")))
    for fmt in FORMATS.values():
        if fmt.name == "xml" and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", literal):
            from kg.errors import OutputError

            with pytest.raises(OutputError, match="E504"):   # no file rather than a broken one
                serialize(graph, fmt)
            continue
        assert isomorphic(union(fmt_load(serialize(graph, fmt), fmt)), graph), fmt.name
