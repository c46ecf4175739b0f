#!/usr/bin/env bash
# Benchmark of one `kubectl gitops watch --config` process that keeps a fleet
# of A apps of O objects each (default 200 x 20) in sync, on a local control
# plane of its own. Each app has its own repository and namespace and two
# kinds (O-1 ConfigMaps and a ServiceAccount); the agent watches each kind
# once for all its apps. KGITOPS_BENCH_TRANSPORT (default http) picks the
# agent's transport. It reports, once every app is synced and watched:
# - resident memory of the agent, and of its kubectl children (summed), and
#   how many children it has;
# - API requests per idle minute, every request the agent's kubectls make
#   (reads included), from the apiserver's audit log, over
#   KGITOPS_BENCH_IDLE seconds (default 120) with nothing drifting;
# - drift-heal latency from outside under that load, p50 and p99 over
#   KGITOPS_BENCH_HEALS heals (default 40) of ConfigMaps of apps spread over
#   the fleet: `kubectl patch` started to the agent logging the heal (or the
#   app's periodic sync applying it, when that ran just then); each
#   heal is then checked to have put git's value back, and a heal that did
#   not fails the benchmark.
# Every app syncs every KGITOPS_BENCH_INTERVAL (default 15s, the watch's own
# default).
#
# Memory: over the kubectl transport every app's sync runs kubectls of its
# own (at the start, every app's first sync at once), each holding tens of
# MiB (KGITOPS_BENCH_KUBECTL_MIB, default 48), and the agent one kubectl per
# watched kind; over HTTP there is one kubectl, the proxy. The benchmark
# refuses to start when its estimate exceeds the memory the machine has.
#
# Usage: scripts/bench_fleet.sh [APPS [OBJECTS]]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}
apps=${1:-200}
objects=${2:-20}
heals=${KGITOPS_BENCH_HEALS:-40}
interval=${KGITOPS_BENCH_INTERVAL:-15s}
idle=${KGITOPS_BENCH_IDLE:-120}
kubectl_mib=${KGITOPS_BENCH_KUBECTL_MIB:-48}
transport=${KGITOPS_BENCH_TRANSPORT:-http}
kinds=2 # ConfigMap and ServiceAccount: one watch each for the whole agent
if [[ $transport == http ]]; then
  kubectls=1 # the proxy
else
  kubectls=$((apps + kinds)) # every app's sync in flight, and the kind watches
fi
control_plane_mib=1536 # etcd, kube-apiserver, controller-manager, scheduler, kwok
agent_mib=$((64 + apps)) # the agent itself, with each app's rendered objects

die() {
  echo "bench_fleet.sh: $*" >&2
  exit 1
}
[[ $transport == http || $transport == kubectl ]] || die "KGITOPS_BENCH_TRANSPORT is http or kubectl"
[[ $apps =~ ^[1-9][0-9]*$ && $objects =~ ^[1-9][0-9]*$ ]] ||
  die "usage: scripts/bench_fleet.sh [APPS [OBJECTS]] (positive numbers)"
((objects >= 2)) || die "OBJECTS must be at least 2 (one ServiceAccount, the rest ConfigMaps)"

needed_mib=$((kubectls * kubectl_mib + agent_mib + control_plane_mib))
available_mib=$(($(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo) / 1024))
if ((needed_mib > available_mib)); then
  die "$apps apps need an estimated $needed_mib MiB ($kubectls kubectls x ${kubectl_mib} MiB, the agent and the control plane), but only $available_mib MiB are available; run fewer apps"
fi
echo "fleet of $apps apps x $objects objects over the $transport transport; estimated memory $needed_mib MiB of $available_mib MiB available"

# shellcheck source=scripts/bench_lib.sh
source "$root/scripts/bench_lib.sh"
bench_start_cluster bench-fleet
app_name() { printf 'fleet-%04d' "$1"; }

echo "writing $apps repositories"
config="$work/apps.yaml"
: >"$config"
for a in $(seq 1 "$apps"); do
  app=$(app_name "$a")
  repo="$work/repos/$app"
  mkdir -p "$repo"
  git -C "$repo" init -q -b main
  for i in $(seq 1 $((objects - 1))); do
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%03d\ndata:\n  index: "%d"\n' \
      "$i" "$i" >"$repo/cm-$i.yaml"
  done
  printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: bench\n' >"$repo/sa.yaml"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@bench.invalid commit -q -m bench
  echo "- {name: $app, repo: \"$repo\", namespace: $app, interval: $interval}" >>"$config"
  echo "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$app\"}}"
done | kubectl apply -f - >/dev/null

log="$work/watch.log"
start=$(now_us)
"$gitops" --context "$KGITOPS_CONTEXT" --transport "$transport" watch --config "$config" --listen 127.0.0.1:0 \
  >"$log" 2>&1 &
watch_pid=$!
established() { grep -c "watch of $1 established" "$log" || true; }
until (($(established ConfigMap) >= apps && $(established ServiceAccount) >= apps)); do
  kill -0 "$watch_pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "the watch exited"; }
  sleep 1
done
address=$(sed -n 's/.* listening address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
until curl -sf "http://$address/readyz" >/dev/null; do sleep 1; done
echo "first sync of $apps x $objects objects and every watch established: $((($(now_us) - start) / 1000)) ms"
sleep 20 # the first syncs' kubectls have ended

own=$(rss_kib "$watch_pid")
children=0
children_kib=0
for child in $(pgrep -P "$watch_pid" || true); do
  children=$((children + 1))
  children_kib=$((children_kib + $(rss_kib "$child")))
done
echo "resident memory: agent $((own / 1024)) MiB; its $children kubectl children $((children_kib / 1024)) MiB together; in all $(((own + children_kib) / 1024)) MiB"
echo "threads of the agent: $(awk '/^Threads:/ { print $2 }' "/proc/$watch_pid/status")"

line=$(wc -l <"$KGITOPS_AUDIT_LOG")
sleep "$idle"
requests=$(tail -n "+$((line + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys
ids = set()
for text in sys.stdin:
    event = json.loads(text)
    if event.get("user", {}).get("username") == sys.argv[1]:
        ids.add(event["auditID"])
print(len(ids))' "$KGITOPS_ADMIN_USER")
echo "API requests per idle minute (interval $interval, over ${idle}s): $((requests * 60 / idle)); per app and second: $(awk -v r="$requests" -v i="$idle" -v a="$apps" 'BEGIN { printf "%.3f", r / i / a }')"

outside="$work/outside"
: >"$outside"
failed=0
for h in $(seq 1 "$heals"); do
  app=$(app_name $(((h * 37) % apps + 1)))
  i=$(((h * 7) % (objects - 1) + 1))
  name=$(printf 'cm-%03d' "$i")
  # Put back by a heal, or by the app's periodic sync when it ran
  # just then (with hundreds of apps, some app is always syncing).
  pattern="app=$app (healed object=\"ConfigMap $app/$name\"|synced .*applied=[1-9])"
  before=$(grep -cE "$pattern" "$log" || true)
  start=$(now_us)
  kubectl patch configmap "$name" -n "$app" --type merge -p "{\"data\":{\"index\":\"drift-$h\"}}" >/dev/null
  deadline=$((SECONDS + 60))
  until (($(grep -cE "$pattern" "$log" || true) > before)); do
    if ((SECONDS >= deadline)); then
      grep -e "app=$app " -e " error " "$log" | tail -n 20 >&2
      die "heal $h of $app/$name was not logged within 60s (its app's last log lines above)"
    fi
    sleep 0.01
  done
  end=$(now_us)
  value=$(kubectl get configmap "$name" -n "$app" -o jsonpath='{.data.index}')
  if [[ $value != "$i" ]]; then
    echo "heal $h of $app/$name left index=$value, git says $i" >&2
    failed=$((failed + 1))
    continue
  fi
  awk -v us=$((end - start)) 'BEGIN { printf "%.3f\n", us / 1e6 }' >>"$outside"
done
((failed == 0)) || die "$failed of $heals heals did not restore git's value"
echo "drift-heal latency from outside, under load: $(percentiles <"$outside"), every heal verified"
echo "kubectl $(kubectl version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])'), $(nproc) CPUs"
