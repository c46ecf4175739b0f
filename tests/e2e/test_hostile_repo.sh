#!/usr/bin/env bash
# What a repository cannot make the tool do: fetch beyond itself through
# kustomize, or crash a sync with bytes that are not text. Both fail before
# anything in the cluster is written, naming the file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace hostile)
app=$(unique_name hostile)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
count() { kubectl get configmaps -n "$ns" -l "gitops.kubectl.dev/app=$app" -o name | wc -l; }

# A server that serves one ConfigMap and records every request it gets.
served="$SCRATCH_DIR/served"
mkdir -p "$served"
python3 - "$served" <<'PY' &
import http.server, pathlib, sys
out = pathlib.Path(sys.argv[1])
body = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fetched\ndata: {from: remote}\n"
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(out / "requests", "a") as log:
            log.write(self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
(out / "port.tmp").write_text(str(server.server_port))
(out / "port.tmp").rename(out / "port")
server.serve_forever()
PY
server_pid=$!
on_exit kill_if_running "$server_pid"
wait_for 10 test -f "$served/port"
port=$(cat "$served/port")
requests() { if [[ -f $served/requests ]]; then wc -l <"$served/requests"; else echo 0; fi; }

repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
mkdir -p "$repo/app"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\ndata: {from: git}\n' >"$repo/app/local.yaml"
printf 'resources:\n- local.yaml\n- http://127.0.0.1:%s/evil.yaml\n' "$port" >"$repo/app/kustomization.yaml"
commit_all "$repo" "a remote resource" >/dev/null
sync() { gitops sync --repo "$repo" --path app --app "$app" -n "$ns" "$@"; }

echo "--- a remote kustomize resource is refused, naming file and entry; nothing is fetched"
before=$(audit_log_lines)
set +e
err=$(sync 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync with a remote kustomize resource"
assert_contains "$err" "app/kustomization.yaml: resources entry 'http://127.0.0.1:$port/evil.yaml' is remote"
assert_contains "$err" "--kustomize-allow-host"
assert_eq 0 "$(requests)" "requests the remote server received"
assert_eq 0 "$(audit_writes_since "$before" "$ns")" "writes after a refused kustomization"

echo "--- --kustomize-allow-host opts that host in"
sync --kustomize-allow-host 127.0.0.1 >/dev/null
[[ $(requests) -ge 1 ]] || fail "the allowed host received no request"
assert_eq remote "$(kubectl get configmap fetched -n "$ns" -o jsonpath='{.data.from}')" "the fetched ConfigMap"
assert_eq 2 "$(count)" "ConfigMaps after the allowed sync"

echo "--- a byte that is not UTF-8 fails the sync with file and line; nothing changes"
rm "$repo/app/kustomization.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: menu\ndata:\n  dish: caf\xe9\n' >"$repo/app/menu.yaml"
commit_all "$repo" "Latin-1" >/dev/null
before=$(audit_log_lines)
set +e
err=$(sync --prune 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync with invalid UTF-8"
assert_contains "$err" "app/menu.yaml:6: invalid UTF-8"
assert_not_contains "$err" "json.exception"
assert_eq 0 "$(audit_writes_since "$before" "$ns")" "writes after a render with invalid UTF-8"
assert_eq 2 "$(count)" "ConfigMaps after a render with invalid UTF-8"

echo "--- labels that are not a map, and JSON keys set twice, are errors with file and line"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: menu\n  labels: [oops]\n' >"$repo/app/menu.yaml"
commit_all "$repo" "labels as a list" >/dev/null
set +e
err=$(sync 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync with labels as a list"
assert_contains "$err" "app/menu.yaml:1: metadata.labels must be a map of strings, not array"
rm "$repo/app/menu.yaml"
printf '{"apiVersion": "v1", "kind": "Secret",\n "metadata": {"name": "s"},\n "kind": "ConfigMap"}\n' >"$repo/app/twice.json"
commit_all "$repo" "a key twice" >/dev/null
set +e
err=$(sync 2>&1)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync with a JSON key set twice"
assert_contains "$err" "app/twice.json:3: key \"kind\" already set in this object"
assert_eq 2 "$(count)" "ConfigMaps after the refused syncs"
