#!/usr/bin/env bash
# The GitOps workshop's whole story on a real control plane: deploy, drift
# reverted, commit sticks, revert, delete recreated, git rm pruned, and what
# the app does not own survives.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace story)
app=$(unique_name story)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"

write_web() { workshop_deployment "$1" >"$repo/web.yaml"; }
write_web 2
workshop_service >"$repo/service.yaml"
commit_all "$repo" "web at 2 replicas" >/dev/null

sync() { gitops sync --repo "$repo" --app "$app" -n "$ns" "$@"; }
replicas() { kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}'; }
# Runs a python expression on the JSON document read from stdin (bound to
# `d`) and prints the result; fails when stdout is not one JSON document.
json_eval() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
inventory_writes_since() {
  audit_write_entries_since "$1" kubectl-gitops | grep -c "gitops-$app " || true
}

echo "--- first sync creates the Deployment and the Service"
out=$(sync --prune)
assert_contains "$out" "Deployment.apps $ns/web created"
assert_eq 2 "$(replicas)" "replicas after the first sync"
wait_for 30 kubectl get replicasets -n "$ns" -l app=web -o name
assert_eq "$app" "$(kubectl get deployment web -n "$ns" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')" "app label"
assert_eq "$app:apps/Deployment:$ns/web" \
  "$(kubectl get deployment web -n "$ns" -o jsonpath='{.metadata.annotations.gitops\.kubectl\.dev/tracking-id}')" "tracking id"
applyset=$(kubectl get configmap "gitops-$app" -n kubectl-gitops -o jsonpath='{.metadata.labels.applyset\.kubernetes\.io/id}')
assert_eq "$applyset" "$(kubectl get deployment web -n "$ns" -o jsonpath='{.metadata.labels.applyset\.kubernetes\.io/part-of}')" "ApplySet membership"
assert_contains "$(kubectl get configmap "gitops-$app" -n kubectl-gitops -o jsonpath='{.metadata.annotations.applyset\.kubernetes\.io/contains-group-kinds}')" "Deployment.apps"

echo "--- a no-op sync sends no write at all"
before=$(audit_log_lines)
out=$(sync --prune)
assert_contains "$out" "0 created, 0 configured, 0 pruned, 2 unchanged"
assert_eq 0 "$(audit_writes_since "$before" "$ns")" "writes in the app's namespace during a no-op sync"
assert_eq 0 "$(inventory_writes_since "$before")" "inventory writes during a no-op sync"
gitops diff --repo "$repo" --app "$app" -n "$ns" >/dev/null || fail "diff of an app in sync must exit 0"

echo "--- kubectl scale by hand is drift: diff shows it, sync reverts it"
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
set +e
diff_out=$(gitops diff --repo "$repo" --app "$app" -n "$ns")
status=$?
set -e
assert_eq 1 "$status" "diff exit code with drift"
assert_contains "$diff_out" "-  replicas: 5"
assert_contains "$diff_out" "+  replicas: 2"
assert_not_contains "$diff_out" "managedFields"
assert_not_contains "$diff_out" "strategy"
set +e
diff_json=$(gitops diff --repo "$repo" --app "$app" -n "$ns" -o json)
status=$?
set -e
assert_eq 1 "$status" "diff -o json exit code with drift"
json_eval 'd' <<<"$diff_json" >/dev/null || fail "diff -o json is not JSON: $diff_json"
assert_eq "DiffReport gitops.kubectl.dev/v1 False" \
  "$(json_eval '" ".join([d["kind"], d["apiVersion"], str(d["inSync"])])' <<<"$diff_json")" "diff document"
by_kind='{o["kind"]: o for o in d["objects"]}'
assert_eq "Modified spec.replicas" \
  "$(json_eval "' '.join([$by_kind['Deployment']['state']] + $by_kind['Deployment']['changedFields'])" <<<"$diff_json")" \
  "the Deployment's state and changed fields"
assert_eq "InSync" "$(json_eval "$by_kind['Service']['state']" <<<"$diff_json")" "the Service's state"
echo "--- sync -o json: the report on stdout, the log on stderr"
sync_json=$(sync -o json 2>"$SCRATCH_DIR/sync.err")
assert_eq "SyncReport True configured" \
  "$(json_eval '" ".join([d["kind"], str(d["succeeded"])] + [o["action"] for o in d["outcomes"] if o["name"] == "web"])' <<<"$sync_json")" \
  "sync document"
assert_eq 1 "$(json_eval 'd["summary"]["unchanged"]' <<<"$sync_json")" "unchanged count in the sync document"
assert_contains "$(cat "$SCRATCH_DIR/sync.err")" "Deployment.apps $ns/web configured"
assert_eq 2 "$(replicas)" "replicas after the revert"

echo "--- 5 replicas committed to git stick"
write_web 5
commit_all "$repo" "scale web to 5" >/dev/null
sync >/dev/null
assert_eq 5 "$(replicas)" "replicas after committing 5"
sync >/dev/null
assert_eq 5 "$(replicas)" "replicas after another sync"

echo "--- git revert brings 2 back"
git -C "$repo" revert --no-edit HEAD >/dev/null
sync >/dev/null
assert_eq 2 "$(replicas)" "replicas after git revert"

echo "--- a deleted Deployment is recreated"
kubectl delete deployment web -n "$ns" --wait=true >/dev/null
out=$(sync)
assert_contains "$out" "Deployment.apps $ns/web created"
assert_eq 2 "$(replicas)" "replicas of the recreated Deployment"

echo "--- an object with the app's label that the app does not own survives prune"
kubectl create configmap stranger -n "$ns" --from-literal=a=b >/dev/null
kubectl label configmap stranger -n "$ns" "gitops.kubectl.dev/app=$app" >/dev/null

echo "--- an object handed over to Helm survives prune"
cat >"$repo/handed-over.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: handed-over
data: {a: b}
YAML
commit_all "$repo" "add a ConfigMap" >/dev/null
sync >/dev/null
kubectl label configmap handed-over -n "$ns" app.kubernetes.io/managed-by=Helm >/dev/null

echo "--- git rm prunes the Service"
git -C "$repo" rm -q service.yaml handed-over.yaml
commit_all "$repo" "remove the Service" >/dev/null
dry=$(gitops prune --dry-run --repo "$repo" --app "$app" -n "$ns")
assert_contains "$dry" "would prune Service $ns/web"
assert_contains "$dry" "would keep  ConfigMap $ns/stranger: not in the app's inventory"
assert_contains "$dry" "would keep  ConfigMap $ns/handed-over: is managed by Helm"
dry_json=$(gitops prune --dry-run --repo "$repo" --app "$app" -n "$ns" -o json)
assert_eq "PrunePlan Service/web" \
  "$(json_eval '" ".join([d["kind"]] + [o["kind"] + "/" + o["name"] for o in d["prune"]])' <<<"$dry_json")" \
  "prune --dry-run -o json deletions"
assert_contains "$(json_eval '{o["name"]: o["reason"] for o in d["keep"]}["stranger"]' <<<"$dry_json")" \
  "not in the app's inventory"
kubectl get service web -n "$ns" >/dev/null || fail "prune --dry-run deleted the Service"
out=$(sync --prune)
assert_contains "$out" "Service $ns/web pruned"
kubectl get service web -n "$ns" >/dev/null 2>&1 && fail "the Service was not pruned"
kubectl get configmap stranger -n "$ns" >/dev/null || fail "the stranger ConfigMap was pruned"
kubectl get configmap handed-over -n "$ns" >/dev/null || fail "the Helm-owned ConfigMap was pruned"
kubectl get deployment web -n "$ns" >/dev/null || fail "the Deployment was pruned"

echo "--- status reports the app"
status_json=$(gitops status --app "$app" -o json)
assert_contains "$status_json" "\"syncState\": \"Synced\""
assert_contains "$status_json" "\"commit\": \"$(git -C "$repo" rev-parse HEAD)\""
echo "PASS"
