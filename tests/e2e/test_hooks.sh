#!/usr/bin/env bash
# The git hooks with real git, a bare remote and the real control plane:
# pre-push refuses malformed YAML, duplicates and plaintext Secrets naming the
# file, lets clean pushes and ref deletions through, chains to the user's own
# hook and gives it back on uninstall, honours core.hooksPath; post-merge
# brings the cluster to the merged state, never fails the merge, and can
# notify a webhook with a signed push event instead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The hooks find the plugin by name on PATH, as they do on a user's machine.
PATH="$(cd "$(dirname "$KGITOPS_BIN")" && pwd):$PATH"
export PATH
unset KUBECTL_GITOPS_BIN
export KUBECTL_GITOPS_CACHE="$SCRATCH_DIR/cache"
# Only the test's own git configuration counts; nothing above the scratch
# folder is a repository.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$SCRATCH_DIR/gitconfig"
export GIT_CEILING_DIRECTORIES=$SCRATCH_DIR
git config --global init.defaultBranch main
git config --global protocol.file.allow always
[[ $(command -v kubectl-gitops) == "$(cd "$(dirname "$KGITOPS_BIN")" && pwd)/kubectl-gitops" ]] ||
  fail "kubectl-gitops on PATH is not the binary under test"

ns=$(new_namespace hooks)
app=$(unique_name hooks)
remote="$SCRATCH_DIR/remote.git"
work="$SCRATCH_DIR/work"
git init -q --bare "$remote"
make_git_repo "$work"
git -C "$work" remote add origin "$remote"

config_map() {
  local name=$1 value=$2
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  value: "%s"\n' "$name" "$value"
}
remote_main() { git -C "$remote" rev-parse -q --verify refs/heads/main || true; }

# Runs `git push args...` in the work tree; prints its output, returns its status.
push() {
  git -C "$work" push "$@" 2>&1
}

config_map settings one >"$work/settings.yaml"
config_map flags on >"$work/flags.yaml"
commit_all "$work" "first manifests" >/dev/null

echo "--- a user's own pre-push hook is kept and chained"
hooks_dir="$work/.git/hooks"
cat >"$hooks_dir/pre-push" <<HOOK
#!/bin/sh
echo "user hook: \$1 \$2" >>"$SCRATCH_DIR/user-hook.log"
cat >>"$SCRATCH_DIR/user-hook.log"
HOOK
chmod +x "$hooks_dir/pre-push"
user_hook=$(cat "$hooks_dir/pre-push")
mkdir -p "$work/docs"
out=$(cd "$work/docs" && kubectl-gitops hooks install)
assert_contains "$out" "pre-push: installed at $hooks_dir/pre-push (runs your hook $hooks_dir/pre-push.local first)"
assert_contains "$out" "post-merge: installed at $hooks_dir/post-merge"
assert_eq "$user_hook" "$(cat "$hooks_dir/pre-push.local")" "the user's hook, moved aside"
assert_eq "$(cat "$KGITOPS_SOURCE_DIR/hooks/pre-push")" "$(cat "$hooks_dir/pre-push")" "the installed pre-push hook"
out=$(kubectl-gitops hooks install --repo "$work")
assert_contains "$out" "pre-push: already installed"
assert_eq "$user_hook" "$(cat "$hooks_dir/pre-push.local")" "the user's hook after a second install"

echo "--- a clean push goes through; the user's hook saw the same arguments and refs"
out=$(push -u origin main) || fail "a clean push was refused:"$'\n'"$out"
assert_contains "$out" "validate: 2 objects"
assert_contains "$out" "0 errors"
assert_eq "$(git -C "$work" rev-parse HEAD)" "$(remote_main)" "remote main after a clean push"
log=$(cat "$SCRATCH_DIR/user-hook.log")
assert_contains "$log" "user hook: origin $remote"
assert_contains "$log" "refs/heads/main $(git -C "$work" rev-parse HEAD) refs/heads/main 0000000000000000000000000000000000000000"

echo "--- a user hook that fails still stops the push"
printf '#!/bin/sh\necho "user hook says no" >&2\nexit 3\n' >"$hooks_dir/pre-push.local"
config_map more x >"$work/more.yaml"
commit_all "$work" "more" >/dev/null
if out=$(push origin main); then
  fail "the push went through although the user's hook failed"
fi
assert_contains "$out" "user hook says no"
printf '%s\n' "$user_hook" >"$hooks_dir/pre-push.local"
push origin main >/dev/null || fail "a clean push was refused"
pushed=$(remote_main)

reject_push_of() {
  local what=$1 needle=$2 out
  if out=$(push origin main); then
    fail "a push with $what went through:"$'\n'"$out"
  fi
  assert_contains "$out" "$needle"
  assert_contains "$out" "push aborted"
  assert_eq "$pushed" "$(remote_main)" "remote main after refusing $what"
  git -C "$work" reset -q --hard "$pushed"
}

echo "--- malformed YAML is refused, naming the file and line"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n' >"$work/broken.yaml"
commit_all "$work" "broken YAML" >/dev/null
reject_push_of "malformed YAML" "broken.yaml:"

echo "--- an object declared twice is refused, naming both files"
config_map settings two >"$work/settings-copy.yaml"
commit_all "$work" "a duplicate" >/dev/null
reject_push_of "a duplicate object" "declared twice: settings-copy.yaml:1 and settings.yaml:1"

echo "--- a plaintext Secret is refused, naming the file and line"
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n' >"$work/db-secret.yaml"
commit_all "$work" "a plaintext Secret" >/dev/null
out=$(push origin main) && fail "a push with a plaintext Secret went through"
assert_contains "$out" "db-secret.yaml:1: error: Secret db has plaintext values in git (stringData.password)"
assert_not_contains "$out" "hunter2"
git -C "$work" reset -q --hard "$pushed"

echo "--- the prune preview lists what the push removes from git"
git -C "$work" rm -q more.yaml
commit_all "$work" "remove more" >/dev/null
out=$(push origin main) || fail "a push that removes a manifest was refused:"$'\n'"$out"
assert_contains "$out" "would be pruned after this push"
assert_contains "$out" "ConfigMap default/more"
pushed=$(remote_main)

echo "--- deleting a remote ref passes, even while the local branch is broken"
git -C "$work" branch feature
push origin feature >/dev/null || fail "pushing a clean branch was refused"
printf 'not: [yaml\n' >"$work/broken.yaml"
commit_all "$work" "broken, not pushed" >/dev/null
out=$(push origin --delete feature) || fail "deleting a remote branch was refused:"$'\n'"$out"
assert_contains "$out" "refs/heads/feature is deleted: nothing to validate"
git -C "$remote" rev-parse -q --verify refs/heads/feature >/dev/null && fail "the remote branch was not deleted"
git -C "$work" reset -q --hard "$pushed"

echo "--- uninstall gives the user's hook back"
out=$(kubectl-gitops hooks uninstall --repo "$work")
assert_contains "$out" "pre-push: removed; your own hook is back at $hooks_dir/pre-push"
assert_contains "$out" "post-merge: removed from $hooks_dir/post-merge"
assert_eq "$user_hook" "$(cat "$hooks_dir/pre-push")" "the user's hook after uninstall"
[[ ! -e $hooks_dir/pre-push.local && ! -e $hooks_dir/post-merge ]] || fail "uninstall left files behind"
printf 'not: [yaml\n' >"$work/broken.yaml"
commit_all "$work" "broken, no hook" >/dev/null
: >"$SCRATCH_DIR/user-hook.log"
out=$(push origin main) || fail "the push failed without our hook:"$'\n'"$out"
assert_not_contains "$out" "validate:"
assert_contains "$(cat "$SCRATCH_DIR/user-hook.log")" "user hook: origin"
git -C "$remote" update-ref refs/heads/main "$pushed"
git -C "$work" reset -q --hard "$pushed"

echo "--- install honours core.hooksPath"
other="$SCRATCH_DIR/other"
git clone -q "$remote" "$other"
git -C "$other" config core.hooksPath .githooks
git -C "$other" config user.name "kubectl-gitops e2e"
git -C "$other" config user.email "e2e@kubectl-gitops.invalid"
out=$(kubectl-gitops hooks install --repo "$other" --hooks pre-push)
assert_contains "$out" "pre-push: installed at $other/.githooks/pre-push"
[[ -x $other/.githooks/pre-push && ! -e $other/.git/hooks/pre-push && ! -e $other/.githooks/post-merge ]] ||
  fail "the hook is not (only) in core.hooksPath"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' >"$other/nameless.yaml"
commit_all "$other" "nameless" >/dev/null
if out=$(git -C "$other" push origin main 2>&1); then
  fail "core.hooksPath: a push of an object without a name went through"
fi
assert_contains "$out" "nameless.yaml:1: error: object has no metadata.name"

echo "--- gitops.path limits the check to the folder of manifests"
mkdir -p "$other/deploy"
config_map in-deploy yes >"$other/deploy/app.yaml"
commit_all "$other" "manifests in deploy/" >/dev/null
git -C "$other" config gitops.path deploy
out=$(git -C "$other" push origin HEAD:refs/heads/with-path 2>&1) ||
  fail "a push whose deploy/ folder is clean was refused:"$'\n'"$out"
assert_contains "$out" "validate: 1 object"

echo "--- install outside a repository fails clearly"
mkdir -p "$SCRATCH_DIR/plain"
set +e
out=$(cd "$SCRATCH_DIR/plain" && kubectl-gitops hooks install 2>&1)
status=$?
set -e
[[ $status -ne 0 ]] || fail "install outside a repository succeeded"
assert_contains "$out" "is not inside a git work tree"
[[ -z $(ls -A "$SCRATCH_DIR/plain") ]] || fail "install outside a repository wrote files"

echo "--- validate --server-dry-run has the API server check every object, writing nothing"
dry="$SCRATCH_DIR/dry"
fresh=$(unique_name fresh)
on_exit kubectl delete namespace "$fresh" --wait=false --ignore-not-found
make_git_repo "$dry"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$fresh" >"$dry/fresh.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n  namespace: %s\n' "$fresh" >"$dry/inside.yaml"
config_map good yes >"$dry/good.yaml"
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-port\nspec:\n  ports:\n  - port: 999999\n' >"$dry/bad-port.yaml"
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' >"$dry/widget.yaml"
commit_all "$dry" "for the server" >/dev/null
set +e
out=$(gitops validate --repo "$dry" --server-dry-run -n "$ns" 2>&1)
status=$?
set -e
assert_eq 1 "$status" "exit status of validate with objects the server refuses"
assert_contains "$out" "bad-port.yaml:1: error: server dry run:"
assert_contains "$out" "999999"
assert_contains "$out" "widget.yaml:1: error: kind Widget of group example.com is not served by the cluster"
assert_contains "$out" "inside.yaml:1: warning: not checked by the server: its namespace $fresh is created by this commit"
assert_not_contains "$out" "good.yaml"
assert_not_contains "$out" "fresh.yaml"
assert_contains "$out" "2 errors, 1 warning"
kubectl get configmap good -n "$ns" >/dev/null 2>&1 && fail "the dry run created an object"
kubectl get namespace "$fresh" >/dev/null 2>&1 && fail "the dry run created a namespace"
git -C "$dry" rm -q bad-port.yaml widget.yaml
commit_all "$dry" "only what the server accepts" >/dev/null
out=$(gitops validate --repo "$dry" --server-dry-run -n "$ns" 2>&1) || fail "validate refused what the server accepts:"$'\n'"$out"
assert_contains "$out" "0 errors, 1 warning"

echo "--- post-merge syncs the merged state to the cluster"
clone="$SCRATCH_DIR/clone"
git clone -q "$remote" "$clone"
sync_args="--kubeconfig $KUBECONFIG --context $KGITOPS_CONTEXT -n $ns --app $app --prune"
out=$(kubectl-gitops hooks install --repo "$clone" --sync-args="$sync_args")
assert_contains "$out" "post-merge will run: kubectl-gitops sync --repo $clone $sync_args"
assert_eq "$sync_args" "$(git -C "$clone" config --get gitops.syncArgs)" "gitops.syncArgs"
config_map settings two >"$work/settings.yaml"
config_map extra new >"$work/extra.yaml"
git -C "$work" rm -q flags.yaml
commit_all "$work" "settings two, extra, no flags" >/dev/null
push origin main >/dev/null || fail "pushing the change was refused"
# The first sync of the app: what the clone holds before the pull.
gitops sync --repo "$clone" -n "$ns" --app "$app" >/dev/null
kubectl get configmap flags -n "$ns" >/dev/null || fail "the first sync did not create flags"
out=$(git -C "$clone" pull -q --no-rebase origin main 2>&1) || fail "git pull failed:"$'\n'"$out"
assert_eq "$(git -C "$work" rev-parse HEAD)" "$(git -C "$clone" rev-parse HEAD)" "the clone after the pull"
assert_eq two "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.value}')" "settings after post-merge"
assert_eq new "$(kubectl get configmap extra -n "$ns" -o jsonpath='{.data.value}')" "extra after post-merge"
kubectl get configmap flags -n "$ns" >/dev/null 2>&1 && fail "post-merge did not prune flags"
assert_eq "$app" "$(kubectl get configmap extra -n "$ns" -o jsonpath='{.metadata.labels.gitops\.kubectl\.dev/app}')" "app label"

echo "--- a failing sync warns but never fails the merge"
git -C "$clone" config gitops.syncArgs "--kubeconfig $KUBECONFIG --context no-such-context -n $ns --app $app"
config_map settings three >"$work/settings.yaml"
commit_all "$work" "settings three" >/dev/null
push origin main >/dev/null || fail "pushing settings three was refused"
out=$(git -C "$clone" pull -q --no-rebase origin main 2>&1) || fail "a failing post-merge failed the pull:"$'\n'"$out"
assert_contains "$out" "post-merge: warning:"
assert_eq two "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.value}')" "settings after a failed sync"

echo "--- with a webhook set, post-merge sends a signed push event instead"
receiver="$SCRATCH_DIR/receiver"
mkdir -p "$receiver"
python3 - "$receiver" <<'PY' &
import http.server, pathlib, sys
out = pathlib.Path(sys.argv[1])
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        n = len(list(out.glob("body*")))
        suffix = "" if n == 0 else str(n + 1)
        (out / ("signature" + suffix)).write_text(self.headers.get("X-Hub-Signature-256", ""))
        (out / ("event" + suffix)).write_text(self.headers.get("X-GitHub-Event", ""))
        (out / ("body" + suffix)).write_bytes(body)
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
server.timeout = 120
(out / "port.tmp").write_text(str(server.server_port))
(out / "port.tmp").rename(out / "port")
server.handle_request()
server.handle_request()
PY
receiver_pid=$!
on_exit kill_if_running "$receiver_pid"
wait_for 10 test -f "$receiver/port"
# A secret longer than a SHA-256 block, with a trailing newline as editors write it.
printf 'a-webhook-secret-%s\n' "$(printf 'x%.0s' $(seq 1 80))" >"$SCRATCH_DIR/webhook-secret"
git -C "$clone" config gitops.webhookUrl "http://127.0.0.1:$(cat "$receiver/port")/hook"
git -C "$clone" config gitops.webhookSecretFile "$SCRATCH_DIR/webhook-secret"
config_map settings four >"$work/settings.yaml"
commit_all "$work" "settings four" >/dev/null
push origin main >/dev/null || fail "pushing settings four was refused"
out=$(git -C "$clone" pull -q --no-rebase origin main 2>&1) || fail "git pull failed:"$'\n'"$out"
wait_for 30 test -f "$receiver/body"
assert_contains "$out" "post-merge: notified http://127.0.0.1:"
assert_eq push "$(cat "$receiver/event")" "X-GitHub-Event"
python3 - "$receiver" "$SCRATCH_DIR/webhook-secret" "$(git -C "$clone" rev-parse HEAD)" "$remote" <<'PY' || fail "the webhook request does not verify"
import hashlib, hmac, json, pathlib, sys
receiver, secret_file, head = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
body = (receiver / "body").read_bytes()
secret = pathlib.Path(secret_file).read_bytes().rstrip(b"\n")
expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
got = (receiver / "signature").read_text()
assert hmac.compare_digest(expected, got), (expected, got)
event = json.loads(body)
assert event["ref"] == "refs/heads/main", event
assert event["after"] == head, event
assert len(event["before"]) == 40 and event["before"] != head, event
# The watch matches the repository it fetches: the clone's origin.
assert event["repository"]["url"] == sys.argv[4], event
PY
assert_eq two "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.value}')" "settings: the webhook mode does not sync"

echo "--- the notification names the origin without its credentials"
git -C "$clone" remote set-url origin "https://deploy:hook-token-0123@git.example.invalid/org/shop.git"
(cd "$clone" && .git/hooks/post-merge 0 >/dev/null 2>&1)
wait "$receiver_pid" || fail "the webhook receiver got no second request"
body2=$(cat "$receiver/body2")
assert_contains "$body2" '"url":"https://git.example.invalid/org/shop.git"'
assert_not_contains "$body2" "hook-token-0123" "the notification"
echo "PASS"
