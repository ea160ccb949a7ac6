"""The on-disk database: built by kg build, used by kg query, the same answers as rdflib."""
import os
import shutil
from pathlib import Path

import pytest

from kg.graph import oxigraph as ox
from kg.graph.store import load
from kg.pipeline import build
from kg.query import QUERY_NAMES, run_query

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("ox") / "out"
    build([ARTICLES], out, html=False, cache=False, store="oxigraph")
    return out


def test_store_is_built_on_request_and_stamped(built):
    assert (built / "oxigraph").is_dir() and (built / "store.json").is_file()
    assert ox.store_for(built) == built / "oxigraph"


def test_six_questions_same_answers_as_rdflib(built):
    ds = load(built)
    db = ox.open_store(ox.store_for(built))
    for name in QUERY_NAMES:
        mine, theirs = ox.query_store(db, name), run_query(ds, name)
        assert mine.to_csv() == theirs.to_csv(), name
        assert mine.to_json() == theirs.to_json(), name


def test_villages_sub_selects_are_the_plain_question(built):
    """villages.rq walks containedInPlace+ inside sub-selects (fast on both
    engines); written as plain OPTIONAL paths it gives the same rows."""
    import re

    from kg.query import load_query

    text = load_query("villages")[0]
    plain = re.sub(r"OPTIONAL \{ \{ SELECT \?v \?(\w+) WHERE \{\s*\?v a fp:Village ; fp:levelSource \?s\d ;"
                   r" (schema:containedInPlace\+ \?\w+ \.\s*\?\w+ a fp:\w+ ; rdfs:label \?\w+) \} \} \}",
                   r"OPTIONAL { ?v \2 }", text)
    assert plain.count("SELECT") == text.count("SELECT") - 2        # both rewritten back
    ds = load(built)
    db = ox.open_store(ox.store_for(built))
    assert run_query(ds, plain).to_csv() == run_query(ds, text).to_csv()
    assert ox.query_store(db, plain).to_csv() == ox.query_store(db, text).to_csv()


def test_default_graph_holds_each_triple_once(built):
    db = ox.open_store(ox.store_for(built))
    n = ox.query_store(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(n) == len(load(built / "graph.ttl"))
    ask = ox.query_store(db, "ASK { GRAPH ?g { ?s a schema:NewsArticle } }")
    assert ask.kind == "ASK" and ask.boolean is True


def test_query_errors(built):
    from kg.errors import QueryError

    db = ox.open_store(ox.store_for(built))
    with pytest.raises(QueryError) as e:
        ox.query_store(db, "SELECT ?x WHERE { ?x ")
    assert e.value.code == "E401"
    with pytest.raises(QueryError):
        ox.query_store(db, "no-such-question")


def test_a_stale_database_is_not_used(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    assert ox.store_for(out) is not None
    trig = out / "graph.trig"
    os.utime(trig, ns=(trig.stat().st_atime_ns, trig.stat().st_mtime_ns + 10**9))
    assert ox.store_for(out) is None
    # kg query falls back to rdflib, with the same answer
    assert ox.query_path(out, "funds").to_csv() == run_query(load(built), "funds").to_csv()


def test_query_path_engines_agree(built):
    answers = {s: ox.query_path(built, "officials", store=s).to_csv()
               for s in ("auto", "oxigraph", "memory")}
    assert len(set(answers.values())) == 1
    # a graph file, read into an in-memory Oxigraph store
    assert ox.query_path(built / "graph.trig", "officials", store="oxigraph").to_csv() == answers["auto"]


def test_cli_query_uses_the_database(built):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "kg", "query", str(built), "villages", "--format", "csv",
                          "--store", "oxigraph"], capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode("utf-8") == run_query(load(built), "villages").to_csv()
    bad = subprocess.run([sys.executable, "-m", "kg", "query", "officials"], capture_output=True, cwd=ROOT)
    assert bad.returncode == 2 and b"E203" in bad.stderr


def test_rdflib_api_over_the_database(built, tmp_path):
    pytest.importorskip("oxrdflib")
    folder = tmp_path / "db"
    shutil.copytree(built / "oxigraph", folder)
    ds = ox.rdflib_dataset(folder)
    try:
        n = run_query(ds, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a fp:Person }").rows[0][0]
        assert int(n) == int(run_query(load(built), "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE "
                                                    "{ ?p a fp:Person }").rows[0][0])
    finally:
        ds.close()


# --- loading part by part (large builds) --------------------------------------------

_NQ = (b'<http://e/a> <http://e/p> "1" <http://e/g1> .\n'
       b'<http://e/b> <http://e/p> "2" <http://e/g1> .\n'
       b'<http://e/a> <http://e/p> "1" <http://e/g2> .\n')
_UNION = b'<http://e/a> <http://e/p> "1" .\n<http://e/b> <http://e/p> "2" .\n'


def _quads(folder) -> set[str]:
    store = ox.open_store(folder)
    try:
        return {str(q) for q in store.quads_for_pattern(None, None, None, None)}
    finally:
        del store


def test_a_store_fed_part_by_part_is_the_store_loaded_at_once(tmp_path):
    (tmp_path / "g.nq").write_bytes(_NQ)
    (tmp_path / "u.nt").write_bytes(_UNION)
    ox.load_store(tmp_path / "whole", tmp_path / "g.nq", union=_UNION)
    feed = ox.StoreFeed(tmp_path / "parts")
    cut = _NQ.index(b"\n") + 1                      # whole lines at a time
    feed.add(tmp_path / "g.nq", 0, cut)
    feed.add(tmp_path / "g.nq", cut, len(_NQ) - cut)
    feed.add(tmp_path / "u.nt", 0, len(_UNION), union=True)
    feed.finish()
    assert _quads(tmp_path / "parts") == _quads(tmp_path / "whole")
    assert len(_quads(tmp_path / "parts")) == 5         # 3 named, 2 in the default graph


def test_a_store_feed_reports_bad_data_and_can_be_abandoned(tmp_path):
    (tmp_path / "bad.nq").write_bytes(b"<http://e/a> <http://e/p> .\n")
    feed = ox.StoreFeed(tmp_path / "bad")
    feed.add(tmp_path / "bad.nq", 0, 28)
    with pytest.raises(SyntaxError):
        feed.finish()
    (tmp_path / "g.nq").write_bytes(_NQ)
    feed = ox.StoreFeed(tmp_path / "dropped")
    feed.add(tmp_path / "g.nq", 0, len(_NQ))
    feed.close()                                        # waits for the thread, raises nothing
    feed.close()
    assert not feed._threads and feed.store is None
