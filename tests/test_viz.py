"""The HTML view, without a browser: what the page holds and where it goes.

The graphs are written here by hand (invented names), in the shape
kg/graph/emit.py gives: typed nodes with rdfs:label @zh, facts with
fp:evidence -> fp:Evidence (fp:sentence, oa:hasSource -> the article).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import ORG, PROV, RDF, RDFS

import kg.viz
from kg.errors import OutputError, UsageError
from kg.graph.vocab import FP, ID, OA, bind_prefixes
from kg import fileio
from kg.viz import page, terms

HOSTILE = ["<script>alert(1)</script>", "</script><img src=x onerror=alert(1)>",
           "<img src=x onerror=alert(1)>", "\"'><svg onload=alert(1)>", "a & b <!-- c"]


class Builder:
    """A small fupin-kg graph, built fact by fact."""

    def __init__(self, headline: str = "东湖市扎实推进脱贫攻坚"):
        self.g = bind_prefixes(Graph())
        self.article = ID["article/east-lake"]
        self.g.add((self.article, RDF.type, ns.SDO.NewsArticle))
        self.g.add((self.article, ns.SDO.headline, Literal(headline, lang="zh")))
        self.n = 0

    def node(self, kind: str, cls, label: str) -> URIRef:
        self.n += 1
        x = ID[f"{kind}/{self.n}"]
        self.g.add((x, RDF.type, cls))
        self.g.add((x, RDFS.label, Literal(label, lang="zh")))
        return x

    def evidence(self, fact, sentence: str) -> URIRef:
        self.n += 1
        e = ID[f"evidence/{self.n}"]
        self.g.add((e, RDF.type, FP.Evidence))
        self.g.add((e, FP.sentence, Literal(sentence, lang="zh")))
        self.g.add((e, OA.hasSource, self.article))
        self.g.add((fact, FP.evidence, e))
        return e

    def add(self, s, p, o):
        self.g.add((s, p, o))


def sample_graph() -> Graph:
    """An article's worth: places, an official, an assignment, funds, a
    measure, an event; two properties between one pair (parallel edges)."""
    b = Builder()
    city = b.node("place", FP.Prefecture, "东湖市")
    county = b.node("place", FP.County, "青山县")
    b.add(county, ns.SDO.containedInPlace, city)
    town = b.node("place", FP.Township, "石桥镇")
    b.add(town, ns.SDO.containedInPlace, county)
    village = b.node("place", FP.Village, "桃花村")
    b.add(village, ns.SDO.containedInPlace, town)
    village2 = b.node("place", FP.Village, "李家庄村")
    b.add(village2, ns.SDO.containedInPlace, town)
    person = b.node("person", FP.Person, "赵六")
    post = b.node("post", FP.Post, "市委书记")
    org = b.node("org", FP.Organization, "市委")
    b.add(post, FP.title, Literal("市委书记", lang="zh"))
    b.add(post, ORG.postIn, org)
    b.add(person, ORG.holds, post)
    b.evidence(post, "3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。")
    event = b.node("event", FP.Event, "调研脱贫攻坚工作")
    b.add(event, ns.SDO.startDate, Literal("2018-03-05", datatype=ns.XSD.date))
    b.add(event, PROV.wasAssociatedWith, person)
    b.add(event, ns.SDO.location, village)
    b.evidence(event, "3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。")
    cadre = b.node("person", FP.Person, "钱七")
    unit = b.node("org", FP.Organization, "市农业局")
    assignment = b.node("assignment", FP.Assignment, "钱七 → 桃花村")
    b.add(assignment, FP.assignee, cadre)
    b.add(assignment, FP.village, village)
    b.add(assignment, FP.dispatchingUnit, unit)
    b.add(assignment, FP.role, Literal("第一书记", lang="zh"))
    b.evidence(assignment, "市农业局派驻桃花村第一书记钱七带领村民发展种植。")
    fund = b.node("fund", FP.Fund, "2.5亿元 产业扶贫")
    b.add(fund, ns.SDO.amount, Literal("250000000", datatype=ns.XSD.decimal))
    b.add(fund, FP.purpose, Literal("产业扶贫", lang="zh"))
    b.add(fund, FP.provider, county)
    b.add(fund, FP.recipient, county)          # parallel to fp:provider
    b.evidence(fund, "青山县投入2.5亿元用于产业扶贫。")
    measure = b.node("measure", FP.Measure, "三帮一工作法")
    b.add(measure, FP.adoptedBy, county)
    b.evidence(measure, "青山县推行“三帮一”工作法。")
    return b.g


def hostile_graph() -> Graph:
    """Every label, sentence and headline is an attempt at markup."""
    b = Builder(headline=HOSTILE[0])
    county = b.node("place", FP.County, HOSTILE[1])
    prev = county
    for i, text in enumerate(HOSTILE):
        fund = b.node("fund", FP.Fund, text)
        b.add(fund, ns.SDO.amount, Literal("1000", datatype=ns.XSD.decimal))
        b.add(fund, FP.purpose, Literal(text, lang="zh"))
        b.add(fund, FP.recipient, prev)
        b.evidence(fund, f"{text}投入{i}万元。")
        prev = fund
    return b.g


def embedded_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def labels_of(view) -> set[str]:
    return {a["label"] for _n, a in view.nodes(data=True)}


@pytest.fixture(scope="module")
def sample_html() -> str:
    return kg.viz.to_html(sample_graph(), title="东湖市 <测试> & 图")


# --- offline, inlined -------------------------------------------------------

def test_no_network_references(sample_html):
    for m in re.finditer(r"""\b(src|href)\s*=\s*["']?\s*([^"'\s>]*)""", sample_html, re.I):
        assert not re.match(r"(https?:)?//", m.group(2), re.I), m.group(0)
    assert not re.search(r"<script[^>]*\bsrc\s*=", sample_html, re.I)
    assert not re.search(r"<link[^>]*stylesheet", sample_html, re.I)
    assert "@import" not in sample_html
    assert "Content-Security-Policy" in sample_html and "default-src 'none'" in sample_html


def test_assets_inlined_from_installed_pyvis_with_licences(sample_html):
    lib = page._pyvis_lib()
    vis = next(iter(sorted(lib.glob("vis-9.1.*"))), None)
    assert vis is not None, "pyvis should ship vis-network 9.1.x"
    # the installed file's text is in the page, licence header included
    head = (vis / "vis-network.min.js").read_text(encoding="utf-8")[:400]
    assert head in sample_html
    assert "@license" in sample_html and "Apache" in sample_html and "MIT" in sample_html
    assert "Tom Select" in sample_html
    assert "new TomSelect(" in sample_html and "new vis.Network(" in sample_html
    # nothing of pyvis's bundled libraries is copied into the package
    pkg = Path(kg.viz.__file__).parent
    assert not list(pkg.rglob("vis-network*")) and not list(pkg.rglob("tom-select*"))


def test_page_is_utf8_with_chinese_as_is(sample_html):
    assert '<meta charset="utf-8">' in sample_html
    assert "桃花村" in sample_html and "\\u6843" not in sample_html
    sample_html.encode("utf-8")


# --- escaping ---------------------------------------------------------------

def test_hostile_text_is_data_not_markup():
    html = kg.viz.to_html(hostile_graph(), title=HOSTILE[2])
    for text in HOSTILE:
        assert text not in html
    assert "alert(1)</script>" not in html
    assert "<img" not in html and "<svg onload" not in html
    # four script elements, each ended by its own </script>; no "<!--" that
    # could put the parser in its escaped state
    assert len(re.findall(r"^<script\b", html, re.M)) == len(re.findall(r"</script", html)) == 4
    assert "<!--" not in html
    # the title is escaped text
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in html
    # the data round-trips: what is shown is exactly the article's text
    data = embedded_data(html)
    shown = {n[0] for n in data["nodes"]}
    assert set(HOSTILE) <= shown
    sentences = {s[0] for info in data["info"] for s in info[2]}
    assert any(HOSTILE[1] in s for s in sentences)


def test_json_for_script_escapes_markup_characters():
    text = page.json_for_script({"k": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"k": "</script><!--&\u2028"}


def test_notebook_iframe_escapes_the_page(sample_html):
    frame = kg.viz.notebook_iframe(sample_html, height=500)
    out = frame._repr_html_()
    assert out.startswith('<iframe srcdoc="') and out.endswith("</iframe>")
    assert 'sandbox="allow-scripts"' in out and "height:500px" in out
    inner = out[len('<iframe srcdoc="'):out.index('" style=')]
    assert "<" not in inner and '"' not in inner
    import html as htmlmod
    assert htmlmod.unescape(inner) == sample_html
    hostile = kg.viz.show(hostile_graph())._repr_html_()
    assert "<img" not in hostile and "<script" not in hostile.replace("<iframe", "")


# --- what is drawn ----------------------------------------------------------

def test_only_entities_and_facts_are_nodes():
    view = kg.viz.to_networkx_view(sample_graph())
    classes = {a["cls"] for _n, a in view.nodes(data=True)}
    assert "Evidence" not in classes
    assert all(isinstance(n, URIRef) for n in view)
    assert not any("/evidence/" in str(n) or "/article/" in str(n) for n in view)
    assert len(view) == 14
    assert {"桃花村", "赵六", "市委书记", "2.5亿元 产业扶贫", "三帮一工作法"} <= labels_of(view)


def test_edges_labelled_in_chinese_and_parallel_edges_kept():
    view = kg.viz.to_networkx_view(sample_graph())
    fund = next(n for n, a in view.nodes(data=True) if a["cls"] == "Fund")
    county = next(n for n, a in view.nodes(data=True) if a["label"] == "青山县")
    between = view.get_edge_data(fund, county)
    assert set(between) == {str(FP.provider), str(FP.recipient)}
    for attrs in between.values():
        assert re.search(r"[\u4e00-\u9fff]", attrs["label"]), attrs
    # both survive into the page, curved apart
    data = page.page_data(view)
    names = [n[0] for n in data["nodes"]]
    i, j = names.index("2.5亿元 产业扶贫"), names.index("青山县")
    pair = [e for e in data["edges"] if {e[0], e[1]} == {i, j}]
    assert len(pair) == 2
    assert pair[0][3] == -pair[1][3] != 0
    assert all(e[3] == 0 for e in data["edges"] if {e[0], e[1]} != {i, j})
    holds = [e for e in data["edges"] if data["props"][e[2]][2] == "org:holds"]
    assert len(holds) == 1


def test_tooltip_facts_post_amount_date_and_sentence():
    view = kg.viz.to_networkx_view(sample_graph())
    by_label = {a["label"]: a for _n, a in view.nodes(data=True)}
    fund_facts = dict(by_label["2.5亿元 产业扶贫"]["facts"])
    assert "25000 万元（250,000,000 元）" in fund_facts.values()
    assert by_label["2.5亿元 产业扶贫"]["sources"] == [("青山县投入2.5亿元用于产业扶贫。",
                                                     "东湖市扎实推进脱贫攻坚")]
    assert ("2018-03-05" in dict(by_label["调研脱贫攻坚工作"]["facts"]).values())
    person = by_label["赵六"]["facts"]
    assert any(v == "市委书记" for _k, v in person)       # post via org:holds
    assert any("赵六" in v for _k, v in by_label["市委书记"]["facts"])   # its holder
    # a node without evidence of its own shows its neighbours' sentences
    assert by_label["赵六"]["sources"]
    assert "市农业局派驻桃花村第一书记钱七带领村民发展种植。" in {
        s for s, _a in by_label["桃花村"]["sources"]}


def test_view_vocabulary_matches_the_project_vocabulary():
    assert terms.FP == str(FP._NS)
    for key in terms.CLASS_KEYS:
        getattr(FP, key)              # a closed namespace: raises if the class is gone
    assert set(terms.PRIORITY) == set(terms.CLASS_KEYS)
    drawn = {k for k in dir(FP) if k[:1].isupper()} - {"Evidence"}
    assert drawn <= set(terms.CLASS_KEYS) | {"AdministrativeArea"}


def test_format_amount():
    assert terms.format_amount("30000000") == "3000 万元（30,000,000 元）"
    assert terms.format_amount("250000000.0") == "25000 万元（250,000,000 元）"
    assert terms.format_amount("800000") == "80 万元（800,000 元）"
    assert terms.format_amount("not a number") == "not a number"


def test_labels_fall_back_without_ontology(monkeypatch):
    monkeypatch.setattr(terms, "ontology_labels", lambda: {})
    view = kg.viz.to_networkx_view(sample_graph())
    labels = {d["prop"]: d["label"] for _a, _b, d in view.edges(data=True)}
    assert labels["fp:assignee"] == "派驻人员"
    assert labels["schema:containedInPlace"] == "位于"
    assert terms.class_labels()["Village"] == ("村", "Village")


def test_dataset_input_sees_every_named_graph():
    ds = Dataset()
    g = sample_graph()
    named = ds.graph(URIRef("https://w3id.org/fupin-kg/id/article/east-lake/graph"))
    for t in g:
        named.add(t)
    assert len(kg.viz.to_networkx_view(ds)) == 14


# --- focus, depth, types ----------------------------------------------------

def test_focus_and_depth():
    g = sample_graph()
    one = kg.viz.to_networkx_view(g, focus="桃花村", depth=1)
    assert labels_of(one) == {"桃花村", "石桥镇", "调研脱贫攻坚工作", "钱七 → 桃花村"}
    two = kg.viz.to_networkx_view(g, focus="桃花村", depth=2)
    assert labels_of(one) < labels_of(two)
    assert {"青山县", "李家庄村", "赵六", "钱七", "市农业局"} <= labels_of(two)
    assert "市委" not in labels_of(two)
    zero = kg.viz.to_networkx_view(g, focus="桃花村", depth=0)
    assert labels_of(zero) == {"桃花村"}
    # by IRI, and a part of a label when no label matches exactly
    village = next(n for n, a in one.nodes(data=True) if a["label"] == "桃花村")
    assert labels_of(kg.viz.to_networkx_view(g, focus=str(village), depth=0)) == {"桃花村"}
    assert labels_of(kg.viz.to_networkx_view(g, focus="李家庄", depth=0)) == {"李家庄村"}
    with pytest.raises(UsageError, match="matches no node"):
        kg.viz.to_networkx_view(g, focus="武陟县")


def test_types_filter():
    g = sample_graph()
    view = kg.viz.to_networkx_view(g, types=["Village", "Fund"])
    assert {a["cls"] for _n, a in view.nodes(data=True)} == {"Village", "Fund"}
    officials = kg.viz.to_networkx_view(g, types="Official,Village")
    assert {a["cls"] for _n, a in officials.nodes(data=True)} == {"Person", "Post", "Village"}
    assert kg.viz.to_networkx_view(g, types="村") .number_of_nodes() == 2
    # focus first, then types; the focus node always stays
    mixed = kg.viz.to_networkx_view(g, focus="桃花村", depth=2, types="Person")
    assert labels_of(mixed) == {"桃花村", "赵六", "钱七"}
    with pytest.raises(UsageError, match="unknown type"):
        kg.viz.to_networkx_view(g, types="Official,Spaceship")
    html = kg.viz.to_html(g, focus="桃花村", depth=1)
    data = embedded_data(html)
    assert len(data["nodes"]) == 4 and data["focus"] == ["桃花村"]
    assert "焦点 focus：桃花村" in html


def test_empty_graph_and_unlabelled_nodes():
    data = embedded_data(kg.viz.to_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == [] and data["physics"] is False
    g = Graph()
    g.add((ID["village/x-cun"], RDF.type, FP.Village))
    view = kg.viz.to_networkx_view(g)
    assert labels_of(view) == {"id:village/x-cun"}


# --- layout mode ------------------------------------------------------------

def test_physics_below_threshold_precomputed_above():
    g = sample_graph()
    small = embedded_data(kg.viz.to_html(g))
    assert small["physics"] is True and small["iterations"] >= 150
    big = embedded_data(kg.viz.to_html(g, physics_threshold=5))
    assert big["physics"] is False
    xs = {(n[2], n[3]) for n in big["nodes"]}
    assert len(xs) == len(big["nodes"])            # every node has its own place
    assert kg.viz.PHYSICS_THRESHOLD == page.PHYSICS_THRESHOLD


def test_cluster_layout_is_deterministic_and_complete():
    from kg.viz.layout import cluster_layout

    edges = [(i, i + 1) for i in range(0, 40)] + [(0, 20), (5, 35)] + [(50, 51)]
    a = cluster_layout(60, edges)
    assert a == cluster_layout(60, list(edges)) and len(a) == 60
    assert len(set(a)) == 60
    assert cluster_layout(0, []) == []


# --- output -----------------------------------------------------------------

def test_deterministic_output():
    g = sample_graph()
    assert kg.viz.to_html(g) == kg.viz.to_html(g)
    again = Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert kg.viz.to_html(again) == kg.viz.to_html(g)


def test_written_only_where_asked(tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("opened a browser"))
    target = tmp_path / "out" / "graph.html"
    got = kg.viz.write_html(sample_graph(), target, title="图")
    assert got == target
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert made == ["cwd", "out", "out/graph.html"]
    text = target.read_bytes().decode("utf-8")
    assert "桃花村" in text and text.startswith("<!DOCTYPE html>")
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    target.write_text("old", encoding="utf-8")

    def boom(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", boom)
    with pytest.raises(OutputError):
        kg.viz.write_html(sample_graph(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_write_into_missing_unwritable_place(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        kg.viz.write_html(sample_graph(), blocker / "graph.html")


def test_import_is_cheap():
    code = ("import sys, kg.viz; "
            "print(sorted(m for m in ('rdflib', 'networkx', 'pyvis', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
