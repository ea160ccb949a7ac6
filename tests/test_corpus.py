"""Corpus builds: worker processes, the incremental cache, failures, large builds."""
import io
import json
import shutil
from pathlib import Path

import pytest

from kg import corpus, pipeline
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
FOUR = ["jiaozuo-daily-2017-01-12-p03.txt", "dingxi-daily-2018-06-07-p03.txt",
        "hechi-web-2015-08-14.txt", "xinhua-wire-2020-11-24.txt"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("in") / "news"
    (d / "sub").mkdir(parents=True)
    for i, name in enumerate(FOUR):
        shutil.copy(ARTICLES / name, (d / "sub" if i % 2 else d) / name)
    return d


def _files(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("graph.trig", "graph.ttl", "summary.json")}


def test_two_workers_build_what_one_builds(folder, tmp_path):
    one = build([folder], tmp_path / "one", workers=1, html=False, cache=False)
    two = build([folder], tmp_path / "two", workers=2, html=False, cache=False)
    assert one.stats["workers"] == 1 and two.stats["workers"] == 2
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert [a.source for a in two.articles] == [a.source for a in one.articles]


def test_incremental_build_extracts_only_what_changed(folder, tmp_path):
    src = tmp_path / "news"
    shutil.copytree(folder, src)
    out = tmp_path / "out"
    first = build([src], out, html=False)
    assert first.stats == {"extracted": 4, "cached": 0, "workers": 1}
    assert (out / corpus.CACHE_DIR).is_dir()
    again = build([src], out, html=False)
    assert again.stats["extracted"] == 0 and again.stats["cached"] == 4
    assert _files(out) == _files(out)                       # and the same graph:
    trig = (out / "graph.trig").read_bytes()
    first_trig = build([src], tmp_path / "fresh", html=False, cache=False)
    assert (tmp_path / "fresh" / "graph.trig").read_bytes() == trig and first_trig.triples == again.triples
    # one article changes, one goes: one extraction, and the cache forgets the gone one
    changed = src / FOUR[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n县委书记赵六到桃花村调研。\n", encoding="utf-8")
    (src / "sub" / FOUR[1]).unlink()
    third = build([src], out, html=False)
    assert third.stats["extracted"] == 1 and third.stats["cached"] == 2
    assert len(list((out / corpus.CACHE_DIR).glob("*/*.json.gz"))) == 3
    assert "from the cache" in third.render() and "time:" in third.render()


def test_the_date_option_is_part_of_the_cache_key(folder, tmp_path):
    out = tmp_path / "out"
    build([folder], out, html=False)
    dated = build([folder], out, html=False, date="2019-01-01")
    assert dated.stats["extracted"] == 4
    assert {a.date for a in dated.articles} == {"2019-01-01"}


def test_a_failing_article_is_reported_and_the_rest_built(folder, tmp_path, monkeypatch):
    src = tmp_path / "news"
    shutil.copytree(folder, src)
    (src / "empty.txt").write_bytes(b"")
    real = corpus._extract

    def boom(path, name, date):
        if path.name == FOUR[2]:
            raise RuntimeError("extractor bug")
        return real(path, name, date)

    monkeypatch.setattr(corpus, "_extract", boom)       # inherited by forked workers
    summary = build([src], tmp_path / "out", workers=2, html=False, cache=False)
    assert len(summary.articles) == 3
    errors = {s["source"].rsplit("/", 1)[-1]: s["error"] for s in summary.skipped}
    assert errors["empty.txt"].startswith("E103")
    assert errors[FOUR[2]].startswith("E999") and "RuntimeError: extractor bug" in errors[FOUR[2]]
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert len(data["skipped"]) == 2 and str(tmp_path) not in json.dumps(data, ensure_ascii=False)


def test_progress_bar():
    buf = io.StringIO()
    bar = corpus.Progress(3, True, stream=buf)
    for _ in range(3):
        bar.update()
    bar.close()
    text = buf.getvalue()
    assert "3/3 articles" in text and text.endswith("\n") and "\r[" in text
    quiet = io.StringIO()
    corpus.Progress(3, False, stream=quiet).update()
    assert quiet.getvalue() == ""


def test_cli_build_with_workers_and_progress(folder, tmp_path):
    from kg.cli import main

    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--workers", "2", "--no-html",
                 "--no-progress", "-q"]) == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["facts"]
    assert main(["build", str(folder), "-o", str(tmp_path / "o2"), "--workers", "x"]) == 2


def test_large_build_writes_quads_and_the_database(folder, tmp_path, monkeypatch):
    from kg.graph import store
    from kg.graph.oxigraph import query_path, store_for
    from kg.query import QUERY_NAMES, run_query

    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 0)
    monkeypatch.setattr(pipeline, "STORE_TRIPLES", 0)
    monkeypatch.setattr(pipeline, "HTML_TRIPLES", 0)
    out = tmp_path / "out"
    summary = build([folder], out, cache=False)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["graph.nq", "graph.trig", "graph.ttl", "oxigraph", "store.json", "summary.json"]
    assert any("graph.html not written" in w for w in summary.warnings)
    ds = store.load(out / "graph.trig")
    assert len(store.load(out / "graph.ttl")) == summary.triples
    assert store_for(out) == out / "oxigraph"
    for name in QUERY_NAMES:          # the database answers as rdflib does
        assert query_path(out, name).to_csv() == run_query(ds, name).to_csv(), name
    # graph.trig changes (a small build): the database is stale, and removed
    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 10**9)
    build([folder], out, cache=False, html=False)
    assert not (out / "oxigraph").exists() and not (out / "store.json").exists()
    assert not (out / "graph.nq").exists()


def test_large_build_is_deterministic(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 0)
    build([folder], tmp_path / "a", cache=False, store="memory", workers=2)
    build([folder], tmp_path / "b", cache=False, store="memory")
    for n in ("graph.trig", "graph.ttl", "graph.nq", "summary.json"):
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n
    assert not (tmp_path / "a" / "oxigraph").exists()


@pytest.mark.parametrize("corpus_json", ["corpus.json", "heldout/corpus.json"])
def test_corpus_graph_keeps_each_articles_scores(tmp_path, corpus_json):
    """Built together, every article of a corpus answers the six questions
    from its own named graph as it does built alone (kg eval)."""
    from rdflib import Dataset, URIRef

    from kg.evaluate import QUESTIONS, evaluate_corpus, score_dirs
    from kg.fileio import atomic_write
    from kg.graph import store
    from kg.graph.iri import article_slug, node_iri
    from kg.query import run_query

    corpus_file = ROOT / "data" / corpus_json
    base = corpus_file.parent
    alone = evaluate_corpus(corpus_file)
    entries = json.loads(corpus_file.read_text(encoding="utf-8"))
    # one build without --date: the corpus's dates are those of the file names
    build([base / e["article"] for e in entries], tmp_path / "out", html=False, workers=2)
    ds = store.load(tmp_path / "out")
    assert isinstance(ds, Dataset)
    for entry, result in zip(entries, alone.articles):
        graph = ds.graph(URIRef(node_iri("graph", article_slug(entry["article"]))))
        assert len(graph) > 0
        pred = tmp_path / "pred" / Path(entry["article"]).stem
        pred.mkdir(parents=True)
        for name in QUESTIONS:
            atomic_write(pred / f"{name}.csv", run_query(graph, name).to_csv().encode("utf-8"))
        together = score_dirs(base / entry["gold"], pred)
        assert together.macro_f1 == pytest.approx(result.macro_f1), entry["article"]
