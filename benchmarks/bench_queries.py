"""Latency of the six competency questions at about 10k, 100k and 1M triples:
rdflib in memory, Oxigraph in memory, and Oxigraph on disk (the database
``kg build`` writes), side by side, with ratios to rdflib.

The graphs are built from generated articles (benchmarks/generate.py; ~500
triples an article).  Each question is run ``--runs`` times on each engine
(after one warm-up run) and the median is kept; a question slower than
``--rdflib-limit`` seconds on an engine is run only once there.  The time
to make each engine ready (rdflib: parse graph.trig; Oxigraph on disk: open)
is the ``load`` row: it is what every ``kg query`` process pays.

    .venv/bin/python benchmarks/bench_queries.py [--articles 20 200 2000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))


def timed(fn, runs: int, limit: float | None = None) -> float:
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    if limit is not None and first > limit:
        return first
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main(argv=None) -> int:
    import pyoxigraph as ox_

    from generate import generate
    from kg.graph import oxigraph as ox
    from kg.graph.store import load
    from kg.pipeline import build
    from kg.query import QUERY_NAMES, run_query

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[20, 200, 2000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-limit", type=float, default=20.0)
    ap.add_argument("--no-rdflib", action="store_true", help="skip rdflib (slow past 100k triples)")
    ap.add_argument("--keep", help="keep the corpora and builds here")
    args = ap.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-q-"))
    results = []
    try:
        for n in args.articles:
            corpus, out = base / f"corpus-{n}", base / f"out-{n}"
            if not corpus.exists():
                generate(n, corpus, seed=1)
            if not (out / "summary.json").exists():
                build([corpus], out, html=False, workers=2, store="oxigraph", cache=False)
            triples = json.loads((out / "summary.json").read_text(encoding="utf-8"))["triples"]
            row = {"articles": n, "triples": triples, "load": {}, "questions": {}}
            t = time.perf_counter()
            disk = ox.open_store(ox.store_for(out))
            row["load"]["oxigraph-disk"] = time.perf_counter() - t
            t = time.perf_counter()
            mem = ox_.Store()      # in memory: the merged graph as the default graph
            mem.bulk_load(path=str(out / "graph.ttl"), format=ox_.RdfFormat.TURTLE)
            row["load"]["oxigraph-memory"] = time.perf_counter() - t
            graph = None
            if not args.no_rdflib:
                t = time.perf_counter()
                graph = load(out / "graph.ttl")
                row["load"]["rdflib"] = time.perf_counter() - t
            print(f"\n{n} articles, {triples} triples; load: " +
                  ", ".join(f"{k} {v:.2f} s" for k, v in row["load"].items()), flush=True)
            print(f"{'question':<12}{'rdflib ms':>12}{'ox-mem ms':>12}{'ox-disk ms':>12}"
                  f"{'rdflib/mem':>12}{'rdflib/disk':>12}", flush=True)
            for name in QUERY_NAMES:
                q = {}
                if graph is not None:
                    q["rdflib"] = timed(lambda: run_query(graph, name), args.runs, args.rdflib_limit)
                q["oxigraph-memory"] = timed(lambda: ox.query_store(mem, name), args.runs, args.rdflib_limit)
                q["oxigraph-disk"] = timed(lambda: ox.query_store(disk, name), args.runs, args.rdflib_limit)
                row["questions"][name] = q
                r = q.get("rdflib")
                print(f"{name:<12}{(r or float('nan')) * 1000:>12.0f}{q['oxigraph-memory'] * 1000:>12.0f}"
                      f"{q['oxigraph-disk'] * 1000:>12.0f}"
                      f"{(r / q['oxigraph-memory']) if r else float('nan'):>12.1f}"
                      f"{(r / q['oxigraph-disk']) if r else float('nan'):>12.1f}", flush=True)
            results.append(row)
            del disk, mem, graph
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
