"""Inputs as users have them, and no way to break it.

Encodings (UTF-8, BOMs, UTF-16, GB18030/GBK, Big5 with Traditional
characters), bad inputs (empty, binary, huge, truncated, missing, folders of
mixed files, devices), bad queries and graph files, unwritable outputs,
interrupted and killed builds, and the security rules: no input reaches a
shell, names from a corpus never write outside the output folder.  Each bad
case: one line on stderr, a documented exit status, no traceback.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text import parse_text, read_document
from kg.text.read import decode

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIRST = DATA / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
WEB = DATA / "articles" / "xinhua-wire-2020-11-24.txt"
OUTPUTS = ("graph.trig", "graph.ttl", "summary.json")


def kg(*args, cwd=None, env=None, timeout=300):
    run_env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          cwd=cwd or ROOT, env=run_env, timeout=timeout)


def one_error_line(run) -> str:
    text = run.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: "), text
    return lines[0]


# --- encodings ----------------------------------------------------------------------------

ARTICLE = FIRST.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, data", [
    ("utf-8", ARTICLE.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),
    ("utf-16", b"\xff\xfe" + ARTICLE.encode("utf-16-le")),
    ("utf-16", b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
    ("gb18030", ARTICLE.encode("gb18030")),
    ("gb18030", ARTICLE.replace("•", "●").encode("gbk")),        # GBK has no U+2022
])
def test_every_encoding_gives_the_same_text(tmp_path, name, data):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == name and doc.raw.replace("●", "•") == ARTICLE and not doc.original


@pytest.fixture(scope="module")
def big5_article(tmp_path_factory):
    """The first article in Traditional characters (Taiwan forms), saved as Big5."""
    from opencc import OpenCC

    folder = tmp_path_factory.mktemp("big5")
    path = folder / FIRST.name
    path.write_bytes(OpenCC("s2tw").convert(ARTICLE).encode("cp950"))
    return path


def test_big5_is_decoded_and_converted_for_matching(big5_article):
    doc = read_document(big5_article)
    assert doc.encoding == "big5"
    assert "脫貧攻堅" in doc.raw and "脱贫攻坚" in doc.text          # raw kept, text Simplified
    assert len(doc.original) == len(doc.text) and "脫貧攻堅" in doc.original
    i = doc.text.find("市委书记王小平")
    a, b = doc.raw_span(i, i + 7)
    assert doc.raw[a:b] == "市委書記王小平"                      # offsets point into the file's text
    assert doc.date.isoformat() == "2017-01-12"


def test_big5_build_scores_like_the_text_and_keeps_the_original_labels(big5_article, tmp_path):
    from rdflib import Literal
    from rdflib.namespace import RDFS, SKOS

    from kg.evaluate import evaluate_corpus
    from kg.graph.store import load

    gold = str(DATA / "gold" / FIRST.stem)
    scores = []
    for i, path in enumerate((FIRST, big5_article)):
        corpus = tmp_path / f"c{i}.json"
        corpus.write_text(json.dumps([{"article": str(path), "gold": gold, "date": None}]))
        scores.append(evaluate_corpus(corpus).mean_macro_f1)
    assert scores[1] >= scores[0] - 0.05, scores
    run = kg("build", big5_article, "-o", tmp_path / "out", "--no-html")
    assert run.returncode == 0, run.stderr.decode()
    graph = load(tmp_path / "out" / "graph.ttl")
    person = next(graph.subjects(RDFS.label, Literal("王小平", lang="zh")))
    county = next(graph.subjects(RDFS.label, Literal("武陟县", lang="zh")))
    assert Literal("武陟縣", lang="zh-Hant") in set(graph.objects(county, SKOS.altLabel))
    assert set(graph.objects(person, SKOS.altLabel)) == set()      # same in both scripts
    assert kg("validate", tmp_path / "out").returncode == 0


def test_traditional_text_in_utf8_is_converted_too():
    doc = parse_text("縣委書記趙小東到村裡調研。")
    assert doc.text == "县委书记赵小东到村里调研。" and doc.original == "縣委書記趙小東到村裡調研。"
    assert parse_text("县委书记到村里调研。").original == ""


def test_undecodable_file_names_file_and_byte_offset(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("扶贫".encode("utf-8") * 10 + b"\xff\xfe\xfa" + "扶贫".encode("utf-8"))
    run = kg("build", path, "-o", tmp_path / "out")
    line = one_error_line(run)
    assert run.returncode == 3 and line.startswith(f"kg: E105 {path}: ") and "offset 60" in line
    with pytest.raises(InputError, match="bad byte 0xff at offset 5"):
        decode(b"\xef\xbb\xbfab\xff", source="x.txt")                 # offsets count the BOM


# --- bad inputs, one line each -----------------------------------------------------------------

@pytest.mark.parametrize("content, code", [
    (b"", "E103"),
    (b" \n\t\r\n", "E103"),
    (b"\x00\x01\x02PK\x03\x04" * 100, "E104"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "E106"),            # a truncated PDF
])
def test_bad_file_is_one_line_and_exit_3(tmp_path, content, code):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    run = kg("build", path, "-o", tmp_path / "out")
    assert run.returncode == 3 and one_error_line(run).startswith(f"kg: {code} {path}")
    assert not (tmp_path / "out").exists()
    run = kg("--debug", "build", path, "-o", tmp_path / "out")
    assert run.returncode == 3 and "Traceback" in run.stderr.decode()


def test_truncated_real_pdf_is_an_error_not_a_partial_graph(tmp_path):
    pytest.importorskip("reportlab")
    from make_pdf import article_pdf

    pdf = article_pdf(ARTICLE, tmp_path / "page.pdf")
    data = pdf.read_bytes()
    pdf.write_bytes(data[: int(len(data) * 0.8)])
    run = kg("build", pdf, "-o", tmp_path / "out")
    line = one_error_line(run)
    assert run.returncode == 3 and line.startswith(f"kg: E106 {pdf}: truncated PDF")


def test_a_50_mb_file_fails_at_once_without_reading_it(tmp_path):
    big = tmp_path / "whole-archive.txt"
    chunk = ("扶贫工作队进驻村里，帮助村民发展产业。\n" * 1000).encode("utf-8")
    with open(big, "wb") as f:
        while f.tell() < 50 * 2**20:
            f.write(chunk)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    probe = ("import resource, subprocess, sys, time; t = time.monotonic(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True); "
             "print(r.returncode, time.monotonic() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.stderr.buffer.write(r.stderr)")
    results = {}
    for path in (empty, big):
        run = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "kg", "build",
                              str(path), "-o", str(tmp_path / "out")], capture_output=True,
                             cwd=ROOT, timeout=120)
        code, seconds, rss_kb = run.stdout.decode().split()
        results[path.name] = (int(code), float(seconds), int(rss_kb), run.stderr.decode())
    code, seconds, rss_kb, err = results[big.name]
    assert code == 3 and err.startswith(f"kg: E109 {big}: too large") and "--max-size" in err
    assert seconds < 30
    assert rss_kb - results[empty.name][2] < 20 * 1024        # the 50 MB were never read in


def test_max_size_option_and_environment(tmp_path):
    run = kg("build", FIRST, "-o", tmp_path / "out", "--max-size", "0.01", "--no-html")
    assert run.returncode == 3 and "E109" in one_error_line(run)
    run = kg("build", FIRST, "-o", tmp_path / "out", "--no-html", env={"KG_MAX_SIZE_MB": "0.01"})
    assert run.returncode == 3 and "E109" in one_error_line(run)
    run = kg("build", FIRST, "-o", tmp_path / "out", "--max-size", "1", "--no-html")
    assert run.returncode == 0, run.stderr.decode()
    assert kg("build", FIRST, "-o", tmp_path / "out", "--max-size", "lots").returncode == 2


def test_devices_and_pipes_are_refused_not_read(tmp_path):
    run = kg("build", "/dev/zero", "-o", tmp_path / "out", timeout=60)
    assert run.returncode == 3 and one_error_line(run).startswith("kg: E102 /dev/zero")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = kg("build", fifo, "-o", tmp_path / "out", timeout=60)      # would block if opened
    assert run.returncode == 3 and one_error_line(run).startswith(f"kg: E102 {fifo}")


def test_missing_path_and_a_folder_without_articles(tmp_path):
    run = kg("build", tmp_path / "nope", "-o", tmp_path / "out")
    assert run.returncode == 3 and one_error_line(run).startswith("kg: E101 ")
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    run = kg("build", tmp_path / "pics", "-o", tmp_path / "out")
    assert run.returncode == 3 and one_error_line(run).startswith("kg: E130 ")


def test_folder_of_mixed_files_builds_the_articles_and_skips_the_rest(tmp_path):
    pytest.importorskip("reportlab")
    from make_html import news_page
    from make_pdf import article_pdf

    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(FIRST, folder / FIRST.name)
    article_pdf(DATA.joinpath("articles", "dingxi-daily-2018-06-07-p03.txt").read_text(encoding="utf-8"),
                folder / "dingxi-daily-2018-06-07-p03.pdf", columns=2)
    (folder / "sub" / f"{WEB.stem}.html").write_text(news_page(WEB.read_text(encoding="utf-8")),
                                                     encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "data.bin").write_bytes(os.urandom(300))
    (folder / "corrupt.txt").write_bytes(b"\x00\xff" * 100)
    (folder / "empty.html").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    os.symlink(folder, folder / "sub" / "loop")                  # a link back up: not followed
    run = kg("build", folder, "-o", tmp_path / "out", "--no-html")
    assert run.returncode == 0, run.stderr.decode()
    assert run.stderr == b""
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert sorted(a["source"] for a in summary["articles"]) == [
        "inbox/dingxi-daily-2018-06-07-p03.pdf", f"inbox/{FIRST.name}", f"inbox/sub/{WEB.stem}.html"]
    skipped = {s["source"]: s["error"].split()[0] for s in summary["skipped"]}
    assert skipped == {"inbox/data.bin": "E134", "inbox/photo.png": "E134",
                       "inbox/corrupt.txt": "E104", "inbox/empty.html": "E103"}
    out = run.stdout.decode("utf-8")
    assert "built 3 articles" in out and "(4 skipped)" in out and "photo.png" in out


# --- queries and graph files -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("q") / "out"
    run = kg("build", FIRST, "-o", out, "--no-html")
    assert run.returncode == 0, run.stderr.decode()
    return out


def test_invalid_sparql_and_unknown_names(built, tmp_path):
    run = kg("query", built, "SELECT ?x WHERE { ?x ")
    assert run.returncode == 4 and one_error_line(run).startswith("kg: E401 ")
    run = kg("query", built, "fundz")
    line = one_error_line(run)
    assert run.returncode == 4 and line.startswith("kg: E402 ")
    assert all(n in line for n in ("officials", "villages", "assignments", "funds", "measures", "events"))
    rq = tmp_path / "bad.rq"
    rq.write_text("SELEKT * WHERE {}", encoding="utf-8")
    assert kg("query", built, rq).returncode == 4


def test_turtle_syntax_error_gives_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "x" .\nex:c ex:d ex:e ex:f .\n',
                   encoding="utf-8")
    run = kg("query", bad, "officials")
    line = one_error_line(run)
    assert run.returncode == 3 and line.startswith(f"kg: E115 {bad}:3:16: syntax error")


def test_a_graph_file_never_makes_the_reader_fetch_what_it_names(tmp_path):
    """A JSON-LD file whose @context is a URL: refused (E118), nothing fetched."""
    import socket
    import threading

    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(1)
    trap.settimeout(3)
    evil = tmp_path / "evil.jsonld"
    evil.write_text(json.dumps({"@context": f"http://127.0.0.1:{trap.getsockname()[1]}/ctx.jsonld",
                                "@id": "http://x/a", "name": "b"}), encoding="utf-8")
    runs = []
    asking = threading.Thread(target=lambda: runs.append(kg("query", evil, "officials", timeout=60)))
    asking.start()
    try:
        with pytest.raises(OSError):                          # socket.timeout: nobody came
            trap.accept()[0].close()
    finally:
        asking.join(60)
        trap.close()
    assert runs[0].returncode == 3 and one_error_line(runs[0]).startswith(f"kg: E118 {evil}")
    fine = tmp_path / "fine.jsonld"
    fine.write_text(json.dumps({"@context": {"name": "http://schema.org/name"}, "@id": "http://x/a",
                                "name": "b"}), encoding="utf-8")
    assert kg("query", fine, "ASK { ?s ?p ?o }").returncode == 0


def test_unwritable_output(tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        run = kg("build", FIRST, "-o", blocker / "out", "--no-html")
    else:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        run = kg("build", FIRST, "-o", ro / "out", "--no-html")
    assert run.returncode == 5 and one_error_line(run).startswith("kg: E5")


# --- interrupted, terminated and killed builds ------------------------------------------------------

_WRAPPER = r"""
import os, signal, sys, time
from pathlib import Path
# a shell starts background jobs with SIGINT ignored, and Python keeps an
# inherited SIG_IGN: a test run from such a job would see no Ctrl-C at all
signal.signal(signal.SIGINT, signal.default_int_handler)
from kg.graph import store
mode = sys.argv[1]
if mode == "staged":                   # stop once the new graph.trig is staged
    real_save = store.save
    def save(graph, path, fmt=None):
        out = real_save(graph, path, fmt)
        if Path(path).name == "graph.trig":
            print("READY", flush=True)
            time.sleep(30)
        return out
    store.save = save
elif mode == "commit":                 # stop after the first file is moved into place
    real_replace = os.replace
    def replace(a, b, *args, **kw):
        real_replace(a, b, *args, **kw)
        if Path(b).name == "graph.trig" and ".kg-build-" not in str(Path(b).parent):
            print("READY", flush=True)
            time.sleep(3)
    os.replace = replace
from kg.cli import main
sys.exit(main(sys.argv[2:]))
"""


def state(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS if (out / n).exists()}


def consistent(out: Path, before: dict[str, bytes]) -> str:
    """'old' if OUT is the previous build, 'new' if it is wholly the new one."""
    now = state(out)
    if now == before:
        return "old"
    assert set(now) == set(OUTPUTS), now.keys()
    dates = {n: b"2020-01-01" in data for n, data in now.items()}
    assert all(dates.values()), f"a mixed build folder: {dates}"
    return "new"


@pytest.fixture
def previous(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out, state(out)


def start(mode: str, out: Path):
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, mode, "build", str(FIRST), "-o",
                             str(out), "--date", "2020-01-01", "--no-html"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    line = proc.stdout.readline()
    assert line.strip() == b"READY", proc.stderr.read()
    return proc


@pytest.mark.parametrize("sig, status, message", [
    (signal.SIGINT, 130, "kg: interrupted"),
    (signal.SIGTERM, 143, "kg: terminated (SIGTERM)"),
])
def test_interrupted_build_leaves_the_previous_graph(previous, sig, status, message):
    out, before = previous
    proc = start("staged", out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status and err.decode().strip() == message
    assert consistent(out, before) == "old"
    assert [p.name for p in out.parent.iterdir()] == ["out"]     # the staging folder is removed


def test_signal_while_files_move_in_waits_for_the_last_one(previous):
    out, before = previous
    proc = start("commit", out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and err.decode().strip() == "kg: terminated (SIGTERM)"
    assert consistent(out, before) == "new"                      # all moved, none half
    assert [p.name for p in out.parent.iterdir()] == ["out"]


def test_killed_build_at_any_moment_leaves_a_whole_graph(previous):
    out, before = previous
    seen = set()
    # a one-article build takes ~0.4 s: killed while Python starts, while it
    # extracts, about when it writes, and after it is done
    for delay, sig in ((0.1, signal.SIGTERM), (0.25, signal.SIGINT), (0.35, signal.SIGKILL),
                       (2.0, signal.SIGTERM)):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(FIRST), "-o", str(out),
                                 "--date", "2020-01-01", "--no-html"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        # -SIGINT/-SIGTERM: the signal came while Python was still starting, before kg ran
        assert proc.returncode in (0, 130, 143, -signal.SIGKILL, -signal.SIGINT, -signal.SIGTERM), err
        if proc.returncode in (130, 143):
            assert "Traceback" not in err.decode() and len(err.decode().splitlines()) == 1
        seen.add(consistent(out, before))
        if "new" in seen:
            shutil.rmtree(out)
            out.mkdir()
            for n, data in before.items():
                (out / n).write_bytes(data)
        from kg.graph.store import load
        load(out)                                               # always a whole, readable graph
    assert "old" in seen


# --- security ---------------------------------------------------------------------------------------

def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            owner = getattr(f.value, "id", "") if isinstance(f, ast.Attribute) else ""
            yield owner, name, node


def test_no_input_ever_reaches_a_shell():
    """kg/ runs no program: no subprocess, os.system/popen/exec/spawn, eval or
    exec of data, no pickle (the build cache is JSON)."""
    found = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in ("subprocess", "pickle", "marshal", "shelve", "pty")
                       for n in names):
                    found.append(f"{path.name}: import {names}")
        for owner, name, node in _calls(tree):
            if owner == "os" and (name in ("system", "popen", "startfile") or
                                  name.startswith(("exec", "spawn", "posix_spawn"))):
                found.append(f"{path.name}:{node.lineno} os.{name}")
            if owner == "" and name in ("eval", "exec", "compile", "__import__"):
                found.append(f"{path.name}:{node.lineno} {name}()")
            if any(k.arg == "shell" for k in node.keywords):
                found.append(f"{path.name}:{node.lineno} shell=")
    assert not found, found


def test_file_names_with_shell_syntax_are_only_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    marker = tmp_path / "pwned"
    for name in (f"$(touch {marker}).txt", f"`touch {marker}`.txt".replace("/", "_"),
                 "a; touch pwned;.txt", "-rf --help.txt", "'\"<>|&.txt"):
        (folder / name.replace("/", "_")).write_bytes(FIRST.read_bytes())
    run = kg("build", folder, "-o", tmp_path / "out", "--no-html", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    assert not marker.exists() and not (tmp_path / "pwned").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_names_from_a_corpus_never_write_outside_the_output(tmp_path):
    """kg eval --keep DIR writes DIR/<article>/: names from the corpus file
    (``..``, absolute paths) stay inside DIR."""
    work = tmp_path / "work"
    (work / "articles" / "x").mkdir(parents=True)
    shutil.copy(FIRST, work / "articles" / "x" / "a.txt")
    gold = str(DATA / "gold" / FIRST.stem)
    corpus = work / "corpus.json"
    corpus.write_text(json.dumps([
        {"article": "articles/x/..", "gold": gold, "date": None},
        {"article": str(work / "articles" / "x" / "a.txt"), "gold": gold, "date": None},
        {"article": "articles/x/../x/a.txt", "gold": gold, "date": None},
    ]), encoding="utf-8")
    keep = work / "keep"
    run = kg("eval", corpus, "--keep", keep)
    assert run.returncode == 0, run.stderr.decode()
    written = [p for p in tmp_path.rglob("*.csv")]
    assert written and all(keep in p.parents for p in written), written
    assert sorted(p.name for p in work.iterdir()) == ["articles", "corpus.json", "keep"]


def test_build_writes_only_its_own_file_names(tmp_path):
    """What an article says (its title, its <title>, a PDF's metadata) never names a file."""
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text("<html><head><title>../../escaped</title></head><body><h1>../../../tmp/x</h1>"
                    "<div id='c'><p>县财政投入50万元，帮助村里修路。</p></div></body></html>",
                    encoding="utf-8")
    run = kg("build", page.parent, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "graph.html", "graph.trig", "graph.ttl", "summary.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_cli_import_stays_light():
    code = ("import sys, kg.cli; print([m for m in ('pdfplumber', 'pdfminer', 'opencc', 'reportlab', "
            "'rdflib') if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


# --- the SPARQL endpoint (kg serve): loopback only, no updates unless asked, no fetching ---------

@pytest.fixture
def endpoint(built):
    pytest.importorskip("pyoxigraph")
    import threading

    from kg.serve import close_server, make_server

    servers = []

    def start(**kw):
        server = make_server(built, port=0, workers=1, **kw)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"
    yield start
    for server in servers:
        server.shutdown()
        close_server(server)


def _http(url: str, data: bytes | None = None, ctype: str = "application/x-www-form-urlencoded"):
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(base: str) -> bytes:
    from urllib.parse import quote

    status, body = _http(f"{base}/sparql?query={quote(COUNT)}&format=csv")
    assert status == 200, body
    return body


def test_endpoint_binds_to_loopback_only(endpoint, built):
    import ipaddress

    from kg.errors import UsageError
    from kg.serve import make_server

    base = endpoint()
    host = base.split("//")[1].rsplit(":", 1)[0]
    assert ipaddress.ip_address(host).is_loopback
    for host in ("0.0.0.0", "::", "8.8.8.8"):
        with pytest.raises(UsageError):
            make_server(built, host=host, port=0, workers=1)


def test_endpoint_refuses_updates_unless_asked(endpoint):
    from urllib.parse import urlencode

    base = endpoint()
    before = _count(base)
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    status, _ = _http(f"{base}/update", urlencode({"update": update}).encode())
    assert status == 403
    status, _ = _http(f"{base}/update", update.encode(), "application/sparql-update")
    assert status == 403
    status, _ = _http(f"{base}/sparql", urlencode({"update": update}).encode())
    assert status == 400
    status, _ = _http(f"{base}/sparql", urlencode({"query": update}).encode())
    assert status == 400                                        # an update is no query
    assert _count(base) == before


def test_endpoint_queries_fetch_nothing_from_elsewhere(endpoint):
    """SERVICE and FROM name other places; the endpoint must not go there."""
    import socket
    import threading
    from urllib.parse import quote

    base = endpoint(timeout=5)
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(1)
    trap.settimeout(3)
    port = trap.getsockname()[1]
    called = []
    try:
        for q in (f"SELECT * FROM <http://127.0.0.1:{port}/g.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1",
                  f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"):
            asking = threading.Thread(target=_http, args=(f"{base}/sparql?query={quote(q)}",))
            asking.start()
            try:
                conn, _ = trap.accept()
                conn.close()
                called.append(q)
            except OSError:                                    # socket.timeout: nobody came
                pass
            asking.join(30)
    finally:
        trap.close()
    assert not called, called
