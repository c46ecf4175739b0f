#!/usr/bin/env bash
# A kind watch that expires (410 Gone) lists again and misses no drift. On a
# private control plane: with the apiserver stopped under a running watch,
# etcd's history is moved on and compacted, so the resourceVersion the
# agent's ConfigMap watch had reached is gone when the apiserver serves
# again; a drift is made at once, while the watch reconnects. The watch must
# say its resume expired, list again, and heal the drift itself: the app's
# periodic sync is an hour away. Over HTTP, a second ConfigMap deleted
# straight from etcd meanwhile (no event could tell of it) is found missing
# by the new listing and healed too.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }

testenv="$KGITOPS_SOURCE_DIR/testenv"
private="$SCRATCH_DIR/private-env"
start_private_env "$private"
# From here on, kubectl and the plugin talk to the private environment only.
# shellcheck source=/dev/null
source "$private/env"

bound=60
ns=$(new_namespace expiry)
app=$(unique_name expiry)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "one"\n' \
  >"$repo/settings.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vanishing\ndata:\n  v: "two"\n' \
  >"$repo/vanishing.yaml"
commit_all "$repo" "first" >/dev/null

log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" --request-timeout 3s \
  watch --repo "$repo" --app "$app" -n "$ns" --prune --interval 1h \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q "app=$app watch of ConfigMap established" "$log"
alive() { kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"; }
value() { kubectl get configmap settings -n "$ns" -o jsonpath='{.data.v}' 2>/dev/null; }
value_is() { [[ $(value) == "$1" ]]; }
etcd() { curl -sf --max-time 5 -X POST "http://127.0.0.1:$KGITOPS_ETCD_PORT/v3/kv/$1" -d "$2"; }

echo "--- the apiserver stopped; etcd's history moved on and compacted"
"$testenv/restart.sh" --stop "$private" kube-apiserver
# The apiserver's copy of one object, deleted where no watch can see it.
vanishing_key=$(printf '/registry/configmaps/%s/vanishing' "$ns" | base64 -w0)
etcd deleterange "{\"key\":\"$vanishing_key\"}" | grep -q '"deleted":"1"' ||
  fail "cannot delete the vanishing ConfigMap in etcd"
# A key outside the apiserver's prefix: one more revision, touching nothing it serves.
etcd put '{"key":"a2dpdG9wcy10ZXN0","value":"eA=="}' >/dev/null || fail "cannot write to etcd"
revision=$(etcd range '{"key":"a2dpdG9wcy10ZXN0"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["header"]["revision"])')
etcd compaction "{\"revision\":\"$revision\",\"physical\":true}" >/dev/null || fail "cannot compact etcd"
mark=$(wc -l <"$log")
"$testenv/restart.sh" --start "$private" kube-apiserver

echo "--- a drift as soon as the apiserver serves, while the watch reconnects"
kubectl patch configmap settings -n "$ns" --type=merge -p '{"data":{"v":"drifted"}}' >/dev/null
wait_for "$bound" value_is one
alive
since=$(tail -n "+$((mark + 1))" "$log")
grep -E "watch of ConfigMap" <<<"$since" || true
grep -qE "watch of ConfigMap expired \(.*\), listing again|cannot resume the watch of ConfigMap from resourceVersion [0-9]+ \(.*\), listing again" <<<"$since" ||
  fail "the watch did not say its resume expired:"$'\n'"$since"
grep -q "app=$app healed object=\"ConfigMap $ns/settings\"" <<<"$since" ||
  fail "the drift was not healed by the watch:"$'\n'"$since"
if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
  echo "--- the object deleted while the watch was down is healed from the new listing"
  wait_for "$bound" kubectl get configmap vanishing -n "$ns"
  grep -q "app=$app healed object=\"ConfigMap $ns/vanishing\" change=deleted" "$log" ||
    fail "the vanished object was not healed by the watch:"$'\n'"$(tail -n +"$((mark + 1))" "$log")"
fi

stop_watch_reaped "$watch_pid"
echo "PASS"
