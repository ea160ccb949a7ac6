"""The ``kg`` command, run as a user runs it: exit codes, one-line errors, output."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import cli

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
GOLD = ROOT / "data" / "gold" / "jiaozuo-daily-2017-01-12-p03"
KG = Path(sys.executable).parent / "kg"
COMMANDS = ("build", "query", "export", "validate", "viz", "eval")


def kg(*args, cwd=None, module=False, timeout=300):
    """Run the installed ``kg`` script (or ``python -m kg``)."""
    exe = [sys.executable, "-m", "kg"] if module or not KG.exists() else [str(KG)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(exe + [str(a) for a in args], capture_output=True, cwd=cwd,
                          env=env, timeout=timeout)


def err_line(run) -> str:
    """The single line on stderr (asserts there is exactly one, and no traceback)."""
    text = run.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("kg: E"), text
    return lines[0]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    run = kg("build", FIRST, "-o", out)
    assert run.returncode == 0, run.stderr.decode()
    assert b"built 1 article" in run.stdout
    return out


# --- help and version ---------------------------------------------------------------

def test_help_is_fast_and_lists_the_commands():
    start = time.monotonic()
    run = kg("--help")
    elapsed = time.monotonic() - start
    assert run.returncode == 0
    text = run.stdout.decode("utf-8")
    for c in COMMANDS:
        assert c in text
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "70 ", "130 "):
        assert f"  {code}" in text                       # exit status documented
    assert elapsed < 5


def test_cli_imports_nothing_heavy():
    code = ("import sys, kg.cli; heavy = [m for m in ('rdflib', 'pyshacl', 'pyvis', 'pypinyin', "
            "'networkx') if m in sys.modules]; print(heavy)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_python_m_kg_and_version():
    run = kg("--version", module=True)
    assert run.returncode == 0 and run.stdout.decode().startswith("kg ")
    for c in COMMANDS:
        assert kg(c, "--help", module=True).returncode == 0


def test_usage_errors_exit_2(tmp_path):
    assert kg().returncode == 2
    assert kg("query").returncode == 2
    assert kg("frobnicate").returncode == 2
    assert kg("build", FIRST, "-o", tmp_path / "o", "--date", "12/01/2017").returncode == 2
    assert kg("export", tmp_path, "--format", "dot").returncode == 2


# --- bad input: one line, documented code ---------------------------------------------

def test_missing_input_file(tmp_path):
    run = kg("build", tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert run.returncode == 3
    assert err_line(run).startswith("kg: E101 ")
    assert not (tmp_path / "out").exists()


def test_empty_input_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    run = kg("build", tmp_path / "empty.txt", "-o", tmp_path / "out")
    assert run.returncode == 3 and err_line(run).startswith("kg: E103 ")


def test_binary_input_file(tmp_path):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    run = kg("build", tmp_path / "bin.txt", "-o", tmp_path / "out")
    assert run.returncode == 3 and err_line(run).startswith("kg: E104 ")


def test_missing_graph(tmp_path):
    run = kg("query", tmp_path / "nope.ttl", "officials")
    assert run.returncode == 3 and err_line(run).startswith("kg: E110 ")
    run = kg("query", tmp_path, "officials")          # a folder with no graph in it
    assert run.returncode == 3 and err_line(run).startswith("kg: E111 ")


def test_turtle_syntax_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "x" .\nex:c ex:d ex:e ex:f .\n',
                   encoding="utf-8")
    run = kg("query", bad, "officials")
    line = err_line(run)
    assert run.returncode == 3 and line.startswith("kg: E115 ") and f"{bad}:3:" in line


def test_invalid_sparql(out):
    run = kg("query", out, "SELECT ?x WHERE { ?x ")
    assert run.returncode == 4 and err_line(run).startswith("kg: E401 ")


def test_unknown_query_name_lists_the_known_ones(out):
    run = kg("query", out, "oficials")
    line = err_line(run)
    assert run.returncode == 4 and line.startswith("kg: E402 ")
    for name in ("officials", "villages", "assignments", "funds", "measures", "events"):
        assert name in line


def test_unwritable_output_folder(tmp_path, out):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = kg("build", FIRST, "-o", blocker / "out", "--no-html")     # parent is a file
    assert run.returncode == 5 and err_line(run).startswith("kg: E5")
    run = kg("export", out, "--format", "ttl", "-o", blocker / "g.ttl")
    assert run.returncode == 5 and err_line(run).startswith("kg: E501 ")
    if os.geteuid() != 0:                                             # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        run = kg("build", FIRST, "-o", ro / "out", "--no-html")
        assert run.returncode == 5 and err_line(run).startswith("kg: E5")


def test_debug_shows_the_traceback(tmp_path):
    run = kg("--debug", "build", tmp_path / "nope.txt", "-o", tmp_path / "out")
    text = run.stderr.decode("utf-8")
    assert run.returncode == 3 and "Traceback" in text and text.splitlines()[-1].startswith("kg: E101")
    run = kg("build", tmp_path / "nope.txt", "-o", tmp_path / "out", "--debug")   # after the command
    assert "Traceback" in run.stderr.decode("utf-8")


# --- in-process: internal errors and interrupts -----------------------------------------

def test_internal_error_is_one_line_and_exit_70(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("something\nbroke")

    monkeypatch.setitem(cli.COMMANDS, "validate", boom)
    assert cli.main(["validate", "x"]) == 70
    err = capsys.readouterr().err
    assert err == "kg: E999 internal error: RuntimeError: something broke\n"
    assert cli.main(["--debug", "validate", "x"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "validate", interrupted)
    assert cli.main(["validate", "x"]) == 130
    assert capsys.readouterr().err == "kg: interrupted\n"


# --- the commands work ----------------------------------------------------------------

def test_build_output_layout(out):
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.trig", "graph.ttl",
                                                     "summary.json"]


def test_quiet_build_prints_nothing(tmp_path):
    run = kg("-q", "build", FIRST, "-o", tmp_path / "out", "--no-html")
    assert run.returncode == 0 and run.stdout == b"" and run.stderr == b""
    assert not (tmp_path / "out" / "graph.html").exists()


def test_query_csv_is_exactly_the_csv(out):
    from kg.graph.store import load
    from kg.query import run_query

    run = kg("query", out, "officials", "--format", "csv")
    assert run.returncode == 0 and run.stderr == b""
    expected = run_query(load(out), "officials").to_csv()
    assert run.stdout == expected.encode("utf-8")
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8"))))
    assert rows[0] == ["name", "post", "organization"] and len(rows) > 1
    assert ["王小平", "市委书记", "市委"] in rows


def test_query_the_file_and_the_folder_alike(out):
    a = kg("query", out, "funds", "--format", "csv").stdout
    assert a == kg("query", out / "graph.ttl", "funds", "--format", "csv").stdout
    assert a == kg("query", out / "graph.trig", "funds", "--format", "csv").stdout


def test_query_table_json_rq_and_sparql(out, tmp_path):
    table = kg("query", out, "villages")
    assert table.returncode == 0 and "village" in table.stdout.decode("utf-8").splitlines()[0]
    js = kg("query", out, "villages", "--format", "json")
    assert js.returncode == 0 and json.loads(js.stdout)
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    run = kg("query", out, rq, "--format", "csv")
    assert run.returncode == 0 and run.stdout.decode().splitlines()[0] == "n"
    run = kg("query", out, "ASK { ?s a fp:Village }")
    assert run.returncode == 0 and run.stdout.decode().strip() == "true"


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq", "jsonld", "xml"])
def test_export_every_format(out, tmp_path, fmt):
    from rdflib.compare import isomorphic

    from kg.graph.store import FORMATS, load, union

    run = kg("export", out, "--format", fmt)
    assert run.returncode == 0 and run.stdout
    path = tmp_path / f"g{FORMATS[fmt].suffix}"
    path.write_bytes(run.stdout)
    assert isomorphic(union(load(path)), union(load(out)))
    assert kg("export", out, "--format", fmt, "-o", tmp_path / f"o{FORMATS[fmt].suffix}").returncode == 0
    assert (tmp_path / f"o{FORMATS[fmt].suffix}").read_bytes() == run.stdout


def test_validate_exit_codes(out, tmp_path):
    run = kg("validate", out)
    assert run.returncode == 0 and run.stdout.decode("utf-8").startswith("SHACL: conforms")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix fp: <https://w3id.org/fupin-kg/ontology#> .\n"
                   "<https://w3id.org/fupin-kg/id/fund/x/1> a fp:Fund .\n", encoding="utf-8")
    run = kg("validate", bad)
    assert run.returncode == 1 and "does NOT conform" in run.stdout.decode("utf-8")


def test_viz(out, tmp_path):
    run = kg("viz", out, "-o", tmp_path / "v.html", "--focus", "武陟县", "--depth", "1")
    assert run.returncode == 0, run.stderr.decode()
    assert (tmp_path / "v.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")
    run = kg("viz", out, "-o", tmp_path / "w.html", "--types", "NoSuchClass")
    assert run.returncode == 2 and err_line(run).startswith("kg: E230")


def test_eval_on_a_small_corpus(tmp_path):
    shutil.copy(FIRST, tmp_path / "a.txt")
    shutil.copytree(GOLD, tmp_path / "gold" / "a")
    (tmp_path / "corpus.json").write_text(json.dumps([{"article": "a.txt", "gold": "gold/a",
                                                       "date": None}]), encoding="utf-8")
    run = kg("eval", tmp_path / "corpus.json")
    text = run.stdout.decode("utf-8")
    assert run.returncode == 0, run.stderr.decode()
    assert "== a.txt" in text and text.splitlines()[-1].startswith("mean macro_f1 ")
    run = kg("eval", tmp_path / "corpus.json", "--json")
    data = json.loads(run.stdout)
    assert 0 < data["mean_macro_f1"] <= 1 and data["articles"][0]["questions"]["funds"]["gold"] == 14
    run = kg("eval", tmp_path / "nope.json")
    assert run.returncode == 3 and err_line(run).startswith("kg: E123 ")
