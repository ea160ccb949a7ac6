"""kg.pipeline.build: outputs, determinism, and builds that fail or are killed."""
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.errors import InputError, OutputError
from kg.graph import store
from kg.pipeline import FACT_KINDS, build, collect_inputs

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
OUTPUTS = ("graph.trig", "graph.ttl", "graph.html", "summary.json")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "out"
    return build([FIRST], out), out


def test_build_writes_every_output(built):
    summary, out = built
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert [p.name for p in summary.outputs] == list(OUTPUTS)
    assert all(summary.counts[k] > 0 for k in FACT_KINDS)
    assert summary.triples == len(store.load(out / "graph.ttl")) > 0
    assert not any(p.name.startswith(".") for p in out.parent.iterdir())   # no staging left


def test_trig_holds_one_named_graph_per_article(built):
    _, out = built
    ds = store.load(out / "graph.trig")
    assert isinstance(ds, Dataset)
    names = [str(g.identifier) for g in ds.graphs() if len(g)]
    assert names == ["https://w3id.org/fupin-kg/id/graph/jiaozuo-daily-2017-01-12-p03"]
    assert len(ds.default_graph) == 0


def test_summary_json_is_portable(built):
    summary, out = built
    text = (out / "summary.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["facts"] == summary.counts
    assert data["articles"][0]["source"] == FIRST.name
    assert data["articles"][0]["date"] == "2017-01-12"
    assert str(out) not in text and str(ROOT) not in text and "/tmp" not in text
    assert data["outputs"] == list(OUTPUTS)


def test_render_is_a_short_summary(built):
    summary, out = built
    text = summary.render()
    assert text.startswith("built 1 article into")
    for k in FACT_KINDS:
        assert f"{k} {summary.counts[k]}" in text
    assert f"triples: {summary.triples}" in text and "graph.ttl" in text


def test_two_builds_are_byte_identical(built, tmp_path):
    _, out = built
    again = build([FIRST], tmp_path / "elsewhere", html=False)
    for name in ("graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (tmp_path / "elsewhere" / name).read_bytes(), name
    first = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "elsewhere" / "summary.json").read_text(encoding="utf-8"))
    assert first["articles"] == second["articles"] and again.triples == first["triples"]


def test_date_override(tmp_path):
    summary = build([FIRST], tmp_path / "out", date="2017-02-01", html=False)
    assert summary.articles[0].date == "2017-02-01"


def test_folder_input_skips_bad_articles_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIRST, folder / "sub" / FIRST.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    assert [n for _, n in collect_inputs([folder])] == [
        "in/binary.txt", "in/empty.txt", f"in/sub/{FIRST.name}"]
    summary = build([folder], tmp_path / "out", html=False)
    assert [a.source for a in summary.articles] == [f"in/sub/{FIRST.name}"]
    # notes.md is no article file: skipped with a warning too (E134)
    assert [s["source"] for s in summary.skipped] == ["in/notes.md", "in/binary.txt", "in/empty.txt"]
    assert any("E103" in w for w in summary.warnings) and any("E104" in w for w in summary.warnings)
    assert any("E134" in w and "notes.md" in w for w in summary.warnings)
    assert "(3 skipped)" in summary.render()
    assert str(tmp_path) not in (tmp_path / "out" / "summary.json").read_text(encoding="utf-8")


def test_a_single_bad_input_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError) as err:
        build([tmp_path / "empty.txt"], tmp_path / "out")
    assert str(err.value).startswith("E103")
    with pytest.raises(InputError):
        build([tmp_path / "missing.txt"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_all_inputs_bad_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match="none of the 2 inputs"):
        build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out")


def test_folder_without_articles(tmp_path):
    (tmp_path / "in").mkdir()
    with pytest.raises(InputError, match="no article files"):
        build([tmp_path / "in"], tmp_path / "out")


def test_same_file_name_twice_is_built_once(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(FIRST, tmp_path / d / FIRST.name)
    summary = build([tmp_path / "a", tmp_path / "b", tmp_path / "a" / FIRST.name], tmp_path / "out",
                    html=False)
    assert len(summary.articles) == 1
    assert summary.skipped and "E132" in summary.skipped[0]["error"]


def test_out_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        build([FIRST], tmp_path / "out", html=False)


def test_other_files_in_out_are_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    build([FIRST], out, html=False)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_failure_in_the_middle_leaves_the_previous_build(built, tmp_path, monkeypatch):
    _, first_out = built
    out = tmp_path / "out"
    shutil.copytree(first_out, out)
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    real_save = store.save

    def fail_on_ttl(graph, path, fmt=None):
        if Path(path).name == "graph.ttl":
            raise OSError(28, "No space left on device")
        return real_save(graph, path, fmt)

    monkeypatch.setattr(store, "save", fail_on_ttl)
    with pytest.raises(OSError):
        build([FIRST], out, date="2020-01-01")
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]       # staging removed


_KILLED_BUILD = r"""
import sys, time
from pathlib import Path
from kg.graph import store
real_save = store.save
def slow_save(graph, path, fmt=None):
    out = real_save(graph, path, fmt)
    if Path(path).name == "graph.trig":
        print("WRITING", flush=True)     # the new graph.trig is staged; now wait to be killed
        time.sleep(60)
    return out
store.save = slow_save
from kg.pipeline import build
build([sys.argv[1]], sys.argv[2], date="2020-01-01")
"""


def test_killed_build_leaves_the_previous_build(built, tmp_path):
    _, first_out = built
    out = tmp_path / "out"
    shutil.copytree(first_out, out)
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(FIRST), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "WRITING", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    store.load(out)                               # still a whole, readable graph
    leftovers = [p for p in tmp_path.iterdir() if p.name != "out"]
    assert leftovers and all(p.name.startswith(".out.kg-build-") for p in leftovers)
    build([FIRST], out, html=False)               # the next build clears a killed one's staging
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_small_build_writes_with_oxigraph_and_the_page_changes_no_graph_file(built, tmp_path):
    from kg.corpus import extract_one, nt_text
    from kg.graph import oxigraph as ox

    _, out = built                                   # with graph.html
    plain = tmp_path / "plain"
    build([FIRST], plain, html=False)
    for name in ("graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name
    rec = extract_one(FIRST, FIRST.name)
    iri = "https://w3id.org/fupin-kg/id/graph/" + rec.slug
    lines = [line for line in nt_text(rec).split("\n") if line]
    assert (plain / "graph.trig").read_bytes() == ox.write_trig(ox.nquads_of([(iri, lines)]))
    assert (plain / "graph.ttl").read_bytes() == ox.write_turtle(sorted(set(lines)))
