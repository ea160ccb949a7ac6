"""Build throughput: articles per second and peak memory of ``kg build`` on
generated corpora (benchmarks/generate.py) of 100, 1,000 and 10,000
articles, with 1 and 2 workers; then a second, incremental build (every
article from the cache).

Each build is a whole ``kg build DIR -o OUT --workers N --no-html`` process,
from a cold cache; peak memory is the largest resident set of the process
and its workers (``ru_maxrss`` of the children).

    .venv/bin/python benchmarks/bench_build.py [--sizes 100 1000] [--workers 1 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def run_build(corpus: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--workers", str(workers),
           "--no-html", "-q", "--no-progress"]
    # a fresh process per build: its children's peak memory is its own
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:]); s = time.perf_counter() - t; "
             "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    res = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, cwd=ROOT)
    seconds, rss_kb, rc = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"build failed: {res.stderr}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"seconds": float(seconds), "peak_mb": int(rss_kb) / 1024, "triples": summary["triples"],
            "articles": len(summary["articles"])}


def main(argv=None) -> int:
    from generate import generate

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--keep", help="keep the generated corpora here")
    args = ap.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows = []
    try:
        for n in args.sizes:
            corpus = base / f"corpus-{n}"
            if not corpus.exists():
                t = time.perf_counter()
                generate(n, corpus, seed=1)
                print(f"generated {n} articles in {time.perf_counter() - t:.1f} s", flush=True)
            for w in args.workers:
                out = base / f"out-{n}-{w}"
                shutil.rmtree(out, ignore_errors=True)
                r = run_build(corpus, out, w)
                again = run_build(corpus, out, w)           # incremental: all from the cache
                row = {"articles": n, "workers": w, **r, "rate": n / r["seconds"],
                       "incremental_s": again["seconds"]}
                rows.append(row)
                print(f"{n:>6} articles  {w} worker{'s' if w > 1 else ' '}  {r['seconds']:7.1f} s  "
                      f"{row['rate']:6.1f} articles/s  peak {r['peak_mb']:6.0f} MB  "
                      f"{r['triples']:>9} triples  again (cached) {again['seconds']:6.1f} s", flush=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
