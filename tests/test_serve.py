"""kg serve: the SPARQL 1.1 Protocol over real HTTP on 127.0.0.1."""
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.graph.store import load
from kg.pipeline import build
from kg.query import run_query

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
SECOND = ROOT / "data" / "articles" / "dingxi-daily-2018-06-07-p03.txt"
BIG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Server:
    def __init__(self, graph: Path, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(graph), "--port", "0", "-q", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        if not m:
            self.stop()
            raise AssertionError(f"kg serve did not start: {line!r} {self.proc.stderr.read()}")
        self.base = f"http://127.0.0.1:{m.group(1)}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def get(self, path: str, accept: str = "", **params):
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        return self._open(urllib.request.Request(url, headers={"Accept": accept} if accept else {}))

    def post(self, path: str, body: bytes, ctype: str, accept: str = ""):
        headers = {"Content-Type": ctype}
        if accept:
            headers["Accept"] = accept
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers))

    @staticmethod
    def _open(req):
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("serve") / "out"
    build([FIRST, SECOND], out, html=False, cache=False)
    return out


@pytest.fixture(scope="module")
def server(built):
    s = Server(built, "--timeout", "3", "--max-rows", "50", "--workers", "1")
    yield s
    s.stop()


def form(**kv) -> bytes:
    return urllib.parse.urlencode(kv).encode()


def test_get_json_is_the_default(server, built):
    status, headers, body = server.get("/sparql", query="SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n LIMIT 3")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["n"] and len(data["results"]["bindings"]) == 3
    assert data["results"]["bindings"][0]["n"]["xml:lang"] == "zh"
    assert (built / "oxigraph").is_dir()            # made by kg serve, for the next start


def test_post_form_csv_answers_like_kg_query(server, built):
    text = (ROOT / "kg" / "queries" / "funds.rq").read_text(encoding="utf-8")
    status, headers, body = server.post("/sparql", form(query=text), "application/x-www-form-urlencoded",
                                        accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    mine = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    theirs = list(csv.reader(io.StringIO(run_query(load(built), "funds").to_csv())))
    assert mine == theirs


def test_post_direct_xml_and_tsv(server):
    q = "SELECT ?a WHERE { ?a a schema:NewsArticle } ORDER BY ?a"
    status, headers, body = server.post("/sparql", q.encode(), "application/sparql-query",
                                        accept="application/sparql-results+xml")
    assert status == 200 and "sparql-results+xml" in headers["Content-Type"]
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    uris = [u.text for u in ET.fromstring(body).findall(".//s:uri", ns)]
    assert len(uris) == 2 and all(u.startswith("https://w3id.org/fupin-kg/id/article/") for u in uris)
    status, headers, body = server.get("/sparql", accept="text/tab-separated-values", query=q)
    assert status == 200 and body.decode().splitlines()[0] == "?a"
    status, _, body = server.get("/sparql", query=q, format="csv")
    assert status == 200 and body.decode().splitlines()[0] == "a"


def test_ask_construct_and_negotiation(server):
    status, _, body = server.get("/sparql", query="ASK { ?s a fp:Village }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, headers, body = server.get("/sparql", query="CONSTRUCT WHERE { ?s a fp:Village } LIMIT 2")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    status, headers, body = server.get("/sparql", accept="application/n-triples",
                                       query="CONSTRUCT WHERE { ?s a fp:Village } LIMIT 2")
    assert status == 200 and len(body.decode().strip().splitlines()) == 2
    status, _, _ = server.get("/sparql", accept="image/png", query="SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 406


def test_bad_query_is_a_400(server):
    status, _, body = server.get("/sparql", query="SELECT ?x WHERE { ?x ")
    assert status == 400 and b"syntax" in body.lower()
    status, _, _ = server.post("/sparql", b"", "application/x-www-form-urlencoded")
    assert status == 400
    assert server.get("/nothing")[0] == 404


def test_read_only_refuses_updates(server):
    status, _, body = server.post("/update", b"INSERT DATA { <http://e/a> <http://e/p> 1 }",
                                  "application/sparql-update")
    assert status == 403 and b"--writable" in body
    status, _, _ = server.post("/update", form(update="CLEAR ALL"), "application/x-www-form-urlencoded")
    assert status == 403
    status, _, body = server.get("/sparql", query="ASK { <http://e/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_result_size_limit(server):
    status, headers, body = server.get("/sparql", query="SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "50"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, headers, _ = server.get("/sparql", query="SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert headers.get("X-SPARQL-MaxRows") is None


def test_timeout_stops_the_query_and_the_server_goes_on(server):
    status, _, body = server.get("/sparql", query=BIG)
    assert status == 503 and b"timeout" in body
    status, _, body = server.get("/sparql", query="ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_query_page_works_offline(server):
    status, headers, body = server.get("/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "officials" in page and "fetch('sparql'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_sparqlwrapper_client(server):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    sw = SPARQLWrapper.SPARQLWrapper(server.base + "/sparql")
    sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?p a fp:Person }")
    sw.setReturnFormat(SPARQLWrapper.JSON)
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n > 0
    sw.setMethod(SPARQLWrapper.POST)
    assert int(sw.query().convert()["results"]["bindings"][0]["n"]["value"]) == n


def test_writable_server_accepts_updates(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    s = Server(out, "--writable", "--timeout", "20")
    try:
        status, _, _ = s.post("/update", b'INSERT DATA { <http://e/a> <http://e/p> "x" }',
                              "application/sparql-update")
        assert status == 204
        status, _, body = s.get("/sparql", query='ASK { <http://e/a> <http://e/p> "x" }')
        assert json.loads(body)["boolean"] is True
        status, _, _ = s.post("/update", form(update="INSERT DATA { <http://e/b> ??? }"),
                              "application/x-www-form-urlencoded")
        assert status == 400
    finally:
        s.stop()


def test_a_graph_file_is_served_from_a_temporary_database(built, tmp_path):
    shutil.copy(built / "graph.trig", tmp_path / "g.trig")
    s = Server(tmp_path / "g.trig")
    try:
        status, _, body = s.get("/sparql", query="ASK { ?s a fp:Person }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        s.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.trig"]


def test_in_memory_mode_answers_like_the_database_and_survives_a_timeout(built):
    s = Server(built, "--memory", "--timeout", "3", "--workers", "1")
    try:
        for name in ("officials", "villages"):
            status, _, body = s.get("/sparql", "text/csv", query=(ROOT / "kg" / "queries" / f"{name}.rq").read_text())
            assert status == 200
            assert body.decode("utf-8").replace("\r\n", "\n") == run_query(load(built), name).to_csv()
        status, _, _ = s.get("/sparql", query=BIG)
        assert status == 503                  # too slow: the worker is replaced (and reloads)
        status, _, body = s.get("/sparql", query="ASK { ?s a fp:Person }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        s.stop()


def test_only_loopback(built):
    from kg.cli import main

    assert main(["serve", str(built), "--host", "0.0.0.0", "--port", "0"]) == 2
