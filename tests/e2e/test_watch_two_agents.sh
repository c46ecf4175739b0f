#!/usr/bin/env bash
# Two agents without --leader-elect on the same app: each stamps its name on
# the app's inventory when it writes it, so each soon sees the other's and
# warns, naming it and suggesting --leader-elect. A lone agent never warns,
# even one that replaces an agent before it (a restart).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

bound=60
ns=$(new_namespace agents)
app=$(unique_name agents)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
workshop_deployment 2 >"$repo/web.yaml"
commit_all "$repo" "first" >/dev/null
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found

declare -A pid
start_agent() {
  local name=$1
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --repo "$repo" --app "$app" -n "$ns" --interval 3s --listen 127.0.0.1:0 \
    >"$SCRATCH_DIR/$name.log" 2>&1 &
  pid[$name]=$!
  on_exit kill_if_running -9 "${pid[$name]}"
  wait_for "$bound" grep -q ' listening address=' "$SCRATCH_DIR/$name.log"
  local address
  address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$SCRATCH_DIR/$name.log" | head -n 1)
  wait_for "$bound" curl -sf "http://$address/readyz"
}
stop_agent() {
  local status=0
  kill -TERM "${pid[$1]}"
  wait "${pid[$1]}" || status=$?
  assert_eq 0 "$status" "exit status of agent $1 after SIGTERM"
}
stamp() {
  kubectl get configmap "gitops-$app" -n kubectl-gitops \
    -o jsonpath='{.metadata.annotations.gitops\.kubectl\.dev/agent}' 2>/dev/null
}
warned_of() { # warned_of <agent> <other agent>: its log has the warning naming the other
  grep "warning app=$app another agent also syncs this app" "$SCRATCH_DIR/$1.log" |
    grep -q "agent=[^ ]*_${pid[$2]} "
}

echo "--- a lone agent, then its replacement: no warning"
start_agent first
assert_contains "$(stamp)" "_${pid[first]}" "the inventory's agent stamp"
stop_agent first
start_agent second
assert_contains "$(stamp)" "_${pid[second]}" "the stamp after the replacement"
sleep 7 # two intervals
for name in first second; do
  assert_not_contains "$(cat "$SCRATCH_DIR/$name.log")" "another agent" "the log of agent $name"
done

echo "--- a second agent on the same app: both warn, naming the other"
start_agent third
wait_for "$bound" warned_of second third
wait_for "$bound" warned_of third second
grep "another agent" "$SCRATCH_DIR/second.log" | head -n 1
assert_contains "$(grep "another agent" "$SCRATCH_DIR/third.log" | head -n 1)" "--leader-elect" \
  "the warning's hint"
kubectl get deployment web -n "$ns" -o name >/dev/null || fail "the Deployment is gone"
stop_agent third
stop_agent second
echo "PASS: watch two agents"
