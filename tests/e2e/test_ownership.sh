#!/usr/bin/env bash
# Ownership you can trust: nothing that exists is taken without --adopt,
# another app's object is never taken, a Namespace holding anything else is
# never pruned, same-named repositories never share an app, a copy of the
# app's label is found in any kind, Argo CD's instance label protects, a
# relative --repo works from anywhere, and audit -A fails when it cannot see
# an app.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

# Runs "$@", keeping its output in $out and its exit code in $status.
run() {
  set +e
  out=$("$@" 2>&1)
  status=$?
  set -e
}
forget_app() {
  on_exit kubectl delete configmap "gitops-$1" -n kubectl-gitops --ignore-not-found
}

echo "--- an existing Namespace with content is refused, adopted, then never pruned"
victim=$(unique_name victim)
kubectl create namespace "$victim" >/dev/null
on_exit kubectl delete namespace "$victim" --wait=false --ignore-not-found
kubectl create configmap settings -n "$victim" --from-literal=a=b >/dev/null
kubectl create secret generic db -n "$victim" --from-literal=password=hunter2 >/dev/null
app=$(unique_name owner)
forget_app "$app"
repo="$SCRATCH_DIR/victim-repo"
make_git_repo "$repo"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$victim" >"$repo/ns.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: %s\ndata: {a: b}\n' \
  "$victim" >"$repo/config.yaml"
commit_all "$repo" "declare an existing namespace" >/dev/null
before=$(audit_log_lines)
run gitops sync --repo "$repo" --app "$app" --prune
assert_eq 5 "$status" "exit code of a sync that would take over an existing Namespace"
assert_contains "$out" "Namespace $victim: held by unmanaged"
assert_contains "$out" "--adopt"
# Other tests write at the same time: only the victim and the app's inventory count.
assert_eq "" "$(audit_write_entries_since "$before" |
  grep -e " $victim/" -e "/$victim " -e "/gitops-$app " || true)" "writes of a refused sync"
assert_eq "" "$(kubectl get namespace "$victim" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')" \
  "the app label on a Namespace that was not taken"

run gitops diff --repo "$repo" --app "$app"
assert_eq 1 "$status" "exit code of diff when a sync would need --adopt"
assert_contains "$out" "Namespace $victim: held by unmanaged"

run gitops sync --repo "$repo" --app "$app" --prune --adopt
assert_eq 0 "$status" "exit code of a sync with --adopt: $out"
assert_contains "$out" "Namespace $victim adopted"
assert_contains "$out" "1 created, 1 adopted"
run gitops status --app "$app" -o json
assert_contains "$out" "\"Namespace $victim\""
run gitops audit --app "$app" -o json
assert_contains "$out" '"adopted": true'

git -C "$repo" rm -q ns.yaml
commit_all "$repo" "drop the namespace" >/dev/null
run gitops sync --repo "$repo" --app "$app" --prune
assert_eq 0 "$status" "exit code of the prune: $out"
assert_contains "$out" "Namespace $victim kept: adopted with --adopt"
kubectl get namespace "$victim" >/dev/null || fail "the adopted Namespace was deleted"
kubectl get secret db -n "$victim" >/dev/null || fail "the Secret in the adopted Namespace was deleted"

echo "--- a Namespace the app created is kept while it holds another's object"
made=$(unique_name made)
on_exit kubectl delete namespace "$made" --wait=false --ignore-not-found
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$made" >"$repo/made.yaml"
commit_all "$repo" "a namespace of our own" >/dev/null
gitops sync --repo "$repo" --app "$app" --prune >/dev/null
kubectl create configmap by-hand -n "$made" --from-literal=a=b >/dev/null
git -C "$repo" rm -q made.yaml
commit_all "$repo" "drop our namespace" >/dev/null
run gitops prune --dry-run --repo "$repo" --app "$app"
assert_contains "$out" "would keep  Namespace $made: holds objects that are not this app's: ConfigMap $made/by-hand (unmanaged)"
run gitops sync --repo "$repo" --app "$app" --prune
assert_eq 0 "$status" "exit code of the prune: $out"
kubectl get configmap by-hand -n "$made" >/dev/null || fail "a ConfigMap made by hand was deleted with its Namespace"
kubectl delete configmap by-hand -n "$made" >/dev/null
run gitops sync --repo "$repo" --app "$app" --prune
assert_contains "$out" "Namespace $made pruned"

echo "--- git may not declare the inventory namespace"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kubectl-gitops\n' >"$repo/inventory-ns.yaml"
commit_all "$repo" "declare the inventory namespace" >/dev/null
run gitops sync --repo "$repo" --app "$app" --prune --adopt
assert_eq 5 "$status" "exit code of a sync declaring the inventory namespace"
assert_contains "$out" "Namespace kubectl-gitops: held by kubectl-gitops"
git -C "$repo" rm -q inventory-ns.yaml
commit_all "$repo" "undo" >/dev/null

echo "--- another app's object is refused, even with --adopt"
team=$(new_namespace team)
x=$(unique_name app-x)
y=$(unique_name app-y)
forget_app "$x"
forget_app "$y"
shared="$SCRATCH_DIR/shared"
make_git_repo "$shared"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: %s\ndata: {owner: x}\n' \
  "$team" >"$shared/shared.yaml"
commit_all "$shared" "shared" >/dev/null
gitops sync --repo "$shared" --app "$x" >/dev/null
run gitops sync --repo "$shared" --app "$y" --adopt --prune
assert_eq 5 "$status" "exit code of a sync taking another app's object"
assert_contains "$out" "ConfigMap $team/shared: held by app $x"
assert_eq "$x" "$(kubectl get configmap shared -n "$team" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')" \
  "owner label after a refused take-over"
run gitops audit --app "$x"
assert_eq 0 "$status" "exit code of x's audit: $out"
assert_contains "$out" "ConfigMap $team/shared  InSync"

echo "--- two repositories of the same name get two apps"
for owner in team-a team-b; do
  make_git_repo "$SCRATCH_DIR/$owner/shop"
  mkdir -p "$SCRATCH_DIR/$owner/shop/deploy"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s-config\n  namespace: %s\ndata: {a: b}\n' \
    "$owner" "$team" >"$SCRATCH_DIR/$owner/shop/deploy/config.yaml"
  commit_all "$SCRATCH_DIR/$owner/shop" "$owner" >/dev/null
done
run gitops sync --repo "$SCRATCH_DIR/team-a/shop" --path deploy
assert_eq 0 "$status" "exit code of team-a's sync: $out"
app_a=$(kubectl get configmap team-a-config -n "$team" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')
forget_app "$app_a"
run gitops sync --repo "$SCRATCH_DIR/team-b/shop" --path deploy --prune
assert_eq 0 "$status" "exit code of team-b's sync: $out"
app_b=$(kubectl get configmap team-b-config -n "$team" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')
forget_app "$app_b"
[[ $app_a == shop-deploy-* && $app_b == shop-deploy-* && $app_a != "$app_b" ]] ||
  fail "derived app names '$app_a' and '$app_b' must differ"
kubectl get configmap team-a-config -n "$team" >/dev/null || fail "team-b's prune deleted team-a's object"
# The same name given by hand from another source is refused.
run gitops sync --repo "$SCRATCH_DIR/team-b/shop" --path deploy --app "$app_a" --prune
assert_eq 5 "$status" "exit code of a sync of an app from another source"
assert_contains "$out" "is synced from $SCRATCH_DIR/team-a/shop (path deploy)"
assert_contains "$out" "--take-over"
kubectl get configmap team-a-config -n "$team" >/dev/null || fail "a refused source change deleted an object"

echo "--- a copy of the app's label on a kind the app does not declare is an Orphan"
orphan_app=$(unique_name orphan)
forget_app "$orphan_app"
one="$SCRATCH_DIR/one-deployment"
make_git_repo "$one"
workshop_deployment 1 >"$one/web.yaml"
commit_all "$one" "one deployment" >/dev/null
gitops sync --repo "$one" --app "$orphan_app" -n "$team" >/dev/null
kubectl create configmap copied -n "$team" --from-literal=a=b >/dev/null
kubectl label configmap copied -n "$team" "gitops.kubectl.dev/app=$orphan_app" >/dev/null
run gitops audit --app "$orphan_app"
assert_contains "$out" "ConfigMap $team/copied  Orphan"
run gitops prune --dry-run --repo "$one" --app "$orphan_app" -n "$team"
assert_contains "$out" "would keep  ConfigMap $team/copied: not in the app's inventory"
assert_contains "$out" "1 kept"

echo "--- Argo CD's instance label protects an object"
argo=$(unique_name argo)
forget_app "$argo"
kubectl create configmap argo-owned -n "$team" --from-literal=a=b >/dev/null
kubectl label configmap argo-owned -n "$team" app.kubernetes.io/instance=guestbook >/dev/null
argo_repo="$SCRATCH_DIR/argo"
make_git_repo "$argo_repo"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-owned\n  namespace: %s\ndata: {a: c}\n' \
  "$team" >"$argo_repo/cm.yaml"
commit_all "$argo_repo" "argo's configmap" >/dev/null
run gitops sync --repo "$argo_repo" --app "$argo"
assert_eq 5 "$status" "exit code of a sync of Argo CD's object"
assert_contains "$out" "held by Argo CD (it carries Argo CD's label app.kubernetes.io/instance)"
# Once ours, an instance label set by Argo CD later still keeps prune away.
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: later\n  namespace: %s\ndata: {a: b}\n' \
  "$team" >"$argo_repo/cm.yaml"
commit_all "$argo_repo" "another configmap" >/dev/null
gitops sync --repo "$argo_repo" --app "$argo" >/dev/null
kubectl label configmap later -n "$team" app.kubernetes.io/instance=guestbook >/dev/null
echo "# nothing" >"$argo_repo/cm.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: %s\n' "$team" >"$argo_repo/other.yaml"
commit_all "$argo_repo" "drop it" >/dev/null
run gitops sync --repo "$argo_repo" --app "$argo" --prune
assert_contains "$out" "ConfigMap $team/later kept: carries Argo CD's label app.kubernetes.io/instance"
kubectl get configmap later -n "$team" >/dev/null || fail "prune deleted an object Argo CD tracks"

echo "--- a relative --repo is recorded absolute and works from another folder"
rel_app=$(unique_name relative)
forget_app "$rel_app"
mkdir -p "$SCRATCH_DIR/work"
make_git_repo "$SCRATCH_DIR/work/shop"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: relative\n  namespace: %s\n' "$team" \
  >"$SCRATCH_DIR/work/shop/cm.yaml"
commit_all "$SCRATCH_DIR/work/shop" "relative" >/dev/null
(cd "$SCRATCH_DIR/work" && gitops sync --repo shop --app "$rel_app" >/dev/null)
run gitops status --app "$rel_app" -o json
assert_contains "$out" "\"repo\": \"$SCRATCH_DIR/work/shop\""
run gitops audit --app "$rel_app"
assert_eq 0 "$status" "exit code of audit run from another folder: $out"
assert_contains "$out" "ConfigMap $team/relative  InSync"

echo "--- audit -A exits 2 when an app cannot be audited"
mv "$SCRATCH_DIR/work/shop" "$SCRATCH_DIR/work/gone"
run gitops audit -A --fail-on drift
assert_eq 2 "$status" "exit code of audit -A with an app that cannot be audited"
assert_contains "$out" "error: $rel_app:"
echo "PASS"
