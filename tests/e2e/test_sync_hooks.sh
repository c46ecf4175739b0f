#!/usr/bin/env bash
# Sync hooks on the local control plane, where kwok completes a Job's pod: a
# PreSync migration Job with generateName runs to Complete before the
# Deployment is created; HookSucceeded deletes the Job after it succeeded; a
# PreSync Job that fails (its pod's status set as a kubelet would, under
# kwok.x-k8s.io/status=custom) stops the sync with nothing else written.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace hooks)
on_exit kubectl delete pods -n "$ns" -l app=broken --force --grace-period=0 --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"

new_app() {
  local app
  app=$(unique_name "$1")
  on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
  echo "$app"
}

deployment() {
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $1
spec:
  replicas: 1
  selector:
    matchLabels: {app: $1}
  template:
    metadata:
      labels: {app: $1}
    spec:
      containers:
      - name: $1
        image: nginx:1.27
YAML
}

# job <metadata name line> <hook annotations as a flow map> [pod annotations] [pod label]
job() {
  cat <<YAML
apiVersion: batch/v1
kind: Job
metadata:
  $1
  annotations: $2
spec:
  backoffLimit: 0
  template:
    metadata:
      labels: {app: ${4:-migrate}}
      annotations: ${3:-"{}"}
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
YAML
}

echo "--- a PreSync Job with generateName completes before the Deployment is created"
app=$(new_app pre)
mkdir -p "$repo/pre"
deployment web >"$repo/pre/deployment.yaml"
job "generateName: migrate-" '{argocd.argoproj.io/hook: PreSync}' >"$repo/pre/migrate.yaml"
commit_all "$repo" "pre" >/dev/null
out=$(gitops sync --repo "$repo" --path pre --app "$app" -n "$ns" --timeout 2m 2>&1) ||
  fail "sync with a PreSync hook failed: $out"
echo "$out"
assert_contains "$out" "PreSync hook"
job_name=$(kubectl get jobs -n "$ns" -l "gitops.kubectl.dev/app=$app" -o jsonpath='{.items[0].metadata.name}')
[[ $job_name == migrate-* ]] || fail "the hook Job is named $job_name, not migrate-*"
completed=$(kubectl get job "$job_name" -n "$ns" -o jsonpath='{.status.completionTime}')
created=$(kubectl get deployment web -n "$ns" -o jsonpath='{.metadata.creationTimestamp}')
[[ -n $completed && ! $completed > $created ]] ||
  fail "the Job completed at '$completed', after the Deployment was created at $created"
status=$(gitops status --app "$app")
echo "$status"
assert_contains "$status" "PreSync hook"
assert_contains "$status" "Succeeded"

echo "--- prune leaves the hook's Job alone"
out=$(gitops sync --repo "$repo" --path pre --app "$app" -n "$ns" --prune 2>&1) || fail "second sync failed: $out"
kubectl get job "$job_name" -n "$ns" >/dev/null || fail "the hook Job was pruned"

echo "--- HookSucceeded deletes the Job once it succeeded"
app=$(new_app done)
mkdir -p "$repo/done"
deployment done-web >"$repo/done/deployment.yaml"
job "generateName: cleanup-" '{gitops.kubectl.dev/hook: PostSync, gitops.kubectl.dev/hook-delete-policy: HookSucceeded}' >"$repo/done/cleanup.yaml"
commit_all "$repo" "done" >/dev/null
out=$(gitops sync --repo "$repo" --path done --app "$app" -n "$ns" --timeout 2m 2>&1) ||
  fail "sync with a PostSync hook failed: $out"
echo "$out"
assert_contains "$out" "PostSync hook"
left=$(kubectl get jobs -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name)
assert_eq "" "$left" "Jobs left after HookSucceeded"

echo "--- a failed PreSync Job stops the sync with nothing else written"
app=$(new_app broken)
mkdir -p "$repo/broken"
deployment broken-web >"$repo/broken/deployment.yaml"
job "name: broken-migrate" '{gitops.kubectl.dev/hook: PreSync}' '{kwok.x-k8s.io/status: custom}' broken >"$repo/broken/migrate.yaml"
commit_all "$repo" "broken" >/dev/null
(
  wait_for 60 bash -c "[[ -n \$(kubectl get pods -n '$ns' -l app=broken -o name) ]]"
  pod=$(kubectl get pods -n "$ns" -l app=broken -o jsonpath='{.items[0].metadata.name}')
  kubectl patch pod "$pod" -n "$ns" --subresource=status --type=merge -p '{"status": {"phase": "Failed", "containerStatuses": [{"name": "migrate", "image": "busybox:1.36", "imageID": "", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}}' >/dev/null
) &
patcher=$!
on_exit kill_if_running "$patcher"
set +e
out=$(gitops sync --repo "$repo" --path broken --app "$app" -n "$ns" --timeout 2m 2>&1)
code=$?
set -e
wait "$patcher" || fail "could not set the failing pod's status"
echo "$out"
[[ $code -ne 0 ]] || fail "a sync whose PreSync hook failed succeeded"
assert_contains "$out" "PreSync hook"
assert_contains "$out" "failed"
if kubectl get deployment broken-web -n "$ns" >/dev/null 2>&1; then
  fail "the Deployment was written although the PreSync hook failed"
fi
status=$(gitops status --app "$app")
echo "$status"
assert_contains "$status" "Failed"

echo "--- dry run says which hooks would run and runs none"
app=$(new_app dry)
mkdir -p "$repo/dry"
deployment dry-web >"$repo/dry/deployment.yaml"
job "generateName: dry-" '{argocd.argoproj.io/hook: PreSync}' >"$repo/dry/migrate.yaml"
commit_all "$repo" "dry" >/dev/null
out=$(gitops sync --repo "$repo" --path dry --app "$app" -n "$ns" --dry-run 2>&1) || fail "dry run failed: $out"
assert_contains "$out" "would run"
assert_eq "" "$(kubectl get jobs -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name)" "Jobs after a dry run"
echo "PASS"
