#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/constants.hpp"
#include "core/sha256.hpp"
#include "diff_fixtures.hpp"
#include "fake_cluster.hpp"
#include "output/diff_report.hpp"

using namespace kgitops;
using kgitops::testing::applied;
using kgitops::testing::FakeCluster;
using kgitops::testing::prepare;

namespace {

Json config_map(const std::string& name, const std::string& value) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}}},
              {"data", {{"key", value}}}};
}

ObjectState paired(const DesiredObject& desired, const Json& live) {
  return pair_objects({desired}, {live}, std::nullopt).objects.front();
}

}  // namespace

TEST_CASE("an object in sync has no diff") {
  const auto desired = prepare(config_map("settings", "a"));
  const auto state = paired(desired, applied(desired));
  REQUIRE(state.state == SyncState::in_sync);
  CHECK(object_diff(state).empty());
}

TEST_CASE("a modified object shows the changed field, live on '-' and git on '+'") {
  const auto desired = prepare(config_map("settings", "new-value"));
  const auto live = applied(prepare(config_map("settings", "old-value")));
  const auto state = paired(desired, live);
  REQUIRE(state.state == SyncState::modified);
  const auto diff = object_diff(state);
  CHECK(diff.find("--- live/ConfigMap prod/settings\n+++ git/ConfigMap prod/settings\n") == 0);
  CHECK(diff.find("-  key: old-value\n") != std::string::npos);
  CHECK(diff.find("+  key: new-value\n") != std::string::npos);
  // Bookkeeping is not shown: the hash changes with every edit.
  CHECK(diff.find(keys::k_applied_hash_annotation) == std::string::npos);
  CHECK(diff.find("managedFields") == std::string::npos);
  CHECK(diff.find("resourceVersion") == std::string::npos);
}

TEST_CASE("a field removed from git but owned in managedFields shows as removed") {
  auto old = config_map("settings", "a");
  old["data"]["dropped"] = "gone-soon";
  auto live = applied(prepare(old));
  live["metadata"]["managedFields"] = Json::parse(R"([{"manager": "kubectl-gitops",
      "operation": "Apply", "fieldsType": "FieldsV1",
      "fieldsV1": {"f:data": {"f:key": {}, "f:dropped": {}}}}])");
  const auto state = paired(prepare(config_map("settings", "a")), live);
  REQUIRE(state.state == SyncState::modified);
  const auto diff = object_diff(state);
  CHECK(diff.find("-  dropped: gone-soon\n") != std::string::npos);
  CHECK(diff.find("+  dropped") == std::string::npos);
}

TEST_CASE("when only the recorded hash differs, the diff says so") {
  const auto desired = prepare(config_map("settings", "a"));
  auto live = applied(desired);
  set_annotation(live, keys::k_applied_hash_annotation, "0000");
  const auto state = paired(desired, live);
  REQUIRE(state.state == SyncState::modified);
  CHECK(object_diff(state).find("no field differs") != std::string::npos);
}

TEST_CASE("a Secret diff masks every value and tells changed keys from unchanged ones") {
  auto secret = [](const std::string& user, const std::string& password) {
    return Json{{"apiVersion", "v1"},
                {"kind", "Secret"},
                {"metadata", {{"name", "db"}}},
                {"stringData", {{"user", user}, {"password", password}}}};
  };
  const auto desired = prepare(secret("admin", "new-pass"));
  // The server stores stringData as base64 data.
  auto live = applied(prepare(secret("admin", "old-pass")));
  live.erase("stringData");
  live["data"] = {{"user", base64("admin")}, {"password", base64("old-pass")}};
  const auto state = paired(desired, live);
  REQUIRE(state.state == SyncState::modified);
  const auto diff = object_diff(state);
  INFO(diff);
  for (const auto* secret_text : {"admin", "new-pass", "old-pass"}) {
    CHECK(diff.find(secret_text) == std::string::npos);
    CHECK(diff.find(base64(secret_text)) == std::string::npos);
  }
  CHECK(diff.find("-  password: ") != std::string::npos);
  CHECK(diff.find("+  password: ") != std::string::npos);
  // The unchanged key is context, on neither side of the change.
  CHECK(diff.find("   user: ") != std::string::npos);
  CHECK(diff.find("-  user: ") == std::string::npos);
  CHECK(diff.find("+  user: ") == std::string::npos);
}

TEST_CASE("a missing object is all additions, an extra one all removals") {
  ObjectState missing;
  missing.key = {"", "ConfigMap", "prod", "settings"};
  missing.state = SyncState::missing;
  missing.desired = prepare(config_map("settings", "a"));
  const auto added = object_diff(missing);
  CHECK(added.find("--- live/ConfigMap prod/settings (missing)\n") == 0);
  CHECK(added.find("+  key: a\n") != std::string::npos);
  CHECK(added.find("\n-") == std::string::npos);
  CHECK(added.find(keys::k_applied_hash_annotation) == std::string::npos);

  ObjectState extra;
  extra.key = missing.key;
  extra.state = SyncState::extra;
  extra.live = applied(*missing.desired);
  const auto removed = object_diff(extra);
  CHECK(removed.find("+++ git/ConfigMap prod/settings (not in git)\n") != std::string::npos);
  CHECK(removed.find("-  key: a\n") != std::string::npos);
  CHECK(removed.find("\n+ ") == std::string::npos);
  CHECK(removed.find("uid") == std::string::npos);
}

TEST_CASE("print_diff: every difference, kept extras noted apart, and a summary") {
  const auto in_sync = prepare(config_map("same", "a"));
  const auto modified = prepare(config_map("changed", "new"));
  const auto missing = prepare(config_map("new", "a"));
  const auto prunable = prepare(config_map("old", "a"));
  const auto stray = prepare(config_map("stray", "a"));
  Inventory inventory;
  inventory.app = "shop";
  inventory.members = {in_sync.key, modified.key, prunable.key};
  const auto reconciliation =
      pair_objects({in_sync, modified, missing},
                   {applied(in_sync), applied(prepare(config_map("changed", "old"))),
                    applied(prunable), applied(stray)},
                   inventory);

  std::ostringstream out;
  CHECK(print_diff(reconciliation, "shop", DiffStyle{}, out));
  const auto text = out.str();
  INFO(text);
  CHECK(text.find("+++ git/ConfigMap prod/changed\n") != std::string::npos);
  CHECK(text.find("--- live/ConfigMap prod/new (missing)\n") != std::string::npos);
  CHECK(text.find("+++ git/ConfigMap prod/old (not in git)\n") != std::string::npos);
  CHECK(text.find("prod/same") == std::string::npos);
  // The stray carries the label but is not ours: a note, not a difference.
  CHECK(text.find("# ConfigMap prod/stray: carries the app's label but is kept (") !=
        std::string::npos);
  CHECK(text.find("live/ConfigMap prod/stray") == std::string::npos);
  CHECK(text.ends_with("app shop: 1 modified, 1 missing, 1 to prune, 1 in sync\n"));
  CHECK(text.find("\033[") == std::string::npos);
}

TEST_CASE("print_diff of an app in sync prints only the summary and returns false") {
  const auto desired = prepare(config_map("same", "a"));
  const auto reconciliation = pair_objects({desired}, {applied(desired)}, std::nullopt);
  std::ostringstream out;
  CHECK_FALSE(print_diff(reconciliation, "shop", DiffStyle{}, out));
  CHECK(out.str() == "app shop: 0 modified, 0 missing, 0 to prune, 1 in sync\n");
}

TEST_CASE("a kept extra alone is not a difference") {
  const auto desired = prepare(config_map("same", "a"));
  const auto stray = prepare(config_map("stray", "a"));
  const auto reconciliation =
      pair_objects({desired}, {applied(desired), applied(stray)}, std::nullopt);
  std::ostringstream out;
  CHECK_FALSE(print_diff(reconciliation, "shop", DiffStyle{}, out));
  CHECK(out.str().find("0 to prune") != std::string::npos);
}

TEST_CASE("print_diff colours the diff only when asked") {
  const auto desired = prepare(config_map("changed", "new"));
  const auto reconciliation =
      pair_objects({desired}, {applied(prepare(config_map("changed", "old")))}, std::nullopt);
  std::ostringstream out;
  CHECK(print_diff(reconciliation, "shop", DiffStyle{true}, out));
  CHECK(out.str().find("\033[31m-  key: old\033[0m\n") != std::string::npos);
  CHECK(out.str().find("\033[32m+  key: new\033[0m\n") != std::string::npos);
}
