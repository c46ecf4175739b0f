#!/usr/bin/env bash
# A repository moved over from Argo CD keeps its order: argocd.argoproj.io/
# sync-wave orders the waves where our own annotation is absent, ours wins
# where both are set, and validate says which one counted. The order is read
# from the API server's audit log: the writes of each object, in sequence.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace waves)
app=$(unique_name waves)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
# Without waves, kind and name order would apply a-last, c-first, then b-ours
# (wave 1 of ours); Argo's waves alone would put b-ours first.
configmap_in_wave() {
  local name=$1 annotations=$2
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  annotations:\n%s\ndata: {a: b}\n' \
    "$name" "$annotations" >"$repo/$name.yaml"
}
configmap_in_wave c-first '    argocd.argoproj.io/sync-wave: "-1"'
configmap_in_wave a-last '    argocd.argoproj.io/sync-wave: "2"'
configmap_in_wave b-ours $'    argocd.argoproj.io/sync-wave: "-5"\n    gitops.kubectl.dev/sync-wave: "1"'
commit_all "$repo" "three ConfigMaps in Argo CD waves" >/dev/null

echo "--- validate notes the Argo CD waves it honours and the one ours overrides"
out=$(gitops validate --repo "$repo" 2>&1) || fail "validate failed on Argo CD waves:"$'\n'"$out"
assert_contains "$out" 'argocd.argoproj.io/sync-wave "-1" is honoured as the sync wave'
assert_contains "$out" 'argocd.argoproj.io/sync-wave "2" is honoured as the sync wave'
assert_contains "$out" 'argocd.argoproj.io/sync-wave "-5" is ignored: gitops.kubectl.dev/sync-wave "1" wins'

echo "--- sync applies the waves in order: c-first (-1), b-ours (1), a-last (2)"
before=$(audit_log_lines)
out=$(gitops sync --repo "$repo" --app "$app" -n "$ns" 2>&1) || fail "sync failed:"$'\n'"$out"
assert_contains "$out" ": 3 created"
order=$(audit_write_entries_since "$before" "$ns" | awk '$2 == "core/configmaps" {split($3, a, "/"); print a[2]}' |
  awk '!seen[$0]++' | paste -sd' ')
assert_eq "c-first b-ours a-last" "$order" "order of the ConfigMaps' writes"
assert_contains "$out" "wave 1: waiting for the health of 1 object(s) of earlier waves"
assert_contains "$out" "wave 2: waiting for the health of 2 object(s) of earlier waves"
echo "PASS"
