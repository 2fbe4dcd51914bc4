#!/bin/bash
# The Slurm examples on a real, throw-away one-node Slurm cluster started
# from Debian's packages (tests/slurm/cluster.sh: its own munge key and
# socket, its own ports, everything in a temporary directory):
#   - examples/slurm/submit-sweep.sh --wait runs a sweep as a 3-task job
#     array and the merge as a dependent job; the merged file equals (h5diff)
#     the same sweep run in one process;
#   - examples/slurm/mpi-compare.sbatch runs compare as a 2-rank MPI job
#     (mpirun inside the allocation); its datasets equal one process's;
#   - every daemon started is stopped by its pid, and nothing is left running.
# Usage: slurm_test.sh OMNISIM (an omnisim built with MPI). Must run as root
# (slurmd starts the jobs); CTest runs it in the release build (about 40 s,
# most of it sbatch --wait polling). KEEP=1 keeps the temporary directory.
set -euo pipefail

omnisim=$(readlink -f "${1:?usage: slurm_test.sh OMNISIM}")
# 77: CTest's "skipped" (SKIP_RETURN_CODE), said with the reason.
if [[ $(id -u) -ne 0 ]]; then
  echo "skipped: slurmd must run as root to start the jobs" >&2
  exit 77
fi
for daemon in munged slurmctld slurmd sbatch mpirun; do
  command -v "$daemon" >/dev/null || PATH=$PATH:/usr/sbin command -v "$daemon" >/dev/null || {
    echo "skipped: no $daemon (scripts/install-deps.sh installs it)" >&2
    exit 77
  }
done
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(dirname "$(dirname "$here")")
# shellcheck source=SCRIPTDIR/cluster.sh
source "$here/cluster.sh"

work=$(mktemp -d)
cluster=$work/c
cleanup() {
  slurm_cluster_stop "$cluster"
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
# Exit (so that the EXIT trap runs) on the signals that end a test.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
now() { echo "$EPOCHREALTIME"; }
took() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

t=$(now)
slurm_cluster_start "$cluster"
echo "cluster up in $(took "$t") (SLURM_CONF=$SLURM_CONF)"
cp "$cluster/daemons.pids" "$work/daemons.pids"
cd "$work"
# Open MPI refuses root without these; this cluster runs its jobs as root
# (CI runs the suite as root), and the jobs inherit them.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# A sweep as a job array and a merge: 6 points x 1 replication x 2
# strategies of 300 customers.
cat >"$work/tiny.toml" <<'TOML'
design = "lhs"
points = 6
replications = 1
seed = 1
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_lifetime_net_per_prospect_eur", "retention_12m"]

[fixed]
simulation.customers = 300

[[parameter]]
key = "strategies.omnichannel.linkage"
low = 0.3
high = 1.0
TOML
t=$(now)
OMNISIM=$omnisim SWEEP=tiny.toml OUT=merged.h5 \
  "$repo/examples/slurm/submit-sweep.sh" --wait --array=0-2 --cpus-per-task=1 \
  >"$work/submit.out" || fail "submit-sweep.sh: $(cat "$work/submit.out" "$work"/omnisim-*.out)"
ls "$work"/merged.shard-{1,2,3}-of-3.h5 >/dev/null || fail "shard files missing"
"$omnisim" sweep tiny.toml --quiet --threads 1 --out whole.h5
h5diff merged.h5 whole.h5 || fail "the merged shards differ from the whole sweep"
echo "ok: submit-sweep.sh --wait: 3 shards merged = the whole sweep ($(took "$t"))"

# compare as an MPI job of 2 ranks: 20 blocks of customers, two chunks.
compare=(--replications 1 --strategies multichannel omnichannel
  --set simulation.horizon_days=365 --set acquisition.window_days=365)
t=$(now)
OMNISIM=$omnisim CUSTOMERS=20000 OUT=mpi.h5 sbatch --quiet --wait --ntasks=2 \
  --output="$work/compare.out" "$repo/examples/slurm/mpi-compare.sbatch" "${compare[@]}" ||
  fail "mpi-compare.sbatch: $(cat "$work/compare.out")"
# Two ranks shared the customers, and the arguments after the script reached omnisim.
grep -q "1 thread on each of 2 ranks" "$work/compare.out" ||
  fail "not 2 ranks: $(cat "$work/compare.out")"
grep -q "2 strategies" "$work/compare.out" || fail "mpi-compare.sbatch dropped its arguments"
"$omnisim" compare --customers 20000 --threads 1 --out one.h5 --quiet "${compare[@]}" >/dev/null
for group in /kpi /timeseries /retention; do
  h5diff -c one.h5 mpi.h5 "$group" "$group" >/dev/null ||
    fail "$group of the MPI job differs from one process's"
done
echo "ok: mpi-compare.sbatch on 2 ranks = one process ($(took "$t"))"

t=$(now)
slurm_cluster_stop "$cluster"
echo "cluster stopped in $(took "$t")"
while read -r name pid; do
  ! _slurm_alive "$pid" || fail "$name (pid $pid) still runs"
done <"$work/daemons.pids"
[[ -z $(_slurm_stray_steps "$cluster") ]] || fail "job steps left: $(_slurm_stray_steps "$cluster")"
[[ ! -e $cluster/daemons.pids ]] || fail "daemons.pids left behind"
echo "ok: nothing left running"
