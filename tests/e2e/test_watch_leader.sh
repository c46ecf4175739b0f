#!/usr/bin/env bash
# Two agents with --leader-elect on one app: one takes the Lease and syncs,
# the other stands by (its /readyz 503, webhooks 503, leader gauge 0). The
# leader is SIGKILLed; the standby takes the Lease over within the lease
# time and heals a drift made after the kill.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

bound=60
ns=$(new_namespace leader)
app=$(unique_name leader)
lease=$app
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
workshop_deployment 2 >"$repo/web.yaml"
commit_all "$repo" "first" >/dev/null
# The Lease's namespace is the administrator's to make (the guide's manifests
# do), as the agents may not create namespaces; the other tests share it.
kubectl create namespace kubectl-gitops --dry-run=client -o yaml | kubectl apply -f - >/dev/null
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
on_exit kubectl delete lease "$lease" -n kubectl-gitops --ignore-not-found
secret_file="$SCRATCH_DIR/webhook-secret"
printf 'e2e-%s-secret\n' "$RANDOM$RANDOM" >"$secret_file"

declare -A pid address
start_agent() {
  local name=$1
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --repo "$repo" --app "$app" -n "$ns" --interval 5s --listen 127.0.0.1:0 \
    --webhook-secret-file "$secret_file" --leader-elect --leader-elect-name "$lease" \
    >"$SCRATCH_DIR/$name.log" 2>&1 &
  pid[$name]=$!
  on_exit kill_if_running -9 "${pid[$name]}"
  wait_for "$bound" grep -q ' listening address=' "$SCRATCH_DIR/$name.log"
  address[$name]=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$SCRATCH_DIR/$name.log" | head -n 1)
}
holder() { kubectl get lease "$lease" -n kubectl-gitops -o jsonpath='{.spec.holderIdentity}' 2>/dev/null; }
leader_gauge() {
  curl -sf "http://${address[$1]}/metrics" | awk '$1 == "kubectl_gitops_leader" { print $2 }'
}
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@"; }
replicas() { kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}' 2>/dev/null; }
replicas_are() { [[ $(replicas) == "$1" ]]; }

echo "--- one leader, one standby"
start_agent first
wait_for "$bound" grep -q "became the leader" "$SCRATCH_DIR/first.log"
wait_for "$bound" curl -sf "http://${address[first]}/readyz"
start_agent second
sleep 5 # several retry periods: the standby must not take a Lease that is renewed
assert_contains "$(holder)" "_${pid[first]}" "the Lease's holder"
assert_eq 1 "$(leader_gauge first)" "the leader's gauge"
assert_eq 0 "$(leader_gauge second)" "the standby's gauge"
assert_eq 503 "$(status_of "http://${address[second]}/readyz")" "the standby's /readyz"
assert_eq 200 "$(status_of "http://${address[second]}/healthz")" "the standby's /healthz"
assert_eq 503 "$(status_of -X POST -H 'X-Gitlab-Token: x' --data '{}' "http://${address[second]}/hooks/gitlab")" \
  "a webhook at the standby"
assert_not_contains "$(cat "$SCRATCH_DIR/second.log")" "app=$app synced" "the standby's log"
wait_for "$bound" replicas_are 2

echo "--- the leader is killed; the standby takes over and heals"
kill -KILL "${pid[first]}"
killed=$SECONDS
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
wait_for "$bound" grep -q "became the leader" "$SCRATCH_DIR/second.log"
took=$((SECONDS - killed))
echo "MEASURED the standby took the Lease ${took}s after the leader was killed (lease 15s)"
((took <= 25)) || fail "the takeover took ${took}s"
assert_contains "$(holder)" "_${pid[second]}" "the Lease's holder after the takeover"
wait_for "$bound" replicas_are 2
assert_eq 1 "$(leader_gauge second)" "the new leader's gauge"
wait_for "$bound" curl -sf "http://${address[second]}/readyz"

# Leader election keeps one writer: neither agent warns of the other.
for name in first second; do
  assert_not_contains "$(cat "$SCRATCH_DIR/$name.log")" "another agent" "the log of agent $name"
done

echo "--- SIGTERM hands the Lease back"
kill -TERM "${pid[second]}"
status=0
wait "${pid[second]}" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
assert_eq "" "$(holder)" "the Lease's holder after SIGTERM"
echo "PASS: watch leader election"
