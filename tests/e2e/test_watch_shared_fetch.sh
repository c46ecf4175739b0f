#!/usr/bin/env bash
# The apps of one repository share a fetch. Three apps of one remote (one
# folder each) start in one agent and make one fetch between them, each
# syncing its own folder; a fourth app of that remote with another
# credential scope (insecureHttp) fetches for itself, as it would have to
# with credentials of its own. The git server's request log counts fetches.
# One transport only: no cluster request is involved in a fetch.
# e2e: one transport only
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bound=60
export KUBECTL_GITOPS_CACHE="$SCRATCH_DIR/cache"
work="$SCRATCH_DIR/work"
make_git_repo "$work"
for folder in a b c d; do
  mkdir -p "$work/$folder"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-%s}\ndata: {folder: "%s"}\n' \
    "$folder" "$folder" >"$work/$folder/settings.yaml"
done
commit_all "$work" "four folders" >/dev/null
mkdir -p "$SCRATCH_DIR/srv"
git clone -q --bare "$work" "$SCRATCH_DIR/srv/shop.git"

port_file="$SCRATCH_DIR/port"
requests="$SCRATCH_DIR/requests.jsonl"
python3 "$KGITOPS_SOURCE_DIR/tests/e2e/git_http_server.py" "$SCRATCH_DIR/srv" --log "$requests" \
  >"$port_file" 2>"$SCRATCH_DIR/server.log" &
server=$!
on_exit kill "$server"
wait_for 10 test -s "$port_file"
url="http://127.0.0.1:$(head -1 "$port_file")/shop.git"

ns=$(new_namespace shared-fetch)
config="$SCRATCH_DIR/apps.yaml"
: >"$config"
declare -A apps
for folder in a b c d; do
  apps[$folder]=$(unique_name "fetch-$folder")
  on_exit kubectl delete configmap "gitops-${apps[$folder]}" -n kubectl-gitops --ignore-not-found
  printf -- '- name: %s\n  repo: %s\n  path: %s\n  namespace: %s\n  interval: 1h\n' \
    "${apps[$folder]}" "$url" "$folder" "$ns" >>"$config"
done
printf '  insecureHttp: true\n' >>"$config" # app d: another credential scope

log="$SCRATCH_DIR/watch.log"
"$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch --config "$config" \
  --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
for folder in a b c d; do
  wait_for "$bound" grep -q "app=${apps[$folder]} synced" "$log"
  assert_eq "$folder" "$(kubectl get configmap "settings-$folder" -n "$ns" -o jsonpath='{.data.folder}')" \
    "app $folder's own folder"
done

echo "--- one fetch for the three apps of one scope, one for the fourth"
fetches=$(grep -c '"path": "/shop.git/info/refs?service=git-upload-pack"' "$requests" || true)
grep -o '"path": "[^"]*"' "$requests" | sort | uniq -c
assert_eq 2 "$fetches" "fetches of the repository by four apps"

stop_watch_reaped "$watch_pid"
echo "PASS"
