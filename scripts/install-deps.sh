#!/usr/bin/env bash
# Installs the Debian packages omnisim builds and tests with. Idempotent: it
# asks apt only for what is missing, so a second run does nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-program-options-dev libtbb-dev
  libhdf5-dev hdf5-tools zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev librandom123-dev libnlopt-dev libnlopt-cxx-dev libcurl4-openssl-dev libpq-dev librdkafka-dev
  python3 python3-h5py python3-pandas python3-numpy
  # The streaming tests' servers: PostgreSQL (run from a temporary data
  # directory by the test itself) and Python's http.server.
  postgresql
  # The checks of scripts/test.sh: formatting, clang-tidy, and the libFuzzer
  # target (clang's fuzzer and sanitizer runtimes are only recommended by
  # clang, so they are named here).
  clang clang-format clang-tidy libclang-rt-14-dev
  # omnisim report: JSON for the page's data; the browser test's headless
  # Chromium driven by Selenium.
  nlohmann-json3-dev chromium chromium-driver python3-selenium
  # Clusters: Open MPI (mpirun omnisim ...), and the one-node Slurm cluster
  # the Slurm test starts from a temporary directory (tests/slurm/).
  openmpi-bin libopenmpi-dev slurmctld slurmd slurm-client munge
  # The Python module (import omnisim): pybind11 and CPython's headers for
  # the build, pytest for its tests, mpi4py for sweeps on MPIPoolExecutor.
  pybind11-dev python3-dev python3-pytest python3-mpi4py python3-venv
)
# npm fetches the report's charting library (below). A Node.js that brings
# its own npm (as NodeSource's does) needs no Debian npm, which would clash.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}; run as root (or with sudo) to install them" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The report's charting library (Vega, Vega-Lite, vega-embed) from the npm
# registry, exactly as analysis/report/package-lock.json pins it (versions
# and integrity hashes); CMake embeds it into omnisim. Skipped when the
# installed tree already matches the lock file.
report="$(dirname "$0")/../analysis/report"
lock_sum=$(sha256sum "$report/package-lock.json" | cut -d' ' -f1)
if [[ "$(cat "$report/node_modules/.omnisim-lock-sha256" 2>/dev/null)" != "$lock_sum" ]]; then
  echo "install-deps: npm ci in analysis/report" >&2
  (cd "$report" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$lock_sum" >"$report/node_modules/.omnisim-lock-sha256"
fi
