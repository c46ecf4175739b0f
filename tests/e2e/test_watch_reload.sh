#!/usr/bin/env bash
# An agent's apps change while it runs: on SIGHUP it reads its --config again,
# starts the app added, stops the app removed (leaving its objects in the
# cluster) and closes the watch of a kind no app needs any more, while the
# app listed before and after goes on untouched, healing as before. A config
# that does not parse changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bound=60
config="$SCRATCH_DIR/apps.yaml"
declare -A ns app entry
for name in a b c; do
  ns[$name]=$(new_namespace "reload-$name")
  app[$name]=$(unique_name "reload-$name")
  on_exit kubectl delete configmap "gitops-${app[$name]}" -n kubectl-gitops --ignore-not-found
  repo="$SCRATCH_DIR/repo-$name"
  make_git_repo "$repo"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {owner: "%s"}\n' \
    "$name" >"$repo/settings.yaml"
  commit_all "$repo" "app $name" >/dev/null
  entry[$name]=$(printf -- '- {name: %s, repo: "%s", namespace: %s, prune: true, interval: 1h}' \
    "${app[$name]}" "$repo" "${ns[$name]}")
done
# Only app b has a Service: its watch goes with b.
workshop_service >"$SCRATCH_DIR/repo-b/service.yaml"
commit_all "$SCRATCH_DIR/repo-b" "a service" >/dev/null
printf '%s\n%s\n' "${entry[a]}" "${entry[b]}" >"$config"

log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch --config "$config" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q "app=${app[a]} watch of ConfigMap established" "$log"
wait_for "$bound" grep -q "app=${app[b]} watch of Service established" "$log"

owner() { kubectl get configmap settings -n "${ns[$1]}" -o jsonpath='{.data.owner}' 2>/dev/null; }
owner_is() { [[ $(owner "$1") == "$2" ]]; }
alive() { kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"; }

echo "--- SIGHUP with b removed and c added"
printf '%s\n%s\n' "${entry[c]}" "${entry[a]}" >"$config"
kill -HUP "$watch_pid"
wait_for "$bound" grep -q " reloaded " "$log"
alive
reloaded=$(grep " reloaded " "$log")
for field in "added=${app[c]}" "removed=${app[b]}" "apps=2"; do
  [[ $reloaded == *" $field"* ]] || fail "the reload did not log $field: $reloaded"
done
wait_for "$bound" owner_is c c
wait_for "$bound" grep -q "app=${app[b]} watch of Service closed: no app watches it now" "$log"
if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} != http ]]; then
  assert_eq 0 "$(pgrep -a -P "$watch_pid" | grep -c -- "get services .*--watch" || true)" \
    "Service watches after b left"
  assert_eq 1 "$(pgrep -a -P "$watch_pid" | grep -c -- "get configmaps .*--watch" || true)" \
    "ConfigMap watches of a and c"
fi
assert_eq 1 "$(grep -c "app=${app[a]} watching" "$log")" "starts of app a, listed before and after"
echo "--- a removed app's objects stay"
assert_eq b "$(owner b)" "app b's ConfigMap"
kubectl get service web -n "${ns[b]}" >/dev/null || fail "app b's Service was deleted"

echo "--- a drift of the app kept is healed, of the app removed is not"
kubectl patch configmap settings -n "${ns[b]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
kubectl patch configmap settings -n "${ns[a]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
wait_for "$bound" owner_is a a
kubectl patch configmap settings -n "${ns[c]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
wait_for "$bound" owner_is c c
assert_eq someone "$(owner b)" "app b's drifted ConfigMap, no longer watched"

echo "--- a config that does not parse: the apps run on as they were"
printf -- '- {name: [unclosed\n' >"$config"
kill -HUP "$watch_pid"
wait_for "$bound" grep -q "reload failed, the apps run on as they were" "$log"
grep "reload failed" "$log" | grep -q "apps.yaml" || fail "the failed reload does not name the file"
kubectl patch configmap settings -n "${ns[a]}" --type=merge -p '{"data":{"owner":"again"}}' >/dev/null
wait_for "$bound" owner_is a a
alive

echo "--- SIGTERM: every child reaped"
stop_watch_reaped "$watch_pid"
echo "PASS"
