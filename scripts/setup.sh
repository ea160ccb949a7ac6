#!/usr/bin/env bash
# Create .venv (if missing) and install the project into it, with extras "$@".
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
extras=${1:-}
.venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
