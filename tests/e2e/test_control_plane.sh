#!/usr/bin/env bash
# The test cluster is a real one: the pinned apiserver answers, the
# controller-manager turns a Deployment into a ReplicaSet and garbage-collects
# it, the scheduler binds pods, and the audit log records the test's writes.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -z ${KGITOPS_E2E_EXTERNAL:-} ]]; then
  server_version=$(kubectl version -o json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')
  # shellcheck source=testenv/versions.sh
  source "$KGITOPS_SOURCE_DIR/testenv/versions.sh"
  assert_eq "$KUBE_VERSION" "$server_version" "server gitVersion"
fi

ns=$(new_namespace control-plane)
if [[ -z ${KGITOPS_E2E_EXTERNAL:-} ]]; then
  audit_start=$(audit_log_lines)
fi

kubectl apply -n "$ns" -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.k8s.io/pause:3.10
EOF

# The deployment controller creates a ReplicaSet owned by the Deployment.
replica_set_exists() {
  [[ -n $(kubectl get replicasets -n "$ns" -l app=web -o name) ]]
}
wait_for 60 replica_set_exists
owner=$(kubectl get replicasets -n "$ns" -l app=web \
  -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}')
assert_eq "Deployment/web" "$owner" "owner of the ReplicaSet"

# Deleting the Deployment lets the garbage collector delete the ReplicaSet.
kubectl delete deployment web -n "$ns" >/dev/null
replica_set_gone() {
  [[ -z $(kubectl get replicasets -n "$ns" -l app=web -o name) ]]
}
wait_for 60 replica_set_gone

if [[ -z ${KGITOPS_E2E_EXTERNAL:-} ]]; then
  # Only the test's own two writes count: the controllers' ReplicaSet
  # create, status updates and garbage collection are made as other users.
  entries=$(audit_write_entries_since "$audit_start" "$ns")
  assert_contains "$entries" "create apps/deployments $ns/web 201" "audit log"
  assert_contains "$entries" "delete apps/deployments $ns/web 200" "audit log"
  assert_eq 2 "$(audit_writes_since "$audit_start" "$ns")" "writes by the test user"
fi

# The scheduler binds a pod to a node. There is no kubelet, so the node is a
# bare Node object, tainted so that no other test's pod lands on it.
node=$(unique_name e2e-node)
on_exit kubectl delete node "$node" --ignore-not-found --wait=false
kubectl create -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  labels: {kubernetes.io/hostname: $node}
spec:
  taints:
    - {key: kubectl-gitops.e2e/fake-node, value: "true", effect: NoSchedule}
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
EOF
# A bound pod waits for its kubelet to confirm deletion: force it.
on_exit kubectl delete pod pinned -n "$ns" --grace-period=0 --force --ignore-not-found
kubectl apply -n "$ns" -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: pinned
spec:
  nodeSelector: {kubernetes.io/hostname: $node}
  tolerations:
    - operator: Exists
  containers:
    - name: pause
      image: registry.k8s.io/pause:3.10
EOF
pod_bound() {
  [[ $(kubectl get pod pinned -n "$ns" -o jsonpath='{.spec.nodeName}') == "$node" ]]
}
wait_for 60 pod_bound

echo "PASS: control plane"
