#!/usr/bin/env bash
# Faults stay inside their app: two apps in one `watch --config`, one given a
# commit that cannot be applied (a byte that is not UTF-8, a label list where
# a mapping belongs). The watch keeps running, marks that app Failed in its
# inventory and in /metrics, keeps its last good commit applied and healed,
# and the other app goes on syncing and healing. Fixing the commit heals it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

bound=60 # seconds any one wait may take before the test fails instead of hanging
good=$(unique_name good)
bad=$(unique_name bad)
declare -A ns
for app in "$good" "$bad"; do
  ns[$app]=$(new_namespace "${app%%-*}")
  make_git_repo "$SCRATCH_DIR/$app"
  workshop_deployment 2 >"$SCRATCH_DIR/$app/web.yaml"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "cafe"\n' \
    >"$SCRATCH_DIR/$app/settings.yaml"
  commit_all "$SCRATCH_DIR/$app" "first" >/dev/null
  on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
done

config="$SCRATCH_DIR/apps.yaml"
cat >"$config" <<YAML
- {name: $good, repo: "$SCRATCH_DIR/$good", namespace: ${ns[$good]}, prune: true, interval: 2s}
- {name: $bad, repo: "$SCRATCH_DIR/$bad", namespace: ${ns[$bad]}, prune: true, interval: 2s}
YAML
log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
  --config "$config" --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q ' listening address=' "$log"
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for "$bound" curl -sf "http://$address/readyz"
for app in "$good" "$bad"; do
  wait_for "$bound" grep -q "app=$app watch of Deployment established" "$log"
done

replicas() { kubectl get deployment web -n "${ns[$1]}" -o jsonpath='{.spec.replicas}' 2>/dev/null; }
replicas_are() { [[ $(replicas "$1") == "$2" ]]; }
setting() { kubectl get configmap settings -n "${ns[$1]}" -o jsonpath='{.data.v}' 2>/dev/null; }
setting_is() { [[ $(setting "$1") == "$2" ]]; }
last_result() {
  kubectl get configmap "gitops-$1" -n kubectl-gitops -o jsonpath='{.data.lastResult}' 2>/dev/null
}
last_result_is() { [[ $(last_result "$1") == "$2" ]]; }
metric_value() { # the value of one exact series, 0 when absent
  curl -sf "http://$address/metrics" | awk -v series="$1" '$1 == series { value = $2 } END { print value + 0 }'
}
failures_beyond() { (($(metric_value "kubectl_gitops_consecutive_failures{app=\"$1\"}") > $2)); }
failing_is() { [[ $(metric_value "kubectl_gitops_sync_failed{app=\"$1\"}") == "$2" ]]; }
alive() { kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"; }

echo "--- a byte that is not UTF-8 in one app's commit"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "caf\xe9"\n' \
  >"$SCRATCH_DIR/$bad/settings.yaml"
commit_all "$SCRATCH_DIR/$bad" "latin-1" >/dev/null
wait_for "$bound" failing_is "$bad" 1
wait_for "$bound" last_result_is "$bad" Failed
alive
grep "error app=$bad " "$log" | tail -n 1
message=$(kubectl get configmap "gitops-$bad" -n kubectl-gitops -o jsonpath='{.data.lastMessage}')
echo "the inventory says: $message"
[[ -n $message ]] || fail "the failing app's inventory gives no reason"
assert_eq cafe "$(setting "$bad")" "the failing app's last good ConfigMap"

echo "--- the failing app's last good commit is still healed"
kubectl scale deployment web -n "${ns[$bad]}" --replicas=5 >/dev/null
wait_for "$bound" replicas_are "$bad" 2
wait_for "$bound" grep -q "app=$bad healed object=\"Deployment.apps ${ns[$bad]}/web\"" "$log"

echo "--- the other app goes on: heals and new commits"
kubectl scale deployment web -n "${ns[$good]}" --replicas=4 >/dev/null
wait_for "$bound" replicas_are "$good" 2
workshop_deployment 3 >"$SCRATCH_DIR/$good/web.yaml"
commit_all "$SCRATCH_DIR/$good" "three" >/dev/null
wait_for "$bound" replicas_are "$good" 3
assert_eq 0 "$(metric_value "kubectl_gitops_sync_failed{app=\"$good\"}")" "the good app's failure gauge"
assert_eq Succeeded "$(last_result "$good")" "the good app's last result"
alive

echo "--- a list where a mapping belongs fails the same way"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: [oops]\ndata:\n  v: "x"\n' \
  >"$SCRATCH_DIR/$bad/settings.yaml"
commit_all "$SCRATCH_DIR/$bad" "labels as a list" >/dev/null
failures=$(metric_value "kubectl_gitops_consecutive_failures{app=\"$bad\"}")
wait_for 300 failures_beyond "$bad" "$failures"
alive
assert_eq cafe "$(setting "$bad")" "the failing app's last good ConfigMap"
assert_eq 2 "$(replicas "$bad")" "the failing app's last good Deployment"

echo "--- a fixed commit heals the failing app"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "fixed"\n' \
  >"$SCRATCH_DIR/$bad/settings.yaml"
commit_all "$SCRATCH_DIR/$bad" "fixed" >/dev/null
# The back-off has grown with the failures (2 s doubling, 5 min at most).
wait_for 300 setting_is "$bad" fixed
wait_for "$bound" failing_is "$bad" 0
wait_for "$bound" last_result_is "$bad" Succeeded
alive
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
assert_not_contains "$(cat "$log")" "terminate called" "the log"
echo "PASS: watch faults"
