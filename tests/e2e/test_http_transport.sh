#!/usr/bin/env bash
# The HTTP transport (--transport http) on a real control plane: one
# `kubectl proxy` child for a whole sync or watch, its socket in a private
# folder, every child reaped on exit; a no-op writes nothing; a one-shot
# heal and a prune; a watch heals through HTTP streams.
# e2e: one transport only (it names its transport itself)
source "$(dirname "$0")/lib.sh"
require_local_env

ns=$(new_namespace http)
app=$(unique_name http)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
work="$SCRATCH_DIR/work"
make_git_repo "$work"
workshop_deployment 2 >"$work/deployment.yaml"
workshop_service >"$work/service.yaml"
for i in 1 2 3; do
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-%s}\ndata: {n: "%s"}\n' \
    "$i" "$i" >"$work/settings-$i.yaml"
done
commit_all "$work" "the workshop app" >/dev/null

# Every kubectl the plugin starts is recorded.
calls="$SCRATCH_DIR/kubectl-calls"
real_kubectl=$(type -P kubectl)
mkdir "$SCRATCH_DIR/bin"
cat >"$SCRATCH_DIR/bin/kubectl" <<SH
#!/usr/bin/env bash
printf '%s\n' "\$*" >>"$calls"
printf '%s\n' "\$*" >>"$calls.all"
exec "$real_kubectl" "\$@"
SH
chmod +x "$SCRATCH_DIR/bin/kubectl"
http_gitops() { PATH="$SCRATCH_DIR/bin:$PATH" gitops --transport http "$@"; }
sync_args=(sync --repo "$work" --app "$app" -n "$ns" --prune)
# The proxies this test started that still run (other tests run beside it).
proxies() {
  local socket
  for socket in $(sed -n 's/.*--unix-socket=\([^ ]*\).*/\1/p' "$calls.all"); do
    pgrep -f -- "--unix-socket=$socket" || true
  done
}

echo "--- a cold sync runs one kubectl: the proxy"
out=$(http_gitops "${sync_args[@]}") || fail "sync over HTTP failed: $out"
assert_contains "$out" "created" "the first sync"
assert_eq 5 "$(kubectl get deployments,services,configmaps -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name | wc -l)" \
  "objects synced"
assert_eq 1 "$(wc -l <"$calls")" "kubectl processes started by one sync"
assert_contains "$(cat "$calls")" "proxy --unix-socket=" "the one kubectl"
assert_contains "$(cat "$calls")" "--context=$KGITOPS_CONTEXT" "the proxy's context"
assert_eq "" "$(proxies)" "proxies left running after the sync"
# The socket's folder is gone with the process that made it.
socket=$(sed -n 's/.*--unix-socket=\([^ ]*\).*/\1/p' "$calls" | head -n 1)
[[ ! -e $(dirname "$socket") ]] || fail "the proxy's folder outlived the sync: $(dirname "$socket")"

echo "--- a no-op sync writes nothing"
lines=$(audit_log_lines)
out=$(http_gitops "${sync_args[@]}") || fail "no-op sync failed: $out"
assert_eq 0 "$(audit_writes_since "$lines" "$ns")" "writes of a no-op sync in $ns"

echo "--- a one-shot heal writes the drifted object back, and nothing else"
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
lines=$(audit_log_lines)
out=$(http_gitops "${sync_args[@]}") || fail "heal failed: $out"
assert_eq 1 "$(audit_writes_since "$lines" "$ns")" "writes of a heal in $ns"
assert_eq "" "$(audit_write_entries_since "$lines" kubectl-gitops | grep -F "gitops-$app " || true)" \
  "inventory writes of a heal"
assert_eq 2 "$(kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}')" "replicas after the heal"

echo "--- prune deletes what git no longer declares"
git -C "$work" rm -q settings-3.yaml
commit_all "$work" "settings-3 goes" >/dev/null
out=$(http_gitops "${sync_args[@]}") || fail "prune failed: $out"
assert_contains "$out" "pruned" "the prune"
wait_for 30 bash -c "! command kubectl --context '$KGITOPS_CONTEXT' get configmap settings-3 -n '$ns'"

echo "--- a watch heals over HTTP streams, with one kubectl child"
log="$SCRATCH_DIR/watch.log"
: >"$calls"
PATH="$SCRATCH_DIR/bin:$PATH" "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" \
  --transport http watch --repo "$work" --app "$app" -n "$ns" --prune --interval 1h \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for 60 grep -q "watch of Deployment established" "$log"
assert_eq 1 "$(wc -l <"$calls")" "kubectl processes of a watch"
kubectl scale deployment web -n "$ns" --replicas=4 >/dev/null
wait_for 30 grep -q 'healed object="Deployment.apps '"$ns"'/web"' "$log"
assert_eq 2 "$(kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}')" "replicas healed by the watch"
proxy=$(pgrep -P "$watch_pid" -f -- "proxy --unix-socket" || true)
[[ -n $proxy ]] || fail "the watch runs no kubectl proxy"

echo "--- the proxy killed: another is started, and the watch heals through it"
kill -9 "$proxy"
wait_for 30 bash -c "[[ \$(wc -l <'$calls') -ge 2 ]]"
wait_for 30 grep -q "watch of Deployment resumed" "$log"
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
wait_for 30 bash -c "[[ \$(grep -c 'healed object=\"Deployment.apps $ns/web\"' '$log') -ge 2 ]]"
assert_eq 2 "$(kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}')" "replicas healed after the proxy died"
proxy=$(pgrep -P "$watch_pid" -f -- "proxy --unix-socket" || true)
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
assert_eq "" "$(pgrep -P "$watch_pid" || true)" "children after SIGTERM"
assert_eq "" "$(proxies)" "proxies left running after the watch"
echo "PASS"
