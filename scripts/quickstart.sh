#!/usr/bin/env bash
# Set up, then build the first article: graph (Turtle, TriG), HTML page, summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build data/articles/jiaozuo-daily-2017-01-12-p03.txt -o out/
echo
echo "Open out/graph.html in a browser; try: .venv/bin/kg query out/ officials"
