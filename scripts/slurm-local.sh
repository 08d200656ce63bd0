#!/usr/bin/env bash
# A single-node Slurm on this machine, for trying and testing `deno task sweep … --executor slurm`.
#
#   bash scripts/slurm-local.sh start    # install (Debian: slurm-wlm, munge) if missing, then start munged,
#                                        # slurmctld and slurmd; idempotent (a running cluster is left as it is)
#   bash scripts/slurm-local.sh status   # daemons and node state; exit 0 only when the node accepts jobs
#   bash scripts/slurm-local.sh stop     # cancel every job, stop the daemons, delete the state folder
#   bash scripts/slurm-local.sh env      # prints `export SLURM_CONF=…` (eval it before sbatch/squeue/sacct)
#   bash scripts/slurm-local.sh install  # only install the Debian packages (what CI needs before the tests)
#
# Everything lives in one state folder ($SPOTKIT_SLURM_DIR, default /tmp/spotkit-slurm): slurm.conf, the munge key
# and socket, pid files, logs, spool and controller state. Nothing under /etc is changed. The controller and node
# daemon listen on 127.0.0.1 only (CommunicationParameters=NoCtldInAddrAny,NoInAddrAny with the node named
# `localhost`), on ports $SPOTKIT_SLURM_PORT and +1 (default 16817/16818, not Slurm's 6817/6818, so a system Slurm
# is left alone). No cgroups (proctrack/linuxproc, task/none), so it runs in containers; no accounting database,
# so `sacct` reports that accounting is disabled and callers fall back to `squeue --states=all`.
# Needs root (the daemons run as root and jobs run as the submitting user).
set -euo pipefail

dir="${SPOTKIT_SLURM_DIR:-/tmp/spotkit-slurm}"
port="${SPOTKIT_SLURM_PORT:-16817}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

say() { echo "slurm-local: $*" >&2; }
die() {
  say "$*"
  exit 1
}

alive() { # pid file → running?
  [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing Debian packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
}

write_config() {
  local cpus mem
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  chmod 711 "$dir/munge"
  cat >"$conf.tmp" <<EOF
# Written by scripts/slurm-local.sh: a single-node Slurm on 127.0.0.1 for SpotKit's tests and trials.
ClusterName=spotkit-local
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=3600
KillWait=5
SchedulerParameters=sched_interval=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.tmp" "$conf"
}

node_ready() { # the node is idle/mixed/allocated (not down, drained or unknown)
  local s
  s=$(sinfo -h -N -o '%T' 2>/dev/null | head -1) || return 1
  [[ "$s" =~ ^(idle|mixed|allocated|completing)$ ]]
}

start() {
  [[ $(id -u) == 0 ]] || die "start needs root (slurmd runs jobs as the submitting user)"
  install_packages
  if alive "$dir/munged.pid" && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && node_ready; then
    say "already running ($dir)"
    return 0
  fi
  [[ -f "$conf" ]] || write_config
  if ! alive "$dir/munged.pid"; then
    [[ -s "$dir/munge/munge.key" ]] || mungekey --create --keyfile="$dir/munge/munge.key" --force
    chmod 600 "$dir/munge/munge.key"
    munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
      --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" \
      2>>"$dir/log/munged.log" || die "munged did not start; see $dir/log/munged.log"
  fi
  if ! alive "$dir/slurmctld.pid"; then
    slurmctld -f "$conf" 2>>"$dir/log/slurmctld.log" || die "slurmctld did not start; see $dir/log/slurmctld.log"
  fi
  if ! alive "$dir/slurmd.pid"; then
    slurmd -f "$conf" -N localhost 2>>"$dir/log/slurmd.log" || die "slurmd did not start; see $dir/log/slurmd.log"
  fi
  for _ in $(seq 1 60); do
    if node_ready; then
      say "running: SLURM_CONF=$conf (node localhost, $(nproc) CPUs, 127.0.0.1:$port)"
      return 0
    fi
    sleep 0.5
  done
  scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
  sleep 1
  node_ready || die "the node did not come up; see $dir/log/slurmctld.log and $dir/log/slurmd.log"
  say "running: SLURM_CONF=$conf"
}

stop_pid() { # pid file, name
  local pid
  [[ -s "$1" ]] || return 0
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop() {
  if [[ -f "$conf" ]] && alive "$dir/slurmctld.pid"; then
    scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 1 20); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munged.pid"
  # Job steps whose slurmstepd outlived slurmd (should not happen after scancel; kill by recorded pid only).
  rm -rf "$dir"
  say "stopped ($dir removed)"
}

status() {
  local ok=0
  for d in munged slurmctld slurmd; do
    if alive "$dir/$d.pid"; then echo "$d: running (pid $(cat "$dir/$d.pid"))"; else
      echo "$d: not running"
      ok=1
    fi
  done
  if [[ $ok == 0 ]]; then
    sinfo -N -o '%N %T %c %m' || ok=1
    node_ready || ok=1
  fi
  echo "SLURM_CONF=$conf"
  return $ok
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
env) echo "export SLURM_CONF=$conf" ;;
install) install_packages ;;
*)
  echo "usage: bash scripts/slurm-local.sh start|stop|status|env|install" >&2
  exit 2
  ;;
esac
