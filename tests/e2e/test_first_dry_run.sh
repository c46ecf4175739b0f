#!/usr/bin/env bash
# A first dry run tells the truth: a kustomize overlay (as podinfo's staging
# one) that creates its own Namespace, and a CRD with an object of its kind,
# are reported as objects that would be created, with no failure, and
# nothing is written to the cluster.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(unique_name staging)
app=$(unique_name dryrun)
group="$app.example.com"
on_exit kubectl delete namespace "$ns" --wait=false --ignore-not-found
on_exit kubectl delete customresourcedefinition "widgets.$group" --ignore-not-found
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
mkdir -p "$repo/base" "$repo/staging"
cat >"$repo/base/deployment.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  minReadySeconds: 3
  selector:
    matchLabels: {app: podinfo}
  template:
    metadata:
      labels: {app: podinfo}
    spec:
      containers:
      - name: podinfod
        image: ghcr.io/stefanprodan/podinfo:6.7.1
        ports:
        - {name: http, containerPort: 9898}
        resources:
          requests: {cpu: 1m, memory: 16Mi}
YAML
cat >"$repo/base/service.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: podinfo
spec:
  selector: {app: podinfo}
  ports:
  - {name: http, port: 9898, targetPort: http}
YAML
cat >"$repo/base/hpa.yaml" <<'YAML'
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: podinfo
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  minReplicas: 2
  maxReplicas: 4
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 99}
YAML
cat >"$repo/base/configmap.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: podinfo-settings
data:
  PODINFO_UI_COLOR: "#34577c"
YAML
printf 'resources:\n- deployment.yaml\n- service.yaml\n- hpa.yaml\n- configmap.yaml\n' \
  >"$repo/base/kustomization.yaml"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" >"$repo/staging/namespace.yaml"
widget_crd "$group" >"$repo/staging/crd.yaml"
printf 'apiVersion: %s/v1\nkind: Widget\nmetadata:\n  name: gear\nspec:\n  size: 3\n' "$group" \
  >"$repo/staging/widget.yaml"
cat >"$repo/staging/kustomization.yaml" <<YAML
namespace: $ns
resources:
- namespace.yaml
- ../base
- crd.yaml
- widget.yaml
YAML
commit_all "$repo" "podinfo staging overlay with its Namespace, and a CRD with one object" >/dev/null
args=(--repo "$repo" --path staging --app "$app")

echo "--- sync --dry-run of the first commit: every object would be created, none fails"
before=$(audit_log_lines)
set +e
out=$(gitops sync "${args[@]}" --dry-run --prune 2>&1)
status=$?
set -e
assert_eq 0 "$status" "exit code of the first dry run; output:"$'\n'"$out"
assert_contains "$out" "ConfigMap $ns/podinfo-settings would be created (namespace created by this commit)"
assert_contains "$out" "Deployment.apps $ns/podinfo would be created (namespace created by this commit)"
assert_contains "$out" "HorizontalPodAutoscaler.autoscaling $ns/podinfo would be created (namespace created by this commit)"
assert_contains "$out" "Widget.$group $ns/gear would be created (CRD created by this commit)"
assert_contains "$out" "Namespace $ns created (server dry run)"
assert_contains "$out" "dry run of app $app at"
assert_contains "$out" ": 7 created, 0 configured, 0 pruned, 0 unchanged"
assert_not_contains "$out" "failed"
assert_not_contains "$out" "nothing was pruned"

echo "--- diff of the same commit shows every object missing, and no error"
set +e
out=$(gitops diff "${args[@]}" 2>&1)
status=$?
set -e
assert_eq 1 "$status" "exit code of the diff (differences); output:"$'\n'"$out"
assert_contains "$out" "app $app: 0 modified, 7 missing, 0 to prune, 0 in sync"
assert_not_contains "$out" "error"

echo "--- nothing was written"
kubectl get namespace "$ns" >/dev/null 2>&1 && fail "the dry run created namespace $ns"
kubectl get customresourcedefinition "widgets.$group" >/dev/null 2>&1 && fail "the dry run created the CRD"
kubectl get configmap "gitops-$app" -n kubectl-gitops >/dev/null 2>&1 && fail "the dry run wrote an inventory"
assert_eq 0 "$(audit_writes_since "$before" "$ns")" "writes in $ns"
assert_eq "" "$(audit_write_entries_since "$before" | grep -e "widgets.$group" -e "gitops-$app" || true)" \
  "writes of the CRD or the inventory"

echo "--- a real sync then creates it all; the next dry run changes nothing"
gitops sync "${args[@]}" >/dev/null
kubectl get "widgets.$group" gear -n "$ns" >/dev/null
out=$(gitops sync "${args[@]}" --dry-run 2>&1)
assert_contains "$out" ": 0 created, 0 configured, 0 pruned, 7 unchanged"
echo "PASS"
