#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, check the formatting,
# build everything and run the whole test suite -- in the optimised build,
# then under AddressSanitizer + UndefinedBehaviorSanitizer (clang, with the
# fuzz targets), then ThreadSanitizer -- then clang-tidy and a bounded run of
# the seven fuzz targets (OMNISIM_FUZZ_SECONDS each, default 5: every
# committed corpus input is also replayed by the suite in every build). Each step
# says when it started, for the 30-minute budget.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== format (at $SECONDS s)" >&2
scripts/check-format.sh
jobs=$(nproc)
for preset in release asan tsan; do
  echo "== $preset (at $SECONDS s)" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j "$jobs"
done
# Both run even when the other fails, so one CI run reports everything.
failed=()
echo "== tidy (at $SECONDS s)" >&2
scripts/tidy.sh || failed+=(tidy)
echo "== fuzz (at $SECONDS s)" >&2
scripts/fuzz.sh "${OMNISIM_FUZZ_SECONDS:-5}" || failed+=(fuzz)
if ((${#failed[@]} > 0)); then
  echo "test.sh: FAILED: ${failed[*]} (see above)" >&2
  exit 1
fi
echo "test.sh: every check passed in $SECONDS s" >&2
