"""kg.netx and kg.graph.tabular: the graph in networkx, GraphML, GEXF and CSV."""
import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import RDF, RDFS

import kg
from kg.analysis import example_graph
from kg.graph import tabular
from kg.graph.store import union
from kg.graph.vocab import FP, ID, OA, bind_prefixes
from kg.netx import JOIN, edge_rows, money_view, node_rows, project, to_networkx

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
FIRST = ARTICLES / "jiaozuo-daily-2017-01-12-p03.txt"
SECOND = ARTICLES / "xinxiang-daily-2020-06-12-p02.txt"
KG = Path(sys.executable).parent / "kg"


@pytest.fixture(scope="module")
def built(first_built):
    return first_built


@pytest.fixture(scope="module")
def graph(first_graph):
    return first_graph


@pytest.fixture(scope="module")
def G(graph):
    return to_networkx(graph)


def run_kg(*args):
    exe = [str(KG)] if KG.exists() else [sys.executable, "-m", "kg"]
    return subprocess.run(exe + [str(a) for a in args], capture_output=True, timeout=300,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))


# --- to_networkx -------------------------------------------------------------------------

def test_nodes_are_the_resources_less_provenance(graph, G):
    u = union(graph)
    resources = {str(t) for s, p, o in u for t in (s, o)
                 if isinstance(t, URIRef) and p != RDF.type} | {str(s) for s in u.subjects()}
    hidden = {str(s) for s in u.subjects(RDF.type, FP.Evidence)}
    hidden |= {str(s) for s in u.subjects(RDF.type, ns.SDO.NewsArticle)}
    hidden |= {str(o) for o in u.objects(None, OA.hasSelector)}
    assert set(G) == resources - hidden
    assert isinstance(G, nx.MultiDiGraph)
    for n, d in G.nodes(data=True):
        assert d["iri"] == n and d["label"] and isinstance(d["label"], str)
        for v in d.values():
            assert isinstance(v, (str, float)), (n, d)          # plain: GraphML/GEXF ready
    classes = Counter(c for _, c in G.nodes(data="class"))
    for cls in ("Fund", "Person", "Village", "Event", "Assignment", "Post"):
        assert classes[cls] == len(set(u.subjects(RDF.type, FP[cls]))) > 0, cls
    assert "Evidence" not in classes and "Literal" not in classes


def test_node_attributes_carry_the_key_literals(G):
    people = {d["label"]: d for _, d in G.nodes(data=True) if d["class"] == "Person"}
    assert people["王小平"]["post"] == "市委书记"
    assert set(people["徐衣显"]["post"].split(JOIN)) == {"市委副书记", "市长"}
    assert people["孔亚平"]["post"] == "第一书记（市总工会）"
    funds = [d for _, d in G.nodes(data=True) if d["class"] == "Fund"]
    assert max(d["amount"] for d in funds) == 220000000.0
    assert all(isinstance(d["amount"], float) and d["currency"] == "CNY" for d in funds)
    assert all(d["article"] == "jiaozuo-daily-2017-01-12-p03" for d in funds)
    events = [d for _, d in G.nodes(data=True) if d["class"] == "Event"]
    assert all(len(d["date"]) == 10 and d["date"].startswith("2016-") for d in events)
    assert {d["class_zh"] for d in funds} == {"资金"}


def test_edges_carry_the_predicate_and_its_label(graph, G):
    u = union(graph)
    for s, t, key, d in G.edges(keys=True, data=True):
        assert key == d["predicate"]
        assert (URIRef(s), URIRef(key), URIRef(t)) in u
        assert d["label"] and d["label_en"] and ":" in d["prop"]
    holds = [d for *_, d in G.edges(data=True) if d["prop"] == "org:holds"]
    assert holds and {d["label"] for d in holds} == {"担任"}
    assert not any(d["prop"] == "rdf:type" for *_, d in G.edges(data=True))


def tiny_graph() -> Graph:
    """Two properties between one pair (parallel edges), and literals."""
    g = bind_prefixes(Graph())
    e, p, v = ID["event/a/1"], ID["person/zhao-liu"], ID["village/x/tao-hua-cun"]
    g.add((e, RDF.type, FP.Event))
    g.add((e, RDFS.label, Literal("调研", lang="zh")))
    g.add((e, ns.SDO.startDate, Literal("2018-03-05", datatype=ns.XSD.date)))
    g.add((p, RDF.type, FP.Person))
    g.add((p, RDFS.label, Literal("赵六", lang="zh")))
    g.add((v, RDF.type, FP.Village))
    g.add((v, RDFS.label, Literal("桃花村", lang="zh")))
    from rdflib.namespace import PROV
    g.add((e, PROV.wasAssociatedWith, p))
    g.add((e, ns.SDO.location, v))
    g.add((e, ns.SDO.organizer, p))            # a second edge event -> person
    return g


def test_parallel_edges_are_kept_and_literals_only_on_request():
    G = to_networkx(tiny_graph())
    e, p = str(ID["event/a/1"]), str(ID["person/zhao-liu"])
    assert G.number_of_edges(e, p) == 2
    assert G.number_of_nodes() == 3
    L = to_networkx(tiny_graph(), literals=True)
    lits = {n: d for n, d in L.nodes(data=True) if d["class"] == "Literal"}
    assert {d["label"] for d in lits.values()} == {"调研", "2018-03-05", "赵六", "桃花村"}
    date = next(d for d in lits.values() if d["label"] == "2018-03-05")
    assert date["datatype"] == str(ns.XSD.date) and date["lang"] == ""
    assert L.number_of_edges() == G.number_of_edges() + 4


def test_provenance_on_request(graph, G):
    P = to_networkx(graph, provenance=True)
    classes = Counter(c for _, c in P.nodes(data="class"))
    assert classes["Evidence"] > 0 and classes["schema:NewsArticle"] == 1
    assert set(G) < set(P)


def test_dataset_union_and_path_give_the_same_graph(built, graph, G):
    for other in (to_networkx(union(graph)), kg.to_networkx(built)):
        assert set(other.nodes) == set(G.nodes)
        assert sorted(other.edges(keys=True)) == sorted(G.edges(keys=True))
        assert dict(other.nodes(data=True)) == dict(G.nodes(data=True))


def test_several_articles(tmp_path):
    out = tmp_path / "out"
    kg.build([FIRST, SECOND], out, html=False)
    G = kg.to_networkx(out)
    articles = {a for _, a in G.nodes(data="article") if a}
    assert {"jiaozuo-daily-2017-01-12-p03", "xinxiang-daily-2020-06-12-p02"} <= articles


# --- views ----------------------------------------------------------------------------------

def test_people_view_links_secretaries_units_and_villages(G):
    P = project(G, "people")
    assert isinstance(P, nx.Graph) and not P.is_directed()
    assert {d["class"] for _, d in P.nodes(data=True)} <= {
        "Person", "Team", "Organization", "Province", "Prefecture", "County", "Township",
        "Village", "AdministrativeArea"}
    by_label = {d["label"]: n for n, d in P.nodes(data=True)}
    for person, village, unit in (("孔亚平", "范村", "市总工会"), ("杨希庆", "岩山村", "市水利局"),
                                  ("王建国", "南官庄村", "市委组织部")):
        p, v, u = by_label[person], by_label[village], by_label[unit]
        assert P.has_edge(p, v) and "派驻" in P.edges[p, v]["relation"]
        assert P.has_edge(p, u) and P.has_edge(u, v)
        assert P.edges[p, u]["weight"] == 2                   # the post and the assignment
    wang = by_label["王小平"]
    assert {P.nodes[n]["label"] for n in P[wang]} >= {"市委", "修武县", "武陟县"}
    for *_, d in P.edges(data=True):
        assert d["weight"] >= 1 and d["relation"] and d["via"]


def test_money_view(G):
    M = money_view(G)
    funds = [n for n, d in G.nodes(data=True) if d["class"] == "Fund"]
    assert all(n in M for n in funds)
    for f in funds:
        providers = [k for _, _, k in G.out_edges(f, keys=True) if k == str(FP.provider)]
        recipients = [k for _, _, k in G.out_edges(f, keys=True) if k == str(FP.recipient)]
        assert (M.in_degree(f), M.out_degree(f)) == (len(providers), len(recipients))
        assert all(d["amount"] == G.nodes[f]["amount"] for *_, d in M.in_edges(f, data=True))
    C = project(G, "money", collapse=True)
    single = all(M.in_degree(f) <= 1 and M.out_degree(f) <= 1 for f in funds)
    if single:        # no fund counted twice
        assert sum(d["amount"] for *_, d in C.edges(data=True)) == \
            sum(G.nodes[f]["amount"] for f in funds)
        assert sum(d["funds"] for *_, d in C.edges(data=True)) == len(funds)


def test_views_accept_rdf():
    assert project(example_graph(), "people").number_of_nodes() == 10


# --- exports -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", tabular.TABULAR_FORMATS)
@pytest.mark.parametrize("literals", [False, True])
def test_round_trip_counts(tmp_path, G, graph, fmt, literals):
    H = to_networkx(graph, literals=True) if literals else G
    path = tabular.write(H, fmt, tmp_path / f"g{tabular.SUFFIXES[fmt]}")
    back = tabular.read(path)
    assert back.number_of_nodes() == H.number_of_nodes()
    assert back.number_of_edges() == H.number_of_edges()
    assert set(back.nodes) == set(H.nodes)
    fund = next(n for n, d in H.nodes(data=True) if d["class"] == "Fund")
    assert back.nodes[fund]["label"] == H.nodes[fund]["label"]
    amount = back.nodes[fund]["amount"]
    assert float(amount) == H.nodes[fund]["amount"]
    if fmt != "csv":
        assert isinstance(amount, float)                          # typed as double


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_plain_networkx_reads_them_with_parallel_edges(tmp_path, fmt):
    G = to_networkx(tiny_graph())
    path = tabular.write(G, fmt, tmp_path / f"g.{fmt}")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (3, 3)
    assert back.is_multigraph()
    assert back.nodes[str(ID["person/zhao-liu"])]["label"] == "赵六"


def test_graphml_is_valid_xml_with_unique_keys(tmp_path, G):
    root = ET.fromstring(tabular.graphml_bytes(G))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    ids = [k.get("id") for k in root.iter(ns + "key")]
    assert len(ids) == len(set(ids))
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(ns + "key")
             if k.get("for") == "node"}
    assert types["amount"] == "double" and types["label"] == "string"


def test_gexf_is_gexf_1_2_and_labels_nodes(G):
    root = ET.fromstring(tabular.gexf_bytes(G))
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf"
    nodes = list(root.iter("{http://www.gexf.net/1.2draft}node"))
    assert len(nodes) == G.number_of_nodes()
    assert all(n.get("label") for n in nodes)


def test_csv_tables_read_by_pandas(tmp_path, G):
    pd = pytest.importorskip("pandas")
    folder = tabular.write(G, "csv", tmp_path / "tables")
    nodes = pd.read_csv(folder / "nodes.csv")
    edges = pd.read_csv(folder / "edges.csv")
    assert list(nodes.columns[:5]) == ["Id", "Label", "class", "class_zh", "iri"]
    assert list(edges.columns[:5]) == ["Source", "Target", "Type", "key", "Label"]
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert set(edges["Source"]) | set(edges["Target"]) <= set(nodes["Id"])
    assert set(edges["Type"]) == {"Directed"}
    assert nodes.loc[nodes["class"] == "Fund", "amount"].dtype.kind == "f"
    raw = (folder / "nodes.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw


def test_exports_are_deterministic_across_hash_seeds():
    code = ("import hashlib, sys; from kg.analysis import example_graph; from kg.graph import "
            "tabular; g = example_graph(); t = tabular.csv_tables(g); "
            "print(hashlib.sha256(tabular.graphml_bytes(g) + tabular.gexf_bytes(g) + "
            "t['nodes.csv'].encode() + t['edges.csv'].encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONHASHSEED=seed), check=True).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1


def test_plain_values():
    import datetime as dt
    from decimal import Decimal

    G = nx.MultiDiGraph()
    G.add_node(1, a=None, b=[1, "x"], c=Decimal("2.5"), d=dt.date(2018, 3, 5), e=True, f=3)
    G.add_edge(1, 2, key=("k",), w={"b", "a"})
    H = tabular.plain(G)
    assert H.nodes["1"] == {"b": f"1{JOIN}x", "c": 2.5, "d": "2018-03-05", "e": "true", "f": 3.0}
    assert list(H.edges(keys=True, data=True)) == [("1", "2", "('k',)", {"w": f"a{JOIN}b"})]


def test_mixed_attribute_types_become_text(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", x=1.0)
    G.add_node("b", x="one")
    back = tabular.read(tabular.write(G, "graphml", tmp_path / "m.graphml"))
    assert back.nodes["a"]["x"] == "1" and back.nodes["b"]["x"] == "one"


def test_tables_helpers():
    G = to_networkx(tiny_graph())
    cols, rows = node_rows(G)
    assert cols[:4] == ["id", "label", "class", "class_zh"] and len(rows) == 3
    cols, rows = edge_rows(G)
    assert cols[:3] == ["source", "target", "key"] and len(rows) == 3


# --- kg export -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_kg_export_files_and_stdout(built, tmp_path, G, fmt):
    run = run_kg("export", built, "--format", fmt)
    assert run.returncode == 0 and run.stdout.startswith(b"<?xml")
    path = tmp_path / f"g.{fmt}"
    assert run_kg("export", built, "--format", fmt, "-o", path).returncode == 0
    assert path.read_bytes() == run.stdout
    back = tabular.read(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == \
        (G.number_of_nodes(), G.number_of_edges())


def test_kg_export_csv(built, tmp_path, G):
    run = run_kg("export", built, "--format", "csv", "-o", tmp_path / "tables")
    assert run.returncode == 0, run.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv"]
    back = tabular.read(tmp_path / "tables")
    assert back.number_of_edges() == G.number_of_edges()
    run = run_kg("export", built, "--format", "csv")
    assert run.returncode == 2 and run.stderr.decode().startswith("kg: E242")
    (tmp_path / "file").write_text("x")
    run = run_kg("export", built, "--format", "csv", "-o", tmp_path / "file")
    assert run.returncode == 5 and run.stderr.decode().startswith("kg: E502")


def test_import_stays_light():
    code = ("import sys, kg, kg.cli, kg.netx, kg.analysis, kg.graph.tabular; "
            "print([m for m in ('pandas', 'matplotlib', 'networkx', 'rdflib') if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr
    assert "to_networkx" in dir(kg)


def test_digest_helper_is_stable():
    # the same graph, converted twice in one process, gives the same bytes
    g = example_graph()
    assert hashlib.sha256(tabular.graphml_bytes(g)).digest() == \
        hashlib.sha256(tabular.graphml_bytes(g)).digest()
