#!/usr/bin/env bash
# CTest fixture `control-plane`: `up` gives the e2e tests a cluster described
# by $KGITOPS_E2E_ENV_DIR/env, `down` takes it away.
#
# By default it builds the control-plane binaries when missing and starts a
# local control plane (testenv/up.sh) in $KGITOPS_E2E_ENV_DIR. To run the
# tests against a cluster of your own instead, set both
# KGITOPS_E2E_KUBECONFIG and KGITOPS_E2E_CONTEXT: nothing is started then,
# and nothing else (no ambient KUBECONFIG, no current-context) is ever used.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${KGITOPS_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
testenv="$source_dir/testenv"
# shellcheck source=testenv/processes.sh
source "$testenv/processes.sh"

die() {
  echo "fixture.sh: error: $*" >&2
  exit 1
}

[[ -n ${KGITOPS_E2E_ENV_DIR:-} ]] || die "KGITOPS_E2E_ENV_DIR is not set"
env_dir=$KGITOPS_E2E_ENV_DIR

# Describes the user's own cluster in the env file; starts nothing.
use_external_cluster() {
  local kubeconfig=$KGITOPS_E2E_KUBECONFIG context=${KGITOPS_E2E_CONTEXT:-}
  [[ -n $context ]] ||
    die "KGITOPS_E2E_KUBECONFIG is set but KGITOPS_E2E_CONTEXT is not; name the context to test against (it is never taken from current-context)"
  [[ -f $kubeconfig ]] || die "KGITOPS_E2E_KUBECONFIG=$kubeconfig: no such file"
  kubeconfig="$(cd "$(dirname "$kubeconfig")" && pwd)/$(basename "$kubeconfig")"
  if ! kubectl --kubeconfig "$kubeconfig" config get-contexts -o name | grep -qxF -- "$context"; then
    die "context '$context' does not exist in $kubeconfig"
  fi
  if ! kubectl --kubeconfig "$kubeconfig" --context "$context" --request-timeout=10s \
    get --raw /readyz >/dev/null; then
    die "the cluster of context '$context' in $kubeconfig does not answer"
  fi
  mkdir -p "$env_dir"
  touch "$env_dir/$KGITOPS_ENV_MARKER"
  {
    echo "# Sourced by the e2e tests: a cluster of the user's own; nothing was started."
    printf 'export KUBECONFIG=%q\n' "$kubeconfig"
    printf 'export KGITOPS_CONTEXT=%q\n' "$context"
    echo "export KGITOPS_E2E_EXTERNAL=1"
  } >"$env_dir/env"
  echo "fixture.sh: e2e tests run against context '$context' of $kubeconfig"
}

start_local_cluster() {
  [[ -z ${KGITOPS_E2E_CONTEXT:-} ]] ||
    die "KGITOPS_E2E_CONTEXT is set without KGITOPS_E2E_KUBECONFIG; set both to test against your own cluster, or neither for a local control plane"
  "$testenv/build.sh" >/dev/null
  "$testenv/up.sh" "$env_dir"
}

case ${1:-} in
  up)
    # An earlier run that was interrupted may have left its environment.
    if [[ -n $(env_live_pids "$env_dir" 2>/dev/null) ]]; then
      echo "fixture.sh: stopping the control plane an earlier run left in $env_dir" >&2
    fi
    "$testenv/down.sh" "$env_dir"
    if [[ -n ${KGITOPS_E2E_KUBECONFIG:-} ]]; then
      use_external_cluster
    else
      start_local_cluster
    fi
    ;;
  down)
    # Every test reaps what it started: a plugin or kubectl still talking to
    # this environment's cluster now has outlived its test. It is stopped,
    # and named, so the leak is fixed where it is.
    leaked=$(pgrep -f -- "$env_dir/kubeconfig" || true)
    if [[ -n $leaked ]]; then
      ps -o pid=,args= -p "${leaked//$'\n'/,}" >&2 || true
      # shellcheck disable=SC2086 # one pid a word
      kill -9 $leaked 2>/dev/null || true
    fi
    "$testenv/down.sh" "$env_dir"
    [[ -z $leaked ]] || die "processes outlived their tests (listed above); they were killed"
    ;;
  *)
    echo "usage: tests/e2e/fixture.sh up|down" >&2
    exit 2
    ;;
esac
