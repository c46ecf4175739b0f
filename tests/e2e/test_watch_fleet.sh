#!/usr/bin/env bash
# Several apps in one agent share one watch per kind: an agent of two apps,
# each with ConfigMaps and a Service in its own namespace, runs one kind
# watch per kind (kubectl transport: one `kubectl get --watch` child per kind;
# HTTP: only the proxy), and each drift is healed by the app that owns the
# object, and by no other.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

bound=60
config="$SCRATCH_DIR/apps.yaml"
: >"$config"
declare -A ns
for name in a b; do
  ns[$name]=$(new_namespace "fleet-$name")
  app=$(unique_name "fleet-$name")
  eval "app_$name=$app"
  on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
  repo="$SCRATCH_DIR/repo-$name"
  make_git_repo "$repo"
  for i in 1 2; do
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-%s}\ndata: {owner: "%s"}\n' \
      "$i" "$name" >"$repo/settings-$i.yaml"
  done
  workshop_service >"$repo/service.yaml"
  commit_all "$repo" "app $name" >/dev/null
  printf -- '- name: %s\n  repo: %s\n  namespace: %s\n  prune: true\n  interval: 1h\n' \
    "$app" "$repo" "${ns[$name]}" >>"$config"
done
log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch --config "$config" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
for app in "$app_a" "$app_b"; do
  wait_for "$bound" grep -q "app=$app watch of ConfigMap established" "$log"
  wait_for "$bound" grep -q "app=$app watch of Service established" "$log"
done

echo "--- one watch per kind for both apps"
children=$(pgrep -a -P "$watch_pid" || true)
echo "$children"
if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
  assert_eq 1 "$(grep -c -- " proxy --unix-socket=" <<<"$children")" "kubectl proxies of the agent"
  assert_eq 1 "$(grep -c . <<<"$children")" "children of the agent"
else
  assert_eq 1 "$(grep -c -- "get configmaps .*--watch" <<<"$children")" "ConfigMap watches of two apps"
  assert_eq 1 "$(grep -c -- "get services .*--watch" <<<"$children")" "Service watches of two apps"
fi

healed_by() { grep -c "app=$1 healed object=\"$2\"" "$log" || true; }
echo "--- each app heals its own objects, and only its own"
kubectl patch configmap settings-1 -n "${ns[a]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
wait_for "$bound" bash -c "[[ \$(kubectl --context '$KGITOPS_CONTEXT' get configmap settings-1 -n '${ns[a]}' -o jsonpath='{.data.owner}') == a ]]"
wait_for "$bound" bash -c "grep -q 'app=$app_a healed object=\"ConfigMap ${ns[a]}/settings-1\"' '$log'"
kubectl delete service web -n "${ns[b]}" >/dev/null
wait_for "$bound" kubectl get service web -n "${ns[b]}"
wait_for "$bound" bash -c "grep -q 'app=$app_b healed object=\"Service ${ns[b]}/web\"' '$log'"
assert_eq 0 "$(healed_by "$app_b" "ConfigMap ${ns[a]}/settings-1")" "heals of app a's ConfigMap by app b"
assert_eq 0 "$(healed_by "$app_a" "Service ${ns[b]}/web")" "heals of app b's Service by app a"
assert_eq b "$(kubectl get configmap settings-1 -n "${ns[b]}" -o jsonpath='{.data.owner}')" \
  "app b's ConfigMap of the same name"

echo "--- SIGTERM: every child reaped"
stop_watch_reaped "$watch_pid"
echo "PASS"
