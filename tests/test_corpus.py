"""Corpus builds: worker processes, the incremental cache, failures, large builds."""
import io
import json
import shutil
from pathlib import Path

import pytest

from kg import corpus, pipeline, spill
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


def _break_extraction_of(file_name: str, monkeypatch) -> None:
    """Make extracting ``file_name`` raise, as an extractor bug would
    (the patch is inherited by forked workers)."""
    real = corpus._extract

    def boom(path, name, date):
        if path.name == file_name:
            raise RuntimeError("extractor bug")
        return real(path, name, date)

    monkeypatch.setattr(corpus, "_extract", boom)


def test_a_failing_article_is_reported_and_the_rest_built(folder, tmp_path, monkeypatch):
    src = tmp_path / "news"
    shutil.copytree(folder, src)
    (src / "empty.txt").write_bytes(b"")
    _break_extraction_of(FOUR[2], monkeypatch)
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


# --- spooling: the triples go to disk as the articles come -------------------------

PAGE = """2019年5月6日

某某日报

{county}脱贫攻坚纪实

{county}委书记王建国到{town}{village}调研脱贫攻坚工作。{unit}派驻{village}第一书记周六带领群众发展产业。
"""


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """Three articles whose 王建国 and 周六 are renamed apart across them."""
    d = tmp_path_factory.mktemp("renamed") / "news"
    d.mkdir()
    for stem, county, town, village, unit in (
            ("a-2019-05-06", "修武县", "西村乡", "平顶爻村", "焦作市委组织部"),
            ("b-2019-05-06", "修武县", "西村乡", "平顶爻村", "焦作市委组织部"),
            ("c-2019-05-06", "温县", "祥云镇", "南韩村", "焦作市财政局")):
        (d / f"{stem}.txt").write_text(PAGE.format(county=county, town=town, village=village,
                                                   unit=unit), encoding="utf-8")
    return d


def _in_memory(files) -> tuple[bytes, list[str]]:
    """graph.nq and the union's lines as builds made them before spooling:
    every article's lines in memory, renamed line by line."""
    import re

    from kg.graph.iri import node_iri
    from kg.graph.oxigraph import nquads_of
    from kg.resolve import RESOLUTION_GRAPH, resolve

    records, _ = corpus.extract_all(files)
    resolution = resolve({r.slug: r.mentions for r in records})
    graphs = []
    for r in records:
        table = {f"<{o}>": f"<{n}>" for o, n in resolution.renames.get(r.slug, {}).items()}
        lines = {re.sub(r"<[^>]*>", lambda m: table.get(m.group(0), m.group(0)), x) for x in r.nt}
        graphs.append((str(node_iri("graph", r.slug)), sorted(lines)))
    graphs.append((RESOLUTION_GRAPH, resolution.ntriples()))
    return nquads_of(graphs), sorted({x for _, lines in graphs for x in lines})


@pytest.mark.parametrize("bucket_lines, piece_bytes", [(10**9, 16 << 20), (50, 2000)])
def test_spooled_large_build_writes_what_the_in_memory_build_wrote(renamed, tmp_path, monkeypatch,
                                                                   bucket_lines, piece_bytes):
    from kg.graph import oxigraph as ox

    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 0)
    monkeypatch.setattr(spill, "BUCKET_LINES", bucket_lines)    # 50: the union in ~20 buckets
    monkeypatch.setattr(spill, "PIECE_BYTES", piece_bytes)      # the resolution graph in pieces
    out = tmp_path / "out"
    summary = build([renamed], out, cache=False, store="memory", workers=2)
    nquads, union = _in_memory(pipeline.collect_inputs([renamed]))
    assert any("person/wang-jian-guo/" in x for x in union)          # renamed apart
    assert (out / "graph.nq").read_bytes() == nquads
    assert (out / "graph.trig").read_bytes() == ox.write_trig(nquads)
    assert (out / "graph.ttl").read_bytes() == ox.write_turtle(union)
    assert summary.triples == len(union)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]      # the spool went with the stage


def test_spooled_records_keep_no_triples(folder, tmp_path, monkeypatch):
    files = pipeline.collect_inputs([folder])
    plain, _ = corpus.extract_all(files)
    spool = tmp_path / "spool"
    spool.mkdir()
    spooled, _ = corpus.extract_all(files, workers=2, spool=spool)
    assert all(r.nt == [] and r.spool for r in spooled)
    assert [corpus.nt_text(r) for r in spooled] == ["\n".join(r.nt) + "\n" for r in plain]
    assert [r.mentions for r in spooled] == [r.mentions for r in plain]
    # a build spools inside its staging folder beside OUT, and removes it
    seen = []
    real = corpus.spool_record

    def spy(where, rec):
        seen.append(where)
        return real(where, rec)

    monkeypatch.setattr(corpus, "spool_record", spy)
    build([folder], tmp_path / "b" / "out", html=False, cache=False)
    assert seen and all(p.parent.parent == tmp_path / "b" and p.parent.name.startswith(".out.kg-build-")
                        for p in seen)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["out"]


def test_a_failing_article_mid_corpus_leaves_the_others_graph(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 0)
    rest = tmp_path / "rest"
    shutil.copytree(folder, rest)
    bad = next(p for p in rest.rglob("*.txt") if p.name == FOUR[2])
    bad.unlink()
    build([rest], tmp_path / "want", cache=False, store="memory", html=False)
    _break_extraction_of(FOUR[2], monkeypatch)
    src = tmp_path / "news"
    shutil.copytree(folder, src)
    summary = build([src], tmp_path / "out", cache=False, store="memory", html=False, workers=2)
    assert [s["error"][:4] for s in summary.skipped] == ["E999"]
    for n in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (tmp_path / "out" / n).read_bytes() == (tmp_path / "want" / n).read_bytes(), n


def test_a_large_build_that_fails_leaves_the_previous_one(folder, tmp_path, monkeypatch):
    from kg.errors import OutputError
    from kg.graph import oxigraph as ox

    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", 0)
    out = tmp_path / "out"
    build([folder], out, html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full(*args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ox, "write_turtle_file", full)
    with pytest.raises(OutputError, match="No space left"):
        build([folder], out, html=False, date="2020-01-01")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]      # staging and spool removed


def test_few_distinct_triples_among_many_repeated_build_small(renamed, tmp_path, monkeypatch):
    """More lines than LARGE_TRIPLES, but fewer distinct triples: streamed
    to count them, then written as a small build, the database started for
    it dropped."""
    import pyoxigraph as ox

    from kg.graph import oxigraph as kgox

    small = build([renamed], tmp_path / "small", cache=False, html=False)
    quads = list(ox.parse(path=str(tmp_path / "small" / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) > small.triples                # the articles repeat some triples
    monkeypatch.setattr(pipeline, "LARGE_TRIPLES", small.triples)
    monkeypatch.setattr(pipeline, "STORE_TRIPLES", small.triples + 1)
    feeds = []

    class Feed(kgox.StoreFeed):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            feeds.append(self)

    monkeypatch.setattr(kgox, "StoreFeed", Feed)
    summary = build([renamed], tmp_path / "out", cache=False, html=False)
    assert summary.triples == small.triples
    assert len(feeds) == 1 and feeds[0].store is None          # started, then dropped
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.trig", "graph.ttl",
                                                                    "summary.json"]
    for n in ("graph.trig", "graph.ttl", "summary.json"):
        assert (tmp_path / "out" / n).read_bytes() == (tmp_path / "small" / n).read_bytes(), n
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "small"]
