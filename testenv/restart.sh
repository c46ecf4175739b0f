#!/usr/bin/env bash
# Stops one component of the control plane that testenv/up.sh started in
# <env-dir> and starts it again with the same command line, for fault tests
# (an apiserver or etcd restarted under a running client). The component is
# stopped by its recorded PID (TERM, up to 10 s, then KILL), its new PID is
# recorded in its place, so testenv/down.sh still stops it, and its log is
# appended to.
#
#   testenv/restart.sh <env-dir> <component>          stop, start, wait until it serves
#   testenv/restart.sh --stop <env-dir> <component>   stop only
#   testenv/restart.sh --start <env-dir> <component>  start a stopped one, wait until it serves
#
# <component>: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
# or kwok. "Serves" is the apiserver's /readyz for etcd and kube-apiserver
# (it checks etcd), a live process for the others.
# KGITOPS_UP_TIMEOUT: seconds to wait for it to serve (default 120).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/versions.sh
source "$here/versions.sh"
# shellcheck source=testenv/processes.sh
source "$here/processes.sh"

die() {
  echo "restart.sh: error: $*" >&2
  exit 1
}
usage() {
  echo "usage: testenv/restart.sh [--stop|--start] <env-dir> <component>" >&2
  exit 2
}

action=restart
case ${1:-} in
--stop) action=stop && shift ;;
--start) action=start && shift ;;
-*) usage ;;
esac
(($# == 2)) || usage
[[ -d $1 ]] || die "$1 is not a folder"
env_dir="$(cd "$1" && pwd)"
component=$2
[[ -e $env_dir/$KGITOPS_ENV_MARKER ]] || die "$env_dir is not a test environment"
case $component in
etcd | kube-apiserver | kube-controller-manager | kube-scheduler | kwok) ;;
*) die "unknown component '$component'" ;;
esac
pid_file="$env_dir/pids/$component.pid"
cmd_file="$env_dir/pids/$component.cmd"
[[ -f $cmd_file ]] || die "no recorded command line for $component in $env_dir (started by an older up.sh?)"
timeout=${KGITOPS_UP_TIMEOUT:-120}

stop_component() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  env_pid_alive "$env_dir" "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in {1..100}; do
    env_pid_alive "$env_dir" "$pid" || return 0
    sleep 0.1
  done
  echo "restart.sh: $component ($pid) ignored TERM for 10s, sending KILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  for _ in {1..50}; do
    env_pid_alive "$env_dir" "$pid" || return 0
    sleep 0.1
  done
  die "$component ($pid) is still running"
}

start_component() {
  local -a command
  if env_pid_alive "$env_dir" "$(cat "$pid_file" 2>/dev/null || true)"; then
    die "$component is already running"
  fi
  mapfile -d '' -t command <"$cmd_file"
  ((${#command[@]} > 0)) || die "the recorded command line of $component is empty"
  echo "---- restarted by testenv/restart.sh at $(date -u +%FT%TZ)" >>"$env_dir/logs/$component.log"
  "${command[@]}" </dev/null >>"$env_dir/logs/$component.log" 2>&1 &
  echo $! >"$pid_file"
}

serving() {
  case $component in
  etcd | kube-apiserver)
    "$KGITOPS_KUBEBINS_DIR/bin/kubectl" --kubeconfig "$env_dir/kubeconfig" \
      --request-timeout=5s --cache-dir "$env_dir/kube-cache" get --raw /readyz
    ;;
  *) true ;;
  esac
}

await_serving() {
  local deadline=$((SECONDS + timeout))
  until serving >/dev/null 2>&1; do
    env_pid_alive "$env_dir" "$(cat "$pid_file")" ||
      die "$component exited after its restart; see $env_dir/logs/$component.log"
    ((SECONDS < deadline)) || die "$component did not serve within ${timeout}s of its restart"
    sleep 0.2
  done
}

case $action in
stop) stop_component ;;
start) start_component && await_serving ;;
restart) stop_component && start_component && await_serving ;;
esac
