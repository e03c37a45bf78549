#!/usr/bin/env bash
# Starts (or stops) a single-node Slurm on this machine for tests and small runs: installs Debian's slurm-wlm and munge
# when missing (needs root and the Debian package mirror), writes a minimal slurm.conf for localhost, and starts munged,
# slurmctld and slurmd. Usage: local-slurm.sh start|stop|status.  Exit 0 on success; prints why when it cannot.
set -uo pipefail
state=/tmp/gpubv-slurm
conf=/etc/slurm/slurm.conf

start() {
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then echo "slurm: not installed and cannot install (need root + apt-get)"; return 1; fi
    export DEBIAN_FRONTEND=noninteractive
    (apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1; }) \
      || { echo "slurm: apt-get install slurm-wlm munge failed"; return 1; }
  fi
  mkdir -p "$state"/{spool,ctld} /etc/slurm /run/munge /var/log/munge /var/lib/munge
  chown -R munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  [ -f /etc/munge/munge.key ] || { (command -v mungekey >/dev/null && mungekey -c) || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
  if ! pgrep -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged --force 2>/dev/null || /usr/sbin/munged --force || { echo "slurm: munged failed to start"; return 1; }
  fi
  local cpus mem host
  cpus=$(nproc); mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 )); host=$(hostname -s)
  cat > "$conf" <<CONF
ClusterName=gpubv-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld -c -i >/dev/null 2>&1 || { echo "slurm: slurmctld failed (see $state/slurmctld.log)"; return 1; }
  pgrep -x slurmd >/dev/null || /usr/sbin/slurmd >/dev/null 2>&1 || { echo "slurm: slurmd failed (see $state/slurmd.log)"; return 1; }
  for _ in $(seq 1 30); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mix|alloc'; then echo "slurm: running ($(sinfo -h -o '%N %T %c CPUs'))"; return 0; fi
    scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
    sleep 1
  done
  echo "slurm: node did not become idle: $(sinfo -h 2>&1 | head -1)"; return 1
}

stop() {
  pkill -x slurmd 2>/dev/null; pkill -x slurmctld 2>/dev/null; pkill -x munged 2>/dev/null
  sleep 1; echo "slurm: stopped"
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) sinfo 2>&1 | head -3 ;;
  *) echo "usage: $0 start|stop|status"; exit 2 ;;
esac
