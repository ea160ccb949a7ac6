"""kg push and kg query --endpoint, against a real Oxigraph server on 127.0.0.1."""
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.graph.store import load
from kg.pipeline import build
from kg.push import push, read_graphs
from kg.query import QUERY_NAMES, run_query
from kg.remote import query_endpoint, request

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
SECOND = ROOT / "data" / "articles" / "xinxiang-daily-2020-06-12-p02.txt"   # shares 河南省


def _oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    exe = _oxigraph_binary()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph: the test extra)")
    folder = tmp_path_factory.mktemp("oxigraph-db")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):                   # up to 10 s to start
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {proc.stderr.read()!r}")
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not answer")
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("push") / "out"
    build([FIRST, SECOND], out, html=False, cache=False)
    return out


def _count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    r = query_endpoint(base + "/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(r.rows[0][0])


def test_push_default_graph_with_the_graph_store_protocol(oxigraph, built):
    union, _ = read_graphs(built)
    report = push(built, endpoint=oxigraph + "/store", batch=1000)
    assert report.batches == -(-len(union) // 1000) and report.batches > 1
    assert report.verified == {"default graph": len(union)} == {"default graph": report.triples}
    assert _count(oxigraph) == len(union) == len(load(built / "graph.ttl"))
    # again: replaced, not doubled
    push(built, endpoint=oxigraph + "/store", batch=5000)
    assert _count(oxigraph) == len(union)


def test_named_questions_remotely_answer_as_locally(oxigraph, built):
    push(built, endpoint=oxigraph + "/store")
    local = load(built)
    for name in QUERY_NAMES:
        assert query_endpoint(oxigraph + "/query", name).to_csv() == run_query(local, name).to_csv(), name


def test_push_into_a_named_graph_with_sparql_update(oxigraph, built):
    g = "https://example.org/fupin/test"
    report = push(built, update=oxigraph + "/update", graph=g, batch=2000)
    assert report.how == "SPARQL Update" and report.verified == {g: report.triples}
    assert _count(oxigraph, g) == report.triples
    remote = query_endpoint(oxigraph + "/query", "officials", graph=g)
    assert remote.to_csv() == run_query(load(built), "officials").to_csv()


def test_push_one_graph_per_article(oxigraph, built):
    report = push(built, endpoint=oxigraph + "/store", named_graphs=True)
    names = [g for g, _ in report.graphs]
    assert "https://w3id.org/fupin-kg/id/graph/jiaozuo-daily-2017-01-12-p03" in names
    assert "https://w3id.org/fupin-kg/id/graph/resolution" in names
    for g, n in report.graphs:
        assert _count(oxigraph, g) == n


def test_cli_push_and_query_endpoint(oxigraph, built):
    run = subprocess.run([sys.executable, "-m", "kg", "push", str(built), "--endpoint",
                          oxigraph + "/store", "--batch", "3000"], capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert b"verified:" in run.stdout
    q = subprocess.run([sys.executable, "-m", "kg", "query", "--endpoint", oxigraph + "/query", "funds",
                        "--format", "csv"], capture_output=True, cwd=ROOT)
    assert q.returncode == 0, q.stderr
    assert q.stdout.decode("utf-8") == run_query(load(built), "funds").to_csv()
    both = subprocess.run([sys.executable, "-m", "kg", "push", str(built)], capture_output=True, cwd=ROOT)
    assert both.returncode == 2 and b"E205" in both.stderr


# --- retries, against a small flaky server ------------------------------------------------

class _Flaky(BaseHTTPRequestHandler):
    fails = 0
    seen: list = []

    def log_message(self, *a):
        pass

    def _answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        type(self).seen.append((self.command, len(body)))
        if type(self).fails > 0:
            type(self).fails -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer


@pytest.fixture()
def flaky():
    _Flaky.fails, _Flaky.seen = 0, []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_transient_errors_are_retried(flaky, built):
    _Flaky.fails = 2
    report = push(built, endpoint=flaky + "/store", batch=100_000, verify=False, retries=3)
    assert report.retries == 2 and [m for m, _ in _Flaky.seen] == ["PUT", "PUT", "PUT"]
    _Flaky.fails, _Flaky.seen = 5, []
    with pytest.raises(OutputError) as e:
        request(flaky + "/store", method="PUT", data=b"", retries=1, backoff=0.01)
    assert e.value.code == "E511" and len(_Flaky.seen) == 2


def test_unreachable_store(built):
    with pytest.raises(OutputError) as e:
        push(built, endpoint=f"http://127.0.0.1:{_free_port()}/store", retries=0)
    assert e.value.code == "E510"
