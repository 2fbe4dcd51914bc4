#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job --
# every strategy of the built-in scenario compared on the same customers.
# Extra arguments go to `omnisim compare` (e.g. --customers 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target omnisim
mkdir -p results
exec build/release/omnisim compare --out results/compare.h5 --report results/report.html --force "$@"
