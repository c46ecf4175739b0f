#!/usr/bin/env bash
# An app's reach: allowed namespaces and kinds, no cluster-scoped kinds, and
# impersonation with --as. An object outside the reach refuses sync,
# sync --dry-run, diff, prune --dry-run and watch before anything is written;
# prune never deletes outside it; an impersonated app gets exactly the
# ServiceAccount's RBAC on every kubectl it runs; validate warns on bindings
# to cluster-admin.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ns_a=$(new_namespace team-a)
ns_b=$(new_namespace team-b)
work="$SCRATCH_DIR/work"
make_git_repo "$work"

configmap() {
  cat <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: $1
  namespace: $2
data:
  owner: team-a
YAML
}

absent() {
  assert_eq "" "$(kubectl get "$@" --ignore-not-found -o name)" "$*"
}

echo "--- (a) an app allowed only its namespace, whose repository declares another, writes nothing"
app=$(unique_name reach)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
configmap settings "$ns_a" >"$work/a.yaml"
configmap intruder "$ns_b" >"$work/b.yaml"
commit_all "$work" "one ConfigMap in each namespace" >/dev/null
audit_mark=""
if [[ -n ${KGITOPS_AUDIT_LOG:-} ]]; then
  audit_mark=$(audit_log_lines)
fi
reach_a=(--repo "$work" --app "$app" --allow-namespace "$ns_a")
for command in "sync --prune" "sync --dry-run" "diff" "prune --dry-run"; do
  # shellcheck disable=SC2086 # a subcommand and its flags
  out=$(expect_status 5 gitops $command "${reach_a[@]}")
  assert_contains "$out" "refusing to sync app $app: 1 object(s) outside the app's reach" "$command"
  assert_contains "$out" "ConfigMap $ns_b/intruder (b.yaml:1): namespace $ns_b is not one of the allowed namespaces ($ns_a)" "$command"
  assert_not_contains "$out" "settings" "$command"
done
absent configmap settings -n "$ns_a"
absent configmap intruder -n "$ns_b"
absent configmap "gitops-$app" -n kubectl-gitops
if [[ -n $audit_mark ]]; then
  for ns in "$ns_a" "$ns_b"; do
    assert_eq "" "$(audit_write_entries_since "$audit_mark" "$ns")" "writes in $ns after the refusals"
  done
fi

echo "--- (a) watch --config refuses the app too, by its allowNamespaces"
cat >"$SCRATCH_DIR/apps.yaml" <<YAML
- name: $app
  repo: $work
  prune: true
  interval: 1s
  allowNamespaces: [$ns_a]
YAML
log="$SCRATCH_DIR/watch.log"
# The binary itself, not the gitops function: $! must be the watch, not a subshell.
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" \
  watch --config "$SCRATCH_DIR/apps.yaml" --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for 30 grep -q "app=$app sync refused by a safety guard" "$log"
kill -TERM "$watch_pid"
wait "$watch_pid" || true
assert_contains "$(cat "$log")" "ConfigMap $ns_b/intruder (b.yaml:1)" "the watch log"
absent configmap settings -n "$ns_a"
absent configmap "gitops-$app" -n kubectl-gitops

echo "--- (a) prune never deletes outside the reach"
out=$(expect_status 0 gitops sync --repo "$work" --app "$app")
assert_contains "$out" "2 created"
git -C "$work" rm -q b.yaml
commit_all "$work" "the other namespace's ConfigMap goes" >/dev/null
out=$(expect_status 0 gitops sync --prune "${reach_a[@]}")
assert_contains "$out" "ConfigMap $ns_b/intruder kept: outside the app's reach: namespace $ns_b is not one of the allowed namespaces"
assert_contains "$out" "0 pruned"
assert_eq "configmap/intruder" "$(kubectl get configmap intruder -n "$ns_b" -o name)" "the kept ConfigMap"
# Without the restriction, the same prune deletes it: the reach is what kept it.
out=$(expect_status 0 gitops sync --prune --repo "$work" --app "$app")
assert_contains "$out" "1 pruned"
absent configmap intruder -n "$ns_b"

echo "--- (b) --no-cluster-scoped refuses a ClusterRole; an allowed Namespace passes"
app_b=$(unique_name reach-b)
role=$(unique_name reach-role)
on_exit kubectl delete clusterrole "$role" --ignore-not-found
on_exit kubectl delete configmap "gitops-$app_b" -n kubectl-gitops --ignore-not-found
work_b="$SCRATCH_DIR/work-b"
make_git_repo "$work_b"
configmap settings-b "$ns_a" >"$work_b/a.yaml"
cat >"$work_b/ns.yaml" <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $ns_a
YAML
commit_all "$work_b" "a ConfigMap and its Namespace" >/dev/null
reach_b=(--repo "$work_b" --app "$app_b" --allow-namespace "$ns_a" --no-cluster-scoped --adopt)
out=$(expect_status 0 gitops sync --dry-run "${reach_b[@]}")
assert_contains "$out" "ConfigMap $ns_a/settings-b created (server dry run)"
cat >"$work_b/role.yaml" <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: $role
rules: []
YAML
commit_all "$work_b" "a ClusterRole" >/dev/null
out=$(expect_status 5 gitops sync "${reach_b[@]}")
assert_contains "$out" "ClusterRole.rbac.authorization.k8s.io $role (role.yaml:1): rbac.authorization.k8s.io/ClusterRole is cluster-scoped, and cluster-scoped kinds are not allowed"
assert_not_contains "$out" "Namespace $ns_a (ns.yaml" "the refusal"
absent clusterrole "$role"
absent configmap settings-b -n "$ns_a"

echo "--- (c) --allow-kind refuses a kind it does not list"
app_c=$(unique_name reach-c)
on_exit kubectl delete configmap "gitops-$app_c" -n kubectl-gitops --ignore-not-found
work_c="$SCRATCH_DIR/work-c"
make_git_repo "$work_c"
configmap settings "$ns_b" >"$work_c/config.yaml"
workshop_service >"$work_c/service.yaml"
commit_all "$work_c" "a ConfigMap and a Service" >/dev/null
out=$(expect_status 5 gitops sync --repo "$work_c" --app "$app_c" -n "$ns_b" --allow-kind core/ConfigMap)
assert_contains "$out" "Service $ns_b/web (service.yaml:1): kind Service is not one of the allowed kinds (core/ConfigMap)"
absent configmap settings -n "$ns_b"
absent service web -n "$ns_b"
out=$(expect_status 0 gitops sync --repo "$work_c" --app "$app_c" -n "$ns_b" --allow-kind core/ConfigMap --allow-kind Service)
assert_contains "$out" "2 created"

echo "--- (d) --as a ServiceAccount allowed only its namespace: the apiserver has the last word"
# The admin grants: writes to ConfigMaps in team-a only, reads of ConfigMaps
# everywhere (the app's objects are found by label in every namespace) and of
# Namespaces (the inventory's), and the app's inventory in kubectl-gitops.
deployer="system:serviceaccount:$ns_a:deployer"
grant=$(unique_name reach-deployer)
kubectl create serviceaccount deployer -n "$ns_a" >/dev/null
kubectl create role deployer -n "$ns_a" --verb=get,list,watch,create,update,patch,delete \
  --resource=configmaps >/dev/null
kubectl create rolebinding deployer -n "$ns_a" --role=deployer \
  --serviceaccount="$ns_a:deployer" >/dev/null
kubectl create clusterrole "$grant" --verb=get,list,watch --resource=configmaps,namespaces >/dev/null
on_exit kubectl delete clusterrole "$grant" --ignore-not-found
kubectl create clusterrolebinding "$grant" --clusterrole="$grant" \
  --serviceaccount="$ns_a:deployer" >/dev/null
on_exit kubectl delete clusterrolebinding "$grant" --ignore-not-found
kubectl create role "$grant" -n kubectl-gitops --verb=get,list,create,update,patch \
  --resource=configmaps >/dev/null
on_exit kubectl delete role "$grant" -n kubectl-gitops --ignore-not-found
kubectl create rolebinding "$grant" -n kubectl-gitops --role="$grant" \
  --serviceaccount="$ns_a:deployer" >/dev/null
on_exit kubectl delete rolebinding "$grant" -n kubectl-gitops --ignore-not-found
assert_eq no "$(kubectl auth can-i create configmaps -n "$ns_b" --as "$deployer" || true)" \
  "the deployer's right to write in $ns_b"

# Every kubectl the plugin starts is recorded: each must act as the deployer.
calls="$SCRATCH_DIR/kubectl-calls"
real_kubectl=$(type -P kubectl)
[[ -n $real_kubectl && $real_kubectl != "$SCRATCH_DIR/bin/kubectl" ]] || fail "no kubectl on PATH"
mkdir "$SCRATCH_DIR/bin"
cat >"$SCRATCH_DIR/bin/kubectl" <<SH
#!/usr/bin/env bash
printf '%s\n' "\$*" >>"$calls"
exec "$real_kubectl" "\$@"
SH
chmod +x "$SCRATCH_DIR/bin/kubectl"
recorded_gitops() { PATH="$SCRATCH_DIR/bin:$PATH" gitops "$@"; }
# The watch's readiness probe (get --raw=/readyz, or over HTTP the one proxy
# it goes through) is the agent's, not an app's: `assert_all_impersonated agent`.
assert_all_impersonated() {
  [[ -s $calls ]] || fail "no kubectl call was recorded"
  local plain
  plain=$(grep -v -- "--as=$deployer" "$calls" | grep -v -- " get --raw=/readyz$" || true)
  if [[ ${1:-} == agent && ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
    assert_eq 1 "$(grep -c -- " proxy --unix-socket=" <<<"$plain")" "the agent's own proxy, for its probe"
    plain=$(grep -v -- " proxy --unix-socket=" <<<"$plain" || true)
  fi
  assert_eq "" "$plain" "kubectl calls without --as=$deployer"
}

app_d=$(unique_name reach-d)
on_exit kubectl delete configmap "gitops-$app_d" -n kubectl-gitops --ignore-not-found
work_d="$SCRATCH_DIR/work-d"
make_git_repo "$work_d"
configmap one "$ns_a" >"$work_d/one.yaml"
configmap two "$ns_a" >"$work_d/two.yaml"
commit_all "$work_d" "two ConfigMaps in team-a" >/dev/null
as_deployer=(--repo "$work_d" --app "$app_d" --as "$deployer")
out=$(expect_status 0 recorded_gitops sync --prune "${as_deployer[@]}")
assert_contains "$out" "2 created"
assert_all_impersonated
assert_contains "$(kubectl get configmap one -n "$ns_a" -o jsonpath='{.metadata.labels}')" "$app_d"

echo "--- (d) an object in another namespace is refused by the apiserver, and nothing is pruned"
git -C "$work_d" rm -q two.yaml
configmap elsewhere "$ns_b" >"$work_d/elsewhere.yaml"
commit_all "$work_d" "one ConfigMap moves to team-b" >/dev/null
: >"$calls"
out=$(expect_status 2 recorded_gitops sync --prune "${as_deployer[@]}")
assert_contains "$out" "ConfigMap $ns_b/elsewhere"
assert_contains "$out" "forbidden"
assert_contains "$out" "\"$deployer\""
assert_contains "$out" "nothing was pruned because an apply failed"
assert_all_impersonated
assert_eq "configmap/two" "$(kubectl get configmap two -n "$ns_a" -o name)" "the ConfigMap git dropped"
absent configmap elsewhere -n "$ns_b"

echo "--- (d) watch: the sync, the heals and every kind watch act as the app's identity"
git -C "$work_d" rm -q elsewhere.yaml
commit_all "$work_d" "back to team-a" >/dev/null
cat >"$SCRATCH_DIR/apps-d.yaml" <<YAML
- name: $app_d
  repo: $work_d
  interval: 2s
  allowNamespaces: [$ns_a]
  noClusterScoped: true
  as: $deployer
YAML
: >"$calls"
log_d="$SCRATCH_DIR/watch-d.log"
PATH="$SCRATCH_DIR/bin:$PATH" "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" \
  watch --config "$SCRATCH_DIR/apps-d.yaml" \
  --listen 127.0.0.1:0 >"$log_d" 2>&1 &
watch_d=$!
on_exit kill_if_running -9 "$watch_d"
wait_for 30 grep -q "app=$app_d watch of ConfigMap established" "$log_d"
kubectl patch configmap one -n "$ns_a" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
owner_is() { [[ $(kubectl get configmap one -n "$ns_a" -o jsonpath='{.data.owner}') == "$1" ]]; }
wait_for 30 owner_is team-a
kill -TERM "$watch_d"
wait "$watch_d" || true
if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
  # Every request, kind watches included, goes through the identity's proxy.
  assert_contains "$(grep -- "proxy --unix-socket" "$calls" || true)" "--as=$deployer" "the app's kubectl proxy"
else
  assert_contains "$(grep -- "--watch" "$calls" || true)" "--as=$deployer" "the kind watch's kubectl"
fi
assert_all_impersonated agent
assert_not_contains "$(cat "$log_d")" "forbidden" "the watch log"

echo "--- (e) validate warns on a binding to cluster-admin, naming file and object"
work_e="$SCRATCH_DIR/work-e"
make_git_repo "$work_e"
cat >"$work_e/rbac.yaml" <<'YAML'
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: everything
  namespace: team-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: deployer
  namespace: team-a
YAML
commit_all "$work_e" "a RoleBinding to cluster-admin" >/dev/null
out=$(expect_status 0 "$KGITOPS_BIN" validate --repo "$work_e")
assert_contains "$out" "rbac.yaml:1"
assert_contains "$out" "rbac.yaml:1: warning: RoleBinding team-a/everything binds the ClusterRole cluster-admin"
echo "PASS"
