#!/usr/bin/env bash
# Health and `sync --wait` on the local control plane, whose pods are
# scheduled by kube-scheduler onto kwok's fake nodes and made Ready by kwok:
# the workshop's Deployment reaches 2/2 and --wait succeeds; a Deployment
# whose pod never gets ready fails at the timeout, naming it and the pod's
# reason; a failing Job is Degraded; a CRD and a resource of it end Healthy;
# a second wave waits for the first to be healthy. Pods that must misbehave
# carry kwok.x-k8s.io/status=custom, which kwok leaves alone; the test sets
# their status as a kubelet would.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace health)
# kwok leaves pods with a custom status alone, deletion included: force them.
on_exit kubectl delete pods -n "$ns" -l 'app in (stuck,deadline,failing,db)' --force --grace-period=0 --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"

new_app() {
  local app
  app=$(unique_name "$1")
  on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
  echo "$app"
}

# deployment <name> <replicas> [pod annotations as a flow map] [extra metadata lines] [extra spec lines]
deployment() {
  local name=$1 replicas=$2 pod_annotations=${3:-"{}"} metadata_extra=${4:-} spec_extra=${5:-}
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $name
  labels: {app: $name}
$metadata_extra
spec:
  replicas: $replicas
$spec_extra
  selector:
    matchLabels: {app: $name}
  template:
    metadata:
      labels: {app: $name}
      annotations: $pod_annotations
    spec:
      containers:
      - name: $name
        image: nginx:1.27
        resources:
          requests: {cpu: 0.1, memory: 64Mi}
YAML
}

# failing_sync <folder> <app> <flags...>: runs a sync expected to fail; sets
# $out (stdout and stderr) and $code (its exit status).
failing_sync() {
  local folder=$1 name=$2
  shift 2
  set +e
  out=$(gitops sync --repo "$repo" --path "$folder" --app "$name" -n "$ns" "$@" 2>&1)
  code=$?
  set -e
}

# The name of the first pod labelled app=<name>, once there is one.
pod_of() {
  kubectl get pods -n "$ns" -l "app=$1" -o jsonpath='{.items[0].metadata.name}' 2>/dev/null
}
has_pod() { [[ -n $(pod_of "$1") ]]; }

# Sets a pod's status as a kubelet would report it.
set_pod_status() {
  local pod=$1 status=$2
  kubectl patch pod "$pod" -n "$ns" --subresource=status --type=merge -p "{\"status\": $status}" >/dev/null
}

# In the background: once the first pod labelled app=<name> exists, sets its
# status to <status>. Sets $patcher to the background PID.
set_status_of_coming_pod() {
  local name=$1 status=$2
  (
    wait_for 60 has_pod "$name"
    set_pod_status "$(pod_of "$name")" "$status"
  ) &
  patcher=$!
  on_exit kill_if_running "$patcher"
}

echo "--- kwok runs two fake nodes, and they are Ready"
nodes=$(kubectl get nodes -l type=kwok -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}')
assert_contains "$nodes" "kwok-node-0=True" "kwok nodes"
assert_contains "$nodes" "kwok-node-1=True" "kwok nodes"

echo "--- the workshop's Deployment becomes 2/2 Ready and sync --wait succeeds"
app=$(new_app web)
mkdir -p "$repo/web"
deployment web 2 >"$repo/web/deployment.yaml"
workshop_service >"$repo/web/service.yaml"
cat >"$repo/web/migrate.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
YAML
commit_all "$repo" "web" >/dev/null
out=$(gitops sync --repo "$repo" --path web --app "$app" -n "$ns" --wait --timeout 2m) ||
  fail "sync --wait of the workshop app failed: $out"
echo "$out"
assert_contains "$out" "healthy: 3 object(s)"
ready=$(kubectl get deployment web -n "$ns" --no-headers | awk '{print $2}')
assert_eq "2/2" "$ready" "kubectl get deployment web READY"
kubectl get deployment web -n "$ns"
assert_eq "True" "$(kubectl get job migrate -n "$ns" -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}')" "Job Complete condition"

echo "--- status shows health beside sync state"
status=$(gitops status --app "$app")
echo "$status"
assert_contains "$status" "Synced     Healthy"
assert_eq "Healthy" "$(gitops status --app "$app" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["health"]["status"])')" "status -o json health"

echo "--- a Deployment whose pod never gets ready fails --wait at the timeout, with the pod's reason"
app=$(new_app stuck)
mkdir -p "$repo/stuck"
deployment stuck 1 '{kwok.x-k8s.io/status: custom}' >"$repo/stuck/deployment.yaml"
commit_all "$repo" "stuck" >/dev/null
set_status_of_coming_pod stuck '{"phase": "Pending", "containerStatuses": [{"name": "stuck", "image": "nginx:1.27", "imageID": "", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"nginx:1.27\""}}}]}'
failing_sync stuck "$app" --wait --timeout 20s
wait "$patcher" || fail "could not set the stuck pod's status"
echo "$out"
assert_eq 6 "$code" "exit code of a sync --wait that timed out"
assert_contains "$out" "timed out waiting for health"
assert_contains "$out" "Deployment.apps $ns/stuck: Progressing"
assert_contains "$out" "ImagePullBackOff"
status=$(gitops status --app "$app")
assert_contains "$status" "Progressing"

echo "--- a Deployment past its progress deadline is Degraded: --wait fails before its timeout"
app=$(new_app deadline)
mkdir -p "$repo/deadline"
deployment deadline 1 '{kwok.x-k8s.io/status: custom}' '' '  progressDeadlineSeconds: 5' >"$repo/deadline/deployment.yaml"
commit_all "$repo" "deadline" >/dev/null
failing_sync deadline "$app" --wait --timeout 3m
echo "$out"
assert_eq 7 "$code" "exit code of a sync --wait whose Deployment missed its progress deadline"
assert_contains "$out" "Deployment.apps $ns/deadline: Degraded"
assert_contains "$out" "exceeded its progress deadline"

echo "--- a Job that fails is Degraded and fails --wait before the timeout"
app=$(new_app failing)
mkdir -p "$repo/failing"
cat >"$repo/failing/job.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: failing
spec:
  backoffLimit: 0
  template:
    metadata:
      labels: {app: failing}
      annotations: {kwok.x-k8s.io/status: custom}
    spec:
      restartPolicy: Never
      containers:
      - name: failing
        image: busybox:1.36
YAML
commit_all "$repo" "failing job" >/dev/null
set_status_of_coming_pod failing '{"phase": "Failed", "containerStatuses": [{"name": "failing", "image": "busybox:1.36", "imageID": "", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}'
failing_sync failing "$app" --wait --timeout 3m
wait "$patcher" || fail "could not set the failing pod's status"
echo "$out"
assert_eq 7 "$code" "exit code of a sync --wait with a Degraded object"
assert_contains "$out" "Job.batch $ns/failing: Degraded"
assert_contains "$out" "BackoffLimitExceeded"

echo "--- a CRD and a resource of it, in one sync, apply in order and end Healthy"
app=$(new_app crd)
group="$(unique_name e2e).example.com"
mkdir -p "$repo/crd"
widget_crd "$group" >"$repo/crd/crd.yaml"
cat >"$repo/crd/widget.yaml" <<YAML
apiVersion: $group/v1
kind: Widget
metadata:
  name: gear
spec:
  size: 3
YAML
commit_all "$repo" "crd" >/dev/null
on_exit kubectl delete crd "widgets.$group" --ignore-not-found --wait=false
out=$(gitops sync --repo "$repo" --path crd --app "$app" -n "$ns" --wait --timeout 2m) ||
  fail "sync --wait of a CRD and its resource failed: $out"
echo "$out"
assert_contains "$out" "healthy: 2 object(s)"
assert_eq 3 "$(kubectl get "widgets.$group" gear -n "$ns" -o jsonpath='{.spec.size}')" "the custom resource"
json=$(gitops status --app "$app" -o json)
assert_eq "Healthy 2" "$(python3 -c 'import json,sys; h=json.load(sys.stdin)[0]["health"]; print(h["status"], h["objects"]["Healthy"])' <<<"$json")" "CRD app health"

echo "--- a second wave waits until the first is healthy"
app=$(new_app waves)
mkdir -p "$repo/waves"
deployment db 1 '{kwok.x-k8s.io/status: custom}' \
  '  annotations: {gitops.kubectl.dev/sync-wave: "0"}' >"$repo/waves/db.yaml"
cat >"$repo/waves/after-db.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: after-db
  annotations: {gitops.kubectl.dev/sync-wave: "1"}
data:
  db: ready
YAML
commit_all "$repo" "waves" >/dev/null
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" \
  sync --repo "$repo" --path waves --app "$app" -n "$ns" --timeout 2m >"$SCRATCH_DIR/waves.out" 2>&1 &
syncer=$!
on_exit kill_if_running "$syncer"
wait_for 60 has_pod db
sleep 3 # the sync is waiting for db now; wave 1 must not be there
if kubectl get configmap after-db -n "$ns" >/dev/null 2>&1; then
  fail "wave 1 was applied while wave 0 was not healthy"
fi
grep -q "wave 1: waiting for the health" "$SCRATCH_DIR/waves.out" ||
  fail "the sync did not say it waits for wave 0: $(cat "$SCRATCH_DIR/waves.out")"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
set_pod_status "$(pod_of db)" "{\"phase\": \"Running\", \"podIP\": \"10.244.0.99\", \"startTime\": \"$now\", \"conditions\": [{\"type\": \"PodScheduled\", \"status\": \"True\", \"lastTransitionTime\": \"$now\"}, {\"type\": \"Initialized\", \"status\": \"True\", \"lastTransitionTime\": \"$now\"}, {\"type\": \"ContainersReady\", \"status\": \"True\", \"lastTransitionTime\": \"$now\"}, {\"type\": \"Ready\", \"status\": \"True\", \"lastTransitionTime\": \"$now\"}], \"containerStatuses\": [{\"name\": \"db\", \"image\": \"nginx:1.27\", \"imageID\": \"\", \"ready\": true, \"started\": true, \"restartCount\": 0, \"state\": {\"running\": {\"startedAt\": \"$now\"}}}]}"
wait "$syncer" || fail "the wave sync failed: $(cat "$SCRATCH_DIR/waves.out")"
cat "$SCRATCH_DIR/waves.out"
assert_eq "ready" "$(kubectl get configmap after-db -n "$ns" -o jsonpath='{.data.db}')" "wave 1 after wave 0 is healthy"

echo "PASS"
