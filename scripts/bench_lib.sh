#!/usr/bin/env bash
# Shared by the watch benchmarks (sourced after setting root, build and a
# name): builds the plugin unless KGITOPS_BENCH_SKIP_BUILD is set, starts a
# control plane of the benchmark's own whose audit log records reads too,
# and on exit stops the watch ($watch_pid, when set) and that control plane
# and removes the work folder ($work).
# shellcheck disable=SC2034 # work, gitops and watch_pid are the caller's
bench_start_cluster() {
  local name=$1
  if [[ -z ${KGITOPS_BENCH_SKIP_BUILD:-} ]]; then
    "$root/scripts/build.sh" >/dev/null
  fi
  PATH="$("$root/testenv/build.sh"):$PATH"
  export PATH
  work=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-$name.XXXXXX")
  watch_pid=""
  trap bench_cleanup EXIT
  KGITOPS_AUDIT_READS=1 "$root/testenv/up.sh" "$work/cluster" >/dev/null
  # shellcheck source=/dev/null
  source "$work/cluster/env"
  export KUBECONFIG
  gitops="$build/plugin/kubectl-gitops"
}

bench_cleanup() {
  if [[ -n $watch_pid ]]; then
    kill -TERM "$watch_pid" 2>/dev/null || true
    wait "$watch_pid" 2>/dev/null || true
  fi
  "$root/testenv/down.sh" "$work/cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}

kubectl() { command kubectl --context "$KGITOPS_CONTEXT" "$@"; }
now_us() { echo "${EPOCHREALTIME/./}"; }
# Seconds, one a line, on stdin -> "p50=… p99=… (n=…)".
percentiles() {
  python3 -c '
import statistics, sys
values = sorted(float(v) for v in sys.stdin if v.strip())
def pct(p):
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]
print(f"p50={statistics.median(values):.3f}s p99={pct(99):.3f}s (n={len(values)})")'
}
# Resident memory of a process in KiB, 0 once it is gone.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
