#pragma once

// Tables kubectl api-resources printed, for the tests that read them.

#include <string>

namespace kgitops::test {

// `kubectl api-resources` of kubectl 1.32 against a 1.34 server with
// cert-manager installed, as printed: SHORTNAMES is blank on many rows.
inline const std::string k_api_resources = R"(
NAME                            SHORTNAMES   APIVERSION                        NAMESPACED   KIND
bindings                                     v1                                true         Binding
componentstatuses               cs           v1                                false        ComponentStatus
configmaps                      cm           v1                                true         ConfigMap
endpoints                       ep           v1                                true         Endpoints
events                          ev           v1                                true         Event
limitranges                     limits       v1                                true         LimitRange
namespaces                      ns           v1                                false        Namespace
nodes                           no           v1                                false        Node
persistentvolumeclaims          pvc          v1                                true         PersistentVolumeClaim
persistentvolumes               pv           v1                                false        PersistentVolume
pods                            po           v1                                true         Pod
podtemplates                                 v1                                true         PodTemplate
replicationcontrollers          rc           v1                                true         ReplicationController
resourcequotas                  quota        v1                                true         ResourceQuota
secrets                                      v1                                true         Secret
serviceaccounts                 sa           v1                                true         ServiceAccount
services                        svc          v1                                true         Service
mutatingwebhookconfigurations                admissionregistration.k8s.io/v1   false        MutatingWebhookConfiguration
validatingadmissionpolicies                  admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicy
customresourcedefinitions       crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition
apiservices                                  apiregistration.k8s.io/v1         false        APIService
controllerrevisions                          apps/v1                           true         ControllerRevision
daemonsets                      ds           apps/v1                           true         DaemonSet
deployments                     deploy       apps/v1                           true         Deployment
replicasets                     rs           apps/v1                           true         ReplicaSet
statefulsets                    sts          apps/v1                           true         StatefulSet
selfsubjectreviews                           authentication.k8s.io/v1          false        SelfSubjectReview
tokenreviews                                 authentication.k8s.io/v1          false        TokenReview
horizontalpodautoscalers        hpa          autoscaling/v2                    true         HorizontalPodAutoscaler
cronjobs                        cj           batch/v1                          true         CronJob
jobs                                         batch/v1                          true         Job
leases                                       coordination.k8s.io/v1            true         Lease
endpointslices                               discovery.k8s.io/v1               true         EndpointSlice
events                          ev           events.k8s.io/v1                  true         Event
flowschemas                                  flowcontrol.apiserver.k8s.io/v1   false        FlowSchema
ingressclasses                               networking.k8s.io/v1              false        IngressClass
ingresses                       ing          networking.k8s.io/v1              true         Ingress
networkpolicies                 netpol       networking.k8s.io/v1              true         NetworkPolicy
poddisruptionbudgets            pdb          policy/v1                         true         PodDisruptionBudget
clusterrolebindings                          rbac.authorization.k8s.io/v1      false        ClusterRoleBinding
clusterroles                                 rbac.authorization.k8s.io/v1      false        ClusterRole
rolebindings                                 rbac.authorization.k8s.io/v1      true         RoleBinding
roles                                        rbac.authorization.k8s.io/v1      true         Role
priorityclasses                 pc           scheduling.k8s.io/v1              false        PriorityClass
storageclasses                  sc           storage.k8s.io/v1                 false        StorageClass
certificates                    cert,certs   cert-manager.io/v1                true         Certificate
)";

// `kubectl api-resources -o wide` of kubectl 1.34: verbs joined by commas;
// kubectl before 1.28 printed them as [create delete get list].
inline const std::string k_wide_api_resources = R"(
NAME           SHORTNAMES   APIVERSION                 NAMESPACED   KIND          VERBS                                                          CATEGORIES
bindings                    v1                         true         Binding       create
configmaps     cm           v1                         true         ConfigMap     create,delete,deletecollection,get,list,patch,update,watch
namespaces     ns           v1                         false        Namespace     create,delete,get,list,patch,update,watch
pods           po           v1                         true         Pod           [create delete deletecollection get list patch update watch]   all
tokenreviews                authentication.k8s.io/v1   false        TokenReview   create
)";

}  // namespace kgitops::test
