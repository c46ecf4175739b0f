#!/usr/bin/env bash
# Two agents split one --config with --shard 0/2 and 1/2, and each watches
# only its own apps' objects. On a private control plane that audits reads:
# every watch request the agents make selects `gitops.kubectl.dev/app in
# (...)` with exactly one shard's apps, never every app's objects; each
# agent syncs and heals its own apps alone; an app added to the config on
# SIGHUP reopens its shard's watches with the new name, and is healed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

private="$SCRATCH_DIR/private-env"
KGITOPS_AUDIT_READS=1 start_private_env "$private"
# From here on, kubectl and the plugin talk to the private environment only.
# shellcheck source=/dev/null
source "$private/env"

bound=60
key=gitops.kubectl.dev/app
shard_of() {
  python3 -c 'import hashlib,sys; print(int.from_bytes(hashlib.sha256(sys.argv[1].encode()).digest()[:8], "big") % 2)' "$1"
}
# Two apps of each shard, and one more of shard 0 for the reload.
shard0=()
shard1=()
while (( ${#shard0[@]} < 3 || ${#shard1[@]} < 2 )); do
  name=$(unique_name shard)
  if [[ $(shard_of "$name") == 0 ]]; then
    (( ${#shard0[@]} < 3 )) && shard0+=("$name")
  else
    (( ${#shard1[@]} < 2 )) && shard1+=("$name")
  fi
done
late=${shard0[2]}
declare -A ns
config="$SCRATCH_DIR/apps.yaml"
: >"$config"
entry() {
  printf -- '- {name: %s, repo: "%s", namespace: %s, prune: true, interval: 1h}\n' \
    "$1" "$SCRATCH_DIR/repo-$1" "${ns[$1]}"
}
for app in "${shard0[@]}" "${shard1[@]}"; do
  ns[$app]=$(new_namespace shard)
  make_git_repo "$SCRATCH_DIR/repo-$app"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {owner: "%s"}\n' \
    "$app" >"$SCRATCH_DIR/repo-$app/settings.yaml"
  workshop_service >"$SCRATCH_DIR/repo-$app/service.yaml"
  commit_all "$SCRATCH_DIR/repo-$app" "app $app" >/dev/null
  [[ $app == "$late" ]] || entry "$app" >>"$config"
done

audit_from=$(audit_log_lines)
pids=()
for shard in 0 1; do
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" watch \
    --config "$config" --shard "$shard/2" --listen 127.0.0.1:0 >"$SCRATCH_DIR/shard-$shard.log" 2>&1 &
  pids[shard]=$!
  on_exit kill_if_running -9 "${pids[shard]}"
done
owner() { kubectl get configmap settings -n "${ns[$1]}" -o jsonpath='{.data.owner}' 2>/dev/null; }
owner_is() { [[ $(owner "$1") == "$1" ]]; }
alive() {
  local shard
  for shard in 0 1; do
    kill -0 "${pids[shard]}" 2>/dev/null ||
      fail "agent $shard died:"$'\n'"$(tail -n 30 "$SCRATCH_DIR/shard-$shard.log")"
  done
}
# Each agent's apps are ready once their kinds' watches are.
established() {
  local log=$1 app=$2
  grep -q "app=$app watch of ConfigMap established" "$log" &&
    grep -q "app=$app watch of Service established" "$log"
}

echo "--- each agent syncs its own shard's apps, and only those"
for app in "${shard0[0]}" "${shard0[1]}"; do
  wait_for "$bound" established "$SCRATCH_DIR/shard-0.log" "$app"
  grep -q "app=$app " "$SCRATCH_DIR/shard-1.log" && fail "agent 1 took $app of shard 0"
done
for app in "${shard1[@]}"; do
  wait_for "$bound" established "$SCRATCH_DIR/shard-1.log" "$app"
  grep -q "app=$app " "$SCRATCH_DIR/shard-0.log" && fail "agent 0 took $app of shard 1"
done
alive

echo "--- a drift of each shard is healed by its own agent"
for app in "${shard0[0]}" "${shard1[0]}"; do
  kubectl patch configmap settings -n "${ns[$app]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
done
wait_for "$bound" owner_is "${shard0[0]}"
wait_for "$bound" owner_is "${shard1[0]}"
# The object is back before its heal is logged.
wait_for "$bound" grep -q "app=${shard0[0]} healed" "$SCRATCH_DIR/shard-0.log"
wait_for "$bound" grep -q "app=${shard1[0]} healed" "$SCRATCH_DIR/shard-1.log"

echo "--- SIGHUP on both, with an app of shard 0 added"
entry "$late" >>"$config"
kill -HUP "${pids[0]}" "${pids[1]}"
wait_for "$bound" established "$SCRATCH_DIR/shard-0.log" "$late"
wait_for "$bound" grep -q " reloaded: no app changed" "$SCRATCH_DIR/shard-1.log"
kubectl patch configmap settings -n "${ns[$late]}" --type=merge -p '{"data":{"owner":"someone"}}' >/dev/null
wait_for "$bound" owner_is "$late"
alive

echo "--- every watch the agents made selected one shard's apps by name"
# "<selector>" of every watch request of the test's user, decoded.
watch_selectors() {
  tail -n "+$((audit_from + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys, urllib.parse
user = sys.argv[1]
for text in sys.stdin:
    event = json.loads(text)
    if event.get("user", {}).get("username") != user or event.get("verb") != "watch":
        continue
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(event["requestURI"]).query)
    print(query.get("labelSelector", ["<none>"])[0])
' "$KGITOPS_ADMIN_USER" | sort -u
}
in_set() { local IFS=,; echo "$key in ($*)"; }
sorted() { printf '%s\n' "$@" | sort | paste -sd, -; }
first0=$(in_set "$(sorted "${shard0[0]}" "${shard0[1]}")")
then0=$(in_set "$(sorted "${shard0[@]}")")
only1=$(in_set "$(sorted "${shard1[@]}")")
selectors=$(watch_selectors)
echo "$selectors"
while IFS= read -r selector; do
  case $selector in
    "$first0" | "$then0" | "$only1") ;;
    *) fail "a watch selected more than one shard's apps: '$selector'" ;;
  esac
done <<<"$selectors"
for wanted in "$first0" "$then0" "$only1"; do
  grep -qxF "$wanted" <<<"$selectors" || fail "no watch selected '$wanted'"
done

echo "--- SIGTERM: every child reaped"
stop_watch_reaped "${pids[0]}"
stop_watch_reaped "${pids[1]}"
echo "PASS"
