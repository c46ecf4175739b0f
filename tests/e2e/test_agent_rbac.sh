#!/usr/bin/env bash
# The in-cluster agent of docs/watch.md, as its ServiceAccount: the manifests
# are taken from the guide itself and applied, and the plugin then runs with
# that ServiceAccount's token and nothing more. Its least-privilege RBAC must
# be enough to sync, prune, watch and heal an app of the kinds it lists, and
# a kind it does not list must fail the sync by name with nothing pruned.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

guide="$KGITOPS_SOURCE_DIR/docs/watch.md"
manifests="$SCRATCH_DIR/agent.yaml"
# The first yaml block after the guide's "Running it in the cluster" heading.
awk '/^## Running it in the cluster/ { section = 1 }
     section && /^```yaml/ { inside = 1; next }
     inside && /^```/ { exit }
     inside' "$guide" >"$manifests"
[[ -s $manifests ]] || fail "no agent manifests found in docs/watch.md"

echo "--- the guide's manifests apply as they are"
kubectl apply -f "$manifests" >/dev/null
# Not the Namespace: the other tests' inventories live in it.
on_exit kubectl delete -n kubectl-gitops deployment/gitops-agent configmap/gitops-agent-apps \
  secret/gitops-agent-git serviceaccount/gitops-agent role/gitops-agent-inventory \
  rolebinding/gitops-agent-inventory --ignore-not-found --wait=false
on_exit kubectl delete clusterrole/gitops-agent clusterrolebinding/gitops-agent \
  --ignore-not-found --wait=false

# The agent's own kubeconfig: the fixture's cluster, the ServiceAccount's
# token read from a file (never on a command line).
token_file="$SCRATCH_DIR/token"
(umask 077 && kubectl create token gitops-agent -n kubectl-gitops --duration=1h >"$token_file")
agent_kubeconfig="$SCRATCH_DIR/agent.kubeconfig"
kubectl config view --raw --minify --flatten >"$agent_kubeconfig"
admin_user=$(kubectl config view --minify -o jsonpath='{.users[0].name}')
agent_config() { command kubectl --kubeconfig "$agent_kubeconfig" config "$@" >/dev/null; }
agent_config unset "users.$admin_user"
agent_config set users.gitops-agent.tokenFile "$token_file"
agent_config set "contexts.$KGITOPS_CONTEXT.user" gitops-agent
as_agent() { command kubectl --kubeconfig "$agent_kubeconfig" --context "$KGITOPS_CONTEXT" "$@"; }
agent_gitops() { "$KGITOPS_BIN" --kubeconfig "$agent_kubeconfig" --context "$KGITOPS_CONTEXT" "$@"; }
assert_eq "system:serviceaccount:kubectl-gitops:gitops-agent" \
  "$(as_agent auth whoami -o jsonpath='{.status.userInfo.username}')" "the agent's identity"

echo "--- least privilege: no secrets, no RBAC, nothing beyond the listed kinds"
for denied in "get secrets -n kubectl-gitops" "list secrets -A" "create clusterrolebindings" \
  "delete namespaces" "create serviceaccounts -n default"; do
  # shellcheck disable=SC2086 # each entry is a verb, a resource and flags
  assert_eq no "$(as_agent auth can-i $denied 2>/dev/null || true)" "can-i $denied"
done

# The app: its namespace is made by an administrator, as the guide's
# ClusterRole only reads namespaces.
ns=$(new_namespace agent)
app=$(unique_name agent)
work="$SCRATCH_DIR/work"
remote="$SCRATCH_DIR/remote.git"
make_git_repo "$work"
workshop_deployment 2 >"$work/web.yaml"
workshop_service >"$work/service.yaml"
cat >"$work/config.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  greeting: hello
YAML
commit_all "$work" "web, its Service and its ConfigMap" >/dev/null
git init -q --bare -b main "$remote"
git -C "$work" push -q "$remote" main
publish() {
  commit_all "$work" "$1" >/dev/null
  git -C "$work" push -q "$remote" main
}

echo "--- sync as the agent"
out=$(agent_gitops sync --repo "file://$remote" --app "$app" -n "$ns" --prune 2>&1) ||
  fail "sync as the agent failed:"$'\n'"$out"
assert_contains "$out" "3 created"
assert_eq 2 "$(kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}')" "replicas"

echo "--- watch as the agent: a heal, and a prune on the next poll"
cat >"$SCRATCH_DIR/apps.yaml" <<YAML
- name: $app
  repo: file://$remote
  revision: main
  namespace: $ns
  prune: true
  interval: 2s
YAML
log="$SCRATCH_DIR/watch.log"
# With the guide's --leader-elect: its Role lets the agent take the Lease.
on_exit kubectl delete lease "$app" -n kubectl-gitops --ignore-not-found
"$KGITOPS_BIN" --kubeconfig "$agent_kubeconfig" --context "$KGITOPS_CONTEXT" watch \
  --config "$SCRATCH_DIR/apps.yaml" --listen 127.0.0.1:0 --leader-elect --leader-elect-name "$app" \
  >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for 30 grep -q "app=$app watch of Deployment established" "$log"
assert_contains "$(kubectl get lease "$app" -n kubectl-gitops -o jsonpath='{.spec.holderIdentity}')" \
  "_$watch_pid" "the Lease's holder"
replicas_are() { [[ $(kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}') == "$1" ]]; }
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
wait_for 30 replicas_are 2
assert_contains "$(cat "$log")" "app=$app healed object=\"Deployment.apps $ns/web\""
rm "$work/config.yaml"
publish "the ConfigMap is no longer declared"
wait_for 30 grep -q "object=\"ConfigMap $ns/web-config\" action=pruned" "$log"
assert_eq "" "$(kubectl get configmap web-config -n "$ns" --ignore-not-found -o name)" "the pruned ConfigMap"
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "the watch's exit status after SIGTERM"
assert_not_contains "$(cat "$log")" "Forbidden" "the watch log"

echo "--- a kind the RBAC does not list fails the sync by name, and nothing is pruned"
cat >"$work/account.yaml" <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
YAML
rm "$work/service.yaml"
publish "a ServiceAccount, and no Service"
status=0
out=$(agent_gitops sync --repo "file://$remote" --app "$app" -n "$ns" --prune 2>&1) || status=$?
assert_eq 2 "$status" "exit status of a forbidden sync"
assert_contains "$out" "kubectl-gitops: error:"
assert_contains "$out" "serviceaccounts"
assert_contains "$out" "forbidden"
assert_eq "service/web" "$(kubectl get service web -n "$ns" -o name)" "the Service git dropped"
assert_eq "" "$(kubectl get serviceaccount web -n "$ns" --ignore-not-found -o name)" "the ServiceAccount"

echo "--- the token appears in no output"
token=$(<"$token_file")
assert_not_contains "$(cat "$log")$out" "$token" "the agent's output"
echo "PASS"
