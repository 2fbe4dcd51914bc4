#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build everything, and
# run the whole test suite -- in the optimised build, then under
# AddressSanitizer + UndefinedBehaviorSanitizer, then ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
for preset in release asan tsan; do
  echo "== $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j "$jobs"
done
