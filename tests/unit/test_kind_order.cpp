#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "core/kind_order.hpp"

using namespace kgitops;

TEST_CASE("dependencies rank before what depends on them") {
  CHECK(kind_rank("Namespace") == 0);
  CHECK(kind_rank("Namespace") < kind_rank("ServiceAccount"));
  CHECK(kind_rank("ServiceAccount") < kind_rank("Secret"));
  CHECK(kind_rank("Secret") < kind_rank("ConfigMap"));
  CHECK(kind_rank("ConfigMap") < kind_rank("Deployment"));
  CHECK(kind_rank("PersistentVolumeClaim") < kind_rank("StatefulSet"));
  CHECK(kind_rank("CustomResourceDefinition") < kind_rank("ClusterRole"));
  CHECK(kind_rank("ClusterRole") < kind_rank("ClusterRoleBinding"));
  CHECK(kind_rank("Role") < kind_rank("RoleBinding"));
  CHECK(kind_rank("Service") < kind_rank("Deployment"));
  CHECK(kind_rank("Deployment") < kind_rank("HorizontalPodAutoscaler"));
  CHECK(kind_rank("IngressClass") < kind_rank("Ingress"));
}

TEST_CASE("unknown kinds, custom resources included, come after every known kind") {
  const auto unknown = kind_rank("Certificate");
  CHECK(unknown == kind_rank("SomethingElse"));
  CHECK(unknown > kind_rank("MutatingWebhookConfiguration"));
  CHECK(unknown > kind_rank("Ingress"));
  CHECK(kind_rank("namespace") == unknown);  // kinds are case-sensitive
}

TEST_CASE("only Namespaces and CRDs are foundation kinds") {
  CHECK(is_foundation_kind("Namespace"));
  CHECK(is_foundation_kind("CustomResourceDefinition"));
  CHECK_FALSE(is_foundation_kind("ConfigMap"));
  CHECK_FALSE(is_foundation_kind("ClusterRole"));
}

TEST_CASE("apply order: wave first, then kind rank, then group, namespace and name") {
  const ResourceKey ns{"", "Namespace", "", "prod"};
  const ResourceKey config{"", "ConfigMap", "prod", "settings"};
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const ResourceKey api{"apps", "Deployment", "prod", "api"};
  const ResourceKey other_ns{"apps", "Deployment", "dev", "web"};

  CHECK(apply_before(0, ns, 0, config));
  CHECK_FALSE(apply_before(0, config, 0, ns));
  CHECK(apply_before(0, config, 0, web));
  // A lower wave goes first whatever its kind.
  CHECK(apply_before(-1, web, 0, ns));
  CHECK(apply_before(0, web, 1, ns));
  CHECK(apply_before(0, api, 0, web));
  CHECK(apply_before(0, other_ns, 0, web));
  // A strict order: nothing is before itself.
  CHECK_FALSE(apply_before(0, web, 0, web));

  std::vector<ResourceKey> keys{web, config, api, ns};
  std::sort(keys.begin(), keys.end(),
            [](const auto& a, const auto& b) { return apply_before(0, a, 0, b); });
  CHECK(keys == std::vector<ResourceKey>{ns, config, api, web});
}
