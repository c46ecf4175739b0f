#!/usr/bin/env bash
# `kubectl gitops watch` on a real control plane: drift healed, a deleted
# object recreated, commits applied on poll and on a signed webhook, forged
# webhooks refused, the git remote going away and coming back,
# suspend/resume, fight detection, metrics, and a clean stop on SIGTERM with
# no kubectl left behind. Latencies are printed, never asserted: the waits
# are only bounded so that a broken watch fails instead of hanging.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is required" >&2; exit 125; }
command -v openssl >/dev/null || { echo "SKIP: openssl is required" >&2; exit 125; }

ns=$(new_namespace watch)
app=$(unique_name watch)
work="$SCRATCH_DIR/work"
remote="$SCRATCH_DIR/remote.git"
make_git_repo "$work"

write_web() { workshop_deployment "$1" >"$work/web.yaml"; }
# Commits the working copy and pushes it to the watched remote.
publish() {
  commit_all "$work" "$1" >/dev/null
  git -C "$work" push -q "$remote" main
}
write_web 2
workshop_service >"$work/service.yaml"
commit_all "$work" "web at 2 replicas" >/dev/null
git init -q --bare -b main "$remote"
git -C "$work" push -q "$remote" main

secret_file="$SCRATCH_DIR/webhook-secret"
secret="e2e-$RANDOM$RANDOM-secret"
printf '%s\n' "$secret" >"$secret_file"
log="$SCRATCH_DIR/watch.log"
bound=30 # seconds any one wait may take before the test fails instead of hanging

replicas() { kubectl get deployment web -n "$ns" -o jsonpath='{.spec.replicas}' 2>/dev/null; }
now_us() { echo "${EPOCHREALTIME/./}"; }
seconds_since() { # microsecond timestamp -> seconds elapsed, 2 decimals
  local us=$(($(now_us) - $1))
  printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000))
}
# Polls until .spec.replicas is `want`; prints the seconds since `start`.
wait_replicas() {
  local want=$1 start=$2 deadline=$((SECONDS + bound))
  while [[ $(replicas) != "$want" ]]; do
    ((SECONDS < deadline)) || fail "replicas still $(replicas), not $want, after ${bound}s"$'\n'"$(tail -n 30 "$log")"
    sleep 0.05
  done
  seconds_since "$start"
}
metrics() { curl -sf "http://$address/metrics"; }
metrics_contain() { metrics | grep -qF -- "$1"; }
metric_value() { # the value of one exact series, 0 when absent
  metrics | awk -v series="$1" '$1 == series { value = $2 } END { print value + 0 }'
}
# The in-process latency of the last heal of `object` in the log.
heal_latency() {
  grep "app=$app healed object=\"$1\"" "$log" | tail -n 1 | sed -n 's/.* latency=\([^ ]*\).*/\1/p'
}
healed_count() { grep -c "app=$app healed object=\"$1\"" "$log" || true; }
healed_beyond() { (($(healed_count "$1") > $2)); } # object, count
sync_count() { metric_value "kubectl_gitops_syncs_total{app=\"$app\",result=\"$1\"}"; }
# True once the syncs of `result` counted exceed `count`.
syncs_beyond() { (($(sync_count "$1") > $2)); }

# Starts a watch of the remote in the background (not through a shell
# function, so that $! is the plugin itself); sets watch_pid and address.
start_watch() {
  local interval=$1
  shift
  : >"$log"
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --repo "file://$remote" --app "$app" -n "$ns" --prune --interval "$interval" \
    --listen 127.0.0.1:0 --webhook-secret-file "$secret_file" "$@" >"$log" 2>&1 &
  watch_pid=$!
  on_exit kill_if_running -9 "$watch_pid"
  wait_for "$bound" grep -q ' listening address=' "$log"
  address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
  assert_contains "$(head -n 1 "$log")" "listening address=$address" "the first log line"
  wait_for "$bound" curl -sf "http://$address/readyz"
  # The kind watches start after the first sync; wait until kubectl listed.
  wait_for "$bound" grep -q "watch of Deployment established" "$log"
  wait_for "$bound" grep -q "watch of Service established" "$log"
}

# SIGTERM: exit 0, and no child left.
stop_watch() {
  local children
  children=$(pgrep -P "$watch_pid" || true)
  [[ -n $children ]] || fail "the watch has no kubectl children to check"
  echo "children before SIGTERM: ${children//$'\n'/ }"
  stop_watch_reaped "$watch_pid"
  assert_contains "$(tail -n 1 "$log")" "info stopped"
}

echo "--- watch creates the app and serves health"
start_watch 5s
assert_contains "$(head -n 1 "$log")" "info listening"
assert_eq 2 "$(replicas)" "replicas after the first sync"
curl -sf "http://$address/healthz" >/dev/null || fail "/healthz"
assert_not_contains "$(cat "$log")" "$secret" "the log"

echo "--- kubectl scale is reverted to git's value"
kubectl scale deployment web -n "$ns" --replicas=5 >/dev/null
took=$(wait_replicas 2 "$(now_us)")
wait_for "$bound" grep -q "app=$app healed object=\"Deployment.apps $ns/web\"" "$log"
echo "MEASURED scale drift reverted in ${took}s seen from outside; in-process heal latency $(heal_latency "Deployment.apps $ns/web")"

echo "--- a deleted owned object is recreated"
kubectl delete service web -n "$ns" --wait=false >/dev/null
start=$(now_us)
deadline=$((SECONDS + bound))
until kubectl get service web -n "$ns" >/dev/null 2>&1; do
  ((SECONDS < deadline)) || fail "the Service was not recreated"$'\n'"$(tail -n 20 "$log")"
  sleep 0.05
done
took=$(seconds_since "$start")
wait_for "$bound" grep -q "app=$app healed object=\"Service $ns/web\" change=deleted" "$log"
echo "MEASURED deleted Service recreated in ${took}s seen from outside; in-process $(heal_latency "Service $ns/web")"

if [[ ${KUBECTL_GITOPS_TRANSPORT:-http} == http ]]; then
  echo "--- the watch's kubectl proxy dies: another starts, the watches resume, and it still heals"
  proxy_child() { pgrep -P "$watch_pid" -f -- "proxy --unix-socket" || true; }
  child=$(proxy_child)
  [[ -n $child ]] || fail "no kubectl proxy among the watch's children"
  kill -9 "$child"
  wait_for "$bound" grep -q "app=$app watch of Deployment resumed from resourceVersion " "$log"
  grep "app=$app watch of Deployment resumed" "$log"
  resumed=$(proxy_child)
  [[ -n $resumed && $resumed != "$child" ]] || fail "no new kubectl proxy after the first was killed"
else
  echo "--- a watch whose kubectl ends resumes from its resourceVersion and still heals"
  watch_child() { # the watch's `kubectl get <resource> --watch` child
    local child
    for child in $(pgrep -P "$watch_pid"); do
      if [[ $(tr '\0' ' ' <"/proc/$child/cmdline" 2>/dev/null) == *" get $1 "*" --watch "* ]]; then
        echo "$child"
      fi
    done
  }
  child=$(watch_child deployments.apps)
  [[ -n $child ]] || fail "no kubectl get deployments.apps --watch among the watch's children"
  kill "$child"
  wait_for "$bound" grep -q "app=$app watch of Deployment resumed from resourceVersion " "$log"
  grep "app=$app watch of Deployment resumed" "$log"
  resumed=$(pgrep -P "$watch_pid" -a | grep -F -- "get --raw /apis/apps/v1/deployments?watch=true" || true)
  [[ -n $resumed ]] || fail "no resumed raw watch of deployments among the watch's children"
fi
echo "resumed child: $resumed"
assert_not_contains "$(cat "$log")" "cannot resume the watch of Deployment" "the log after the resume"
heals=$(healed_count "Deployment.apps $ns/web")
kubectl scale deployment web -n "$ns" --replicas=6 >/dev/null
took=$(wait_replicas 2 "$(now_us)")
wait_for "$bound" healed_beyond "Deployment.apps $ns/web" "$heals"
echo "MEASURED scale drift reverted in ${took}s through the resumed watch; in-process $(heal_latency "Deployment.apps $ns/web")"

echo "--- a pushed commit is applied within one poll interval"
write_web 3
publish "web at 3 replicas"
took=$(wait_replicas 3 "$(now_us)")
echo "MEASURED commit applied by the poll in ${took}s (interval 5s, ±10%)"

echo "--- the git remote goes away: the cluster stays as it was, self-heal goes on"
mv "$remote" "$remote.away"
wait_for "$bound" grep -q "app=$app cannot load the app from git, keeping the last good state" "$log"
grep "app=$app cannot load the app from git" "$log" | head -n 1
failed_before=$(sync_count failed)
wait_for "$bound" syncs_beyond failed "$failed_before"
assert_eq 3 "$(replicas)" "replicas while the remote is away"
kubectl get service web -n "$ns" >/dev/null || fail "the Service was pruned while the remote was away"
kubectl scale deployment web -n "$ns" --replicas=9 >/dev/null
took=$(wait_replicas 3 "$(now_us)")
echo "MEASURED drift healed to the last good commit in ${took}s while the remote is away"

echo "--- the remote returns: the next commit is applied"
mv "$remote.away" "$remote"
write_web 4
publish "web at 4 replicas"
took=$(wait_replicas 4 "$(now_us)")
echo "MEASURED commit applied ${took}s after the remote returned (backoff capped, interval 5s)"

echo "--- SIGTERM: exit 0, no kubectl left behind"
stop_watch

echo "--- a watch of main polling only every 60s, so that only a webhook can sync sooner"
start_watch 60s --revision main

echo "--- forged and missing webhook signatures get 401 and trigger nothing"
write_web 5
publish "web at 5 replicas"
body='{"ref":"refs/heads/main","repository":{"full_name":"example/shop","clone_url":"file://'"$remote"'"}}'
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
assert_eq 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST \
  -H "X-Hub-Signature-256: sha256=$(printf 'not json' | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')" \
  --data-binary 'not json' "http://$address/hooks/github")" "signed body that is not JSON"
# Nothing to wait for when nothing happens: a short pause lets a wrongly
# triggered sync show before the checks.
sleep 2
assert_eq 4 "$(replicas)" "replicas after refused webhooks"
assert_not_contains "$(cat "$log")" "webhook received" "the log after refused webhooks"
assert_eq 1 "$(sync_count succeeded)" "syncs after refused webhooks (the first one only)"

echo "--- signed hooks of another repository, another branch, or a ping trigger nothing"
# Posts `payload` to /hooks/github, signed, as event `event`; prints the status code.
signed_github_hook() {
  local payload=$1 event=$2 sig
  sig=$(printf '%s' "$payload" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')
  curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-GitHub-Event: $event" -H "X-Hub-Signature-256: sha256=$sig" \
    --data-binary "$payload" "http://$address/hooks/github"
}
assert_eq 200 "$(signed_github_hook '{"ref":"refs/heads/main","repository":{"clone_url":"https://github.com/example/other.git"}}' push)" \
  "a push to another repository"
assert_eq 200 "$(signed_github_hook '{"ref":"refs/heads/dev","repository":{"clone_url":"file://'"$remote"'"}}' push)" \
  "a push to another branch"
assert_eq 200 "$(signed_github_hook '{"zen":"Approachable is better than simple.","hook_id":1}' ping)" "a ping"
sleep 2
assert_eq 4 "$(replicas)" "replicas after hooks for nothing watched"
assert_contains "$(cat "$log")" "info webhook for no watched app event=push ref=refs/heads/dev"
assert_eq 1 "$(sync_count succeeded)" "syncs after hooks for nothing watched"

echo "--- a signed webhook makes the commit apply at once, not at the next poll (60s)"
start=$(now_us)
assert_eq 202 "$(post_hook -H "X-Hub-Signature-256: sha256=$signature")" "signed webhook"
took=$(wait_replicas 5 "$start")
echo "MEASURED commit applied ${took}s after the signed webhook"
assert_contains "$(cat "$log")" "webhook received"

echo "--- a suspended app reports drift but does not heal it; resume heals"
out=$(gitops suspend --app "$app")
assert_contains "$out" "app $app suspended"
wait_for "$bound" grep -q "app=$app suspended: self-heal paused" "$log"
kubectl scale deployment web -n "$ns" --replicas=6 >/dev/null
wait_for "$bound" grep -q "app=$app drift detected, not healed: app suspended object=\"Deployment.apps $ns/web\"" "$log"
assert_eq 6 "$(replicas)" "replicas while suspended"
m=$(metrics)
assert_contains "$m" "kubectl_gitops_suspended{app=\"$app\"} 1"
assert_contains "$m" "kubectl_gitops_drift_events_total{app=\"$app\"}"
out=$(gitops resume --app "$app")
assert_contains "$out" "app $app resumed"
took=$(wait_replicas 5 "$(now_us)")
echo "MEASURED healed ${took}s after resume"
wait_for "$bound" metrics_contain "kubectl_gitops_suspended{app=\"$app\"} 0"

echo "--- /metrics has every documented series"
kubectl scale deployment web -n "$ns" --replicas=8 >/dev/null
took=$(wait_replicas 5 "$(now_us)")
wait_for "$bound" grep -q "app=$app healed object=" "$log"
echo "MEASURED scale drift reverted in ${took}s seen from outside; in-process $(heal_latency "Deployment.apps $ns/web")"
m=$(metrics)
for series in \
  "kubectl_gitops_syncs_total{app=\"$app\",result=\"succeeded\"}" \
  "kubectl_gitops_drift_events_total{app=\"$app\"}" \
  "kubectl_gitops_heal_duration_seconds_bucket{app=\"$app\",le=\"0.05\"}" \
  "kubectl_gitops_heal_duration_seconds_bucket{app=\"$app\",le=\"10\"}" \
  "kubectl_gitops_heal_duration_seconds_count{app=\"$app\"}" \
  "kubectl_gitops_heal_duration_seconds_sum{app=\"$app\"}" \
  "kubectl_gitops_last_sync_timestamp_seconds{app=\"$app\"}" \
  "kubectl_gitops_last_synced_commit_info{app=\"$app\",commit=\"$(git -C "$work" rev-parse HEAD)\"} 1" \
  "kubectl_gitops_objects{app=\"$app\",state=\"InSync\"} 2" \
  "kubectl_gitops_app_health{app=\"$app\",health=\"Healthy\"}" \
  "kubectl_gitops_objects_by_health{app=\"$app\",health=" \
  "kubectl_gitops_fights{app=\"$app\"} 0" \
  "kubectl_gitops_suspended{app=\"$app\"} 0"; do
  assert_contains "$m" "$series" "/metrics"
done
grep "kubectl_gitops_heal_duration_seconds_\(sum\|count\)" <<<"$m"
stop_watch

echo "--- fight: another writer keeps scaling back; the watch stops after K heals, the poll too"
start_watch 5s --fight-limit 5
fighter_pid=""
(
  while true; do
    command kubectl --context "$KGITOPS_CONTEXT" scale deployment web -n "$ns" --replicas=7 >/dev/null 2>&1
    sleep 0.2
  done
) &
fighter_pid=$!
on_exit kill_if_running "$fighter_pid"
wait_for "$bound" grep -q "fighting with" "$log"
kill "$fighter_pid"
wait "$fighter_pid" 2>/dev/null || true
grep "fighting with" "$log"
assert_contains "$(grep 'fighting with' "$log")" " error app=$app stopped healing Deployment.apps $ns/web: fighting with kubectl over spec.replicas" "the fight log line"
heals=$(healed_count "Deployment.apps $ns/web")
assert_eq 6 "$heals" "heals before the fight was noticed (K=5, stopped on the 6th)"
assert_contains "$(metrics)" "kubectl_gitops_fights{app=\"$app\"} 1"
# Two more periodic syncs (interval 5s) leave the fought object alone.
synced=$(sync_count succeeded)
wait_for "$bound" syncs_beyond succeeded $((synced + 1))
kubectl scale deployment web -n "$ns" --replicas=7 >/dev/null
synced=$(sync_count succeeded)
wait_for "$bound" syncs_beyond succeeded $((synced + 1))
assert_eq 7 "$(replicas)" "replicas of the fought object after two more syncs"
assert_eq "$heals" "$(healed_count "Deployment.apps $ns/web")" "heals after the fight was noticed"
stop_watch
echo "PASS"
