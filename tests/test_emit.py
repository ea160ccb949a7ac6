"""Facts of an article become the RDF the ontology describes."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal
from rdflib.namespace import FOAF, ORG, PROV, SDO, SKOS

from graph_fixture import make_document, make_facts, span
from kg.graph.emit import to_rdf
from kg.graph.iri import Minter, is_safe_iri, slug
from kg.graph.vocab import FP, ID, OA
from kg.model import Assignment, Document, Event, Evidence, Facts, Fund, Measure, Official, VillageFact
from kg.validate import validate

ART = "east-lake-daily-2018-03-20"


@pytest.fixture(scope="module")
def doc():
    return make_document()


@pytest.fixture(scope="module")
def g(doc):
    return to_rdf(doc, make_facts(doc))


def zh(text):
    return Literal(text, lang="zh")


def plain_doc(text: str, source: str = "plain.txt") -> Document:
    return Document(source=source, raw=text, text=text, offsets=list(range(len(text) + 1)))


# --- expected triples ---------------------------------------------------------

def test_article(g, doc):
    a = ID[f"article/{ART}"]
    assert (a, RDF.type, SDO.NewsArticle) in g
    assert g.value(a, SDO.headline) == zh("东湖市扎实推进脱贫攻坚")
    assert g.value(a, SDO.datePublished) == Literal("2018-03-20", datatype=XSD.date)
    assert g.value(a, FP.sourceFile) == Literal("east-lake-daily-2018-03-20.txt")
    assert str(g.value(a, FP.sha256)) == hashlib.sha256(doc.raw.encode("utf-8")).hexdigest()
    publisher = g.value(a, SDO.publisher)
    assert (publisher, RDF.type, FP.Organization) in g
    assert g.value(publisher, RDFS.label) == zh("东湖日报")
    mentioned = set(g.objects(a, SDO.mentions))
    for cls in (FP.Person, FP.Post, FP.Organization, FP.Village, FP.Measure, FP.Team):
        assert set(g.subjects(RDF.type, cls)) <= mentioned, cls


def test_official(g):
    person = ID["person/zhao-liu"]
    assert (person, RDF.type, FP.Person) in g
    assert g.value(person, RDFS.label) == zh("赵六")
    assert g.value(person, FOAF.name) == zh("赵六")
    post = g.value(person, ORG.holds)
    assert (post, RDF.type, FP.Post) in g
    assert g.value(post, FP.title) == zh("市委书记")
    assert g.value(post, RDFS.label) == zh("市委书记")
    assert g.value(post, ORG.heldBy) == person
    assert g.value(g.value(post, ORG.postIn), RDFS.label) == zh("市委")
    assert g.value(post, FP.evidence) is not None


def test_byline_post_is_in_the_publisher(g):
    post = g.value(ID["person/zhou-ba"], ORG.holds)
    assert g.value(post, ORG.postIn) == g.value(ID[f"article/{ART}"], SDO.publisher)


def test_village_hierarchy(g):
    village = ID["village/qing-shan-xian/tao-hua-cun"]
    assert (village, RDF.type, FP.Village) in g
    township = g.value(village, SDO.containedInPlace)
    assert (township, RDF.type, FP.Township) in g and g.value(township, RDFS.label) == zh("石桥镇")
    county = g.value(township, SDO.containedInPlace)
    assert county == ID["area/qing-shan-xian"] and (county, RDF.type, FP.County) in g
    city = g.value(county, SDO.containedInPlace)
    assert (city, RDF.type, FP.Prefecture) in g
    assert g.value(village, FP.levelSource) == Literal("text")
    assert g.value(ID["village/qing-shan-xian/li-jia-zhuang-cun"], FP.levelSource) == Literal("gazetteer")
    assert g.value(county, FP.divisionCode) == Literal("419999")
    assert g.value(village, FP.evidence) is not None


def test_assignments(g):
    a1, a2 = ID[f"assignment/{ART}/1"], ID[f"assignment/{ART}/2"]
    assert g.value(a1, FP.assignee) == ID["person/qian-qi"]         # the official's node
    assert g.value(a1, FP.village) == ID["village/qing-shan-xian/tao-hua-cun"]
    assert g.value(a1, FP.role) == zh("第一书记")
    assert g.value(a1, RDFS.label) == zh("钱七 → 桃花村")
    team = g.value(a2, FP.assignee)
    assert (team, RDF.type, FP.Team) in g and g.value(team, RDFS.label) == zh("帮扶工作队")
    assert g.value(team, ORG.unitOf) == g.value(a2, FP.dispatchingUnit)
    assert g.value(g.value(a2, FP.dispatchingUnit), RDFS.label) == zh("市交通局")


def test_funds(g):
    f1, f2 = ID[f"fund/{ART}/1"], ID[f"fund/{ART}/2"]
    assert g.value(f1, SDO.amount) == Literal("250000000", datatype=XSD.decimal)
    assert g.value(f2, SDO.amount) == Literal("800000", datatype=XSD.decimal)   # "800000.0" canonicalised
    assert str(g.value(f2, SDO.amount)) == "800000"
    assert g.value(f1, SDO.currency) == Literal("CNY")
    assert g.value(f1, FP.amountText) == zh("2.5亿元")
    assert g.value(f1, FP.purpose) == zh("产业扶贫")
    assert g.value(f1, FP.flow) == zh("投入")
    assert g.value(f1, RDFS.label) == zh("2.5亿元 产业扶贫")
    assert g.value(f1, FP.recipient) is None
    recipient = g.value(f2, FP.recipient)
    assert (recipient, RDF.type, FP.Group) in g
    provider = g.value(f2, FP.provider)
    assert (provider, RDF.type, FP.Organization) in g and g.value(provider, RDFS.label) == zh("县扶贫办")


def test_measures(g):
    m = ID[f"measure/{ART}/san-bang-yi-gong-zuo-fa"]
    assert (m, RDF.type, FP.Measure) in g
    assert g.value(m, SKOS.prefLabel) == zh("三帮一工作法")
    assert g.value(m, SKOS.inScheme) == ID["scheme/measures"]
    assert g.value(m, FP.adoptedBy) == ID["area/qing-shan-xian"]      # reuses the county
    docs = set(g.subjects(RDF.type, FP.PolicyDocument))
    assert len(docs) == 1 and (docs.pop(), RDF.type, FP.Measure) in g


def test_event_reuses_person_and_village(g):
    e = ID[f"event/{ART}/1"]
    assert g.value(e, SDO.startDate) == Literal("2018-03-05", datatype=XSD.date)
    assert g.value(e, PROV.wasAssociatedWith) == ID["person/zhao-liu"]     # 市委书记赵六
    assert g.value(e, SDO.location) == ID["village/qing-shan-xian/tao-hua-cun"]


# --- evidence -------------------------------------------------------------------

def test_evidence_offsets_give_back_the_quote(g, doc):
    evidence = set(g.subjects(RDF.type, FP.Evidence))
    assert len(evidence) >= 8
    for ev in evidence:
        assert g.value(ev, OA.hasSource) == ID[f"article/{ART}"]
        selectors = set(g.objects(ev, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = g.value(pos, OA.start), g.value(pos, OA.end)
        assert start.datatype == XSD.integer and end.datatype == XSD.integer
        assert doc.raw[start.toPython():end.toPython()] == str(g.value(quote, OA.exact))
        assert str(ev) == str(ID[f"evidence/{ART}/{start}-{end}"])
        assert str(pos) == f"{ev}/position" and str(quote) == f"{ev}/quote"


def test_evidence_offsets_are_raw_offsets(g, doc):
    # 赵六 is split by a line break in the raw file: raw and repaired offsets differ.
    ev = g.value(g.value(ID["person/zhao-liu"], ORG.holds), FP.evidence)
    exact = [str(g.value(s, OA.exact)) for s in g.objects(ev, OA.hasSelector) if g.value(s, OA.exact)]
    assert exact == ["市委书记赵\n六"]
    assert g.value(ev, FP.sentence) == zh("3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。")
    assert g.value(ev, FP.blockKind) == Literal("body")


# --- determinism and safety -------------------------------------------------------

def test_two_emits_are_byte_identical():
    outs = []
    for source in ("/a/b/east-lake-daily-2018-03-20.txt",
                   "C:\\other\\folder\\east-lake-daily-2018-03-20.txt"):
        doc = make_document(source)
        outs.append(to_rdf(doc, make_facts(doc)).serialize(format="turtle"))
    assert outs[0] == outs[1]


def test_fact_order_does_not_change_output():
    doc = make_document()
    facts = make_facts(doc)
    a = to_rdf(doc, facts).serialize(format="nt")
    for name in ("officials", "villages", "assignments", "funds", "measures", "events"):
        getattr(facts, name).reverse()
    b = to_rdf(doc, facts).serialize(format="nt")
    assert sorted(a.splitlines()) == sorted(b.splitlines())


def test_no_blank_nodes(g):
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_iris_are_safe_for_hostile_labels():
    text = 'A "quoted" <script>alert(1)</script> 单位派 Zoë O\'Neil 到 桃花 村 100% & co.'
    doc = plain_doc(text, source="folder with space/my \"file\" <1>.txt")
    ev = Evidence(0, len(text))
    facts = Facts(
        officials=[Official('Zoë O\'Neil', "第一 书记", 'A "quoted" <script>', ev, place="桃花 村")],
        villages=[VillageFact("桃花 村", "", "x<y>县", ev)],
        assignments=[Assignment("Zoë O'Neil", "桃花 村", 'A "quoted" <script>', ev)],
        funds=[Fund("1e3", "100% & co.", "<script>alert(1)</script>", "{}|^`\\", ev)],
        measures=[Measure("“a b”", "a\tb", ev)],
        events=[Event(dt.date(2020, 1, 2), "x y", ['"'], ["\n"], ev)],
    )
    g = to_rdf(doc, facts)
    for triple in g:
        for t in triple:
            if not isinstance(t, Literal):
                assert is_safe_iri(t), t
    assert g.value(ID["article/my-file-1"], FP.sourceFile) == Literal('my "file" <1>.txt')
    assert Literal('A "quoted" <script>', lang="zh") in set(g.objects(None, RDFS.label))
    # N-Triples round-trips: nothing in an IRI needed escaping.
    assert len(Graph().parse(data=g.serialize(format="nt"), format="nt")) == len(g)


def test_unparseable_amount_is_left_out_and_flagged():
    doc = plain_doc("投入若干资金。")
    g = to_rdf(doc, Facts(funds=[Fund("若干", "x", "", "", Evidence(0, 7))]))
    assert g.value(ID["fund/plain/1"], SDO.amount) is None
    report = validate(g)
    assert not report.conforms and "schema:amount" in report.text


# --- resolution -------------------------------------------------------------------

def test_one_node_per_person_and_post():
    text = "县委书记孙九说，县委书记孙九指出。"
    doc = plain_doc(text)
    facts = Facts(officials=[Official("孙九", "县委书记", "县委", Evidence(0, 6)),
                             Official("孙九", "县委书记", "县委", Evidence(8, 14))])
    g = to_rdf(doc, facts)
    assert len(set(g.subjects(RDF.type, FP.Person))) == 1
    posts = set(g.subjects(RDF.type, FP.Post))
    assert len(posts) == 1
    assert len(set(g.objects(posts.pop(), FP.evidence))) == 2


def test_assignment_creates_missing_village_with_evidence():
    text = "市林业局派驻杏林村第一书记吴十。"
    doc = plain_doc(text)
    ev = Evidence(0, len(text) - 1)
    g = to_rdf(doc, Facts(assignments=[Assignment("吴十", "杏林村", "市林业局", ev, role="第一书记")]))
    village = g.value(ID["assignment/plain/1"], FP.village)
    assert (village, RDF.type, FP.Village) in g
    assert g.value(village, RDFS.label) == zh("杏林村")
    assert g.value(village, FP.evidence) is not None
    assert validate(g).conforms


def test_free_strings_are_classified():
    text = "各地各部门为贫困村和合作社投入资金。"
    doc = plain_doc(text)
    ev = Evidence(0, len(text))
    facts = Facts(funds=[Fund("100", "a", "县农业局", "贫困村", ev),
                         Fund("200", "b", "南山县", "北岭种植专业合作社", ev),
                         Fund("300", "c", "我市", "驻村工作队", ev)])
    g = to_rdf(doc, facts)

    def cls_of(label):
        node = next(g.subjects(RDFS.label, zh(label)))
        return {t for t in g.objects(node, RDF.type)}

    assert cls_of("县农业局") == {FP.Organization}
    assert cls_of("贫困村") == {FP.Group}           # a kind of village, not a named one
    assert cls_of("南山县") == {FP.County}
    assert cls_of("北岭种植专业合作社") == {FP.Organization}
    assert cls_of("我市") == {FP.AdministrativeArea}
    assert cls_of("驻村工作队") == {FP.Team}


def test_shared_graph_merges_people_and_splits_homophones():
    g = Graph()
    d1, d2 = plain_doc("县长李明讲话。", "one.txt"), plain_doc("县长黎明讲话。", "two.txt")
    to_rdf(d1, Facts(officials=[Official("李明", "县长", "", Evidence(0, 4))]), g)
    to_rdf(d2, Facts(officials=[Official("黎明", "县长", "", Evidence(0, 4))]), g)
    assert g.value(ID["person/li-ming"], RDFS.label) == zh("李明")
    assert g.value(ID["person/li-ming-2"], RDFS.label) == zh("黎明")
    n = len(g)
    to_rdf(d1, Facts(officials=[Official("李明", "县长", "", Evidence(0, 4))]), g)   # again: no change
    assert len(g) == n


def test_homophones_in_one_article_are_numbered_in_label_order():
    m = Minter()
    for label in ("黎明", "李明"):
        m.add(("person",), label)
    iris = m.assign()
    assert iris[("person",), "李明"] == ID["person/li-ming"]      # 李明 < 黎明 in code-point order
    assert iris[("person",), "黎明"] == ID["person/li-ming-2"]
    assert sorted(["黎明", "李明"]) == ["李明", "黎明"]


def test_slug_is_ascii_and_readable():
    assert slug("青山县") == "qing-shan-xian"
    assert slug("Hello, World!") == "hello-world"
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug('\'"<>{} 测试 ü'))


# --- validation -------------------------------------------------------------------

def test_fixture_graph_conforms(g):
    report = validate(g)
    assert report.conforms, report.text
    assert report.count("Violation") == 0


def test_missing_date_is_a_warning_only():
    doc = plain_doc("正文。")
    g = to_rdf(doc, Facts())
    report = validate(g)
    assert report.conforms
    assert report.count("Warning") == 1 and "datePublished" in report.text


def test_broken_graph_is_reported_with_labels(g):
    broken = Graph()
    for t in g:
        broken.add(t)
    fund = ID[f"fund/{ART}/1"]
    broken.remove((fund, SDO.amount, None))
    broken.remove((fund, FP.evidence, None))
    report = validate(broken)
    assert not report.conforms
    assert report.count("Violation") == 2
    first = report.text.splitlines()
    assert first[0].startswith("SHACL: does NOT conform — 2 violations")
    assert any("2.5亿元 产业扶贫" in line and "schema:amount" in line for line in first)


def test_evidence_spans_are_clamped():
    doc = plain_doc("短文。")
    g = to_rdf(doc, Facts(measures=[Measure("某措施", "", Evidence(1, 99))]))
    pos = next(g.subjects(RDF.type, OA.TextPositionSelector))
    assert (int(g.value(pos, OA.start)), int(g.value(pos, OA.end))) == (1, 3)


def test_span_helper(doc):
    ev = span(doc, "桃花村", 1)
    assert doc.text[ev.start:ev.end] == "桃花村"
