#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over every own .cpp -- sim/, analysis/,
# bench/, python/, the fuzz targets and every test file -- with the release build's
# compile_commands.json, one translation unit per core at a time. Every
# finding is an error: exits non-zero on any, and lists the files that have
# them.
#
# Every target compiles its sources in unity batches (CMAKE_UNITY_BUILD,
# CMakeLists.txt), so the files are checked through the batches of the
# release build's database, with the header filter widened to the own .cpp
# files a batch includes: the standard headers, Boost, HDF5 and GoogleTest
# are parsed once per batch instead of once per file. A file in no batch is
# checked on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/release
# Configuring writes compile_commands.json and the generated sources
# (version.hpp, builtin_scenario.cpp) the files include; it is cheap when the
# build is already configured.
cmake --preset release >/dev/null

# The fuzz targets are in the release database as the corpus replays
# (tests/CMakeLists.txt).
mapfile -t own < <(git ls-files -- 'sim/*.cpp' 'analysis/*.cpp' 'bench/*.cpp' 'python/*.cpp' 'tests/*.cpp')
# The batches the database compiles (a stale one left in the build tree by
# an earlier configuration is not among them).
mapfile -t batches < <(python3 -c 'import json, sys
print("\n".join(sorted({e["file"] for e in json.load(open(sys.argv[1])) if "/Unity/unity_" in e["file"]})))' \
  "$build/compile_commands.json")
batched=$(cat "${batches[@]}" /dev/null | sed -nE "s|^#include \"$PWD/(.*)\"$|\1|p")
files=()
for file in "${own[@]}"; do
  grep -qxF "$file" <<<"$batched" || files+=("$file")
done
files+=("${batches[@]}")
jobs=$(nproc)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The test target precompiles GoogleTest's headers with gcc; clang cannot
# read gcc's precompiled header, so clang-tidy gets the commands without it
# (the header is included normally); nor does it take gcc's LTO flags
# (pybind11 builds the Python module with them).
database="$logs/database"
mkdir -p "$database"
sed -E -e 's# -Winvalid-pch##g' -e 's# -include [^ ]*/cmake_pch\.hxx##g' \
  -e 's# -flto(=[a-z0-9]+)?##g' -e 's# -fno-fat-lto-objects##g' \
  "$build/compile_commands.json" >"$database/compile_commands.json"

echo "tidy: clang-tidy on ${#files[@]} files, $jobs at a time" >&2
start=$SECONDS
# .clang-tidy's filter (own headers) and the own files a unity batch includes.
header_filter='/(sim|analysis|tests|bench|python)/.*\.(hpp|cpp)$'
export database logs header_filter
# One clang-tidy per file, its output kept in a log only when it found
# something, so parallel runs never interleave their reports.
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -n 1 bash -c '
  log="$logs/${1//\//_}.log"
  # A unity batch is nothing but #include "....cpp", by design.
  checks=
  [[ $1 == */Unity/* ]] && checks=-bugprone-suspicious-include
  if clang-tidy -p "$database" --quiet --header-filter="$header_filter" ${checks:+--checks="$checks"} "$1" >"$log" 2>&1; then
    rm -f "$log"
  else
    echo "tidy: findings in $1" >&2
  fi' tidy-one

failed=("$logs"/*.log)
if [[ -e ${failed[0]} ]]; then
  # clang-tidy reports a finding in a header once per file that includes it.
  cat "${failed[@]}" | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' |
    grep -v -E '^Suppressed [0-9]+ warnings|^Use -header-filter=|^Error while processing' || true
  echo >&2
  echo "tidy: findings (every one is an error):" >&2
  cat "${failed[@]}" | grep -oE '^[^ :]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' |
    sed -e "s|^$PWD/||" | sort -u | sed 's/^/  /' >&2
  echo "tidy: FAILED after $((SECONDS - start)) s" >&2
  exit 1
fi
echo "tidy: ${#files[@]} files clean in $((SECONDS - start)) s" >&2
