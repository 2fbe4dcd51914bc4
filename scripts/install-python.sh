#!/usr/bin/env bash
# README: makes `import omnisim` work for `python3` -- the first on PATH, or
# the one in $PYTHON; inside an activated virtual environment, the
# environment's. Installs what is missing (scripts/install-deps.sh), builds
# the release build's module and installs the package into that
# interpreter's site-packages (cmake --install --component python).
#
# The module is built against Debian's CPython (its NumPy and pandas are
# Debian's too); another CPython of the same version (pyenv's, a venv's)
# loads it as well. Such an interpreter without NumPy or pandas of its own
# gets Debian's on its path (a .pth file), since the project installs
# packages from Debian only; a venv made with --system-site-packages has
# them already.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target _omnisim omnisim

built=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
target=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [[ $built != "$target" ]]; then
  echo "install-python: $python is Python $target; the module is built for Debian's $built" \
    "(-DPython_EXECUTABLE=... in build/release builds it for another)" >&2
  exit 1
fi
site=$("$python" -c 'import sysconfig; print(sysconfig.get_path("platlib"))')
cmake --install build/release --component python --prefix "$site" >/dev/null
echo "install-python: omnisim installed in $site/omnisim" >&2
if ! "$python" -c 'import numpy, pandas' 2>/dev/null; then
  echo /usr/lib/python3/dist-packages >"$site/omnisim-debian-packages.pth"
  echo "install-python: $python has no NumPy or pandas of its own: Debian's are on its path" \
    "($site/omnisim-debian-packages.pth)" >&2
fi
"$python" -c 'import omnisim; print("import omnisim:", omnisim.__version__, omnisim.__file__)'
