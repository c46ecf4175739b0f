#!/usr/bin/env bash
# Benchmark of `kubectl gitops watch` with N owned objects (default 1000) on a
# local control plane of its own:
# - drift-heal latency, p50 and p99 over KGITOPS_BENCH_HEALS heals (default
#   40) of one ConfigMap at a time: in-process (watch event received to
#   apply returned, from the watch's log) and from outside (`kubectl patch`
#   started to the watch logging the heal, which includes kubectl patch
#   itself); each heal is then checked to have put git's value back, and a
#   heal that did not (or was not logged within 60 s) fails the benchmark;
# - API requests per idle minute, every request of the watch's kubectls
#   (reads included) counted in the apiserver's audit log over one minute
#   with nothing drifting (interval KGITOPS_BENCH_INTERVAL, default 15s);
# - resident memory of the watch process, and of it with its kubectl children.
# KGITOPS_BENCH_TRANSPORT (default http) picks the watch's transport.
# Usage: scripts/bench_watch.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}
n=${1:-1000}
heals=${KGITOPS_BENCH_HEALS:-40}
interval=${KGITOPS_BENCH_INTERVAL:-15s}
transport=${KGITOPS_BENCH_TRANSPORT:-http}

# shellcheck source=scripts/bench_lib.sh
source "$root/scripts/bench_lib.sh"
bench_start_cluster bench-watch

repo="$work/repo"
mkdir -p "$repo"
git -C "$repo" init -q -b main
for i in $(seq 1 "$n"); do
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%05d\ndata:\n  index: "%d"\n' \
    "$i" "$i" >"$repo/cm-$i.yaml"
done
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@bench.invalid commit -q -m bench
ns=bench-watch
kubectl create namespace "$ns" >/dev/null

log="$work/watch.log"
: >"$log"
start=$(now_us)
"$gitops" --context "$KGITOPS_CONTEXT" --transport "$transport" watch --repo "$repo" --app bench -n "$ns" \
  --interval "$interval" --listen 127.0.0.1:0 >"$log" 2>&1 &
watch_pid=$!
until grep -q "watch of ConfigMap established" "$log"; do
  kill -0 "$watch_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
echo "over the $transport transport, kubectl $(kubectl version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')"
echo "first sync of $n objects and watch established: $((($(now_us) - start) / 1000)) ms"

inside="$work/inside" outside="$work/outside"
: >"$inside"
: >"$outside"
for i in $(seq 1 "$heals"); do
  name=$(printf 'cm-%05d' $((i * 7 % n + 1)))
  # Put back by the heal thread, or by the periodic sync when it ran just then.
  pattern=" (healed object=\"ConfigMap $ns/$name\"|synced .*applied=[1-9])"
  before=$(grep -cE "$pattern" "$log" || true)
  start=$(now_us)
  kubectl patch configmap "$name" -n "$ns" --type merge -p "{\"data\":{\"index\":\"drift-$i\"}}" >/dev/null
  deadline=$((SECONDS + 60))
  until (($(grep -cE "$pattern" "$log" || true) > before)); do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$log" >&2
      echo "bench_watch.sh: heal $i of $name was not logged within 60s" >&2
      exit 1
    fi
    sleep 0.01
  done
  end=$(now_us)
  value=$(kubectl get configmap "$name" -n "$ns" -o jsonpath='{.data.index}')
  if [[ $value != "$((i * 7 % n + 1))" ]]; then
    echo "bench_watch.sh: heal $i of $name left index=$value, git says $((i * 7 % n + 1))" >&2
    exit 1
  fi
  awk -v us=$((end - start)) 'BEGIN { printf "%.3f\n", us / 1e6 }' >>"$outside"
  grep -E "$pattern" "$log" | tail -n 1 | sed -n 's/.* healed .* latency=\([0-9.]*\)s.*/\1/p' >>"$inside"
done
echo "drift-heal latency in-process:  $(percentiles <"$inside")"
echo "drift-heal latency from outside: $(percentiles <"$outside")"

sleep 5 # let the last heal's events settle
line=$(wc -l <"$KGITOPS_AUDIT_LOG")
sleep 60
requests=$(tail -n "+$((line + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys
ids = set()
for text in sys.stdin:
    event = json.loads(text)
    if event.get("user", {}).get("username") == sys.argv[1]:
        ids.add(event["auditID"])
print(len(ids))' "$KGITOPS_ADMIN_USER")
echo "API requests in one idle minute (interval $interval): $requests"

own=$(rss_kib "$watch_pid")
total=$own
for child in $(pgrep -P "$watch_pid" || true); do
  total=$((total + $(rss_kib "$child" || echo 0)))
done
echo "resident memory: watch $((own / 1024)) MiB; with its kubectl children $((total / 1024)) MiB"
