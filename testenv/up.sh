#!/usr/bin/env bash
# Starts a local Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler; no kubelet, but kwok with two fake
# nodes, so pods are scheduled and become Ready) in <env-dir>, on free
# loopback ports, and returns once it serves requests and the nodes are Ready.
# A pod annotated kwok.x-k8s.io/status=custom is left alone by kwok: tests
# set its status themselves (a pod that never gets ready, or fails). Everything it writes
# stays in <env-dir>; several environments can run side by side. Stop it
# with testenv/down.sh <env-dir>. On any failure it stops what it started.
#
# Needs the binaries of testenv/build.sh (kubectl among them) and openssl.
# KGITOPS_UP_TIMEOUT: seconds to wait for each readiness step (default 120).
# KGITOPS_AUDIT_READS=1: audit reads as well as writes (for benchmarks).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/versions.sh
source "$here/versions.sh"
# shellcheck source=testenv/processes.sh
source "$here/processes.sh"

die() {
  echo "up.sh: error: $*" >&2
  exit 1
}

if (($# != 1)); then
  echo "usage: testenv/up.sh <env-dir>" >&2
  exit 2
fi
bin_dir="$KGITOPS_KUBEBINS_DIR/bin"
for name in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [[ -x $bin_dir/$name ]] || die "$bin_dir/$name is missing; run testenv/build.sh first"
done
# The kubectl of the control plane's release, whatever the machine has.
export PATH="$bin_dir:$PATH"
[[ -x $KGITOPS_KWOK_DIR/bin/kwok && -f $KGITOPS_KWOK_DIR/stages.yaml ]] ||
  die "$KGITOPS_KWOK_DIR/bin/kwok is missing; run testenv/build.sh first"
command -v openssl >/dev/null || die "openssl is required"
timeout=${KGITOPS_UP_TIMEOUT:-120}
context=kgitops-local
admin_user=kgitops-admin

mkdir -p "$(dirname "$1")"
env_dir="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [[ -e $env_dir ]]; then
  [[ -d $env_dir ]] || die "$env_dir exists and is not a folder"
  if [[ -n $(env_live_pids "$env_dir") ]]; then
    die "$env_dir already holds a running environment; stop it with testenv/down.sh $env_dir"
  fi
  if [[ -e $env_dir/$KGITOPS_ENV_MARKER ]]; then
    rm -rf "$env_dir" # left over by an environment that was not stopped cleanly
  elif [[ -n $(ls -A "$env_dir") ]]; then
    die "$env_dir exists and is not an empty folder or a test environment"
  fi
fi
mkdir -p "$env_dir"/{pids,logs,pki}
touch "$env_dir/$KGITOPS_ENV_MARKER"
pki="$env_dir/pki"
logs="$env_dir/logs"

started_at=$(date +%s.%N)
succeeded=false
# The script's stderr, kept on fd 9: a signal may end the script inside a
# command whose output goes to /dev/null, and the report must still show.
exec 9>&2
on_exit() {
  $succeeded && return
  local log
  echo "up.sh: stopping what was started in $env_dir" >&9
  for log in "$logs"/*.log; do
    [[ -f $log ]] || continue
    echo "---- last lines of $(basename "$log")" >&9
    tail -n 20 "$log" >&9
  done
  stop_env_processes "$env_dir" 2>&9 || true
  if [[ -z $(env_live_pids "$env_dir") ]]; then
    rm -rf "$env_dir"
  fi
}
trap on_exit EXIT
trap "exit 130" INT TERM HUP

# --- Certificates -----------------------------------------------------------
# ECDSA P-256 keys: quick to generate, accepted by every component. They are
# written as SEC1 ("EC PRIVATE KEY"): --service-account-key-file reads an EC
# private key only in that form, not as PKCS#8.
cat >"$pki/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:10.0.0.1
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
EOF

new_key() {
  openssl ecparam -name prime256v1 -genkey -noout -out "$pki/$1.key"
}

# Signs a certificate `name` for `subject` with extensions `section`.
new_cert() {
  local name=$1 subject=$2 section=$3
  new_key "$name"
  openssl req -new -key "$pki/$name.key" -subj "$subject" -config "$pki/openssl.cnf" \
    -out "$pki/$name.csr"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 365 \
    -extfile "$pki/openssl.cnf" -extensions "$section" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr"
}

new_key ca
openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=kgitops-local-ca" -days 365 \
  -config "$pki/openssl.cnf" -extensions ca -out "$pki/ca.crt"
new_cert apiserver "/CN=kube-apiserver" server
new_cert admin "/O=system:masters/CN=$admin_user" client
new_cert controller-manager "/O=system:masters/CN=system:kube-controller-manager" client
new_cert scheduler "/O=system:masters/CN=system:kube-scheduler" client
new_cert kwok "/O=system:masters/CN=kwok-controller" client
new_key sa
chmod 600 "$pki"/*.key

# Audit: one Metadata entry per write request, nothing for reads; with
# KGITOPS_AUDIT_READS=1 reads too (benchmarks count every request).
audited_verbs='["create", "update", "patch", "delete", "deletecollection"]'
if [[ ${KGITOPS_AUDIT_READS:-0} == 1 ]]; then
  audited_verbs='["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]'
fi
cat >"$env_dir/audit-policy.yaml" <<POLICY
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    verbs: $audited_verbs
  - level: None
POLICY

# --- Helpers ----------------------------------------------------------------

# Prints `count` distinct loopback ports that are free right now.
pick_ports() {
  local count=$1
  if command -v python3 >/dev/null; then
    python3 - "$count" <<'EOF'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
EOF
    return
  fi
  local -a ports=()
  local port
  while ((${#ports[@]} < count)); do
    port=$((20000 + RANDOM % 12000))
    [[ " ${ports[*]} " == *" $port "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    ports+=("$port")
  done
  echo "${ports[*]}"
}

# Writes a kubeconfig `file` for the client certificate `cert`.
write_kubeconfig() {
  local file=$1 cert=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $context
    cluster:
      server: https://127.0.0.1:$api_port
      certificate-authority: "$pki/ca.crt"
users:
  - name: $context-$cert
    user:
      client-certificate: "$pki/$cert.crt"
      client-key: "$pki/$cert.key"
contexts:
  - name: $context
    context:
      cluster: $context
      user: $context-$cert
current-context: $context
EOF
}

# Starts `name` in the background, logging to logs/<name>.log. Its command
# line is kept in pids/<name>.cmd (NUL-separated), so testenv/restart.sh can
# start it again as it was.
start() {
  local name=$1
  shift
  printf '%s\0' "$@" >"$env_dir/pids/$name.cmd"
  "$@" </dev/null >"$logs/$name.log" 2>&1 9>&- &
  echo $! >"$env_dir/pids/$name.pid"
}

# Succeeds while the process `name` runs.
running() {
  env_pid_alive "$env_dir" "$(cat "$env_dir/pids/$1.pid" 2>/dev/null)"
}

# Polls `command...` until it succeeds; fails after the timeout or as soon as
# one of the processes started so far has died.
await() {
  local what=$1 deadline=$((SECONDS + timeout)) file
  shift
  until "$@" >/dev/null 2>&1; do
    for file in "$env_dir"/pids/*.pid; do
      if ! running "$(basename "$file" .pid)"; then
        echo "up.sh: $(basename "$file" .pid) exited while waiting for $what" >&2
        return 1
      fi
    done
    if ((SECONDS >= deadline)); then
      echo "up.sh: timed out after ${timeout}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

admin_kubectl() {
  kubectl --kubeconfig "$env_dir/kubeconfig" --context "$context" --request-timeout=5s \
    --cache-dir "$env_dir/kube-cache" "$@"
}

# Starts all four processes on fresh ports; fails (with the processes it
# started still to be stopped) when one of the steps does not come up.
start_control_plane() {
  read -r etcd_port etcd_peer_port api_port kcm_port scheduler_port < <(pick_ports 5)
  write_kubeconfig "$env_dir/kubeconfig" admin
  write_kubeconfig "$env_dir/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "$env_dir/scheduler.kubeconfig" scheduler
  write_kubeconfig "$env_dir/kwok.kubeconfig" kwok

  start etcd "$bin_dir/etcd" \
    --name=node0 --data-dir="$env_dir/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" \
    --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster="node0=http://127.0.0.1:$etcd_peer_port" \
    --unsafe-no-fsync
  await "etcd to listen on port $etcd_port" port_open "$etcd_port" || return 1

  start kube-apiserver "$bin_dir/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$api_port" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --cert-dir="$pki" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.key" \
    --service-account-signing-key-file="$pki/sa.key" \
    --authorization-mode=RBAC --service-cluster-ip-range=10.0.0.0/24 \
    --allow-privileged=true \
    --audit-policy-file="$env_dir/audit-policy.yaml" \
    --audit-log-path="$env_dir/audit.log" --audit-log-format=json --audit-log-maxsize=0
  await "kube-apiserver /readyz" admin_kubectl get --raw /readyz || return 1

  # --authentication-skip-lookup: the apiserver has no front-proxy CA for
  # them to look up, which they would otherwise report as an error forever.
  start kube-controller-manager "$bin_dir/kube-controller-manager" \
    --kubeconfig="$env_dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$env_dir/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$env_dir/controller-manager.kubeconfig" \
    --authentication-skip-lookup --client-ca-file="$pki/ca.crt" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --cert-dir="$pki" \
    --leader-elect=false --root-ca-file="$pki/ca.crt" \
    --service-account-private-key-file="$pki/sa.key"
  start kube-scheduler "$bin_dir/kube-scheduler" \
    --kubeconfig="$env_dir/scheduler.kubeconfig" \
    --authentication-kubeconfig="$env_dir/scheduler.kubeconfig" \
    --authorization-kubeconfig="$env_dir/scheduler.kubeconfig" \
    --authentication-skip-lookup --client-ca-file="$pki/ca.crt" \
    --bind-address=127.0.0.1 --secure-port="$scheduler_port" --cert-dir="$pki" \
    --leader-elect=false
  cp "$KGITOPS_KWOK_DIR/stages.yaml" "$env_dir/kwok-stages.yaml"
  start kwok "$KGITOPS_KWOK_DIR/bin/kwok" \
    --kubeconfig="$env_dir/kwok.kubeconfig" --config="$env_dir/kwok-stages.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom \
    --cidr=10.244.0.0/16 --node-ip=10.0.0.2 --node-lease-duration-seconds=40
  # The default ServiceAccount is made by the controller-manager: once it
  # exists, the controllers run.
  await "the default ServiceAccount" \
    admin_kubectl get --raw /api/v1/namespaces/default/serviceaccounts/default || return 1
  add_fake_nodes || return 1
  await "the fake nodes to be Ready" nodes_ready || return 1
}

# Two nodes that kwok keeps alive, without taints, so any pod fits.
add_fake_nodes() {
  local node
  for node in kwok-node-0 kwok-node-1; do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $node
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
EOF
  done | admin_kubectl create -f - >/dev/null
}

nodes_ready() {
  local ready
  ready=$(admin_kubectl get nodes -l type=kwok \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
  [[ $(grep -c '^True$' <<<"$ready") -eq 2 ]]
}

# Ports are free when picked but may be taken before the process binds them
# (another environment starting at the same time): then start over.
attempt=1
until start_control_plane; do
  if ((attempt < 3)) && grep -qs "address already in use" "$logs"/*.log; then
    echo "up.sh: a port was taken meanwhile, retrying with other ports" >&2
    stop_env_processes "$env_dir" || die "could not stop the processes of the failed attempt"
    rm -rf "$env_dir/etcd" "$env_dir/audit.log" "$logs"/*.log "$env_dir"/pids/*.pid "$env_dir"/pids/*.cmd
    attempt=$((attempt + 1))
    continue
  fi
  die "the control plane in $env_dir did not come up"
done

{
  echo "# Sourced by tests and shells: the local control plane in this folder."
  printf 'export KUBECONFIG=%q\n' "$env_dir/kubeconfig"
  printf 'export KGITOPS_CONTEXT=%q\n' "$context"
  printf 'export KGITOPS_ENV_DIR=%q\n' "$env_dir"
  printf 'export KGITOPS_KUBE_VERSION=%q\n' "$KUBE_VERSION"
  printf 'export KGITOPS_APISERVER_URL=%q\n' "https://127.0.0.1:$api_port"
  printf 'export KGITOPS_APISERVER_PORT=%q\n' "$api_port"
  printf 'export KGITOPS_ETCD_PORT=%q\n' "$etcd_port"
  printf 'export KGITOPS_CONTROLLER_MANAGER_PORT=%q\n' "$kcm_port"
  printf 'export KGITOPS_SCHEDULER_PORT=%q\n' "$scheduler_port"
  printf 'export KGITOPS_AUDIT_LOG=%q\n' "$env_dir/audit.log"
  printf 'export KGITOPS_ADMIN_USER=%q\n' "$admin_user"
  # Fake nodes run by kwok: pods get scheduled and become Ready.
  printf 'export KGITOPS_FAKE_NODES=%q\n' "kwok-node-0 kwok-node-1"
  # kubectl's discovery cache, kept inside the environment.
  printf 'export KUBECACHEDIR=%q\n' "$env_dir/kube-cache"
} >"$env_dir/env"

succeeded=true
elapsed=$(awk -v a="$started_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
cat <<EOF
Kubernetes $KUBE_VERSION control plane ready in ${elapsed}s at https://127.0.0.1:$api_port
  source $env_dir/env          # KUBECONFIG, context $context, ports
  kubectl --context $context get namespaces
  testenv/down.sh $env_dir     # stop it and remove the folder
Logs: $logs/  Audit log (writes only): $env_dir/audit.log
EOF
