#!/usr/bin/env bash
# Rewrites the regression references (tests/regression/<case>/reference.txt)
# from the optimised build, then shows what changed: commit the diff only
# when the change of behaviour is intended, and say why in the message.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
OMNISIM_UPDATE_REGRESSION=1 ctest --preset release -L regression -j "$(nproc)"
git diff --stat -- tests/regression
