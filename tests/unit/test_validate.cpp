#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/constants.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "validate/validate.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

std::string secret(const std::string& name, const std::string& extra = "") {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n" + extra +
         "stringData:\n  password: hunter2\n";
}

ValidateOptions options_for(const std::string& base = "") {
  ValidateOptions options;
  options.app.name = "shop";
  options.app.source = SourceSpec{"/repos/shop", "main"};
  options.base_revision = base;
  return options;
}

ValidationReport validate_files(const std::map<std::string, std::string>& files) {
  FakeGitSource git;
  git.files = files;
  auto report = validate(git, nullptr, options_for());
  REQUIRE(report.has_value());
  return *report;
}

const Finding* find_finding(const ValidationReport& report, const std::string& needle) {
  const auto found = std::find_if(
      report.findings.begin(), report.findings.end(),
      [&](const Finding& finding) { return finding.message.find(needle) != std::string::npos; });
  return found == report.findings.end() ? nullptr : &*found;
}

// Different files per revision, for the prune preview.
class RevisionGitSource final : public GitSource {
 public:
  std::map<std::string, std::map<std::string, std::string>> revisions;

  Result<Checkout> checkout(const SourceSpec& spec) override {
    const auto found = revisions.find(spec.revision);
    if (found == revisions.end()) {
      return fail("revision '", spec.revision, "' not found");
    }
    FakeGitSource fake;
    fake.files = found->second;
    fake.commit = std::string(40, spec.revision.empty() ? '0' : spec.revision.front());
    return fake.checkout(spec);
  }
};

}  // namespace

TEST_CASE("a clean commit has no findings and counts its objects") {
  const auto report = validate_files({{"a.yaml", configmap("a")}, {"b/b.yaml", configmap("b")}});
  CHECK(report.findings.empty());
  CHECK(report.objects == 2);
  CHECK(report.commit == FakeGitSource{}.commit);
  CHECK_FALSE(report.has_errors());
  CHECK_FALSE(report.prune_preview.has_value());
}

TEST_CASE("malformed YAML is an error at its file and line") {
  const auto report =
      validate_files({{"good.yaml", configmap("a")}, {"bad.yaml", "a: [1, 2\nb: c\n"}});
  REQUIRE(report.has_errors());
  const auto& finding = report.findings.front();
  CHECK(finding.file == "bad.yaml");
  CHECK(finding.line > 0);
  CHECK(finding.severity == Severity::error);
  CHECK(finding.message.find("bad.yaml") == std::string::npos);  // the location moved out
}

TEST_CASE("after a render error, the other files are still checked one by one") {
  const auto report = validate_files({{"a-bad.yaml", "kind: [\n"},
                                      {"b-bad.yaml", "apiVersion: v1\nkind: ConfigMap\n"},
                                      {"c-secret.yaml", secret("db")},
                                      {"d.yaml", configmap("d")}});
  CHECK(report.count(Severity::error) == 3);
  const auto files = [&] {
    std::vector<std::string> names;
    for (const auto& finding : report.findings) {
      names.push_back(finding.file);
    }
    std::sort(names.begin(), names.end());
    return names;
  }();
  CHECK(files == std::vector<std::string>{"a-bad.yaml", "b-bad.yaml", "c-secret.yaml"});
  REQUIRE(find_finding(report, "metadata.name") != nullptr);
  CHECK(find_finding(report, "metadata.name")->file == "b-bad.yaml");
}

TEST_CASE("the same object declared twice names both files") {
  const auto report =
      validate_files({{"one.yaml", configmap("web")}, {"two.yaml", "---\n" + configmap("web")}});
  REQUIRE(report.count(Severity::error) == 1);
  const auto& message = report.findings.front().message;
  CHECK(message.find("one.yaml:1") != std::string::npos);
  CHECK(message.find("two.yaml:2") != std::string::npos);
}

TEST_CASE("a path that leaves the repository is one error") {
  FakeGitSource git;
  git.files = {{"a.yaml", configmap("a")}};
  auto options = options_for();
  options.app.path = "../elsewhere";
  auto report = validate(git, nullptr, options);
  REQUIRE(report.has_value());
  REQUIRE(report->findings.size() == 1);
  CHECK(report->findings.front().message.find("leaves the repository") != std::string::npos);
}

TEST_CASE("a plaintext Secret is an error naming file, line and object, never the value") {
  const auto report =
      validate_files({{"app.yaml", configmap("a") + "---\n" + secret("db")}, {"z.yaml", ""}});
  REQUIRE(report.count(Severity::error) == 1);
  const auto& finding = report.findings.front();
  CHECK(finding.file == "app.yaml");
  CHECK(finding.line == 8);
  CHECK(finding.object == "Secret default/db");
  CHECK(finding.message.find("stringData.password") != std::string::npos);
  CHECK(finding.message.find("hunter2") == std::string::npos);
}

TEST_CASE("a binding to cluster-admin is a warning naming file and object") {
  const std::string binding =
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n"
      "  name: everything\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
      "  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: ServiceAccount\n"
      "  name: deployer\n  namespace: team-a\n";
  const auto report = validate_files({{"rbac.yaml", configmap("a") + "---\n" + binding}});
  CHECK(report.count(Severity::error) == 0);
  REQUIRE(report.count(Severity::warning) == 1);
  const auto* finding = find_finding(report, "cluster-admin");
  REQUIRE(finding != nullptr);
  CHECK(finding->file == "rbac.yaml");
  CHECK(finding->object == "ClusterRoleBinding.rbac.authorization.k8s.io everything");
  CHECK(finding->severity == Severity::warning);
}

TEST_CASE("annotated, sealed and SOPS-encrypted Secrets pass") {
  const auto report = validate_files(
      {{"allowed.yaml",
        secret("a", "  annotations:\n    " +
                        std::string(keys::k_allow_plaintext_secret_annotation) + ": \"true\"\n")},
       {"sealed.yaml",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: s\n"
        "spec:\n  encryptedData:\n    password: AgB4...\n"},
       {"sops.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\ndata:\n"
        "  password: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\n"
        "sops:\n  version: 3.8.1\n"}});
  CHECK(report.count(Severity::error) == 0);
  // SealedSecret is not built in: a warning, since the cluster may serve it.
  REQUIRE(report.count(Severity::warning) == 1);
  CHECK(report.findings.front().file == "sealed.yaml");
}

TEST_CASE("a kind unknown offline is a warning; one declared by a CRD of the repository is not") {
  const auto report = validate_files(
      {{"crd.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
        "  name: gadgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n"
        "  names: {kind: Gadget, plural: gadgets}\n"
        "  versions: [{name: v1, served: true, storage: true}]\n"},
       {"gadget.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n"},
       {"widget.yaml", "apiVersion: other.io/v1\nkind: Widget\nmetadata:\n  name: w\n"}});
  CHECK_FALSE(report.has_errors());
  REQUIRE(report.count(Severity::warning) == 1);
  const auto& finding = report.findings.front();
  CHECK(finding.file == "widget.yaml");
  CHECK(finding.message.find("Widget of group other.io") != std::string::npos);
  CHECK(report.objects == 3);
}

TEST_CASE("a commit that cannot be checked out fails the run instead of making a finding") {
  RevisionGitSource git;
  auto report = validate(git, nullptr, options_for());
  REQUIRE_FALSE(report.has_value());
  CHECK(to_string(report.error()).find("not found") != std::string::npos);
}

TEST_CASE("with a cluster, every object also goes through the server's dry run") {
  FakeGitSource git;
  git.files = {{"denied.yaml", configmap("denied")},
               {"fine.yaml", configmap("fine")},
               {"widget.yaml", "apiVersion: other.io/v1\nkind: Widget\nmetadata:\n  name: w\n"}};
  FakeCluster cluster;
  cluster.failing_names = {"denied"};
  auto report = validate(git, &cluster, options_for());
  REQUIRE(report.has_value());
  CHECK(cluster.objects.empty());  // a dry run writes nothing
  REQUIRE(report->count(Severity::error) == 2);
  const auto* denied = find_finding(*report, "admission webhook denied denied");
  REQUIRE(denied != nullptr);
  CHECK(denied->file == "denied.yaml");
  CHECK(denied->object == "ConfigMap default/denied");
  // The server, not the offline table, has the last word on kinds.
  const auto* widget = find_finding(*report, "not served by the cluster");
  REQUIRE(widget != nullptr);
  CHECK(widget->file == "widget.yaml");
  CHECK(report->count(Severity::warning) == 0);
}

TEST_CASE("with a base, the objects it declares and the commit does not are listed") {
  RevisionGitSource git;
  git.revisions["main"] = {{"a.yaml", configmap("a")}};
  git.revisions["old"] = {
      {"a.yaml", configmap("a")},
      {"b.yaml", configmap("b")},
      {"kept.yaml",
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  annotations:\n    " +
           std::string(keys::k_prune_annotation) + ": disabled\n"}};
  auto report = validate(git, nullptr, options_for("old"));
  REQUIRE(report.has_value());
  REQUIRE(report->prune_preview.has_value());
  CHECK(report->prune_preview->base_objects == 3);
  CHECK(report->prune_preview->would_prune ==
        std::vector<ResourceKey>{{"", "ConfigMap", "default", "b"}});
  CHECK_FALSE(report->prune_preview->over_bound);
  CHECK(report->findings.empty());
}

TEST_CASE("a prune above the mass-deletion bound is a warning, not an error") {
  RevisionGitSource git;
  std::map<std::string, std::string> many;
  for (int i = 0; i < 20; ++i) {
    many["cm-" + std::to_string(100 + i) + ".yaml"] = configmap("cm-" + std::to_string(i));
  }
  git.revisions["old"] = many;
  git.revisions["main"] = {{"a.yaml", configmap("cm-0")}};
  auto report = validate(git, nullptr, options_for("old"));
  REQUIRE(report.has_value());
  REQUIRE(report->prune_preview.has_value());
  CHECK(report->prune_preview->would_prune.size() == 19);
  CHECK(report->prune_preview->over_bound);
  CHECK_FALSE(report->has_errors());
  REQUIRE(report->count(Severity::warning) == 1);
  CHECK(report->findings.front().message.find("19 of 20") != std::string::npos);
}

TEST_CASE("a base that cannot be read is a warning: the push is not to blame") {
  RevisionGitSource git;
  git.revisions["main"] = {{"a.yaml", configmap("a")}};
  auto report = validate(git, nullptr, options_for("gone"));
  REQUIRE(report.has_value());
  CHECK_FALSE(report->prune_preview.has_value());
  CHECK_FALSE(report->has_errors());
  REQUIRE(report->count(Severity::warning) == 1);
  CHECK(report->findings.front().message.find("no prune preview") != std::string::npos);
}

TEST_CASE("validate notes an Argo CD sync wave it honours, and one ours overrides") {
  const auto argo =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n"
      "    argocd.argoproj.io/sync-wave: \"2\"\n";
  const auto both =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n"
      "    argocd.argoproj.io/sync-wave: \"2\"\n"
      "    gitops.kubectl.dev/sync-wave: \"5\"\n";
  const auto report = validate_files({{"a.yaml", argo}, {"b.yaml", both}});
  CHECK_FALSE(report.has_errors());
  const auto* honoured = find_finding(report, "is honoured as the sync wave");
  REQUIRE(honoured != nullptr);
  CHECK(honoured->file == "a.yaml");
  CHECK(honoured->severity == Severity::warning);
  const auto* ignored = find_finding(report, "\"2\" is ignored: gitops.kubectl.dev/sync-wave");
  REQUIRE(ignored != nullptr);
  CHECK(ignored->file == "b.yaml");
}
