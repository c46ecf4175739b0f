#pragma once

#include "health/health.hpp"

// The rule of each kind, one file each (health_<kind>.cpp). `assess_health`
// picks one by group and kind after the checks every object shares (deletion);
// a rule only reads the `live` object it is given.
namespace kgitops::health {

// apps/Deployment: kubectl rollout status, plus paused and the progress deadline.
Health deployment_health(const Json& live);
// apps/StatefulSet: ready pods, then the partition or revision of the rollout.
Health statefulset_health(const Json& live);
// apps/DaemonSet: updated and available pods on every node that should run one.
Health daemonset_health(const Json& live);
// apps/ReplicaSet: available replicas; a ReplicaFailure condition is a failure.
Health replicaset_health(const Json& live);
// v1/Pod: phase, readiness and containers stuck waiting on an error.
Health pod_health(const Json& live);
// batch/Job: its Failed and Complete conditions, or suspended.
Health job_health(const Json& live);
// v1/PersistentVolumeClaim: its phase.
Health pvc_health(const Json& live);
// v1/Service: a LoadBalancer needs an ingress address.
Health service_health(const Json& live);
// networking.k8s.io/Ingress: needs an address from the ingress controller.
Health ingress_health(const Json& live);
// apiextensions.k8s.io/CustomResourceDefinition: Established, NamesAccepted, Terminating.
Health crd_health(const Json& live);
// apiregistration.k8s.io/APIService: its Available condition.
Health apiservice_health(const Json& live);
// Any other kind: observedGeneration and the Stalled, Reconciling and Ready
// conditions (kstatus); healthy when the object reports none of them.
Health conditions_health(const Json& live);

}  // namespace kgitops::health
