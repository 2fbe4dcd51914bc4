#!/bin/bash
# Submits an omnisim sweep as a Slurm job array (sweep-array.sbatch, one
# shard per task) and the job that merges the shards once every task has
# succeeded (merge.sbatch, --dependency=afterok), and prints both job ids.
#
#   SWEEP=scenarios/sweeps/verdict.toml OUT=verdict.h5 \
#     examples/slurm/submit-sweep.sh [--wait] [--array=0-15] [SBATCH OPTION...]
#
#   --wait       return only when the merge has ended: 0 if it succeeded, else
#                non-zero (also when a task failed and the merge was cancelled)
#   --array=A    the array's tasks, a range such as 0-15 or 1-32:2 or 0-63%8
#                (at most 8 running at once); default 0-3
#   any other option (--partition, --account, --time, --cpus-per-task, ...)
#   goes to both submissions.
# SWEEP, OUT and OMNISIM are as in sweep-array.sbatch; the jobs run in the
# current directory, so relative paths are relative to it.
set -euo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
wait=()
array=0-3
options=()
while (($#)); do
  case $1 in
    --wait | -W) wait=(--wait) ;;
    --array=*) array=${1#--array=} ;;
    --array | -a) array=${2:?--array needs a value}; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) options+=("$1") ;;
  esac
  shift
done

# N, the number of tasks: the merge checks that all N shard files are there.
if [[ $array =~ ^([0-9]+)-([0-9]+)(:([0-9]+))?(%[0-9]+)?$ ]]; then
  step=${BASH_REMATCH[4]:-1}
  shards=$(((BASH_REMATCH[2] - BASH_REMATCH[1]) / step + 1))
elif [[ $array =~ ^[0-9]+(%[0-9]+)?$ ]]; then
  shards=1
else
  echo "submit-sweep.sh: --array=$array: need a range A-B or A-B:STEP (a list cannot be sharded)" >&2
  exit 2
fi

export OMNISIM=${OMNISIM:-omnisim}
export SWEEP=${SWEEP:-scenarios/sweeps/where_omnichannel_pays.toml}
export OUT=${OUT:-$(basename "${SWEEP%.toml}").h5}
[[ -r $SWEEP ]] || { echo "submit-sweep.sh: cannot read the sweep file $SWEEP" >&2; exit 2; }

# --parsable prints "ID" or "ID;CLUSTER".
array_id=$(sbatch --parsable --array="$array" "${options[@]}" "$here/sweep-array.sbatch")
array_id=${array_id%%;*}
echo "sweep array: job ${array_id} (${shards} tasks) -> ${OUT%.h5}.shard-K-of-${shards}.h5"

if ((${#wait[@]})); then
  echo "merge: submitted, waiting for it to end"
  status=0
  merge_id=$(SHARDS=$shards sbatch --parsable --wait --dependency="afterok:${array_id}" \
    "${options[@]}" "$here/merge.sbatch") || status=$?
  merge_id=${merge_id%%;*}
  # sbatch --wait says 0 for a merge cancelled before it ran, as it is when a
  # task fails (--kill-on-invalid-dep): only COMPLETED is success.
  state=$(scontrol -o show job "$merge_id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || :)
  state=${state#JobState=}
  echo "merge: job ${merge_id} ${state:-ended} -> ${OUT}"
  if ((status == 0)) && [[ -n $state && $state != COMPLETED ]]; then
    echo "submit-sweep.sh: the merge did not run: a task of array ${array_id} failed?" >&2
    status=1
  fi
  exit "$status"
else
  merge_id=$(SHARDS=$shards sbatch --parsable --dependency="afterok:${array_id}" \
    "${options[@]}" "$here/merge.sbatch")
  echo "merge: job ${merge_id%%;*} -> ${OUT}"
fi
