#!/usr/bin/env bash
# The apiserver, then etcd, restarted under a running `watch --prune`, on a
# private control plane (testenv/restart.sh stops the process by its PID and
# starts it again with the same command line). For each: /readyz goes false
# while it is down, with a log line that says why, and true again after;
# the syncs that run into the outage fail cleanly and delete nothing; the
# kind watches come back on their own, so a drift made after the restart is
# healed by the watch (not by the next periodic sync). The fixture's own
# control plane is never touched.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

testenv="$KGITOPS_SOURCE_DIR/testenv"
private="$SCRATCH_DIR/private-env"
start_private_env "$private"
# From here on, kubectl and the plugin talk to the private environment only.
# shellcheck source=/dev/null
source "$private/env"

bound=90
interval=20 # long enough that a heal right after a sync cannot be the next sync's work
ns=$(new_namespace restarts)
app=$(unique_name restarts)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
workshop_deployment 2 >"$repo/web.yaml"
workshop_service >"$repo/service.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "one"\n' \
  >"$repo/settings.yaml"
commit_all "$repo" "first" >/dev/null

log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" --request-timeout 3s \
  watch --repo "$repo" --app "$app" -n "$ns" --prune --interval "${interval}s" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q ' listening address=' "$log"
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for "$bound" curl -sf "http://$address/readyz"
wait_for "$bound" grep -q "app=$app watch of Deployment established" "$log"

uids() {
  local kind
  for kind in deployment/web service/web configmap/settings; do
    kubectl get "$kind" -n "$ns" -o jsonpath='{.metadata.uid}{"\n"}'
  done
}
uids_before=$(uids)
replicas() { kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}' 2>/dev/null; }
replicas_are() { [[ $(replicas) == "$1" ]]; }
not_ready() { ! curl -sf --max-time 2 "http://$address/readyz"; }
alive() { kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"; }
log_since() { tail -n "+$(($1 + 1))" "$log"; }
log_since_has() { log_since "$1" | grep -qE "$2"; }
metric_value() {
  curl -sf "http://$address/metrics" | awk -v series="$1" '$1 == series { value = $2 } END { print value + 0 }'
}
syncs_succeeded() { metric_value "kubectl_gitops_syncs_total{app=\"$app\",result=\"succeeded\"}"; }
synced_since() { (($(syncs_succeeded) > $1)); }
# The Deployment's watch runs: its last word is that it started, some seconds ago.
deployment_watch_runs() {
  grep "app=$app watch of Deployment" "$log" | tail -n 1 | grep -qE 'established|resumed from'
}
deployment_watch_settled() {
  deployment_watch_runs && sleep 3 && deployment_watch_runs
}

# restart_case <component> <what the not-ready error names>
restart_case() {
  local component=$1 cause=$2 mark audit_mark start syncs
  echo "--- $component stopped under the watch"
  mark=$(wc -l <"$log")
  audit_mark=$(audit_log_lines)
  "$testenv/restart.sh" --stop "$private" "$component"
  start=$SECONDS
  wait_for "$bound" not_ready
  echo "MEASURED /readyz false $((SECONDS - start))s after $component stopped"
  curl -sf --max-time 2 "http://$address/healthz" >/dev/null || fail "/healthz while $component is down"
  wait_for "$bound" log_since_has "$mark" "the cluster does not answer: not ready"
  log_since "$mark" | grep "not ready" | head -n 1
  log_since "$mark" | grep "not ready" | head -n 1 | grep -qE "$cause" ||
    fail "the not-ready line does not say why ($cause)"
  # A reconcile runs into the outage: it fails, naming the cluster's error.
  wait_for "$bound" log_since_has "$mark" "error app=$app (reconcile|sync|cannot)"
  log_since "$mark" | grep -E "error app=$app (reconcile|sync|cannot)" | head -n 1
  alive

  echo "--- $component started again"
  "$testenv/restart.sh" --start "$private" "$component"
  start=$SECONDS
  wait_for "$bound" curl -sf --max-time 2 "http://$address/readyz"
  echo "MEASURED /readyz true again $((SECONDS - start))s after $component served"
  log_since_has "$mark" "the cluster answers again: ready" || fail "no log line for the recovery"
  wait_for "$bound" deployment_watch_settled
  grep "app=$app watch of Deployment" "$log" | tail -n 1
  # Right after a successful sync the next is ~${interval}s away: a heal
  # within seconds is the watch's.
  syncs=$(syncs_succeeded)
  wait_for "$bound" synced_since "$syncs"
  mark=$(wc -l <"$log")
  kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
  start=$SECONDS
  wait_for 10 replicas_are 2
  echo "MEASURED the drift after the $component restart healed in $((SECONDS - start))s"
  log_since_has "$mark" "app=$app healed object=\"Deployment.apps $ns/web\"" ||
    fail "the drift was not healed by the watch:"$'\n'"$(log_since "$mark")"
  assert_eq "$uids_before" "$(uids)" "the UIDs of the app's objects (none deleted or replaced)"
  assert_eq "" "$(audit_write_entries_since "$audit_mark" "$ns" | grep '^delete' || true)" \
    "delete requests in the app's namespace"
  alive
}

restart_case kube-apiserver "refused"
# Without etcd the apiserver's /readyz fails its etcd check, or takes longer
# than the request timeout to.
restart_case etcd "etcd failed|Timeout exceeded|deadline exceeded|timed out after|Error from server \(Timeout\)"

kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status of the watch after SIGTERM"
assert_not_contains "$(cat "$log")" "terminate called" "the log"
assert_not_contains "$(cat "$log")" "unknown exception" "the log"
echo "PASS: cluster restarts"
