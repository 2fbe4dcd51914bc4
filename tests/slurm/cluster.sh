# shellcheck shell=bash
# A throw-away one-node Slurm cluster (munged + slurmctld + slurmd) that lives
# entirely in one directory, for tests of the Slurm examples.
#
#   source tests/slurm/cluster.sh
#   dir=$(mktemp -d)
#   trap 'slurm_cluster_stop "$dir"; rm -rf "$dir"' EXIT
#   slurm_cluster_start "$dir"     # exports SLURM_CONF; sbatch, srun, ... now use it
#
# Sourcing defines functions only: it sets no shell option and starts nothing.
# The functions work with and without `set -euo pipefail` in the caller (they
# check every step themselves, as `set -e` is off inside `f || ...` anyway).
#
# Nothing under /etc, /var or /run is read or written (slurm.conf, munge key,
# sockets, state, spool, logs and pid files are all in DIR), the ports are
# free ones chosen at start, and every daemon is stopped by the pid recorded
# when it started, never by name: a real Slurm or munge on the machine is not
# touched. Must run as root (slurmd launches jobs; SlurmUser=root).
#
# Call slurm_cluster_start in the shell that runs the clients (not in a
# subshell): it exports SLURM_CONF and unsets the caller's SLURM_* variables.
#
# Knobs (environment): OMNISIM_SLURM_TIMEOUT, seconds to wait for the node to
# be idle (default 30); OMNISIM_SLURM_MIN_CPUS, the fewest CPUs the node
# offers even on a smaller machine (default 2, so `-n 2` MPI jobs always fit).
# (Not SLURM_*: those are Slurm's, and the start unsets them.)

# Is PID running (a zombie is not)?
_slurm_alive() {
  local stat
  [[ $1 =~ ^[0-9]+$ ]] && read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) } # "PID (COMM) STATE PPID ...", COMM may hold blanks
  [[ ${stat:0:1} != [ZX] ]]
}

# Is PID running and one of DIR's daemons (its command line names DIR: a pid
# reused by an unrelated process is never signalled)?
_slurm_ours() {
  local dir=$1 pid=$2 cmdline
  _slurm_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$dir/"* ]]
}

# The PIDs and every process below them, each once.
_slurm_tree() {
  local all queue=("$@") pid child seen=" "
  all=$(ps -e -o pid=,ppid= 2>/dev/null) || all=
  while ((${#queue[@]})); do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    [[ $seen == *" $pid "* ]] && continue
    seen+="$pid "
    echo "$pid"
    # shellcheck disable=SC2013 # pids: one word each
    for child in $(awk -v p="$pid" '$2 == p { print $1 }' <<<"$all"); do
      queue+=("$child")
    done
  done
}

# " PID PID ... ": this shell and its ancestors, never to be signalled.
_slurm_ancestors() {
  local pid=${BASHPID:-$$} stat list=" "
  while [[ $pid =~ ^[0-9]+$ && $pid -gt 1 ]] && read -r stat 2>/dev/null <"/proc/$pid/stat"; do
    list+="$pid "
    stat=${stat##*) } # "PID (COMM) STATE PPID ...", COMM may hold blanks
    pid=${stat#* }
    pid=${pid%% *}
  done
  echo "$list"
}

# Pids of the job steps that outlived slurmd: slurmstepd detaches from slurmd
# and its command line does not name DIR, but it keeps DIR/slurmd.log open.
_slurm_stray_steps() {
  local dir=$1 pid exclude files
  exclude=$(_slurm_ancestors)
  # One find, not a readlink per open file of the machine (that takes seconds).
  files=$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$dir/slurmd.log" -printf '%h\n' 2>/dev/null) || :
  for pid in $files; do
    pid=${pid#/proc/}
    pid=${pid%/fd}
    # (find itself, if it inherited such a file, is gone by now.)
    if [[ $exclude != *" $pid "* ]] && _slurm_alive "$pid"; then echo "$pid"; fi
  done | sort -un
}

# Pids of the Slurm clients (srun, salloc, sbatch --wait, ...) still talking
# to this cluster (SLURM_CONF=DIR/slurm.conf in their environment): a client
# whose job was cancelled under it can wait for ever.
_slurm_clients() {
  local dir=$1 pid exclude files exe
  exclude=$(_slurm_ancestors)
  files=$(grep -lzxF "SLURM_CONF=$dir/slurm.conf" /proc/[0-9]*/environ 2>/dev/null) || :
  for pid in $files; do
    pid=${pid#/proc/}
    pid=${pid%/environ}
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    if [[ $exclude != *" $pid "* && ${exe##*/} =~ ^s(run|alloc|batch|attach|bcast|cancel|queue|info|control|stat)$ ]]; then
      echo "$pid"
    fi
  done
}

# Send SIGNAL to those PIDs that are DIR's, wait up to SECONDS until none is
# left; returns non-zero if some are.
_slurm_signal_wait() {
  local dir=$1 signal=$2 seconds=$3 pid left
  shift 3
  for pid in "$@"; do
    if _slurm_ours "$dir" "$pid"; then kill "-$signal" "$pid" 2>/dev/null || :; fi
  done
  local deadline=$((SECONDS + seconds))
  while :; do
    left=0
    for pid in "$@"; do
      if _slurm_ours "$dir" "$pid"; then
        left=1
      else
        # Reaps it if it is this shell's child: no zombie left behind.
        wait "$pid" 2>/dev/null || :
      fi
    done
    ((left)) || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# Processes found (not recorded) that must go: after GRACE seconds for
# those still running to end on their own (or on the SIGTERM sent when GRACE
# is not 0), SIGKILL, saying which.
_slurm_kill_wait() {
  local grace=$1 pid left deadline
  shift
  if ((grace)); then kill -TERM "$@" 2>/dev/null || :; fi
  deadline=$((SECONDS + grace + 1))
  while :; do
    left=()
    for pid in "$@"; do
      if _slurm_alive "$pid"; then left+=("$pid"); fi
    done
    ((${#left[@]} && SECONDS < deadline)) || break
    sleep 0.1
  done
  for pid in "${left[@]}"; do
    echo "slurm-cluster: killing leftover process $pid:" \
      "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" >&2
    kill -KILL "$pid" 2>/dev/null || :
  done
}

# Ports no socket on this machine uses (any state, IPv4 or IPv6), from
# 10000-32767: below Linux's ephemeral range, so no outgoing connection takes
# one while the daemons start. Random, so two harnesses rarely pick the same;
# slurm_cluster_start tries again with others if one is taken all the same.
_slurm_free_ports() {
  local count=$1 used=" " file local_address port chosen=()
  for file in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $file ]] || continue
    while read -r _ local_address _; do
      if [[ $local_address == *:* ]]; then used+="$((16#${local_address##*:})) "; fi
    done < <(tail -n +2 "$file")
  done
  while ((${#chosen[@]} < count)); do
    port=$((10000 + (RANDOM * 32768 + RANDOM) % 22768))
    [[ $used == *" $port "* ]] && continue
    used+="$port "
    chosen+=("$port")
  done
  echo "${chosen[@]}"
}

_slurm_print_logs() {
  local dir=$1 file
  for file in "$dir"/munged.log "$dir"/*.stdout "$dir"/slurmctld.log "$dir"/slurmd.log; do
    [[ -s $file ]] || continue
    echo "----- ${file##*/} (last 40 lines) -----"
    tail -n 40 "$file"
  done >&2
}

_slurm_start_daemon() { # DIR NAME COMMAND...: in the background, its pid recorded at once
  local dir=$1 name=$2
  shift 2
  # Output to a file: a daemon holding the caller's stdout open would keep a
  # `$(...)` or a pipe reading the test's output waiting forever.
  "$@" </dev/null >>"$dir/$name.stdout" 2>&1 &
  echo "$name $!" >>"$dir/daemons.pids"
}

_slurm_write_conf() { # DIR NODE CPUS CTLD_PORT SLURMD_PORT
  local dir=$1 node=$2 cpus=$3 ctld_port=$4 slurmd_port=$5
  cat >"$dir/slurm.conf" <<EOF
# One-node test cluster, written by tests/slurm/cluster.sh.
ClusterName=omnisimtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
# The munge socket is ours; in 22.05 AuthInfo's socket= serves cred/munge too.
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups: nothing here needs them, and containers often lack them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MailProg=$(type -P true)
# Quick teardown: a cancelled job gets SIGKILL 2 s after SIGTERM.
KillWait=2
InactiveLimit=0
# The node offers CPUs=$cpus even if the machine has fewer (a test cluster).
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

# One try at slurmctld + slurmd with the configuration as written: 0 when the
# node is idle, 1 on failure, 2 when a port was taken after all (try others).
_slurm_start_slurm() {
  local dir=$1 node=$2 timeout=$3 state pid name
  _slurm_start_daemon "$dir" slurmctld slurmctld -D -f "$dir/slurm.conf"
  _slurm_start_daemon "$dir" slurmd slurmd -D -N "$node" -f "$dir/slurm.conf"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    state=$(timeout 5 sinfo -h -N -n "$node" -o %T 2>/dev/null) || state=
    [[ $state == idle ]] && return 0
    while read -r name pid; do
      [[ $name == slurm* ]] || continue
      if ! _slurm_ours "$dir" "$pid"; then
        echo "slurm-cluster: $name (pid $pid) exited during start" >&2
        grep -qs 'Address already in use' "$dir"/slurm*.log "$dir"/slurm*.stdout && return 2
        return 1
      fi
    done <"$dir/daemons.pids"
    sleep 0.25
  done
  echo "slurm-cluster: the node is not idle after ${timeout} s (state: ${state:-none})" >&2
  return 1
}

# slurm_cluster_start DIR: starts the cluster in DIR (created if need be) and
# exports SLURM_CONF=DIR/slurm.conf. On failure prints the daemons' logs,
# stops whatever it started and returns non-zero.
slurm_cluster_start() {
  local dir=${1:?usage: slurm_cluster_start DIR} timeout=${OMNISIM_SLURM_TIMEOUT:-30}
  local node cpus ports attempt status pid name
  if ((EUID != 0)); then
    echo "slurm-cluster: must run as root (slurmd starts jobs, SlurmUser=root)" >&2
    return 1
  fi
  local tool
  for tool in munged munge slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { echo "slurm-cluster: $tool not found" >&2; return 1; }
  done
  mkdir -p "$dir" && dir=$(CDPATH='' cd -P -- "$dir" && pwd -P) || return 1
  # Every path goes into slurm.conf unquoted, and the longest, a step's socket
  # DIR/spool/NODE_JOB.STEP, must fit a unix socket's 108 bytes.
  if [[ $dir =~ [[:space:]] || ${#dir} -gt 60 ]]; then
    echo "slurm-cluster: $dir: need a path without blanks of at most 60 bytes" >&2
    return 1
  fi
  if [[ -e $dir/daemons.pids ]]; then
    echo "slurm-cluster: $dir already has a cluster (daemons.pids): stop it first" >&2
    return 1
  fi
  node=$(hostname -s 2>/dev/null || uname -n) && node=${node%%.*}
  cpus=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
  ((cpus >= ${OMNISIM_SLURM_MIN_CPUS:-2})) || cpus=${OMNISIM_SLURM_MIN_CPUS:-2}

  mkdir -p "$dir/state" "$dir/spool" && : >"$dir/daemons.pids" || return 1
  if command -v mungekey >/dev/null; then
    mungekey --create --bits=1024 --keyfile="$dir/munge.key" 2>/dev/null
  else
    dd if=/dev/urandom of="$dir/munge.key" bs=1 count=1024 2>/dev/null
  fi || { echo "slurm-cluster: cannot create $dir/munge.key" >&2; return 1; }
  chmod 0400 "$dir/munge.key"
  # -F: in the foreground, so the pid is known at once (a forking daemon's
  # pid exists only once its pid file does, too late for a trap mid-start);
  # it then logs to its stderr, munged.stdout, not to --log-file.
  # --force: munged refuses a socket whose directories are not all searchable
  # by everyone (for clients of other users), and DIR is typically below a
  # private 0700 `mktemp -d`; every client here runs as root, so that check
  # does not apply, and --force turns it into a warning.
  _slurm_start_daemon "$dir" munged munged -F --force --socket="$dir/munge.socket" \
    --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munged.seed"
  local deadline=$((SECONDS + 10))
  until munge -n -S "$dir/munge.socket" 2>/dev/null | unmunge -S "$dir/munge.socket" >/dev/null 2>&1; do
    read -r name pid <"$dir/daemons.pids"
    if ! _slurm_ours "$dir" "$pid" || ((SECONDS >= deadline)); then
      echo "slurm-cluster: munged did not start" >&2
      slurm_cluster_stop "$dir"
      _slurm_print_logs "$dir"
      return 1
    fi
    sleep 0.1
  done

  # The clients must see this cluster only: drop the variables of any
  # allocation the caller runs in (a test run by sbatch on a real cluster).
  local variable
  for variable in $(compgen -e); do
    if [[ $variable =~ ^(SLURM|SBATCH|SALLOC|SRUN|SQUEUE|SINFO|SCANCEL)_ ]]; then
      unset "$variable"
    fi
  done
  export SLURM_CONF=$dir/slurm.conf

  for attempt in 1 2 3; do
    read -r -a ports <<<"$(_slurm_free_ports 2)"
    _slurm_write_conf "$dir" "$node" "$cpus" "${ports[0]}" "${ports[1]}"
    _slurm_start_slurm "$dir" "$node" "$timeout" && status=0 || status=$?
    if ((status == 0)); then return 0; fi
    ((status == 2 && attempt < 3)) || break
    echo "slurm-cluster: port ${ports[*]} taken, trying others" >&2
    _slurm_stop_slurm "$dir" 1 # nothing to shut down gracefully
    for name in slurmctld.log slurmctld.stdout slurmd.log slurmd.stdout; do
      if [[ -e $dir/$name ]]; then mv -f "$dir/$name" "$dir/$name.$attempt"; fi
    done
    sed -i '/^slurm/d' "$dir/daemons.pids"
  done
  _slurm_stop_slurm "$dir" 1
  slurm_cluster_stop "$dir"
  _slurm_print_logs "$dir"
  return 1
}

# slurmd and slurmctld, and the job steps left behind, by pid; GRACE
# seconds between SIGTERM and SIGKILL.
_slurm_stop_slurm() {
  local dir=$1 grace=${2:-5} pid name pids=() jobs children=() strays=() clients=() controller=0
  while read -r name pid; do
    if [[ $name == slurm* ]] && _slurm_ours "$dir" "$pid"; then
      pids+=("$pid")
      if [[ $name == slurmctld ]]; then controller=1; fi
    fi
  done <"$dir/daemons.pids"
  # Cancel the jobs first, so that their steps end their processes themselves.
  if ((controller)); then
    jobs=$(SLURM_CONF=$dir/slurm.conf timeout 5 squeue -h -o %A 2>/dev/null) || jobs=
    if [[ -n $jobs ]]; then
      # shellcheck disable=SC2086  # one word per job id
      SLURM_CONF=$dir/slurm.conf timeout 5 scancel $jobs 2>/dev/null || :
      local deadline=$((SECONDS + 10))
      while ((SECONDS < deadline)); do
        [[ -z $(SLURM_CONF=$dir/slurm.conf timeout 5 squeue -h -o %A 2>/dev/null) ]] && break
        sleep 0.25
      done
    fi
  fi
  # Then the clients still waiting (and what they run: salloc's command),
  # which would hang or retry for minutes once the daemons are gone.
  mapfile -t clients < <(_slurm_clients "$dir")
  if ((${#clients[@]})); then
    mapfile -t clients < <(_slurm_tree "${clients[@]}")
    _slurm_kill_wait 2 "${clients[@]}"
  fi
  if ((${#pids[@]})); then
    # Their children (slurmctld's slurmscriptd) name no DIR: take them now,
    # while they are still known by their parent.
    mapfile -t children < <(_slurm_tree "${pids[@]}")
    # (slurmd waiting for a dead slurmctld ends only when that times out.)
    _slurm_signal_wait "$dir" TERM "$grace" "${pids[@]}" ||
      _slurm_signal_wait "$dir" KILL 5 "${pids[@]}"
  fi
  # Whatever is left now was left by a daemon that could not clean up.
  mapfile -t strays < <(_slurm_stray_steps "$dir")
  if ((${#strays[@]})); then
    mapfile -t strays < <(_slurm_tree "${strays[@]}")
  fi
  for pid in "${children[@]}"; do
    if [[ " ${pids[*]} " != *" $pid "* ]]; then strays+=("$pid"); fi
  done
  if ((${#strays[@]})); then _slurm_kill_wait 0 "${strays[@]}"; fi
  return 0
}

# slurm_cluster_stop DIR: stops every daemon slurm_cluster_start started in
# DIR, by the pids it recorded, and waits until they are gone (bounded).
# Returns 0 and does nothing when DIR has no cluster, so it is safe in any
# trap, even before or after a start that failed half-way, and twice.
slurm_cluster_stop() {
  local dir=${1:-} pid name pids=() stopped=1
  [[ -n $dir && -f $dir/daemons.pids ]] || return 0
  dir=$(CDPATH='' cd -P -- "$dir" && pwd -P) || return 0
  _slurm_stop_slurm "$dir"
  while read -r name pid; do
    if [[ $name == munged ]]; then pids+=("$pid"); fi
  done <"$dir/daemons.pids"
  if ((${#pids[@]})); then
    _slurm_signal_wait "$dir" TERM 10 "${pids[@]}" ||
      _slurm_signal_wait "$dir" KILL 5 "${pids[@]}" || :
  fi
  while read -r name pid; do
    if _slurm_ours "$dir" "$pid"; then
      echo "slurm-cluster: could not stop $name (pid $pid)" >&2
      stopped=0
    fi
  done <"$dir/daemons.pids"
  # Kept while something runs, so that another stop can still find it.
  if ((stopped)); then rm -f "$dir/daemons.pids"; fi
  return 0
}
