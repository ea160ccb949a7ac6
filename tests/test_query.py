"""The six competency questions, and any SPARQL, on a built graph."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from rdflib import Dataset, Graph, URIRef

from graph_fixture import EXPECTED_CSV, make_document, make_facts
from kg.errors import QueryError
from kg.graph.emit import to_rdf
from kg.model import Document, Event, Evidence, Facts, Fund
from kg.query import QUERY_NAMES, display_width, query_path, run_query

HEADERS = {
    "officials": "name,post,organization",
    "villages": "village,township,county",
    "assignments": "assignee,village,dispatching_unit",
    "funds": "amount_yuan,purpose,provider,recipient",
    "measures": "measure,adopter",
    "events": "date,event,agent,place",
}


@pytest.fixture(scope="module")
def g():
    doc = make_document()
    return to_rdf(doc, make_facts(doc))


def plain_doc(text: str, source: str = "q.txt") -> Document:
    return Document(source=source, raw=text, text=text, offsets=list(range(len(text) + 1)))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_on_fixture(g, name):
    assert run_query(g, name).to_csv() == EXPECTED_CSV[name]


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_header_is_the_contract_even_when_empty(name):
    result = run_query(Graph(), name)
    assert result.to_csv() == HEADERS[name] + "\n"
    assert result.columns == HEADERS[name].split(",")


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_files_start_with_zh_and_en_question(name):
    lines = query_path(name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and any("\u4e00" <= c <= "\u9fff" for c in lines[0])
    assert lines[1].startswith("# ") and lines[1].isascii()


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_named_queries_survive_a_round_trip(g, fmt):
    again = Graph().parse(data=g.serialize(format=fmt), format=fmt)
    for name in QUERY_NAMES:
        assert run_query(again, name).to_csv() == EXPECTED_CSV[name], (fmt, name)


def test_amounts_are_plain_integers_after_turtle():
    text = "各部门投入9383.5万元，全市发放2.2亿元。"
    doc = plain_doc(text)
    facts = Facts(funds=[Fund("93835000", "支持", "各部门", "", Evidence(0, 12)),
                         Fund("2.2E+8", "救助", "全市", "", Evidence(13, 21)),
                         Fund("1234.50", "零头", "", "", Evidence(0, 3))])
    g = Graph().parse(data=to_rdf(doc, facts).serialize(format="turtle"), format="turtle")
    amounts = [row[0] for row in run_query(g, "funds").rows]
    assert amounts == ["1234.5", "93835000", "220000000"]     # in document order


def test_events_one_row_per_agent_and_place():
    text = "6月1日，甲县和乙县的干部群众在丙村、丁村植树。7月2日召开会议。"
    doc = plain_doc(text)
    facts = Facts(events=[
        Event(dt.date(2019, 6, 1), "植树", ["甲县", "乙县"], ["丙村", "丁村"], Evidence(0, 23)),
        Event(dt.date(2019, 7, 2), "召开会议", [], [], Evidence(24, 32)),
    ])
    rows = list(csv.reader(io.StringIO(run_query(to_rdf(doc, facts), "events").to_csv())))
    assert rows[0] == HEADERS["events"].split(",")
    assert rows[1:] == [
        ["2019-06-01", "植树", "乙县", "丁村"], ["2019-06-01", "植树", "乙县", "丙村"],
        ["2019-06-01", "植树", "甲县", "丁村"], ["2019-06-01", "植树", "甲县", "丙村"],
        ["2019-07-02", "召开会议", "", ""],
    ]


def test_prefixes_are_injected(g):
    result = run_query(g, "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 10")
    assert result.columns == ["s", "label"] and len(result.rows) == 10
    result = run_query(g, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a fp:Person }")
    assert result.rows == [("3",)]


def test_declared_prefix_wins(g):
    # The query's own rdfs: (here deliberately wrong) is kept, not replaced.
    result = run_query(g, "PREFIX rdfs: <http://example.org/>\nSELECT ?s WHERE { ?s rdfs:label ?l }")
    assert result.rows == []


def test_bad_sparql_is_a_one_line_query_error(g):
    with pytest.raises(QueryError) as info:
        run_query(g, "SELECT ?s WHERE {\n  ?s rdfs:label \n")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("E401 ")
    assert "line 2" in message and "column" in message
    assert info.value.exit_code == 4


def test_unknown_prefix_is_a_query_error(g):
    with pytest.raises(QueryError) as info:
        run_query(g, "SELECT ?s WHERE { ?s nope:x ?o }")
    assert str(info.value).startswith("E401 ") and "nope" in str(info.value)


def test_unknown_name_lists_the_known_ones(g):
    with pytest.raises(QueryError) as info:
        run_query(g, "oficials")
    message = str(info.value)
    assert message.startswith("E402 oficials:") and "\n" not in message
    for name in QUERY_NAMES:
        assert name in message


def test_query_from_file(g, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?f a fp:Fund }\n", encoding="utf-8")
    assert run_query(g, str(path)).to_csv() == "n\n2\n"
    with pytest.raises(QueryError) as info:
        run_query(g, str(tmp_path / "missing.rq"))
    assert str(info.value).startswith("E403 ")


def test_ask_and_construct(g):
    ask = run_query(g, "ASK { ?p a fp:Person }")
    assert ask.kind == "ASK" and ask.boolean is True
    assert ask.to_table() == "true" and ask.to_csv() == "true\n"
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": True}
    built = run_query(g, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a fp:Person ; rdfs:label ?l }")
    assert built.kind == "CONSTRUCT" and len(built.graph) == 3
    with pytest.raises(QueryError) as info:
        built.to_csv()
    assert "export" in str(info.value)


def test_json_is_sparql_results_format(g):
    data = json.loads(run_query(g, "officials").to_json())
    assert data["head"]["vars"] == ["name", "post", "organization"]
    first = data["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": "周八", "xml:lang": "zh"}
    uris = json.loads(run_query(g, "SELECT ?p WHERE { ?p a fp:Person } ORDER BY ?p").to_json())
    assert uris["results"]["bindings"][0]["p"]["type"] == "uri"


def test_unbound_is_empty(g):
    rows = run_query(g, "funds").rows
    assert rows[0][3] == ""
    json_rows = json.loads(run_query(g, "funds").to_json())["results"]["bindings"]
    assert "recipient" not in json_rows[0]


def test_table_aligns_chinese(g):
    table = run_query(g, "officials").to_table().splitlines()
    assert table[0].startswith("name") and set(table[1]) <= {"-", " "}
    # Every column starts at the same display column on every line.
    def starts(line):
        cols, width, prev_space = [], 0, True
        for ch in line:
            if ch != " " and prev_space:
                cols.append(width)
            prev_space = ch == " "
            width += display_width(ch)
        return cols
    header = starts(table[0])
    for line in table[1:]:
        assert starts(line)[:len(header)] == header[:len(starts(line))], line


def test_dataset_is_queried_as_a_union(g):
    ds = Dataset()
    named = ds.graph(URIRef("https://w3id.org/fupin-kg/id/article/x"))
    for t in g:
        named.add(t)
    assert run_query(ds, "officials").to_csv() == EXPECTED_CSV["officials"]
    assert ds.default_union is False          # left as it was
