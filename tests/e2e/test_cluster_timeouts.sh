#!/usr/bin/env bash
# Timeouts on the cluster, on a private control plane whose kube-apiserver
# is frozen (SIGSTOP): a sync fails within its --request-timeout with exit 2
# and a clear message, deleting nothing; a watch's /readyz goes false while
# the apiserver is frozen and true again once it answers (SIGCONT), and the
# watch goes on syncing. The fixture's own control plane is never stopped.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

private="$SCRATCH_DIR/private-env"
start_private_env "$private"
# From here on, kubectl and the plugin talk to the private environment only.
# shellcheck source=/dev/null
source "$private/env"
apiserver=$(cat "$private/pids/kube-apiserver.pid")
[[ -n $apiserver ]] || fail "no kube-apiserver PID in $private/pids"
# Registered after down.sh, so run before it: never leave it stopped.
on_exit kill_if_running -CONT "$apiserver"
freeze() { kill -STOP "$apiserver"; }
thaw() { kill -CONT "$apiserver"; }

bound=60
timeout_s=3
ns=$(new_namespace timeouts)
app=$(unique_name timeouts)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
workshop_deployment 1 >"$repo/web.yaml"
workshop_service >"$repo/service.yaml"
commit_all "$repo" "first" >/dev/null
sync() {
  gitops --request-timeout "${timeout_s}s" sync --repo "$repo" --app "$app" -n "$ns" --prune "$@"
}
sync >/dev/null || fail "the first sync failed"

echo "--- a sync against a frozen apiserver fails within the timeout, deleting nothing"
rm "$repo/service.yaml"
commit_all "$repo" "drop the service" >/dev/null
freeze
start=$SECONDS
status=0
output=$(sync 2>&1) || status=$?
took=$((SECONDS - start))
thaw
echo "$output" | tail -n 3
echo "MEASURED the frozen sync failed after ${took}s (request timeout ${timeout_s}s)"
assert_eq 2 "$status" "exit status of a sync against a frozen apiserver"
# kubectl's own words for a request that timed out, or ours for a kubectl killed at its deadline.
[[ $output =~ (Client\.Timeout|context\ deadline\ exceeded|timed\ out|i/o\ timeout|TLS\ handshake\ timeout) ]] ||
  fail "the error does not say it timed out:"$'\n'"$output"
# 3 request timeouts and 2 s per kubectl at most, a handful of kubectls before the first failure.
((took < 40)) || fail "the sync took ${took}s against a ${timeout_s}s request timeout"
kubectl get service web -n "$ns" -o name >/dev/null || fail "the frozen sync deleted the Service"

echo "--- a watch is not ready while the apiserver is frozen, and ready again after"
log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" \
  --request-timeout "${timeout_s}s" watch --repo "$repo" --app "$app" -n "$ns" --interval 2s \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q ' listening address=' "$log"
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for "$bound" curl -sf "http://$address/readyz"
not_ready() { ! curl -sf --max-time 2 "http://$address/readyz"; }
freeze
start=$SECONDS
wait_for "$bound" not_ready
echo "MEASURED /readyz false $((SECONDS - start))s after the freeze"
assert_eq 503 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/readyz")" "/readyz while frozen"
curl -sf --max-time 2 "http://$address/healthz" >/dev/null || fail "/healthz while frozen"
wait_for "$bound" grep -q "the cluster does not answer: not ready" "$log"
sleep $((timeout_s * 2)) # let a sync step run into the freeze
kill -0 "$watch_pid" 2>/dev/null || fail "the watch died while the apiserver was frozen"
thaw
start=$SECONDS
wait_for "$bound" curl -sf --max-time 2 "http://$address/readyz"
echo "MEASURED /readyz true again $((SECONDS - start))s after SIGCONT"
grep -q "the cluster answers again: ready" "$log" || fail "no log line for the recovery"
grep "error app=$app" "$log" | head -n 3 || true
kubectl get service web -n "$ns" -o name >/dev/null || fail "the watch without --prune deleted the Service"
kubectl get deployment web -n "$ns" -o name >/dev/null || fail "the Deployment is gone"

kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status of the watch after SIGTERM"
echo "PASS: cluster timeouts"
