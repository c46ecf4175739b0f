#!/usr/bin/env bash
# Stops the control plane that testenv/up.sh started in <env-dir> (TERM, up
# to 10 s, then KILL), checks that none of its processes is left and removes
# the folder. Safe to run twice and on a half-started environment.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/processes.sh
source "$here/processes.sh"

if (($# != 1)); then
  echo "usage: testenv/down.sh <env-dir>" >&2
  exit 2
fi
if [[ ! -e $1 ]]; then
  exit 0 # already down
fi
env_dir="$(cd "$1" && pwd)"
if [[ ! -e $env_dir/$KGITOPS_ENV_MARKER ]]; then
  if [[ -z $(ls -A "$env_dir") ]]; then
    rmdir "$env_dir"
    exit 0
  fi
  echo "down.sh: error: $env_dir is not a test environment (no $KGITOPS_ENV_MARKER); leaving it alone" >&2
  exit 1
fi

stop_env_processes "$env_dir" 10 || true
left=$(env_live_pids "$env_dir" | tr '\n' ' ')
if [[ -n $left ]]; then
  echo "down.sh: error: processes $left of $env_dir are still running; folder kept" >&2
  exit 1
fi
rm -rf "$env_dir"
