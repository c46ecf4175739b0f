#!/usr/bin/env bash
# Helm charts on the local control plane: a chart with a vendored dependency
# is rendered with helm as the app's release in its namespace, synced, a
# change of its values applied, a template removed and its object pruned;
# a --values file of the repository and a --set value take part; helm's
# pre-install hook runs as PreSync and its test hook is never applied. A
# missing helm fails clearly with nothing written, and a dependency on a
# remote chart repository that is not vendored is refused.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v helm >/dev/null || {
  echo "SKIP: no helm on PATH (testenv/build.sh builds it beside the control plane)" >&2
  exit 125
}

ns=$(new_namespace helm)
app=$(unique_name helm)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
chart="$repo/charts/web"
mkdir -p "$chart/templates" "$chart/charts/cache/templates" "$repo/envs"

cat >"$chart/Chart.yaml" <<'YAML'
apiVersion: v2
name: web
version: 1.0.0
dependencies:
- name: cache
  version: 0.1.0
  repository: https://charts.example.com/stable
YAML
printf 'greeting: hello\ncache:\n  size: small\n' >"$chart/values.yaml"
cat >"$chart/templates/settings.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
  namespace: {{ .Release.Namespace }}
  labels:
    app.kubernetes.io/managed-by: {{ .Release.Service }}
data:
  greeting: {{ .Values.greeting | quote }}
  token: {{ .Values.token | default "none" | quote }}
YAML
cat >"$chart/templates/extra.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
  labels:
    app.kubernetes.io/managed-by: {{ .Release.Service }}
data: {a: b}
YAML
cat >"$chart/templates/hooks.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
data: {ran: "yes"}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    helm.sh/hook: test
data: {test: "yes"}
YAML
printf 'apiVersion: v2\nname: cache\nversion: 0.1.0\n' >"$chart/charts/cache/Chart.yaml"
printf 'size: tiny\n' >"$chart/charts/cache/values.yaml"
cat >"$chart/charts/cache/templates/cache.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cache
data:
  size: {{ .Values.size | quote }}
YAML
printf 'greeting: hello from prod\n' >"$repo/envs/prod.yaml"
commit_all "$repo" "a chart with a vendored dependency" >/dev/null

sync() { gitops sync --repo "$repo" --path charts/web --app "$app" -n "$ns" "$@"; }
data_of() { kubectl get configmap "$1" -n "$ns" -o jsonpath="{.data.$2}"; }

echo "--- the chart is rendered as release $app in $ns and synced, its dependency too"
out=$(sync 2>&1) || fail "sync of the chart failed:"$'\n'"$out"
assert_contains "$out" "PreSync hook ConfigMap $ns/$app-migrate"
assert_contains "$out" "ConfigMap $ns/$app-settings created"
assert_contains "$out" "ConfigMap $ns/$app-cache created"
assert_eq "hello" "$(data_of "$app-settings" greeting)" "greeting"
assert_eq "small" "$(data_of "$app-cache" size)" "the dependency's size (the parent's values win)"
assert_eq "$app" "$(kubectl get configmap "$app-extra" -n "$ns" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')" "app label"
assert_eq "yes" "$(data_of "$app-migrate" ran)" "the pre-install hook"
kubectl get configmap "$app-test" -n "$ns" >/dev/null 2>&1 && fail "helm's test hook was applied"
out=$(sync 2>&1)
assert_contains "$out" "0 created, 0 configured, 0 pruned"

echo "--- a change of the chart's values is applied"
printf 'greeting: bonjour\ncache:\n  size: large\n' >"$chart/values.yaml"
commit_all "$repo" "new values" >/dev/null
diff_status=0
diff_out=$(gitops diff --repo "$repo" --path charts/web --app "$app" -n "$ns" 2>&1) || diff_status=$?
assert_eq 1 "$diff_status" "diff's exit status"
assert_contains "$diff_out" '+  greeting: bonjour'
out=$(sync 2>&1) || fail "sync of new values failed:"$'\n'"$out"
assert_eq "bonjour" "$(data_of "$app-settings" greeting)" "greeting"
assert_eq "large" "$(data_of "$app-cache" size)" "the dependency's size"

echo "--- a --values file of the repository and a --set value take part"
out=$(sync --values envs/prod.yaml --set token=tok-e2e-4471 2>&1) || fail "sync with --values failed:"$'\n'"$out"
assert_eq "hello from prod" "$(data_of "$app-settings" greeting)" "greeting from --values"
assert_eq "tok-e2e-4471" "$(data_of "$app-settings" token)" "token from --set"
assert_not_contains "$out" "tok-e2e-4471"
out=$(sync --values ../outside.yaml 2>&1) && fail "a --values file outside the repository was read"
assert_contains "$out" "--values: path '../outside.yaml' leaves the repository"

echo "--- a template removed from the chart is pruned"
git -C "$repo" rm -q charts/web/templates/extra.yaml
commit_all "$repo" "remove extra" >/dev/null
out=$(sync --prune 2>&1) || fail "sync --prune failed:"$'\n'"$out"
assert_contains "$out" "ConfigMap $ns/$app-extra pruned"
kubectl get configmap "$app-extra" -n "$ns" >/dev/null 2>&1 && fail "$app-extra was not pruned"
assert_eq "bonjour" "$(data_of "$app-settings" greeting)" "greeting without --values again"

echo "--- without helm on PATH the sync fails clearly and writes nothing"
no_helm="$SCRATCH_DIR/no-helm-bin"
mkdir -p "$no_helm"
ln -s "$(command -v kubectl)" "$no_helm/kubectl"
ln -s "$(command -v git)" "$no_helm/git"
printf 'greeting: never\n' >"$chart/values.yaml"
commit_all "$repo" "values no sync may apply" >/dev/null
inventory_before=$(kubectl get configmap "gitops-$app" -n kubectl-gitops -o jsonpath='{.metadata.resourceVersion}')
status=0
out=$(PATH="$no_helm" sync 2>&1) || status=$?
assert_eq 2 "$status" "exit status without helm"
assert_contains "$out" "charts/web: a Helm chart (Chart.yaml), and 'helm' is not on PATH: install helm"
assert_eq "bonjour" "$(data_of "$app-settings" greeting)" "greeting after the failed sync"
assert_eq "$inventory_before" "$(kubectl get configmap "gitops-$app" -n kubectl-gitops -o jsonpath='{.metadata.resourceVersion}')" "the inventory's version"

echo "--- a remote dependency that is not vendored is refused before helm runs"
git -C "$repo" rm -rq charts/web/charts/cache
commit_all "$repo" "the dependency is no longer vendored" >/dev/null
status=0
out=$(sync 2>&1) || status=$?
assert_eq 2 "$status" "exit status of a remote dependency"
assert_contains "$out" "charts/web/Chart.yaml: dependencies entry 'https://charts.example.com/stable' is remote (charts.example.com)"
assert_eq "bonjour" "$(data_of "$app-settings" greeting)" "greeting after the refused sync"
kubectl get configmap "$app-cache" -n "$ns" >/dev/null || fail "the refused sync pruned the dependency's ConfigMap"
echo "PASS"
