#!/usr/bin/env bash
# What must never happen: a malformed manifest, an empty render or a mass
# prune deleting anything; errors exit 2 and name the file and line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace safety)
app=$(unique_name safety)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
for i in $(seq 1 12); do
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm%s\ndata: {i: "%s"}\n' "$i" "$i" >"$repo/cm$i.yaml"
done
commit_all "$repo" "twelve ConfigMaps" >/dev/null
sync() { gitops sync --repo "$repo" --app "$app" -n "$ns" "$@"; }
count() { kubectl get configmaps -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name | wc -l; }
sync --prune >/dev/null
assert_eq 12 "$(count)" "ConfigMaps after the first sync"

echo "--- a malformed manifest fails with file and line and writes nothing"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n' >"$repo/broken.yaml"
git -C "$repo" rm -q cm1.yaml
commit_all "$repo" "broken" >/dev/null
before=$(audit_log_lines)
set +e
err=$(sync --prune 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync with a malformed manifest"
assert_contains "$err" "broken.yaml:"
assert_eq 0 "$(audit_writes_since "$before" "$ns")" "writes after a failed render"
assert_eq 12 "$(count)" "ConfigMaps after a failed render"
git -C "$repo" rm -q broken.yaml
git -C "$repo" checkout -q HEAD~1 -- cm1.yaml
commit_all "$repo" "fixed" >/dev/null

echo "--- a mass prune over the bound stops without deleting anything"
for i in $(seq 1 11); do git -C "$repo" rm -q "cm$i.yaml"; done
commit_all "$repo" "remove eleven" >/dev/null
set +e
err=$(sync --prune 2>&1)
status=$?
set -e
assert_eq 5 "$status" "exit code of a refused mass prune"
assert_contains "$err" "--confirm-prune"
assert_eq 12 "$(count)" "ConfigMaps after a refused mass prune"
sync --prune --confirm-prune >/dev/null
assert_eq 1 "$(count)" "ConfigMaps after a confirmed prune"

echo "--- an empty render refuses to prune"
git -C "$repo" rm -q cm12.yaml
echo "# nothing here" >"$repo/README.md"
commit_all "$repo" "empty" >/dev/null
set +e
err=$(sync --prune 2>&1)
status=$?
set -e
assert_eq 5 "$status" "exit code of an empty render with --prune"
assert_contains "$err" "--allow-empty"
assert_eq 1 "$(count)" "ConfigMaps after a refused empty prune"

echo "--- committed helm template output is ours to prune; a Helm install is not"
cat >"$repo/chart-output.yaml" <<'YAML'
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: rendered
  labels:
    app.kubernetes.io/managed-by: Helm
    helm.sh/chart: shop-1.0.0
data: {from: helm-template}
YAML
commit_all "$repo" "helm template output" >/dev/null
sync --prune --allow-empty >/dev/null
kubectl create configmap installed -n "$ns" --from-literal=from=helm-install >/dev/null
kubectl label configmap installed -n "$ns" "gitops.kubectl.dev/app=$app" \
  app.kubernetes.io/managed-by=Helm >/dev/null
kubectl annotate configmap installed -n "$ns" meta.helm.sh/release-name=shop >/dev/null
git -C "$repo" rm -q chart-output.yaml
commit_all "$repo" "the chart is gone from git" >/dev/null
out=$(sync --prune --allow-empty 2>&1) || fail "sync after removing the chart output failed:"$'\n'"$out"
assert_contains "$out" "ConfigMap $ns/rendered pruned"
assert_eq "" "$(kubectl get configmap rendered -n "$ns" --ignore-not-found -o name)" "the rendered ConfigMap"
assert_eq "configmap/installed" "$(kubectl get configmap installed -n "$ns" -o name)" "the Helm-installed ConfigMap"

echo "--- diff exits 2 on error"
set +e
gitops diff --repo "$SCRATCH_DIR/no-such-repo" --app "$app" -n "$ns" >/dev/null 2>&1
status=$?
set -e
assert_eq 2 "$status" "diff exit code for a missing repository"
echo "PASS"
