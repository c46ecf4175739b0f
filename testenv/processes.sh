# shellcheck shell=bash
# Process bookkeeping shared by testenv/up.sh and testenv/down.sh; sourced.
# Every process of an environment has its PID in <env-dir>/pids/<name>.pid
# and the env dir on its command line, which is how a recycled PID is told
# apart from ours: a PID only counts as ours while its command line names
# "<env-dir>/". Zombies have an empty command line, so they count as gone.

# Marker file that tells an environment folder from any other folder.
# shellcheck disable=SC2034 # used by the scripts that source this file
KGITOPS_ENV_MARKER=.kgitops-testenv

# Succeeds when `pid` is alive and belongs to the environment in `env_dir`.
env_pid_alive() {
  local env_dir=$1 pid=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$env_dir/"* ]]
}

# Prints the PIDs recorded in `env_dir` that are still alive, one a line.
env_live_pids() {
  local env_dir=$1 file pid
  for file in "$env_dir"/pids/*.pid; do
    [[ -f $file ]] || continue
    pid=$(<"$file")
    if env_pid_alive "$env_dir" "$pid"; then
      echo "$pid"
    fi
  done
}

# Stops every process of `env_dir`: TERM, up to `grace` seconds (default 10)
# to exit, then KILL. Fails when one survives even that.
stop_env_processes() {
  local env_dir=$1 grace=${2:-10} pid deadline
  local -a live
  mapfile -t live < <(env_live_pids "$env_dir")
  ((${#live[@]} > 0)) || return 0
  kill -TERM "${live[@]}" 2>/dev/null || true
  deadline=$((SECONDS + grace))
  while ((SECONDS < deadline)); do
    mapfile -t live < <(env_live_pids "$env_dir")
    ((${#live[@]} > 0)) || return 0
    sleep 0.1
  done
  echo "testenv: process(es) ${live[*]} ignored TERM for ${grace}s, sending KILL" >&2
  kill -KILL "${live[@]}" 2>/dev/null || true
  for _ in {1..50}; do
    mapfile -t live < <(env_live_pids "$env_dir")
    ((${#live[@]} > 0)) || return 0
    sleep 0.1
  done
  echo "testenv: process(es) ${live[*]} of $env_dir are still running" >&2
  return 1
}
