#!/usr/bin/env bash
# The binary of the release archive, the one krew installs, syncs an app on
# the control plane over the default transport, HTTP: one `kubectl proxy`
# child spoken to with the libcurl linked into the binary (no libcurl among
# the libraries it loads). `--transport kubectl` heals a drift with a kubectl
# per call and no proxy.
# e2e: one transport only (it names its transport itself)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/e2e/dist_archive.sh
source "$here/dist_archive.sh"

build_dist_archive
echo "archive: $DIST_ARCHIVE"
mkdir "$SCRATCH_DIR/pkg"
tar -xzf "$DIST_ARCHIVE" -C "$SCRATCH_DIR/pkg"
release="$SCRATCH_DIR/pkg/kubectl-gitops"
needed=$(readelf -d "$release") || fail "readelf cannot read the release binary"
assert_not_contains "$needed" "libcurl" "the release binary's dynamic section"

ns=$(new_namespace static)
app=$(unique_name static)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
work="$SCRATCH_DIR/work"
make_git_repo "$work"
# (A key `level`, not `n`: YAML 1.1 reads a bare n as false.)
for i in 1 2; do
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-%s}\ndata: {level: "%s"}\n' \
    "$i" "$i" >"$work/settings-$i.yaml"
done
commit_all "$work" "two settings" >/dev/null

# Every kubectl the release binary starts is recorded.
calls="$SCRATCH_DIR/kubectl-calls"
real_kubectl=$(type -P kubectl)
mkdir "$SCRATCH_DIR/bin"
cat >"$SCRATCH_DIR/bin/kubectl" <<SH
#!/usr/bin/env bash
printf '%s\n' "\$*" >>"$calls"
exec "$real_kubectl" "\$@"
SH
chmod +x "$SCRATCH_DIR/bin/kubectl"
# No transport from the environment: the binary's own default.
release_gitops() {
  PATH="$SCRATCH_DIR/bin:$PATH" env -u KUBECTL_GITOPS_TRANSPORT \
    "$release" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" "$@"
}
sync_args=(sync --repo "$work" --app "$app" -n "$ns")

echo "--- the release binary syncs over HTTP by default: one kubectl, the proxy"
out=$(release_gitops "${sync_args[@]}" 2>&1) || fail "the release binary's sync failed: $out"
echo "$out"
assert_contains "$out" "created" "the first sync"
assert_eq 2 "$(kubectl get configmaps -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name | wc -l)" \
  "objects synced"
assert_eq 1 "$(wc -l <"$calls")" "kubectl processes started by the sync"
assert_contains "$(cat "$calls")" "proxy --unix-socket=" "the one kubectl"

echo "--- --transport kubectl heals a drift with a kubectl per call"
kubectl patch configmap settings-1 -n "$ns" --type=merge -p '{"data":{"level":"drifted"}}' >/dev/null
: >"$calls"
out=$(release_gitops --transport kubectl "${sync_args[@]}" 2>&1) ||
  fail "the release binary's sync over kubectl failed: $out"
echo "$out"
assert_contains "$out" "1 configured" "the heal"
assert_eq 1 "$(kubectl get configmap settings-1 -n "$ns" -o jsonpath='{.data.level}')" "the healed value"
assert_not_contains "$(cat "$calls")" "proxy --unix-socket" "the kubectl calls"
(($(wc -l <"$calls") > 1)) || fail "a sync over kubectl ran $(wc -l <"$calls") kubectl"
echo "PASS"
