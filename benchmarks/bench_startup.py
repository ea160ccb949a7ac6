"""Whole-process time of ``kg --help`` and of ``kg build`` on one article, as
ratios to ``python -c "import rdflib"`` measured side by side.

Targets (docs/performance.md): ``kg --help`` ≤ 1.2 × and ``kg build`` (one
article, no HTML) ≤ 4 × the time Python takes to import rdflib.  The three
commands run in turn, ``--runs`` times each, and the medians are compared,
so that a busy machine slows all three alike.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"
KG = [sys.executable, "-m", "kg"]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cmds = {
            "import rdflib": [sys.executable, "-c", "import rdflib"],
            "kg --help": KG + ["--help"],
            "kg build (1 article)": KG + ["build", str(ARTICLE), "-o", f"{tmp}/out", "--no-html", "-q"],
        }
        for cmd in cmds.values():          # warm the file cache
            timed(cmd)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):
            for k, cmd in cmds.items():
                times[k].append(timed(cmd))
    base = statistics.median(times["import rdflib"])
    print(f"{'command':<24}{'median s':>10}{'ratio':>8}  target")
    for k, ts in times.items():
        m = statistics.median(ts)
        target = {"kg --help": "≤ 1.2", "kg build (1 article)": "≤ 4"}.get(k, "")
        print(f"{k:<24}{m:>10.3f}{m / base:>8.2f}  {target}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # then kg's own modules are compiled from source at every run (about
        # 0.03 s of a build); an installed package has its bytecode cached
        print("note: PYTHONDONTWRITEBYTECODE is set: kg's modules are compiled at every run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
