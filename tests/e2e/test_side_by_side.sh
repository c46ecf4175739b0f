#!/usr/bin/env bash
# A second control plane runs beside the fixture's, on its own ports and
# with its own data, and testenv/down.sh leaves nothing of it behind.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

testenv="$KGITOPS_SOURCE_DIR/testenv"
second="$SCRATCH_DIR/second-env"
start_private_env "$second"

# kubectl on the second environment, from its own env file.
second_kubectl() {
  (
    # shellcheck source=/dev/null
    source "$second/env"
    command kubectl --context "$KGITOPS_CONTEXT" "$@"
  )
}
# shellcheck source=/dev/null
second_port=$(source "$second/env" && echo "$KGITOPS_APISERVER_PORT")

[[ $second_port != "$KGITOPS_APISERVER_PORT" ]] || fail "both environments use port $second_port"
assert_eq ok "$(kubectl get --raw /readyz)" "readyz of the fixture's environment"
assert_eq ok "$(second_kubectl get --raw /readyz)" "readyz of the second environment"

# They are separate clusters: an object made in one is absent from the other.
name=$(unique_name side-by-side)
second_kubectl create configmap "$name" -n default >/dev/null
assert_eq "$name" "$(second_kubectl get configmap "$name" -n default -o jsonpath='{.metadata.name}')"
assert_eq "" "$(kubectl get configmap "$name" -n default --ignore-not-found -o name)" \
  "the second environment's ConfigMap in the fixture's"

mapfile -t pids < <(cat "$second"/pids/*.pid)
assert_eq 5 "${#pids[@]}" "number of PID files (etcd, apiserver, controller-manager, scheduler, kwok)"
"$testenv/down.sh" "$second"
for pid in "${pids[@]}"; do
  # A zombie (exited, not yet reaped) has an empty command line.
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" || true)
  [[ $cmdline != *"$second/"* ]] || fail "process $pid of the second environment is still running: $cmdline"
done
[[ ! -e $second ]] || fail "down.sh left $second behind"
"$testenv/down.sh" "$second" || fail "a second down.sh on the same folder failed"

# The fixture's environment is unharmed.
assert_eq ok "$(kubectl get --raw /readyz)" "readyz of the fixture's environment after down.sh"

echo "PASS: side by side"
