#!/usr/bin/env bash
# A remote repository over authenticated HTTP (--insecure-http: plain http on
# the loopback): sync reaches the pushed state,
# a bad revision or a bad password changes nothing, and the token never shows
# in any process's argument list, in the output or in the cluster.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ns=$(new_namespace remote)
app=$(unique_name remote)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
token="s3cret-$(unique_name tok)"
export KUBECTL_GITOPS_CACHE="$SCRATCH_DIR/cache"

work="$SCRATCH_DIR/work"
make_git_repo "$work"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {color: blue}\n' >"$work/settings.yaml"
commit_all "$work" "blue" >/dev/null
mkdir -p "$SCRATCH_DIR/srv"
git clone -q --bare "$work" "$SCRATCH_DIR/srv/app.git"
git -C "$SCRATCH_DIR/srv/app.git" config http.receivepack true

port_file="$SCRATCH_DIR/port"
GIT_SERVER_USER=x-access-token GIT_SERVER_PASSWORD=$token \
  python3 "$KGITOPS_SOURCE_DIR/tests/e2e/git_http_server.py" "$SCRATCH_DIR/srv" >"$port_file" 2>"$SCRATCH_DIR/server.log" &
server=$!
on_exit kill "$server"
wait_for 10 test -s "$port_file"
url="http://127.0.0.1:$(head -1 "$port_file")/app.git"

# Samples every process's argument list while a command runs.
watch_argv() {
  local out=$1
  shift
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' ' >>"$out" || true
    sleep 0.05
  done
  wait "$pid"
}

echo "--- sync over authenticated HTTP"
argv_log="$SCRATCH_DIR/argv.log"
GITOPS_GIT_TOKEN=$token watch_argv "$argv_log" \
  gitops sync --repo "$url" --insecure-http --app "$app" -n "$ns" >"$SCRATCH_DIR/out.log" 2>&1
assert_eq blue "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.color}')" "color after the first sync"
[[ -s $argv_log ]] || fail "no argument lists were sampled"
assert_not_contains "$(cat "$argv_log")" "$token" "process argument lists"
assert_not_contains "$(cat "$SCRATCH_DIR/out.log")" "$token" "sync output"
assert_not_contains "$(kubectl get configmap "gitops-$app" -n kubectl-gitops -o json)" "$token" "inventory"

echo "--- a push reaches the cluster on the next sync"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {color: green}\n' >"$work/settings.yaml"
commit_all "$work" "green" >/dev/null
git -C "$work" push -q "$SCRATCH_DIR/srv/app.git" main
GITOPS_GIT_TOKEN=$token gitops sync --repo "$url" --insecure-http --app "$app" -n "$ns" >/dev/null
assert_eq green "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.color}')" "color after the push"

echo "--- a wrong token fails clearly and changes nothing"
set +e
err=$(GITOPS_GIT_TOKEN="wrong-$token" gitops sync --repo "$url" --insecure-http --app "$app" -n "$ns" 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code with a wrong token"
assert_not_contains "$err" "wrong-$token" "error output"
assert_contains "$err" "127.0.0.1"

echo "--- a bad revision fails and changes nothing"
set +e
err=$(GITOPS_GIT_TOKEN=$token gitops sync --repo "$url" --insecure-http --revision no-such-branch --app "$app" -n "$ns" 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code with a bad revision"
assert_contains "$err" "no-such-branch"
assert_eq green "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.color}')" "color after failures"
echo "PASS"
