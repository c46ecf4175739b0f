#include <doctest/doctest.h>

#include <string>

#include "engine/commit_prerequisites.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

DesiredObject desired(const std::string& api_version, const std::string& kind,
                      const std::string& name, const std::string& ns = "") {
  DesiredObject object;
  object.object = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) {
    object.object["metadata"]["namespace"] = ns;
  }
  object.key = key_of(object.object);
  object.resource = ApiResource{group_of(api_version), "v1", kind, "", !ns.empty()};
  return object;
}

DesiredObject crd(const std::string& group, const std::string& kind) {
  auto object = desired("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets." + group);
  object.object["spec"] = {{"group", group}, {"names", {{"kind", kind}}}};
  return object;
}

}  // namespace

TEST_CASE("a Namespace of the commit that the cluster lacks is created by the commit") {
  FakeCluster cluster;
  cluster.objects[{"", "Namespace", "", "old"}] = {{"metadata", {{"name", "old"}}}};
  const std::vector<DesiredObject> commit{desired("v1", "Namespace", "old"),
                                          desired("v1", "Namespace", "shop")};
  const CommitPrerequisites prerequisites(cluster, commit);
  CHECK(prerequisites.creates_namespace("shop"));
  CHECK_FALSE(prerequisites.creates_namespace("old"));
  CHECK_FALSE(prerequisites.creates_namespace("elsewhere"));
  CHECK_FALSE(prerequisites.creates_namespace(""));
  CHECK(prerequisites.waits_for(desired("v1", "ConfigMap", "a", "shop"), true) ==
        "namespace created by this commit");
  CHECK(prerequisites.waits_for(desired("v1", "ConfigMap", "a", "old"), true).empty());
}

TEST_CASE("an object of a kind a CRD of the commit declares waits for it until it is served") {
  FakeCluster cluster;
  const std::vector<DesiredObject> commit{crd("example.org", "Widget")};
  const CommitPrerequisites prerequisites(cluster, commit);
  CHECK(prerequisites.declares_kind("example.org", "Widget"));
  CHECK_FALSE(prerequisites.declares_kind("example.org", "Gadget"));
  const auto widget = desired("example.org/v1", "Widget", "w", "default");
  CHECK(prerequisites.waits_for(widget, false) == "CRD created by this commit");
  CHECK(prerequisites.waits_for(widget, true).empty());  // the CRD exists already
  CHECK(prerequisites.waits_for(desired("other.io/v1", "Gadget", "g", "default"), false).empty());
}
