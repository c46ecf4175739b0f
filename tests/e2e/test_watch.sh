#!/usr/bin/env bash
# `kubectl gitops watch` on a real control plane: drift healed within a
# second, a deleted object recreated, commits applied on poll and on a signed
# webhook, forged webhooks refused, suspend/resume, fight detection, metrics,
# and a clean stop on SIGTERM with no kubectl left behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }
command -v openssl >/dev/null || { echo "SKIP: openssl is required" >&2; exit 125; }

ns=$(new_namespace watch)
app=$(unique_name watch)
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"

write_web() {
  cat >"$repo/web.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: $1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
YAML
}
write_web 2
cat >"$repo/service.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
YAML
commit_all "$repo" "web at 2 replicas" >/dev/null

secret_file="$SCRATCH_DIR/webhook-secret"
secret="e2e-$RANDOM$RANDOM-secret"
printf '%s\n' "$secret" >"$secret_file"
log="$SCRATCH_DIR/watch.log"

replicas() { kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}' 2>/dev/null; }
now() { date +%s.%N; }
elapsed_since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
less_than() { python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$1" "$2"; }
# Polls until .spec.replicas is `want`, at most `timeout` seconds; prints the seconds it took from `start`.
wait_replicas() {
  local want=$1 start=$2 timeout=$3
  while [[ $(replicas) != "$want" ]]; do
    less_than "$(elapsed_since "$start")" "$timeout" || fail "replicas still $(replicas), not $want, after ${timeout}s"$'\n'"$(tail -n 30 "$log")"
    sleep 0.05
  done
  elapsed_since "$start"
}
metrics() { curl -sf "http://$address/metrics"; }

# Starts a watch in the background (not through a shell function, so that
# $! is the plugin itself); sets watch_pid and address.
start_watch() {
  local interval=$1
  shift
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --repo "$repo" --app "$app" -n "$ns" --prune --interval "$interval" \
    --listen 127.0.0.1:0 --webhook-secret-file "$secret_file" "$@" >"$log" 2>&1 &
  watch_pid=$!
  on_exit kill -9 "$watch_pid"
  wait_for 20 grep -q ' listening address=' "$log"
  address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
  assert_contains "$(head -n 1 "$log")" "listening address=$address" "the first log line"
  wait_for 60 curl -sf "http://$address/readyz"
  # The kind watches start after the first sync; give kubectl time to list.
  wait_for 20 bash -c "[[ \$(pgrep -P $watch_pid -c kubectl) -ge 3 ]]"
  sleep 1
}

echo "--- watch creates the app and serves health"
start_watch 5s
assert_contains "$(head -n 1 "$log")" "info listening"
assert_eq 2 "$(replicas)" "replicas after the first sync"
curl -sf "http://$address/healthz" >/dev/null || fail "/healthz"
assert_not_contains "$(cat "$log")" "$secret" "the log"

echo "--- kubectl scale is reverted within a second"
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
start=$(now)
took=$(wait_replicas 2 "$start" 10)
echo "scale drift reverted in ${took}s"
less_than "$took" 3 || fail "reverting a scale took ${took}s (limit 3s)"
wait_for 5 grep -q "app=$app healed object=\"Deployment.apps $ns/web\"" "$log"
grep "app=$app healed object=\"Deployment.apps $ns/web\"" "$log" | tail -n 1

echo "--- a deleted owned object is recreated"
kubectl delete service web -n "$ns" --wait=false >/dev/null
start=$(now)
until kubectl get service web -n "$ns" >/dev/null 2>&1; do
  less_than "$(elapsed_since "$start")" 10 || fail "the Service was not recreated"$'\n'"$(tail -n 20 "$log")"
  sleep 0.1
done
echo "deleted Service recreated in $(elapsed_since "$start")s"
assert_contains "$(cat "$log")" "change=deleted"

echo "--- a commit is applied within one poll interval"
write_web 3
commit_all "$repo" "web at 3 replicas" >/dev/null
start=$(now)
took=$(wait_replicas 3 "$start" 8)
echo "commit applied by the poll in ${took}s (interval 5s ±10%)"

echo "--- forged and missing webhook signatures get 401 and trigger nothing"
write_web 4
commit_all "$repo" "web at 4 replicas" >/dev/null
body='{"ref":"refs/heads/main","repository":{"full_name":"example/shop"}}'
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')
forged=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "not-$secret" | sed 's/^.* //')
post_hook() {
  curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@" \
    --data-binary "$body" "http://$address/hooks/github"
}
assert_eq 401 "$(post_hook -H "X-Hub-Signature-256: sha256=$forged")" "forged signature"
assert_eq 401 "$(post_hook)" "missing signature"
assert_eq 401 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Gitlab-Token: wrong" \
  --data-binary "$body" "http://$address/hooks/gitlab")" "wrong GitLab token"
assert_not_contains "$(cat "$log")" "webhook received" "the log after refused webhooks"

echo "--- a commit plus a signed webhook is applied within about 2s"
start=$(now)
assert_eq 202 "$(post_hook -H "X-Hub-Signature-256: sha256=$signature")" "signed webhook"
took=$(wait_replicas 4 "$start" 10)
echo "commit applied after the webhook in ${took}s"
less_than "$took" 3 || fail "the webhook-triggered sync took ${took}s (limit 3s)"
assert_contains "$(cat "$log")" "webhook received"

echo "--- a suspended app reports drift but does not heal it; resume heals"
out=$(gitops suspend --app "$app")
assert_contains "$out" "app $app suspended"
wait_for 10 grep -q "app=$app suspended: self-heal paused" "$log"
kubectl scale deployment web -n "$ns" --replicas=6 >/dev/null
wait_for 10 grep -q "app=$app drift detected, not healed: app suspended object=\"Deployment.apps $ns/web\"" "$log"
sleep 2
assert_eq 6 "$(replicas)" "replicas while suspended"
m=$(metrics)
assert_contains "$m" "kubectl_gitops_suspended{app=\"$app\"} 1"
assert_contains "$m" "kubectl_gitops_drift_events_total{app=\"$app\"}"
out=$(gitops resume --app "$app")
assert_contains "$out" "app $app resumed"
start=$(now)
took=$(wait_replicas 4 "$start" 10)
echo "healed ${took}s after resume"
assert_contains "$(metrics)" "kubectl_gitops_suspended{app=\"$app\"} 0"

echo "--- /metrics has every documented series"
m=$(metrics)
for series in \
  "kubectl_gitops_syncs_total{app=\"$app\",result=\"succeeded\"}" \
  "kubectl_gitops_drift_events_total{app=\"$app\"}" \
  "kubectl_gitops_heal_duration_seconds_bucket{app=\"$app\",le=\"0.05\"}" \
  "kubectl_gitops_heal_duration_seconds_bucket{app=\"$app\",le=\"10\"}" \
  "kubectl_gitops_heal_duration_seconds_count{app=\"$app\"}" \
  "kubectl_gitops_last_sync_timestamp_seconds{app=\"$app\"}" \
  "kubectl_gitops_last_synced_commit_info{app=\"$app\",commit=\"$(git -C "$repo" rev-parse HEAD)\"} 1" \
  "kubectl_gitops_objects{app=\"$app\",state=\"InSync\"} 2" \
  "kubectl_gitops_fights{app=\"$app\"} 0" \
  "kubectl_gitops_suspended{app=\"$app\"} 0"; do
  assert_contains "$m" "$series" "/metrics"
done

echo "--- SIGTERM: exit 0, no kubectl left behind"
children=$(pgrep -P "$watch_pid" || true)
[[ -n $children ]] || fail "the watch has no kubectl children to check"
echo "children before SIGTERM: $(echo $children)"
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
for child in $children; do
  if kill -0 "$child" 2>/dev/null; then
    fail "child $child ($(ps -o comm= -p "$child")) outlived the watch"
  fi
done
assert_eq "" "$(pgrep -P "$watch_pid" || true)" "children after SIGTERM"
assert_contains "$(tail -n 1 "$log")" "info stopped"

echo "--- fight detection: another writer keeps scaling back; watch stops after K heals"
start_watch 60s --fight-limit 5
kubectl scale deployment web -n "$ns" --replicas=7 >/dev/null
(
  while true; do
    command kubectl --context "$KGITOPS_CONTEXT" scale deployment web -n "$ns" --replicas=7 >/dev/null 2>&1
    sleep 0.2
  done
) &
fighter=$!
on_exit kill "$fighter"
wait_for 30 grep -q "fighting with kubectl" "$log"
grep "fighting with" "$log"
assert_contains "$(grep 'fighting with' "$log")" " error app=$app stopped healing Deployment.apps $ns/web: fighting with kubectl" "the fight log line"
heals=$(grep -c "app=$app healed object=\"Deployment.apps $ns/web\"" "$log")
assert_eq 6 "$heals" "heals before the fight was noticed (K=5, stopped on the 6th)"
sleep 3
assert_eq "$heals" "$(grep -c "app=$app healed object=\"Deployment.apps $ns/web\"" "$log")" "heals after the fight was noticed"
assert_contains "$(metrics)" "kubectl_gitops_fights{app=\"$app\"} 1"
kill "$fighter"
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq 0 "$status" "exit status after SIGTERM"
echo "PASS"
