#!/usr/bin/env bash
# Credentials stay with their host. A redirect to another host gets none of
# them: neither GITOPS_GIT_TOKEN nor the password git's credential helper
# keeps for the first host (the fetch fails, naming the redirect). None goes
# over plain http:// without --insecure-http. None goes to a repository URL
# read from the cluster (an inventory's data.repo, planted here) unless
# --auth-host names its host. Every server records the Authorization
# header of each request it receives.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ns=$(new_namespace creds)
app=$(unique_name creds)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
token="s3cret-$(unique_name tok)"
export KUBECTL_GITOPS_CACHE="$SCRATCH_DIR/cache"
# git's configuration for this test alone (the credential helper below).
export GIT_CONFIG_GLOBAL="$SCRATCH_DIR/gitconfig" GIT_CONFIG_NOSYSTEM=1
: >"$GIT_CONFIG_GLOBAL"
unset GITOPS_GIT_TOKEN GITOPS_GIT_USERNAME GITOPS_GIT_PASSWORD

work="$SCRATCH_DIR/work"
make_git_repo "$work"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {color: blue}\n' >"$work/settings.yaml"
commit_all "$work" "blue" >/dev/null
mkdir -p "$SCRATCH_DIR/srv"
git clone -q --bare "$work" "$SCRATCH_DIR/srv/app.git"

# Starts a git server on 127.0.0.1 that asks for `user` and `password` (none
# when `user` is empty) and logs every request to $SCRATCH_DIR/<name>.log;
# prints its port.
start_server() {
  local name=$1 user=$2 password=$3
  shift 3
  GIT_SERVER_USER=$user GIT_SERVER_PASSWORD=$password \
    python3 "$KGITOPS_SOURCE_DIR/tests/e2e/git_http_server.py" "$SCRATCH_DIR/srv" \
    --log "$SCRATCH_DIR/$name.log" "$@" >"$SCRATCH_DIR/$name.port" 2>"$SCRATCH_DIR/$name.err" &
  on_exit kill_if_running $!
  wait_for 10 test -s "$SCRATCH_DIR/$name.port"
  head -1 "$SCRATCH_DIR/$name.port"
}

# How many requests server `name` received, and how many carried credentials.
requests_to() {
  if [[ -f $SCRATCH_DIR/$1.log ]]; then wc -l <"$SCRATCH_DIR/$1.log"; else echo 0; fi
}
authorized_requests_to() {
  if [[ -f $SCRATCH_DIR/$1.log ]]; then grep -c '"authorization": "[^"]' "$SCRATCH_DIR/$1.log" || true; else echo 0; fi
}

# Runs the plugin expecting exit 2; prints its output.
gitops_fails() {
  local out status
  set +e
  out=$(gitops "$@" 2>&1)
  status=$?
  set -e
  [[ $status == 2 ]] || fail "expected exit 2 from gitops $*, got $status: $out"
  printf '%s\n' "$out"
}

echo "--- a redirect to another host gets no credential"
second=$(start_server second other-user other-pw)
# The first host redirects at once: the second then asks for credentials.
first=$(start_server first "" "" --redirect-to "http://localhost:$second")
first_url="http://127.0.0.1:$first/app.git"
err=$(GITOPS_GIT_TOKEN=$token gitops_fails sync --repo "$first_url" --insecure-http --app "$app" -n "$ns")
assert_contains "$err" "cannot redirect"
assert_contains "$err" "localhost"
assert_not_contains "$err" "$token" "error output"
printf '%s\n' "http://x-access-token:$token@127.0.0.1:$first" >"$SCRATCH_DIR/stored-credentials"
git config --global credential.helper "store --file=$SCRATCH_DIR/stored-credentials"
err=$(gitops_fails sync --repo "$first_url" --insecure-http --app "$app" -n "$ns")
assert_contains "$err" "cannot redirect"
git config --global --unset credential.helper
(($(requests_to first) >= 2)) || fail "the first host was never asked"
assert_eq 0 "$(authorized_requests_to second)" "requests with credentials at the second host"
assert_eq "" "$(kubectl get configmap settings -n "$ns" --ignore-not-found -o name)" "objects after the failed syncs"

echo "--- no credential goes over plain http:// without --insecure-http"
plain=$(start_server plain x-access-token "$token")
plain_url="http://127.0.0.1:$plain/app.git"
err=$(GITOPS_GIT_TOKEN=$token gitops_fails sync --repo "$plain_url" --app "$app" -n "$ns")
assert_contains "$err" "--insecure-http"
assert_contains "$err" "$plain_url"
(($(requests_to plain) >= 1)) || fail "the server was never asked"
assert_eq 0 "$(authorized_requests_to plain)" "requests with credentials over http without --insecure-http"
GITOPS_GIT_TOKEN=$token gitops sync --repo "$plain_url" --insecure-http --app "$app" -n "$ns" >/dev/null
assert_eq blue "$(kubectl get configmap settings -n "$ns" -o jsonpath='{.data.color}')" "color with --insecure-http"

echo "--- audit and status send nothing to a repository URL the cluster records"
planted=$(start_server planted x-access-token "$token")
planted_url="http://127.0.0.1:$planted/app.git"
kubectl patch configmap "gitops-$app" -n kubectl-gitops --type merge \
  -p "{\"data\":{\"repo\":\"$planted_url\"}}" >/dev/null
err=$(GITOPS_GIT_TOKEN=$token gitops_fails audit --app "$app")
assert_contains "$err" "--auth-host 127.0.0.1:$planted"
status_json=$(GITOPS_GIT_TOKEN=$token gitops status --app "$app" -o json)
assert_contains "$status_json" "--auth-host 127.0.0.1:$planted" "status"
(($(requests_to planted) >= 2)) || fail "audit and status never reached the recorded URL"
assert_eq 0 "$(authorized_requests_to planted)" "requests with credentials at the recorded URL"
# Named on the command line, the host may have them.
GITOPS_GIT_TOKEN=$token gitops audit --app "$app" --auth-host 127.0.0.1 --insecure-http >/dev/null
status_json=$(GITOPS_GIT_TOKEN=$token gitops status --app "$app" -o json --auth-host "127.0.0.1:$planted" --insecure-http)
assert_not_contains "$status_json" "--auth-host" "status with the host named"
(($(authorized_requests_to planted) >= 1)) || fail "the named host got no credentials"
echo "PASS"
