#!/usr/bin/env bash
# The agent's periodic reconciles read the apps' objects from its shared
# kind watches (over HTTP) instead of listing them, and still act exactly:
# two apps with the same object names, reconciled every 2 s; once the watches
# are whole, reconciles read from the cache (its metric grows, the server's
# does not); a file removed from one app's git is pruned from that app alone,
# a drift of the other is healed, and an object taken by hand from one app
# for the other is pruned by neither. Over kubectl every read is the server's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

bound=60
config="$SCRATCH_DIR/apps.yaml"
: >"$config"
declare -A ns repo
for name in a b; do
  ns[$name]=$(new_namespace "cache-$name")
  app=$(unique_name "cache-$name")
  eval "app_$name=$app"
  on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
  repo[$name]="$SCRATCH_DIR/repo-$name"
  make_git_repo "${repo[$name]}"
  for i in 1 2 3; do
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-%s}\ndata: {owner: "%s"}\n' \
      "$i" "$name" >"${repo[$name]}/settings-$i.yaml"
  done
  workshop_service >"${repo[$name]}/service.yaml"
  commit_all "${repo[$name]}" "app $name" >/dev/null
  printf -- '- name: %s\n  repo: %s\n  namespace: %s\n  prune: true\n  interval: 2s\n' \
    "$app" "${repo[$name]}" "${ns[$name]}" >>"$config"
done
log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch --config "$config" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q ' listening address=' "$log"
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
for app in "$app_a" "$app_b"; do
  wait_for "$bound" grep -q "app=$app watch of ConfigMap established" "$log"
  wait_for "$bound" grep -q "app=$app watch of Service established" "$log"
done
alive() { kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"; }
reads() {
  curl -sf --max-time 5 "http://$address/metrics" |
    sed -n "s/^kubectl_gitops_live_reads_total{source=\"$1\"} \([0-9]*\)$/\1/p"
}
read_at_least() { local cached listed; cached=$(reads cache); listed=$(reads server); (( ${cached:-0} + ${listed:-0} >= $1 )); }
owner() { kubectl get configmap "$1" -n "$2" -o jsonpath='{.data.owner}' 2>/dev/null; }
gone() { ! kubectl get configmap "$1" -n "$2" >/dev/null 2>&1; }
owner_is() { [[ $(owner "$1" "$2") == "$3" ]]; }

echo "--- idle reconciles read the cache, not the server"
# Each reconcile reads its two kinds; the first of each app lists them.
wait_for "$bound" read_at_least 12
cached=$(reads cache)
listed=$(reads server)
echo "kinds read from the cache: $cached, from the server: $listed"
if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
  (( cached >= 8 )) || fail "the reconciles did not read the cache: cache $cached, server $listed"
  (( listed <= 4 )) || fail "idle reconciles listed from the server: $listed kinds"
else
  assert_eq 0 "$cached" "kinds read from the cache over kubectl"
fi

echo "--- a file removed from app a's git is pruned from app a alone"
git -C "${repo[a]}" rm -q settings-2.yaml
commit_all "${repo[a]}" "drop settings-2" >/dev/null
wait_for "$bound" gone settings-2 "${ns[a]}"
assert_eq b "$(owner settings-2 "${ns[b]}")" "app b's settings-2"
# The object goes before the sync that pruned it logs its summary.
wait_for "$bound" grep -q "app=$app_a synced .*pruned=1" "$log"

echo "--- an object handed to another owner by hand is pruned by neither app"
kubectl label configmap settings-3 -n "${ns[a]}" --overwrite "gitops.kubectl.dev/app=someone-else" >/dev/null
git -C "${repo[a]}" rm -q settings-3.yaml
commit_all "${repo[a]}" "drop settings-3" >/dev/null
mark=$(($(reads cache) + $(reads server)))
# Four reconciles of each app after the commit, from the cache over HTTP.
wait_for "$bound" read_at_least $((mark + 16))
alive
assert_eq a "$(owner settings-3 "${ns[a]}")" "the relabelled settings-3, left alone"

echo "--- a drift of app b is healed"
kubectl patch configmap settings-1 -n "${ns[b]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
wait_for "$bound" owner_is settings-1 "${ns[b]}" b
assert_eq a "$(owner settings-1 "${ns[a]}")" "app a's settings-1"

echo "--- SIGTERM: every child reaped"
stop_watch_reaped "$watch_pid"
echo "PASS"
