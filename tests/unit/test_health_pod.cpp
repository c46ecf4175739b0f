#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::pod_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get pod web-5d8f7c6b9d-7xk2p -o json` (spec trimmed to what matters).
const Json k_running_ready = recorded(R"json({
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "creationTimestamp": "2024-05-02T09:18:02Z",
    "generateName": "web-5d8f7c6b9d-",
    "labels": {"app": "web", "pod-template-hash": "5d8f7c6b9d"},
    "name": "web-5d8f7c6b9d-7xk2p",
    "namespace": "shop",
    "resourceVersion": "48199",
    "uid": "c1d2e3f4-a5b6-4789-8abc-def012345678"
  },
  "spec": {
    "containers": [{"image": "nginx:1.25", "imagePullPolicy": "IfNotPresent", "name": "nginx",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
    "dnsPolicy": "ClusterFirst",
    "enableServiceLinks": true,
    "nodeName": "worker-1",
    "preemptionPolicy": "PreemptLowerPriority",
    "priority": 0,
    "restartPolicy": "Always",
    "schedulerName": "default-scheduler",
    "serviceAccountName": "default",
    "terminationGracePeriodSeconds": 30
  },
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T09:18:04Z", "status": "True", "type": "PodReadyToStartContainers"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T09:18:02Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T09:18:05Z", "status": "True", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T09:18:05Z", "status": "True", "type": "ContainersReady"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T09:18:02Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "containerID": "containerd://4b1c0f6e2d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
      "image": "docker.io/library/nginx:1.25",
      "imageID": "docker.io/library/nginx@sha256:a484819eb60211f5299034ac80f6a681b06f89e65866ce91f356ed7c72af059c",
      "lastState": {},
      "name": "nginx",
      "ready": true,
      "restartCount": 0,
      "started": true,
      "state": {"running": {"startedAt": "2024-05-02T09:18:04Z"}}
    }],
    "hostIP": "172.18.0.3",
    "phase": "Running",
    "podIP": "10.244.1.17",
    "podIPs": [{"ip": "10.244.1.17"}],
    "qosClass": "BestEffort",
    "startTime": "2024-05-02T09:18:02Z"
  }
})json");

// A container that exits 1 at once (the shape of Argo CD's health fixture).
const Json k_crash_loop = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"creationTimestamp": "2018-12-02T09:19:36Z", "name": "my-pod", "namespace": "argocd",
               "resourceVersion": "151454", "uid": "63674389-f613-11e8-a057-fe5f49266390"},
  "spec": {"containers": [{"command": ["sh", "-c", "exit 1"], "image": "alpine:latest", "name": "main"}],
           "nodeName": "minikube", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2018-12-02T09:19:36Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2018-12-02T09:19:36Z",
       "message": "containers with unready status: [main]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2018-12-02T09:19:36Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "containerID": "docker://c3aa0064b95a26045999b99c268e715a1c64201e816f1279ac06638778547bb8",
      "image": "alpine:latest",
      "imageID": "docker-pullable://alpine@sha256:621c2f39f8133acb8e64023a94dbdf0d5ca81896102b9e57c0dc184cadaf5528",
      "lastState": {"terminated": {"containerID": "docker://c3aa0064b95a26045999b99c268e715a1c64201e816f1279ac06638778547bb8",
                                   "exitCode": 1, "finishedAt": "2018-12-02T09:20:25Z", "reason": "Error",
                                   "startedAt": "2018-12-02T09:20:25Z"}},
      "name": "main",
      "ready": false,
      "restartCount": 3,
      "state": {"waiting": {"message": "back-off 40s restarting failed container=main pod=my-pod_argocd(63674389-f613-11e8-a057-fe5f49266390)",
                            "reason": "CrashLoopBackOff"}}
    }],
    "hostIP": "192.168.64.41", "phase": "Running", "podIP": "172.17.0.9", "qosClass": "BestEffort",
    "startTime": "2018-12-02T09:19:36Z"
  }
})json");

// An image tag that does not exist: the Pod stays Pending (the shape of Argo CD's health fixture).
const Json k_image_pull_backoff = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"creationTimestamp": "2019-04-04T16:06:55Z", "name": "guestbook-ui-errimagepullbackoff-66cfffb669-45w2j",
               "namespace": "default", "resourceVersion": "339374", "uid": "ab1a9982-56f3-11e9-8721-025000000001"},
  "spec": {"containers": [{"image": "gcr.io/heptio-images/ks-guestbook-demo:0.3", "name": "errimagepullbackoff"}],
           "nodeName": "docker-for-desktop", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2019-04-04T16:06:56Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2019-04-04T16:06:56Z",
       "message": "containers with unready status: [errimagepullbackoff]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2019-04-04T16:06:55Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "image": "gcr.io/heptio-images/ks-guestbook-demo:0.3", "imageID": "", "lastState": {},
      "name": "errimagepullbackoff", "ready": false, "restartCount": 0,
      "state": {"waiting": {"message": "Back-off pulling image \"gcr.io/heptio-images/ks-guestbook-demo:0.3\"",
                            "reason": "ImagePullBackOff"}}
    }],
    "hostIP": "192.168.65.3", "phase": "Pending", "podIP": "10.1.0.136", "qosClass": "BestEffort",
    "startTime": "2019-04-04T16:06:56Z"
  }
})json");

// The first pull attempt, before the kubelet backs off.
const Json k_err_image_pull = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-6c9d4f8b7f-q8w2e", "namespace": "shop", "resourceVersion": "50107"},
  "spec": {"containers": [{"image": "nginx:1.99", "name": "nginx"}], "nodeName": "worker-2", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z",
       "message": "containers with unready status: [nginx]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "image": "nginx:1.99", "imageID": "", "lastState": {}, "name": "nginx", "ready": false,
      "restartCount": 0, "started": false,
      "state": {"waiting": {"message": "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.99\": failed to resolve reference \"docker.io/library/nginx:1.99\": docker.io/library/nginx:1.99: not found",
                            "reason": "ErrImagePull"}}
    }],
    "hostIP": "172.18.0.4", "phase": "Pending", "podIP": "10.244.2.9", "qosClass": "BestEffort",
    "startTime": "2024-05-02T11:00:03Z"
  }
})json");

// envFrom a Secret that was never created; the sidecar waits normally.
const Json k_config_error = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "api-7b6d9f5c4d-k9m3n", "namespace": "shop", "resourceVersion": "51244"},
  "spec": {"containers": [{"envFrom": [{"secretRef": {"name": "db-credentials"}}],
                           "image": "ghcr.io/example/api:2.1.0", "name": "api"},
                          {"image": "envoyproxy/envoy:v1.30.1", "name": "proxy"}],
           "nodeName": "worker-1", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:01:05Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:01:05Z",
       "message": "containers with unready status: [api proxy]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:01:05Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [
      {"image": "ghcr.io/example/api:2.1.0", "imageID": "", "lastState": {}, "name": "api", "ready": false,
       "restartCount": 0, "started": false,
       "state": {"waiting": {"message": "secret \"db-credentials\" not found", "reason": "CreateContainerConfigError"}}},
      {"image": "envoyproxy/envoy:v1.30.1", "imageID": "", "lastState": {}, "name": "proxy", "ready": false,
       "restartCount": 0, "started": false, "state": {"waiting": {"reason": "ContainerCreating"}}}
    ],
    "hostIP": "172.18.0.3", "phase": "Pending", "qosClass": "BestEffort", "startTime": "2024-05-02T12:01:05Z"
  }
})json");

// A typo in the image reference, caught by an init container.
const Json k_invalid_image = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "migrate-db", "namespace": "shop", "resourceVersion": "51500"},
  "spec": {"initContainers": [{"image": "flyway/flyway:10:latest", "name": "migrate"}],
           "containers": [{"image": "ghcr.io/example/api:2.1.0", "name": "api"}],
           "nodeName": "worker-1", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:20:00Z",
       "message": "containers with incomplete status: [migrate]", "reason": "ContainersNotInitialized",
       "status": "False", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:20:00Z",
       "message": "containers with unready status: [api]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:20:00Z", "status": "True", "type": "PodScheduled"}
    ],
    "initContainerStatuses": [{
      "image": "flyway/flyway:10:latest", "imageID": "", "lastState": {}, "name": "migrate", "ready": false,
      "restartCount": 0, "started": false,
      "state": {"waiting": {"message": "Failed to apply default image tag \"flyway/flyway:10:latest\": couldn't parse image name \"flyway/flyway:10:latest\": invalid reference format",
                            "reason": "InvalidImageName"}}
    }],
    "containerStatuses": [{
      "image": "ghcr.io/example/api:2.1.0", "imageID": "", "lastState": {}, "name": "api", "ready": false,
      "restartCount": 0, "started": false, "state": {"waiting": {"reason": "PodInitializing"}}
    }],
    "hostIP": "172.18.0.3", "phase": "Pending", "qosClass": "BestEffort", "startTime": "2024-05-02T12:20:00Z"
  }
})json");

// Requests more CPU than any node has.
const Json k_unschedulable = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"creationTimestamp": "2024-05-02T13:00:00Z", "name": "trainer-0", "namespace": "ml",
               "resourceVersion": "53001", "uid": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70"},
  "spec": {"containers": [{"image": "pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", "name": "trainer",
                           "resources": {"requests": {"cpu": "64"}}}],
           "restartPolicy": "Always", "schedulerName": "default-scheduler"},
  "status": {
    "conditions": [{
      "lastProbeTime": null,
      "lastTransitionTime": "2024-05-02T13:00:00Z",
      "message": "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
      "reason": "Unschedulable",
      "status": "False",
      "type": "PodScheduled"
    }],
    "phase": "Pending",
    "qosClass": "Burstable"
  }
})json");

// The Pod above a moment earlier, while the image is being pulled.
const Json k_container_creating = patched(k_err_image_pull, R"json({
  "metadata": {"resourceVersion": "50031"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z", "status": "False", "type": "PodReadyToStartContainers"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z",
       "message": "containers with unready status: [nginx]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T11:00:03Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "image": "nginx:1.99", "imageID": "", "lastState": {}, "name": "nginx", "ready": false,
      "restartCount": 0, "started": false, "state": {"waiting": {"reason": "ContainerCreating"}}
    }],
    "podIP": null
  }
})json");

// Running, readiness probe failing after an out-of-memory restart.
const Json k_running_not_ready = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "api-7b6d9f5c4d-p2q3r", "namespace": "shop", "resourceVersion": "51260"},
  "spec": {"containers": [{"image": "ghcr.io/example/api:2.1.0", "name": "api",
                           "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}}],
           "nodeName": "worker-2", "restartPolicy": "Always"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:01:06Z", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:03:40Z",
       "message": "containers with unready status: [api]", "reason": "ContainersNotReady",
       "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:03:40Z",
       "message": "containers with unready status: [api]", "reason": "ContainersNotReady",
       "status": "False", "type": "ContainersReady"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T12:01:05Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "containerID": "containerd://9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0",
      "image": "ghcr.io/example/api:2.1.0",
      "imageID": "ghcr.io/example/api@sha256:3f1c5e7a9b2d4f6e8a0c2e4f6a8b0d2f4e6a8c0e2f4a6b8d0f2e4a6c8e0b2d4f",
      "lastState": {"terminated": {"containerID": "containerd://1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
                                   "exitCode": 137, "finishedAt": "2024-05-02T12:03:38Z", "reason": "OOMKilled",
                                   "startedAt": "2024-05-02T12:01:07Z"}},
      "name": "api", "ready": false, "restartCount": 1, "started": true,
      "state": {"running": {"startedAt": "2024-05-02T12:03:39Z"}}
    }],
    "hostIP": "172.18.0.4", "phase": "Running", "podIP": "10.244.2.31", "qosClass": "Burstable",
    "startTime": "2024-05-02T12:01:05Z"
  }
})json");

// A one-off hook Pod that ran to completion.
const Json k_succeeded = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "db-migrate", "namespace": "shop", "resourceVersion": "54001"},
  "spec": {"containers": [{"image": "flyway/flyway:10", "name": "migrate"}], "nodeName": "worker-1",
           "restartPolicy": "Never"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:09Z", "status": "False", "type": "PodReadyToStartContainers"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:01Z", "reason": "PodCompleted", "status": "True", "type": "Initialized"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:08Z", "reason": "PodCompleted", "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:08Z", "reason": "PodCompleted", "status": "False", "type": "ContainersReady"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:01Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "containerID": "containerd://7e6d5c4b3a291807f6e5d4c3b2a19087f6e5d4c3b2a19087f6e5d4c3b2a19087",
      "image": "docker.io/flyway/flyway:10", "imageID": "docker.io/flyway/flyway@sha256:0d9a4c8e2f6b1a3d5c7e9f0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f",
      "lastState": {}, "name": "migrate", "ready": false, "restartCount": 0, "started": false,
      "state": {"terminated": {"containerID": "containerd://7e6d5c4b3a291807f6e5d4c3b2a19087f6e5d4c3b2a19087f6e5d4c3b2a19087",
                               "exitCode": 0, "finishedAt": "2024-05-02T14:00:07Z", "reason": "Completed",
                               "startedAt": "2024-05-02T14:00:02Z"}}
    }],
    "hostIP": "172.18.0.3", "phase": "Succeeded", "podIP": "10.244.1.40", "qosClass": "BestEffort",
    "startTime": "2024-05-02T14:00:01Z"
  }
})json");

// Evicted by the kubelet under memory pressure.
const Json k_evicted = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "cache-5f6d7c8b9a-z1x2c", "namespace": "shop", "resourceVersion": "55120"},
  "spec": {"containers": [{"image": "redis:7.2", "name": "redis"}], "nodeName": "worker-2", "restartPolicy": "Always"},
  "status": {
    "conditions": [{"lastProbeTime": null, "lastTransitionTime": "2024-05-02T15:10:00Z",
                    "message": "The node was low on resource: memory. Threshold quantity: 100Mi, available: 88288Ki. ",
                    "reason": "TerminationByKubelet", "status": "True", "type": "DisruptionTarget"}],
    "message": "The node was low on resource: memory. Threshold quantity: 100Mi, available: 88288Ki. Container redis was using 1422460Ki, request is 0, has larger consumption of memory. ",
    "phase": "Failed",
    "reason": "Evicted",
    "startTime": "2024-05-02T09:30:00Z"
  }
})json");

// The hook Pod run again, and its script failed.
const Json k_failed_exit_code = patched(k_succeeded, R"json({
  "metadata": {"resourceVersion": "54100"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:10:08Z", "reason": "PodFailed", "status": "False", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:10:01Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{
      "containerID": "containerd://2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b",
      "image": "docker.io/flyway/flyway:10", "imageID": "", "lastState": {}, "name": "migrate", "ready": false,
      "restartCount": 0, "started": false,
      "state": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-02T14:10:07Z", "reason": "Error",
                               "startedAt": "2024-05-02T14:10:02Z"}}
    }],
    "phase": "Failed", "podIP": "10.244.1.41", "startTime": "2024-05-02T14:10:01Z"
  }
})json");

// The hook Pod's first run while its script runs.
const Json k_running_to_completion = patched(k_succeeded, R"json({
  "metadata": {"resourceVersion": "54003"},
  "status": {
    "conditions": [
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:03Z", "status": "True", "type": "Ready"},
      {"lastProbeTime": null, "lastTransitionTime": "2024-05-02T14:00:01Z", "status": "True", "type": "PodScheduled"}
    ],
    "containerStatuses": [{"image": "docker.io/flyway/flyway:10", "name": "migrate", "ready": true,
                           "restartCount": 0, "started": true,
                           "state": {"running": {"startedAt": "2024-05-02T14:00:02Z"}}}],
    "phase": "Running"
  }
})json");

// The node stopped reporting.
const Json k_phase_unknown = recorded(R"json({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-5d8f7c6b9d-9hj4k", "namespace": "shop", "resourceVersion": "56001"},
  "spec": {"containers": [{"image": "nginx:1.25", "name": "nginx"}], "nodeName": "worker-4", "restartPolicy": "Always"},
  "status": {"message": "Node worker-4 which was running pod web-5d8f7c6b9d-9hj4k is unresponsive",
             "phase": "Unknown", "reason": "NodeLost"}
})json");

}  // namespace

TEST_CASE("health pod: running with every container ready is healthy") {
  const Health health = pod_health(k_running_ready);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Pod is running and ready");
}

TEST_CASE("health pod: CrashLoopBackOff is degraded with the container and its last exit") {
  const Health health = pod_health(k_crash_loop);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "container \"main\" is in CrashLoopBackOff: back-off 40s restarting failed container=main "
        "pod=my-pod_argocd(63674389-f613-11e8-a057-fe5f49266390); last terminated: Error (exit "
        "code 1)");
}

TEST_CASE("health pod: image pull failures are degraded even while pending") {
  const Health backoff = pod_health(k_image_pull_backoff);
  CHECK(backoff.state == HealthState::degraded);
  CHECK(backoff.message ==
        "container \"errimagepullbackoff\" is in ImagePullBackOff: Back-off pulling image "
        "\"gcr.io/heptio-images/ks-guestbook-demo:0.3\"");

  const Health pull = pod_health(k_err_image_pull);
  CHECK(pull.state == HealthState::degraded);
  CHECK(
      pull.message.starts_with("container \"nginx\" is in ErrImagePull: rpc error: code = "
                               "NotFound"));
}

TEST_CASE("health pod: a missing Secret is degraded and names only the stuck container") {
  const Health health = pod_health(k_config_error);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "container \"api\" is in CreateContainerConfigError: secret \"db-credentials\" not found");
}

TEST_CASE("health pod: an invalid image name in an init container is degraded") {
  const Health health = pod_health(k_invalid_image);
  CHECK(health.state == HealthState::degraded);
  CHECK(
      health.message.starts_with("container \"migrate\" is in InvalidImageName: Failed to apply "
                                 "default image tag"));
}

TEST_CASE("health pod: several stuck containers are all named") {
  Json live = k_config_error;
  live["status"]["containerStatuses"][1]["state"]["waiting"] =
      Json::parse(R"json({"message": "Back-off pulling image \"envoyproxy/envoy:v1.30.1\"",
                      "reason": "ImagePullBackOff"})json");
  const Health health = pod_health(live);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "container \"api\" is in CreateContainerConfigError: secret \"db-credentials\" not found; "
        "container \"proxy\" is in ImagePullBackOff: Back-off pulling image "
        "\"envoyproxy/envoy:v1.30.1\"");
}

TEST_CASE("health pod: unschedulable is progressing with the scheduler's message") {
  const Health health = pod_health(k_unschedulable);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Pod is unschedulable: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes "
        "are available: 3 No preemption victims found for incoming pod.");
}

TEST_CASE("health pod: pending while containers are created is progressing") {
  const Health health = pod_health(k_container_creating);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Pod is pending: container \"nginx\" ContainerCreating");
}

TEST_CASE("health pod: running but not ready is progressing with the reason") {
  const Health health = pod_health(k_running_not_ready);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Pod is running but not ready: containers with unready status: [api]; container \"api\" "
        "last terminated: OOMKilled (exit code 137)");
}

TEST_CASE("health pod: succeeded is healthy") {
  const Health health = pod_health(k_succeeded);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Pod completed successfully");
}

TEST_CASE("health pod: failed is degraded with the reason") {
  const Health evicted = pod_health(k_evicted);
  CHECK(evicted.state == HealthState::degraded);
  CHECK(evicted.message.starts_with(
      "Pod failed: Evicted: The node was low on resource: memory. Threshold quantity: 100Mi"));

  const Health exited = pod_health(k_failed_exit_code);
  CHECK(exited.state == HealthState::degraded);
  CHECK(exited.message == "Pod failed: container \"migrate\" Error (exit code 1)");
}

TEST_CASE("health pod: a pod meant to finish is progressing while it runs") {
  const Health health = pod_health(k_running_to_completion);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Pod is running to completion (restartPolicy Never)");
}

TEST_CASE("health pod: an unknown phase is unknown with the node's message") {
  const Health health = pod_health(k_phase_unknown);
  CHECK(health.state == HealthState::unknown);
  CHECK(health.message ==
        "Pod phase is Unknown: Node worker-4 which was running pod web-5d8f7c6b9d-9hj4k is "
        "unresponsive");
}

TEST_CASE("health pod: ready containers without a Ready condition count as ready") {
  Json live = k_running_ready;
  live["status"].erase("conditions");
  CHECK(pod_health(live).state == HealthState::healthy);
  live["status"]["containerStatuses"][0]["ready"] = false;
  CHECK(pod_health(live).state == HealthState::progressing);
}
