#include <doctest/doctest.h>

#include <sstream>

#include "validate/validation_report.hpp"

using namespace kgitops;

TEST_CASE("a render error's file and line go into the finding's columns") {
  auto finding =
      finding_of(fail_at({"apps/web.yaml", 12, {}}, "invalid YAML: bad indentation").error());
  CHECK(finding.file == "apps/web.yaml");
  CHECK(finding.line == 12);
  CHECK(finding.message == "invalid YAML: bad indentation");
  CHECK(finding.severity == Severity::error);

  finding = finding_of(
      fail_at({"prod/kustomization.yaml", 0, {}}, "kubectl kustomize failed: x").error());
  CHECK(finding.file == "prod/kustomization.yaml");
  CHECK(finding.line == 0);
  CHECK(finding.message == "kubectl kustomize failed: x");

  finding = finding_of(fail_at({"a.yaml", 3, "ConfigMap prod/web"}, "kind Widget").error());
  CHECK(finding.object == "ConfigMap prod/web");
}

TEST_CASE("an error about no one file keeps its message whole, whatever it looks like") {
  for (const auto* text : {"path '../x' leaves the repository",
                           "apps/Deployment:prod/web is declared twice: a.yaml:1 and b.yaml:3",
                           "web.yaml:3: looks located but is not", "no colon here"}) {
    const auto finding = finding_of(Error{text}, Severity::warning);
    CHECK(finding.file.empty());
    CHECK(finding.line == 0);
    CHECK(finding.message == text);
    CHECK(finding.severity == Severity::warning);
  }
}

TEST_CASE("the text report goes file by file, then the preview, then one summary line") {
  ValidationReport report;
  report.revision = "refs/heads/main";
  report.commit = "0123456789abcdef0123456789abcdef01234567";
  report.objects = 4;
  report.findings = {
      Finding{"", 0, "", Severity::warning, "no prune preview: the base x cannot be read"},
      Finding{"b.yaml", 3, "Secret default/db", Severity::error, "Secret db has plaintext"},
      Finding{"a.yaml", 9, "", Severity::error, "invalid YAML"},
      Finding{"a.yaml", 2, "", Severity::warning, "kind Widget"},
  };
  PrunePreview preview;
  preview.base_commit = "fedcba9876543210fedcba9876543210fedcba98";
  preview.base_objects = 5;
  preview.would_prune = {{"apps", "Deployment", "prod", "old"}};
  report.prune_preview = preview;
  std::ostringstream out;
  print_validation_report(report, out);
  CHECK(out.str() ==
        "a.yaml:2: warning: kind Widget\n"
        "a.yaml:9: error: invalid YAML\n"
        "b.yaml:3: error: Secret db has plaintext\n"
        "warning: no prune preview: the base x cannot be read\n"
        "would be pruned after this push (in fedcba987654, not in 0123456789ab):\n"
        "  Deployment.apps prod/old\n"
        "validate: 4 objects in refs/heads/main (0123456789ab): 2 errors, 2 warnings, 1 would "
        "be pruned\n");
  CHECK(report.has_errors());
  CHECK(report.count(Severity::warning) == 2);
}

TEST_CASE("a clean report is one summary line; a commit given by id is named once") {
  ValidationReport report;
  report.revision = "HEAD";
  report.commit = "0123456789abcdef0123456789abcdef01234567";
  report.objects = 1;
  std::ostringstream out;
  print_validation_report(report, out);
  CHECK(out.str() == "validate: 1 object in HEAD (0123456789ab): 0 errors, 0 warnings\n");
  CHECK_FALSE(report.has_errors());
  report.revision = report.commit;
  out.str("");
  print_validation_report(report, out);
  CHECK(out.str() == "validate: 1 object at 0123456789ab: 0 errors, 0 warnings\n");
}

TEST_CASE("the JSON document has a stable shape") {
  ValidationReport report;
  report.revision = "refs/heads/main";
  report.commit = "abc";
  report.objects = 2;
  report.findings = {Finding{"a.yaml", 4, "Secret default/db", Severity::error, "plaintext"}};
  auto json = to_json(report);
  CHECK(json["revision"] == "refs/heads/main");
  CHECK(json["commit"] == "abc");
  CHECK(json["objects"] == 2);
  CHECK(json["prunePreview"].is_null());
  REQUIRE(json["findings"].size() == 1);
  CHECK(json["findings"][0] == Json{{"file", "a.yaml"},
                                    {"line", 4},
                                    {"object", "Secret default/db"},
                                    {"severity", "error"},
                                    {"message", "plaintext"}});
  CHECK(json["summary"] == Json{{"errors", 1}, {"warnings", 0}, {"ok", false}});

  PrunePreview preview;
  preview.base_commit = "def";
  preview.base_objects = 3;
  preview.would_prune = {{"", "ConfigMap", "prod", "old"}};
  report.prune_preview = preview;
  json = to_json(report);
  CHECK(json["prunePreview"]["baseCommit"] == "def");
  CHECK(json["prunePreview"]["baseObjects"] == 3);
  CHECK(json["prunePreview"]["overBound"] == false);
  CHECK(json["prunePreview"]["wouldPrune"][0] ==
        Json{{"group", ""}, {"kind", "ConfigMap"}, {"namespace", "prod"}, {"name", "old"}});
}
