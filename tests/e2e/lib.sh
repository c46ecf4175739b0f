# Shared library of the end-to-end tests; every tests/e2e/test_*.sh sources
# it first. It loads the cluster of the CTest fixture (exit 125 = skipped
# when there is none), gives each test a scratch folder and cleans up on
# exit. Register extra cleanup with `on_exit <command...>`; do not set your
# own EXIT trap.
# shellcheck shell=bash
set -euo pipefail

e2e_env_file="${KGITOPS_E2E_ENV_DIR:-}/env"
if [[ -z ${KGITOPS_E2E_ENV_DIR:-} || ! -f $e2e_env_file ]]; then
  echo "SKIP: no test cluster (${e2e_env_file} is absent; run through ctest, which starts the control-plane fixture)" >&2
  exit 125
fi
# shellcheck source=/dev/null
source "$e2e_env_file"
export KUBECONFIG KGITOPS_CONTEXT
KGITOPS_SOURCE_DIR=${KGITOPS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

SCRATCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-e2e.XXXXXX")
e2e_cleanup_file="$SCRATCH_DIR/.cleanup"
: >"$e2e_cleanup_file"

# Runs `command...` when the test exits, last registered first. Works from
# command substitutions too: the list lives in a file.
on_exit() {
  printf '%q ' "$@" >>"$e2e_cleanup_file"
  echo >>"$e2e_cleanup_file"
}

e2e_cleanup() {
  local status=$? line
  if [[ -f $e2e_cleanup_file ]]; then
    while IFS= read -r line; do
      [[ -n $line ]] || continue
      eval "$line" >/dev/null 2>&1 || echo "cleanup failed: $line" >&2
    done < <(tac "$e2e_cleanup_file")
  fi
  # A child that was just killed may still be closing files in it: one more try.
  rm -rf "$SCRATCH_DIR" 2>/dev/null || { sleep 1 && rm -rf "$SCRATCH_DIR"; } || true
  exit "$status"
}
trap e2e_cleanup EXIT

# kubectl, always on the fixture's cluster and context.
kubectl() {
  command kubectl --context "$KGITOPS_CONTEXT" "$@"
}

# The plugin under test, on the fixture's cluster and context.
gitops() {
  "$KGITOPS_BIN" --kubeconfig "$KUBECONFIG" --context "$KGITOPS_CONTEXT" "$@"
}

# Runs `command...`, expecting exit status `expected`; prints its output.
expect_status() {
  local expected=$1 status=0 out
  shift
  out=$("$@" 2>&1) || status=$?
  [[ $status == "$expected" ]] || fail "'$*' exited $status, not $expected:"$'\n'"$out"
  printf '%s' "$out"
}

# Signals processes that may already be gone (for on_exit); never fails.
kill_if_running() {
  kill "$@" 2>/dev/null || true
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Exits 125 (skipped) unless the fixture runs a local control plane (needed
# for the audit log and for starting more environments).
require_local_env() {
  if [[ -n ${KGITOPS_E2E_EXTERNAL:-} ]]; then
    echo "SKIP: needs the local control plane, the fixture uses an external cluster" >&2
    exit 125
  fi
}

# start_private_env <env-dir>: starts a control plane of the test's own
# beside the fixture's (testenv/up.sh), stopped by PID when the test exits,
# for tests that stop, freeze or restart parts of it.
start_private_env() {
  local env_dir=$1
  on_exit "$KGITOPS_SOURCE_DIR/testenv/down.sh" "$env_dir"
  "$KGITOPS_SOURCE_DIR/testenv/up.sh" "$env_dir" >"$SCRATCH_DIR/up.log" 2>&1 ||
    fail "testenv/up.sh failed:"$'\n'"$(cat "$SCRATCH_DIR/up.log")"
}

# stop_watch_reaped <pid>: SIGTERM to a watch this shell started in the
# background. It must exit 0, and every child it had must be gone with it:
# they are asked for by PID before the signal, since a child left running
# would no longer be the watch's child after it exits.
stop_watch_reaped() {
  local pid=$1 status=0 children child
  children=$(pgrep -P "$pid" || true)
  kill -TERM "$pid"
  wait "$pid" || status=$?
  assert_eq 0 "$status" "exit status after SIGTERM"
  for child in $children; do
    if kill -0 "$child" 2>/dev/null; then
      fail "child $child ($(ps -o args= -p "$child")) outlived the watch"
    fi
  done
}

assert_eq() {
  local expected=$1 actual=$2 what=${3:-value}
  [[ $actual == "$expected" ]] || fail "$what: expected '$expected', got '$actual'"
}

assert_contains() {
  local haystack=$1 needle=$2 what=${3:-output}
  [[ $haystack == *"$needle"* ]] || fail "$what does not contain '$needle':"$'\n'"$haystack"
}

assert_not_contains() {
  local haystack=$1 needle=$2 what=${3:-output}
  [[ $haystack != *"$needle"* ]] || fail "$what contains '$needle':"$'\n'"$haystack"
}

# Polls `command...` every half second until it succeeds; fails the test
# after `timeout` seconds.
wait_for() {
  local timeout=$1 deadline
  shift
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      "$@" >&2 || true
      fail "timed out after ${timeout}s waiting for: $*"
    fi
    sleep 0.5
  done
}

# Prints `prefix` plus a short random suffix: a valid DNS label, unique
# enough to keep tests that share a cluster apart.
unique_name() {
  local prefix=$1
  [[ $prefix =~ ^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$ ]] || fail "unique_name: '$prefix' is not a DNS label prefix"
  printf '%s-%04x%04x\n' "$prefix" "$RANDOM" "$RANDOM"
}

# Creates a fresh namespace, deleted (without waiting) on exit; prints its name.
new_namespace() {
  local name
  name=$(unique_name "$1")
  kubectl create namespace "$name" >/dev/null
  on_exit kubectl delete namespace "$name" --wait=false --ignore-not-found
  echo "$name"
}

# Makes `dir` a git repository on branch main with a local identity.
make_git_repo() {
  local dir=$1
  mkdir -p "$dir"
  git -C "$dir" init -q -b main
  git -C "$dir" config user.name "kubectl-gitops e2e"
  git -C "$dir" config user.email "e2e@kubectl-gitops.invalid"
  git -C "$dir" config commit.gpgsign false
}

# Prints the workshop's Deployment `web` (nginx) at `replicas` replicas.
workshop_deployment() {
  cat <<YAML
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
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 0.1, memory: 64Mi}
YAML
}

# Prints the workshop's Service `web` in front of the Deployment's pods.
workshop_service() {
  cat <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
YAML
}

# Commits everything in `dir` with `message`; prints the new commit id.
# widget_crd <group>: a namespaced CustomResourceDefinition of kind Widget
# in <group>, whose objects may hold anything.
widget_crd() {
  cat <<YAML
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.$1
spec:
  group: $1
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
YAML
}

commit_all() {
  local dir=$1 message=$2
  git -C "$dir" add -A
  git -C "$dir" commit -q -m "$message"
  git -C "$dir" rev-parse HEAD
}

# Number of lines in the audit log so far; pass it to audit_writes_since.
audit_log_lines() {
  [[ -n ${KGITOPS_AUDIT_LOG:-} ]] || fail "no audit log: call require_local_env first"
  wc -l <"$KGITOPS_AUDIT_LOG"
}

# Prints the write requests made as the test user (so by kubectl and the
# plugin, not by the controllers) after audit log line `line`, optionally in
# `namespace` only, one a line: "<verb> <group/resource> <namespace>/<name>
# <status code>". Server-side dry runs are left out: they change nothing.
audit_write_entries_since() {
  local line=$1 namespace=${2:-}
  [[ -n ${KGITOPS_AUDIT_LOG:-} ]] || fail "no audit log: call require_local_env first"
  tail -n "+$((line + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys
user, namespace = sys.argv[1], sys.argv[2]
writes = {"create", "update", "patch", "delete", "deletecollection"}
for text in sys.stdin:
    event = json.loads(text)
    ref = event.get("objectRef", {})
    if event.get("user", {}).get("username") != user or event.get("verb") not in writes:
        continue
    if "dryRun=" in event.get("requestURI", ""):
        continue
    if namespace and ref.get("namespace") != namespace:
        continue
    resource = ref.get("resource", "") + ("/" + ref["subresource"] if ref.get("subresource") else "")
    group = ref.get("apiGroup") or "core"
    code = event.get("responseStatus", {}).get("code", "")
    print(event["verb"], group + "/" + resource, ref.get("namespace", "") + "/" + ref.get("name", ""), code)
' "$KGITOPS_ADMIN_USER" "$namespace"
}

# Counts the write requests of audit_write_entries_since.
audit_writes_since() {
  local entries
  entries=$(audit_write_entries_since "$@")
  if [[ -z $entries ]]; then
    echo 0
  else
    wc -l <<<"$entries"
  fi
}
