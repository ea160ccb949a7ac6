#!/usr/bin/env bash
# Install what the browser tests (tests/test_viz_browser.py) need, on a fresh
# Debian machine, as root.  Idempotent: each step is skipped when already done.
#
#   bash .ci/install-browser.sh [VENV]      # VENV defaults to .venv
#
# - Debian's `chromium` (the tests drive /usr/bin/chromium; no browser download)
# - `fonts-wqy-microhei` so Chinese labels render in screenshots
# - the Python `playwright` package into VENV (never `playwright install`)
set -euo pipefail

VENV="${1:-.venv}"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q "install ok installed"; then
    need_apt+=(fonts-wqy-microhei)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${need_apt[@]}"
else
    echo "install-browser: chromium and fonts-wqy-microhei already installed"
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "install-browser: no virtualenv at $VENV" >&2
    exit 1
fi
if "$VENV/bin/python" -c "import playwright" 2>/dev/null; then
    echo "install-browser: playwright already in $VENV"
else
    "$VENV/bin/python" -m pip install --quiet playwright
fi
/usr/bin/chromium --version 2>/dev/null || true
