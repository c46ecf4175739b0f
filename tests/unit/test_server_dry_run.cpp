#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "validate/server_dry_run.hpp"

using namespace kgitops;

namespace {

// A cluster that answers like kubectl: the dry run of a batch in which any
// object fails returns no object at all, so every other one looks failed.
class KubectlLikeCluster final : public Cluster {
 public:
  std::map<std::string, std::string> errors;  // object name -> the server's refusal
  std::vector<std::string> existing_namespaces = {"default"};
  std::vector<std::vector<Json>> batches;
  DryRun mode = DryRun::no;

  Result<std::vector<ApiResource>> api_resources() override {
    return std::vector<ApiResource>{{"", "v1", "Namespace", "namespaces", false},
                                    {"", "v1", "ConfigMap", "configmaps", true},
                                    {"example.com", "v1", "Gadget", "gadgets", true},
                                    {"apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                                     "customresourcedefinitions", false}};
  }
  Result<std::vector<Json>> list(const std::vector<ApiResource>&, const std::string&) override {
    return std::vector<Json>{};
  }
  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>&,
                                           const std::string&) override {
    return std::vector<Json>{};
  }
  Result<std::optional<Json>> get(const ApiResource& resource, const std::string&,
                                  const std::string& name) override {
    if (resource.kind == "Namespace" &&
        std::find(existing_namespaces.begin(), existing_namespaces.end(), name) !=
            existing_namespaces.end()) {
      return std::optional<Json>{Json{{"metadata", {{"name", name}}}}};
    }
    return std::optional<Json>{};
  }
  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                         DryRun dry_run) override {
    mode = dry_run;
    batches.push_back(objects);
    std::string batch_error;
    for (const auto& object : objects) {
      if (const auto found = errors.find(name_of(object)); found != errors.end()) {
        batch_error += found->second + "\n";
      }
    }
    std::vector<ApplyResult> results;
    for (const auto& object : objects) {
      ApplyResult result;
      result.key = key_of(object);
      if (batch_error.empty()) {
        result.live = object;
      } else {
        result.error = batch_error;
      }
      results.push_back(result);
    }
    return results;
  }
  Result<void> remove(const ApiResource&, const ResourceKey&, const std::string&) override {
    return fail("a dry run never deletes");
  }
  Result<void> annotate(const ApiResource&, const ResourceKey&, const std::string&,
                        const std::optional<std::string>&) override {
    return {};
  }
  Result<void> wait_established(const std::vector<std::string>&, std::chrono::seconds) override {
    return {};
  }
};

DesiredObject desired(const std::string& kind, const std::string& name, const std::string& ns,
                      const std::string& file, const std::string& api_version = "v1") {
  DesiredObject object;
  object.object = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) {
    object.object["metadata"]["namespace"] = ns;
  }
  object.key = key_of(object.object);
  object.source = {file, 3};
  return object;
}

const Finding* find_finding(const std::vector<Finding>& findings, const std::string& needle) {
  const auto found = std::find_if(findings.begin(), findings.end(), [&](const Finding& finding) {
    return finding.message.find(needle) != std::string::npos;
  });
  return found == findings.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("a refused object is an error at its file; its batch mates are cleared one by one") {
  KubectlLikeCluster cluster;
  cluster.errors = {{"denied", "admission webhook \"policy\" denied the request"}};
  std::vector<Finding> findings;
  check_with_server(cluster,
                    {desired("ConfigMap", "fine", "default", "fine.yaml"),
                     desired("ConfigMap", "denied", "default", "denied.yaml"),
                     desired("ConfigMap", "also-fine", "default", "also.yaml")},
                    "", findings);
  CHECK(cluster.mode == DryRun::server);
  REQUIRE(findings.size() == 1);
  CHECK(findings.front().file == "denied.yaml");
  CHECK(findings.front().line == 3);
  CHECK(findings.front().object == "ConfigMap default/denied");
  CHECK(findings.front().severity == Severity::error);
  CHECK(findings.front().message.find("denied the request") != std::string::npos);
  CHECK(cluster.batches.size() == 4);  // the batch, then each of its three objects alone
}

TEST_CASE("a clean commit is one batch and no finding") {
  KubectlLikeCluster cluster;
  std::vector<Finding> findings;
  check_with_server(cluster,
                    {desired("ConfigMap", "a", "default", "a.yaml"),
                     desired("ConfigMap", "b", "default", "b.yaml")},
                    "", findings);
  CHECK(findings.empty());
  CHECK(cluster.batches.size() == 1);
}

TEST_CASE("kinds: not served is an error, unless a CRD of the commit declares it") {
  KubectlLikeCluster cluster;
  auto crd = desired("CustomResourceDefinition", "widgets.example.org", "", "crd.yaml",
                     "apiextensions.k8s.io/v1");
  crd.object["spec"] = {{"group", "example.org"}, {"names", {{"kind", "Widget"}}}};
  std::vector<Finding> findings;
  check_with_server(cluster,
                    {desired("Widget", "w", "", "widget.yaml", "example.org/v1"),
                     desired("Sprocket", "s", "", "sprocket.yaml", "other.io/v1"),
                     desired("Gadget", "g", "", "gadget.yaml", "example.com/v1")},
                    "", findings);
  REQUIRE(findings.size() == 2);
  const auto* sprocket = find_finding(findings, "Sprocket of group other.io is not served");
  REQUIRE(sprocket != nullptr);
  CHECK(sprocket->severity == Severity::error);
  CHECK(sprocket->file == "sprocket.yaml");
  const auto* widget = find_finding(findings, "Widget of group example.org is not served");
  REQUIRE(widget != nullptr);
  CHECK(widget->severity == Severity::error);
  REQUIRE(cluster.batches.size() == 1);
  CHECK(cluster.batches.front().size() == 1);  // only the Gadget reaches the server

  // With its CRD in the same commit, the Widget cannot be checked before the sync.
  findings.clear();
  cluster.batches.clear();
  check_with_server(cluster, {crd, desired("Widget", "w", "", "widget.yaml", "example.org/v1")}, "",
                    findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings.front().severity == Severity::warning);
  CHECK(findings.front().file == "widget.yaml");
  CHECK(findings.front().message.find("its CustomResourceDefinition is created by this commit") !=
        std::string::npos);
  REQUIRE(cluster.batches.size() == 1);
  CHECK(cluster.batches.front().size() == 1);  // the CRD itself
}

TEST_CASE("objects in a namespace the commit creates are a warning; a served kind is defaulted") {
  KubectlLikeCluster cluster;
  std::vector<Finding> findings;
  check_with_server(cluster,
                    {desired("Namespace", "fresh", "", "ns.yaml"),
                     desired("ConfigMap", "inside", "fresh", "inside.yaml"),
                     desired("Gadget", "g", "", "gadget.yaml", "example.com/v1")},
                    "prod", findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings.front().severity == Severity::warning);
  CHECK(findings.front().file == "inside.yaml");
  CHECK(findings.front().message.find("namespace fresh is created by this commit") !=
        std::string::npos);
  REQUIRE(cluster.batches.size() == 1);
  REQUIRE(cluster.batches.front().size() == 2);  // the Namespace and the Gadget
  CHECK(cluster.batches.front()[1]["metadata"]["namespace"] == "prod");

  // Once the namespace exists, its objects are checked like any other.
  cluster.existing_namespaces.push_back("fresh");
  findings.clear();
  cluster.batches.clear();
  check_with_server(cluster,
                    {desired("Namespace", "fresh", "", "ns.yaml"),
                     desired("ConfigMap", "inside", "fresh", "inside.yaml")},
                    "", findings);
  CHECK(findings.empty());
  REQUIRE(cluster.batches.size() == 1);
  CHECK(cluster.batches.front().size() == 2);
}
