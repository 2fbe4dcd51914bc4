#!/usr/bin/env bash
# Fails when a tracked C++ source (*.cpp, *.hpp) is not formatted as
# .clang-format says, naming each such file. Fix with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp')
if ((${#files[@]} == 0)); then
  echo "check-format: no C++ sources found (is this a git checkout?)" >&2
  exit 1
fi

unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done

if ((${#unformatted[@]} > 0)); then
  echo "check-format: ${#unformatted[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "check-format: see the changes with 'clang-format --dry-run FILE'," \
       "apply them with 'clang-format -i FILE'" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted" >&2
