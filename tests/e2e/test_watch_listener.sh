#!/usr/bin/env bash
# The watch's listener under a flood: with its descriptors limited to 64,
# 150 idle connections are opened at once and held, then closed. The watch
# keeps running; once they are gone /healthz answers again (accept errors are
# retried, sessions are capped and idle ones cut off), and a webhook still
# wakes the app. Also: a delivery replayed is answered and wakes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }
command -v openssl >/dev/null || { echo "SKIP: openssl is required" >&2; exit 125; }

bound=60
ns=$(new_namespace listener)
app=$(unique_name listener)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
workshop_deployment 1 >"$repo/web.yaml"
commit_all "$repo" "first" >/dev/null
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
secret_file="$SCRATCH_DIR/webhook-secret"
secret="e2e-$RANDOM$RANDOM-secret"
printf '%s\n' "$secret" >"$secret_file"

log="$SCRATCH_DIR/watch.log"
(
  ulimit -n 64
  exec "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --repo "$repo" --app "$app" -n "$ns" --interval 1m --listen 127.0.0.1:0 \
    --webhook-secret-file "$secret_file"
) >"$log" 2>&1 &
watch_pid=$!
on_exit kill_if_running -9 "$watch_pid"
wait_for "$bound" grep -q ' listening address=' "$log"
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for "$bound" curl -sf "http://$address/readyz"
assert_eq 64 "$(awk '/^Max open files/ { print $4 }' "/proc/$watch_pid/limits")" "the watch's descriptor limit"

echo "--- 150 idle connections held for 12 s, then closed"
python3 - "${address%:*}" "${address##*:}" <<'PY'
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
held = []
for _ in range(150):
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect((host, port))
    except OSError as error:  # the backlog is full: that is the point
        print("connect:", error)
        s.close()
        continue
    held.append(s)
print("held", len(held), "connections")
time.sleep(12)  # past the session timeout (10 s): the accepted ones were cut off
for s in held:
    s.close()
PY
kill -0 "$watch_pid" 2>/dev/null || fail "the watch died:"$'\n'"$(tail -n 30 "$log")"
start=$SECONDS
wait_for 30 curl -sf --max-time 2 "http://$address/healthz"
echo "MEASURED /healthz answered $((SECONDS - start))s after the flood ended"
grep -c "cannot accept a connection" "$log" | sed 's/^/accept errors logged: /' || true

echo "--- a webhook still wakes the app; its replay wakes nothing"
body='{"ref":"refs/heads/main"}'
signature="sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"
deliver() {
  curl -s -o /dev/null -w '%{http_code}' -X POST "http://$address/hooks/github" \
    -H "X-GitHub-Event: push" -H "X-GitHub-Delivery: $1" -H "X-Hub-Signature-256: $signature" \
    --data "$body"
}
id="delivery-$RANDOM$RANDOM"
assert_eq 202 "$(deliver "$id")" "the first delivery"
assert_eq 200 "$(deliver "$id")" "the same delivery again"
assert_eq 1 "$(grep -c 'webhook received, fetching now' "$log")" "webhooks that woke the app"
assert_eq 401 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$address/hooks/github" \
  -H 'Expect: 100-continue' --data-binary @<(head -c 100000 /dev/zero))" "an unsigned hook"

kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
echo "PASS: watch listener"
