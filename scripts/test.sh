#!/usr/bin/env bash
# Set up with the test extras (and headless Chromium for the browser tests,
# where apt-get can install it), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if [ -f .ci/install-browser.sh ]; then
  bash .ci/install-browser.sh .venv || echo "note: Chromium could not be installed; browser tests will be skipped"
fi
.venv/bin/python -m pytest "$@"
