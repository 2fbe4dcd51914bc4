#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, check the formatting,
# build everything and run the whole test suite -- in the optimised build,
# then under AddressSanitizer + UndefinedBehaviorSanitizer, then
# ThreadSanitizer -- then clang-tidy and a bounded run of the two scenario
# fuzzers (OMNISIM_FUZZ_SECONDS each, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== format" >&2
scripts/check-format.sh
jobs=$(nproc)
for preset in release asan tsan; do
  echo "== $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j "$jobs"
done
# Both run even when the other fails, so one CI run reports everything.
failed=()
echo "== tidy" >&2
scripts/tidy.sh || failed+=(tidy)
echo "== fuzz" >&2
scripts/fuzz.sh "${OMNISIM_FUZZ_SECONDS:-10}" || failed+=(fuzz)
if ((${#failed[@]} > 0)); then
  echo "test.sh: FAILED: ${failed[*]} (see above)" >&2
  exit 1
fi
echo "test.sh: every check passed" >&2
