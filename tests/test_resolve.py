"""Cross-article entity resolution: the rules, the renames, the records."""
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.resolve import RESOLUTION_GRAPH, resolve

ID = "https://w3id.org/fupin-kg/id/"
P = ID + "person/wang-jian-guo"


def person(name="王建国", places=(), units=()):
    return {"name": name, "places": [list(p) for p in places], "units": list(units)}


def arts(*persons_areas):
    out = {}
    for i, (persons, areas) in enumerate(persons_areas):
        out[f"a{i}"] = {"persons": persons, "areas": areas}
    return out


def test_same_unit_merges():
    r = resolve(arts(({P: person(units=["焦作市委组织部"])}, {}),
                     ({P: person(units=["焦作市委组织部", "县委"])}, {})))
    assert r.renames == {}
    [rec] = r.records
    assert (rec.rule, rec.node, rec.articles, rec.units) == ("same-unit", P, ["a0", "a1"], ["焦作市委组织部"])


def test_same_place_merges_and_a_name_alone_does_not():
    county = ID + "area/wu-zhi-xian"
    r = resolve(arts(({P: person(places=[("County", county)])}, {}),
                     ({P: person(places=[("County", county), ("Village", ID + "village/wu-zhi-xian/x")])}, {}),
                     ({P: person()}, {})))
    rules = sorted((rec.rule, tuple(rec.articles)) for rec in r.records)
    assert rules == [("name-only", ("a2",)), ("same-place", ("a0", "a1"))]
    # split: every node gets its own IRI, named by its place or its article
    assert r.renames["a0"][P] == r.renames["a1"][P] == P + "/wu-zhi-xian"
    assert r.renames["a2"][P] == P + "/a2"
    merged = next(rec for rec in r.records if rec.rule == "same-place")
    assert merged.because == [county] and merged.was == P


def test_different_counties_never_merge_through_a_shared_prefecture():
    pref = ID + "area/jiao-zuo-shi"
    x, y = ID + "area/wu-zhi-xian", ID + "area/wen-xian"
    r = resolve(arts(({P: person(places=[("County", x), ("Prefecture", pref)])}, {}),
                     ({P: person(places=[("Prefecture", pref)])}, {}),
                     ({P: person(places=[("County", y), ("Prefecture", pref)])}, {})))
    groups = sorted(tuple(rec.articles) for rec in r.records)
    assert len(groups) == 2 and ("a0", "a1") in groups or ("a1", "a2") in groups
    assert ("a0", "a2") not in groups and not any(len(g) == 3 for g in groups)


def test_homophone_names_stay_apart():
    li = ID + "person/li-ming"
    r = resolve(arts(({li: person("李明", units=["某县委"])}, {}),
                     ({li: person("黎明", units=["某县委"])}, {})))
    assert {rec.label for rec in r.records} == {"李明", "黎明"}
    assert r.renames["a0"][li] != r.renames["a1"][li]


def test_areas_merge_unless_placed_apart():
    gl = ID + "area/gu-lou-qu"
    area = lambda parent, code="": {"label": "鼓楼区", "level": "County", "parent": parent, "code": code}  # noqa
    r = resolve(arts(({}, {gl: area("福州市", "350102")}), ({}, {gl: area("福州市")}),
                     ({}, {gl: area("南京市", "320106")}), ({}, {gl: area("")})))
    nodes = {rec.node: rec.articles for rec in r.records}
    assert nodes == {gl + "/fu-zhou-shi": ["a0", "a1"], gl + "/nan-jing-shi": ["a2"], gl: ["a3"]}
    assert r.renames["a0"][gl] == gl + "/fu-zhou-shi" and "a3" not in r.renames
    same = resolve(arts(({}, {gl: area("福州市")}), ({}, {gl: area("")})))
    assert same.renames == {} and same.records[0].rule == "same-area"


def test_homophone_areas_split():
    x = ID + "area/xiang-cheng-xian"
    r = resolve(arts(({}, {x: {"label": "襄城县", "level": "County", "parent": "许昌市", "code": ""}}),
                     ({}, {x: {"label": "乡城县", "level": "County", "parent": "甘孜藏族自治州", "code": ""}})))
    assert sorted(rec.label for rec in r.records) == ["乡城县（甘孜藏族自治州）", "襄城县（许昌市）"]


def test_records_are_triples_to_query():
    from rdflib import Graph

    r = resolve(arts(({P: person(units=["焦作市委组织部"])}, {}), ({P: person(units=["焦作市委组织部"])}, {})))
    g = Graph().parse(data="\n".join(r.ntriples()) + "\n", format="nt")
    rows = list(g.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?node ?rule ?label ?article WHERE {
          ?r prov:generated ?node ; prov:qualifiedAssociation/prov:hadPlan ?rule ; prov:used ?article .
          ?rule skos:prefLabel ?label FILTER(lang(?label) = "en") } ORDER BY ?article"""))
    assert [(str(a), str(b), str(c)) for a, b, c, _ in rows] == [(P, ID + "rule/same-unit", "same unit")] * 2


# --- end to end: two articles, one name -------------------------------------------

PAGE = """{date}

某某日报

{county}脱贫攻坚纪实

本报记者 钱七

{county}委书记王建国到{town}{village}调研脱贫攻坚工作。{unit}派驻{village}第一书记周六带领群众发展产业。
"""


def _article(folder: Path, stem: str, county: str, town: str, village: str, unit: str) -> Path:
    p = folder / f"{stem}.txt"
    p.write_text(PAGE.format(date="2019年5月6日", county=county, town=town, village=village, unit=unit),
                 encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def two_counties(tmp_path_factory):
    d = tmp_path_factory.mktemp("news")
    _article(d, "a-2019-05-06", "修武县", "西村乡", "平顶爻村", "焦作市委组织部")
    _article(d, "b-2019-05-06", "修武县", "西村乡", "平顶爻村", "焦作市委组织部")
    _article(d, "c-2019-05-06", "温县", "祥云镇", "南韩村", "焦作市财政局")
    out = d / "out"
    return build([d], out, html=False, cache=False), out


def test_same_name_same_county_is_one_node_and_other_counties_another(two_counties):
    from kg.graph.store import load
    from kg.query import run_query

    summary, out = two_counties
    assert summary.resolution["persons_merged"] >= 1
    g = load(out)
    rows = run_query(g, """SELECT DISTINCT ?p WHERE { ?p a fp:Person ; rdfs:label "王建国"@zh }""").rows
    assert len(rows) == 2, rows                      # 修武县's, and 温县's
    zhou = run_query(g, """SELECT DISTINCT ?p WHERE { ?p a fp:Person ; rdfs:label "周六"@zh }""").rows
    assert len(zhou) == 2                            # sent by different units to different villages
    why = run_query(g, f"""SELECT ?label ?rule (COUNT(?a) AS ?n) WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{
        ?r rdfs:label ?label ; prov:used ?a ; prov:qualifiedAssociation/prov:hadPlan ?rule }} }}
        GROUP BY ?label ?rule ORDER BY ?label ?rule""").rows
    wang = [(rule.rsplit("/", 1)[1], n) for label, rule, n in why if label == "王建国"]
    assert sorted(wang) == [("name-only", "1"), ("same-place", "2")] or \
        sorted(wang) == [("name-only", "1"), ("same-unit", "2")]


def test_a_county_is_one_node_in_every_article(two_counties):
    from kg.graph.store import load
    from kg.query import run_query

    _, out = two_counties
    rows = run_query(load(out), 'SELECT DISTINCT ?c WHERE { ?c a fp:County ; rdfs:label "修武县"@zh }').rows
    assert rows == [(ID + "area/xiu-wu-xian",)]
