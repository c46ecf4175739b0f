#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/constants.hpp"
#include "engine/app_status.hpp"
#include "engine/audit.hpp"
#include "engine/inventory.hpp"
#include "engine/ownership.hpp"
#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;
using kgitops::testing::record_update;

namespace {

std::string repo_of(const std::string& app) {
  return "https://git.example.com/acme/" + app + ".git";
}

// Syncs the app `name`, declared in the folder of that name, into `ns`.
void sync_app(FakeCluster& cluster, FakeGitSource& git, const std::string& name,
              const std::string& ns) {
  SyncOptions options;
  options.app.name = name;
  options.app.source = SourceSpec{repo_of(name), "main"};
  options.app.path = name;
  options.app.default_namespace = ns;
  std::ostringstream log;
  SyncEventPrinter printer(log);
  auto report = run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
  REQUIRE(report.has_value());
  REQUIRE(report->succeeded());
}

// The apps as the CLI finds them: from their inventories, all of them with -A.
std::vector<AppSpec> recorded_apps(FakeCluster& cluster, const std::vector<std::string>& names) {
  std::vector<AppSpec> apps;
  if (names.empty()) {
    auto inventories = list_inventories(cluster);
    REQUIRE(inventories.has_value());
    for (const auto& inventory : *inventories) {
      apps.push_back(recorded_app(inventory));
    }
    return apps;
  }
  for (const auto& name : names) {
    auto inventory = load_inventory(cluster, name);
    REQUIRE(inventory.has_value());
    REQUIRE(inventory->has_value());
    apps.push_back(recorded_app(**inventory));
  }
  return apps;
}

AuditReport audit(FakeCluster& cluster, FakeGitSource& git, const std::vector<AppSpec>& apps,
                  bool all_apps = false) {
  auto report = run_audit(cluster, git, apps, all_apps, "kubectl");
  REQUIRE(report.has_value());
  return *report;
}

AuditReport audit_app(FakeCluster& cluster, FakeGitSource& git, const std::string& app) {
  return audit(cluster, git, recorded_apps(cluster, {app}));
}

AuditReport audit_all(FakeCluster& cluster, FakeGitSource& git) {
  return audit(cluster, git, recorded_apps(cluster, {}), true);
}

const AuditRow& row_of(const AuditReport& report, const std::string& app, const std::string& name) {
  for (const auto& row : report.rows) {
    if (row.app == app && row.key.name == name) {
      return row;
    }
  }
  FAIL("no row of app " << app << " for " << name);
  return report.rows.front();
}

// One managedFields entry as the API server writes it.
Json managed_fields_entry(const std::string& manager, const std::string& operation,
                          const std::string& subresource, const std::string& time,
                          const Json& fields) {
  Json entry{{"manager", manager}, {"operation", operation},   {"apiVersion", "apps/v1"},
             {"time", time},       {"fieldsType", "FieldsV1"}, {"fieldsV1", fields}};
  if (!subresource.empty()) {
    entry["subresource"] = subresource;
  }
  return entry;
}

const Json k_replicas_fields = {{"f:spec", {{"f:replicas", Json::object()}}}};
const Json k_image_fields = {
    {"f:spec",
     {{"f:template",
       {{"f:spec",
         {{"f:containers", {{"k:{\"name\":\"web\"}", {{"f:image", Json::object()}}}}}}}}}}}};

// What client-side apply records of itself: its last-applied annotation.
const Json k_last_applied_fields = {
    {"f:metadata",
     {{"f:annotations",
       {{".", Json::object()},
        {"f:kubectl.kubernetes.io/last-applied-configuration", Json::object()}}}}}};

// An object made by hand in the cluster, with the labels and annotations given.
void add_live(FakeCluster& cluster, const ResourceKey& key, const Json& labels,
              const Json& annotations = Json::object()) {
  Json object{{"apiVersion", key.group.empty() ? "v1" : key.group + "/v1"},
              {"kind", key.kind},
              {"metadata",
               {{"name", key.name},
                {"namespace", key.ns},
                {"uid", "uid-hand-" + key.name},
                {"labels", labels},
                {"annotations", annotations}}}};
  cluster.objects[key] = object;
}

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};
const ResourceKey k_settings{"", "ConfigMap", "prod", "settings"};

// What versions before ownership checks did when a second app declared an
// object: it took it over, label and all, and listed it in its inventory.
void taken_over_by(FakeCluster& cluster, const std::string& app, const ResourceKey& key) {
  auto current = load_inventory(cluster, app);
  REQUIRE(current.has_value());
  Inventory inventory = *current ? **current : Inventory{};
  inventory.app = app;
  inventory.repo = repo_of(app);
  inventory.revision = "main";
  inventory.path = app;
  inventory.members.insert(key);
  REQUIRE(store_inventory(cluster, inventory, *current).has_value());
  auto& object = cluster.objects.at(key);
  set_label(object, keys::k_app_label, app);
  set_label(object, keys::k_applyset_part_of_label, applyset_id(app));
  set_annotation(object, keys::k_tracking_annotation, tracking_id(app, key));
}

// shop, synced into prod: Deployment web and ConfigMap settings.
void synced_shop(FakeCluster& cluster, FakeGitSource& git) {
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/settings.yaml"] = configmap("settings");
  sync_app(cluster, git, "shop", "prod");
}

}  // namespace

TEST_CASE("an app just synced audits as InSync, with nothing to report, and audit writes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  const auto writes = cluster.applies + cluster.deletes;
  const auto report = audit_app(cluster, git, "shop");
  CHECK(report.apps == std::vector<std::string>{"shop"});
  REQUIRE(report.rows.size() == 2);
  for (const auto& row : report.rows) {
    CHECK(row.app == "shop");
    CHECK(row.state == "InSync");
    CHECK_FALSE(row.category.has_value());
    CHECK(row.prune_action.empty());
    CHECK(row.drift.empty());
    CHECK(row.notes.empty());
  }
  CHECK(report.errors.empty());
  CHECK_FALSE(report.unmanaged.has_value());
  for (const auto category : {AuditCategory::drift, AuditCategory::orphan, AuditCategory::conflict,
                              AuditCategory::foreign}) {
    CHECK_FALSE(report.has(category));
  }
  CHECK(cluster.applies + cluster.deletes == writes);
}

TEST_CASE("drift is attributed to the manager, operation, subresource and time that wrote it") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  auto& web = cluster.objects.at(k_web);
  // `kubectl scale`, then `kubectl set image`.
  web["spec"]["replicas"] = 5;
  web["metadata"]["managedFields"].push_back(managed_fields_entry(
      "kubectl", "Update", "scale", "2026-11-29T17:40:00Z", k_replicas_fields));
  web["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28";
  web["metadata"]["managedFields"].push_back(
      managed_fields_entry("kubectl-set", "Update", "", "2026-11-29T18:00:00Z", k_image_fields));
  const auto report = audit_app(cluster, git, "shop");
  const auto& row = row_of(report, "shop", "web");
  CHECK(row.state == "Drifted");
  CHECK(row.category == AuditCategory::drift);
  REQUIRE(row.drift.size() == 2);
  CHECK(row.drift[0].path == "spec.replicas");
  REQUIRE(row.drift[0].owner.has_value());
  CHECK(row.drift[0].owner->manager == "kubectl");
  CHECK(row.drift[0].owner->operation == "Update");
  CHECK(row.drift[0].owner->subresource == "scale");
  CHECK(row.drift[0].owner->time == "2026-11-29T17:40:00Z");
  CHECK(row.drift[1].path == "spec.template.spec.containers[name=web].image");
  REQUIRE(row.drift[1].owner.has_value());
  CHECK(row.drift[1].owner->manager == "kubectl-set");
  CHECK(row.drift[1].owner->subresource.empty());
  CHECK(row_of(report, "shop", "settings").state == "InSync");
  CHECK(report.has(AuditCategory::drift));
  CHECK_FALSE(report.has(AuditCategory::orphan));
}

TEST_CASE("drift that no managedFields entry claims is reported without an owner") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  cluster.objects.at(k_settings)["data"]["a"] = "changed";
  const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "settings");
  CHECK(row.state == "Drifted");
  REQUIRE(row.drift.size() == 1);
  CHECK(row.drift[0].path == "data.a");
  CHECK_FALSE(row.drift[0].owner.has_value());
  // The JSON keeps its shape: every key, null when nobody owns the field.
  const auto json = audit_to_json(audit_app(cluster, git, "shop"));
  for (const auto& object : json["objects"]) {
    if (object["name"] == "settings") {
      CHECK(object["drift"] == Json::array({{{"path", "data.a"},
                                             {"manager", nullptr},
                                             {"operation", nullptr},
                                             {"subresource", nullptr},
                                             {"time", nullptr}}}));
    }
  }
}

TEST_CASE("fields of an ignored manager are not drift; without --ignore-manager they are") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  // An HPA scaled the Deployment through the scale subresource.
  auto& web = cluster.objects.at(k_web);
  web["spec"]["replicas"] = 4;
  record_update(web, managed_fields_entry("kube-controller-manager", "Update", "scale",
                                          "2026-11-29T17:40:00Z", k_replicas_fields));
  auto apps = recorded_apps(cluster, {"shop"});
  const auto drifted = row_of(audit(cluster, git, apps), "shop", "web");
  CHECK(drifted.state == "Drifted");
  REQUIRE(drifted.drift.size() == 1);
  REQUIRE(drifted.drift[0].owner.has_value());
  CHECK(drifted.drift[0].owner->manager == "kube-controller-manager");

  apps.front().ignore_managers = {"kube-controller-manager"};
  const auto left_alone = row_of(audit(cluster, git, apps), "shop", "web");
  CHECK(left_alone.state == "InSync");
  CHECK(left_alone.drift.empty());
  CHECK_FALSE(left_alone.category.has_value());
}

TEST_CASE("an object git declares and the cluster lacks is Missing, in the drift category") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  cluster.objects.erase(k_web);
  const auto report = audit_app(cluster, git, "shop");
  const auto& row = row_of(report, "shop", "web");
  CHECK(row.state == "Missing");
  CHECK(row.category == AuditCategory::drift);
  CHECK(row.prune_action.empty());
  CHECK(report.has(AuditCategory::drift));
}

TEST_CASE("an app never synced, audited against its repository, is all Missing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  AppSpec app;
  app.name = "shop";
  app.source = SourceSpec{repo_of("shop"), "main"};
  app.path = "shop";
  app.default_namespace = "prod";
  const auto report = audit(cluster, git, {app});
  REQUIRE(report.rows.size() == 1);
  CHECK(report.rows[0].key == k_web);
  CHECK(report.rows[0].state == "Missing");
}

TEST_CASE("an object the app owns and git no longer declares is Extra: prune would delete it") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  git.files.erase("shop/settings.yaml");
  const auto report = audit_app(cluster, git, "shop");
  const auto& row = row_of(report, "shop", "settings");
  CHECK(row.state == "Extra");
  CHECK(row.prune_action == "prune");
  CHECK(row.prune_reason == "owned by this app and no longer in git");
  // What the next sync --prune deletes is no finding of its own.
  CHECK_FALSE(row.category.has_value());
  CHECK_FALSE(report.has(AuditCategory::orphan));
  CHECK_FALSE(report.has(AuditCategory::drift));
}

TEST_CASE("an object with the app's label that its inventory lacks is an Orphan prune keeps") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  // A copy made by hand, label and all.
  const ResourceKey stray{"", "ConfigMap", "prod", "stray"};
  add_live(cluster, stray, {{keys::k_app_label, "shop"}});
  const auto report = audit_app(cluster, git, "shop");
  REQUIRE(report.rows.size() == 3);
  const auto& row = row_of(report, "shop", "stray");
  CHECK(row.state == "Orphan");
  CHECK(row.category == AuditCategory::orphan);
  CHECK(row.prune_action == "keep");
  CHECK(row.prune_reason == "not in the app's inventory (label copied or set by hand)");
  CHECK(report.has(AuditCategory::orphan));
}

TEST_CASE("objects marked by Helm or another tool are Foreign and never reported as prunable") {
  const std::vector<std::pair<Json, Json>> marks = {
      {Json::object(), {{"meta.helm.sh/release-name", "shop"}}},
      {{{"app.kubernetes.io/managed-by", "Helm"}}, Json::object()},
      {{{"argocd.argoproj.io/instance", "shop"}}, Json::object()},
      {{{"kustomize.toolkit.fluxcd.io/name", "shop"}}, Json::object()},
      {{{"kapp.k14s.io/app", "1"}}, Json::object()},
      {{{keys::k_applyset_part_of_label, "applyset-other"}}, Json::object()},
  };
  for (const auto& [labels, annotations] : marks) {
    INFO("labels ", labels.dump(), ", annotations ", annotations.dump());
    FakeCluster cluster;
    FakeGitSource git;
    synced_shop(cluster, git);
    // Gone from git, in the inventory and tracked as ours, but marked by
    // another tool: prune must keep it.
    git.files.erase("shop/settings.yaml");
    auto& settings = cluster.objects.at(k_settings);
    for (const auto& [key, value] : labels.items()) {
      set_label(settings, key, value.get<std::string>());
      record_update(
          settings,
          managed_fields_entry("other-tool", "Update", "", "2026-11-29T17:40:00Z",
                               {{"f:metadata", {{"f:labels", {{"f:" + key, Json::object()}}}}}}));
    }
    for (const auto& [key, value] : annotations.items()) {
      set_annotation(settings, key, value.get<std::string>());
    }
    // Not in the inventory at all, with the app's label and the same mark.
    Json stray_labels = labels;
    stray_labels[keys::k_app_label] = "shop";
    add_live(cluster, {"", "ConfigMap", "prod", "stray"}, stray_labels, annotations);

    const auto report = audit_app(cluster, git, "shop");
    for (const auto* name : {"settings", "stray"}) {
      const auto& row = row_of(report, "shop", name);
      CHECK(row.state == "Foreign");
      CHECK(row.category == AuditCategory::foreign);
      CHECK(row.prune_action == "keep");
    }
    const auto owner = foreign_owner(cluster.objects.at(k_settings), "shop");
    REQUIRE(owner.has_value());
    CHECK(row_of(report, "shop", "settings").prune_reason == *owner);
    for (const auto& row : report.rows) {
      CHECK(row.prune_action != "prune");
    }
    CHECK(report.has(AuditCategory::foreign));
  }
}

TEST_CASE(
    "an object git declares that another tool marks is Foreign, with a note naming the mark") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  set_annotation(cluster.objects.at(k_settings), "meta.helm.sh/release-name", "legacy");
  cluster.objects.at(k_settings)["data"]["a"] = "helm's";
  const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "settings");
  CHECK(row.state == "Foreign");
  CHECK(row.category == AuditCategory::foreign);
  CHECK(row.prune_action.empty());
  REQUIRE_FALSE(row.notes.empty());
  CHECK(row.notes[0] ==
        "git declares it, but it carries Helm's annotation meta.helm.sh/release-name");
  // Its drift is still listed.
  REQUIRE(row.drift.size() == 1);
  CHECK(row.drift[0].path == "data.a");
}

TEST_CASE("an object whose tracking annotation names another app is a Conflict") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  set_annotation(cluster.objects.at(k_settings), keys::k_tracking_annotation,
                 "blog:/ConfigMap:prod/settings");
  const ResourceKey taken{"", "ConfigMap", "prod", "taken"};
  add_live(cluster, taken, {{keys::k_app_label, "shop"}},
           {{keys::k_tracking_annotation, "blog:/ConfigMap:prod/taken"}});
  const auto report = audit_app(cluster, git, "shop");
  const auto& declared = row_of(report, "shop", "settings");
  CHECK(declared.state == "Conflict");
  CHECK(declared.category == AuditCategory::conflict);
  CHECK(declared.notes ==
        std::vector<std::string>{"also claimed by blog:/ConfigMap:prod/settings"});
  const auto& extra = row_of(report, "shop", "taken");
  CHECK(extra.state == "Conflict");
  CHECK(extra.category == AuditCategory::conflict);
  CHECK(extra.prune_action == "keep");
  CHECK(report.has(AuditCategory::conflict));
}

TEST_CASE("an object in two apps' inventories is a Conflict for both, whatever its labels say") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/shared.yaml"] = configmap("shared", "common");
  git.files["blog/shared.yaml"] = configmap("shared", "common");
  sync_app(cluster, git, "shop", "prod");
  taken_over_by(cluster, "blog", {"", "ConfigMap", "common", "shared"});
  const auto report = audit_all(cluster, git);
  CHECK(report.apps == std::vector<std::string>{"blog", "shop"});
  const auto& blogs = row_of(report, "blog", "shared");
  const auto& shops = row_of(report, "shop", "shared");
  for (const auto* row : {&blogs, &shops}) {
    CHECK(row->key == ResourceKey{"", "ConfigMap", "common", "shared"});
    CHECK(row->state == "Conflict");
    CHECK(row->category == AuditCategory::conflict);
    REQUIRE_FALSE(row->notes.empty());
    CHECK(row->notes.back() == "listed in the inventories of blog, shop");
  }
  CHECK(row_of(report, "shop", "web").state == "InSync");
  CHECK(report.has(AuditCategory::conflict));
}

TEST_CASE("with -A an app whose repository cannot be read is an error; the others are audited") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  git.files["blog/post.yaml"] = configmap("post");
  sync_app(cluster, git, "blog", "blog");
  git.unreachable_repos.insert(repo_of("blog"));
  const auto report = audit_all(cluster, git);
  CHECK(report.apps == std::vector<std::string>{"blog", "shop"});
  CHECK(report.errors ==
        std::vector<std::string>{
            "blog: cannot fetch https://git.example.com/acme/blog.git: repository not found"});
  REQUIRE(report.rows.size() == 2);
  for (const auto& row : report.rows) {
    CHECK(row.app == "shop");
  }
}

TEST_CASE("an object in two inventories is a Conflict even when the other app cannot be read") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/shared.yaml"] = configmap("shared", "common");
  git.files["blog/shared.yaml"] = configmap("shared", "common");
  sync_app(cluster, git, "blog", "blog");
  taken_over_by(cluster, "shop", {"", "ConfigMap", "common", "shared"});
  git.unreachable_repos.insert(repo_of("blog"));
  const auto report = audit_all(cluster, git);
  REQUIRE(report.errors.size() == 1);
  const auto& row = row_of(report, "shop", "shared");
  CHECK(row.state == "Conflict");
  CHECK(row.category == AuditCategory::conflict);
  CHECK(row.notes == std::vector<std::string>{"listed in the inventories of blog, shop"});
}

TEST_CASE("with -A objects no GitOps tool manages in the apps' namespaces are counted") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  add_live(cluster, {"", "ConfigMap", "prod", "by-hand"}, Json::object());
  add_live(cluster, {"apps", "Deployment", "prod", "by-hand"}, Json::object());
  // Not counted: what the cluster makes itself, what controllers make, what
  // other tools manage, and what lives in namespaces of no app.
  add_live(cluster, {"", "ConfigMap", "prod", "kube-root-ca.crt"}, Json::object());
  add_live(cluster, {"", "Secret", "prod", "token"}, Json::object());
  cluster.objects.at({"", "Secret", "prod", "token"})["type"] =
      "kubernetes.io/service-account-token";
  add_live(cluster, {"", "Service", "prod", "made"}, Json::object());
  cluster.objects.at({"", "Service", "prod", "made"})["metadata"]["ownerReferences"] =
      Json::array({{{"kind", "Deployment"}, {"name", "web"}}});
  add_live(cluster, {"", "Secret", "prod", "chart"}, {{"app.kubernetes.io/managed-by", "Helm"}});
  add_live(cluster, {"", "ConfigMap", "elsewhere", "by-hand"}, Json::object());
  const auto report = audit_all(cluster, git);
  REQUIRE(report.unmanaged.has_value());
  CHECK(*report.unmanaged == 2);
  // The unmanaged objects are counted, not audited.
  CHECK(report.rows.size() == 2);
  // Only -A looks for them.
  CHECK_FALSE(audit_app(cluster, git, "shop").unmanaged.has_value());
}

TEST_CASE("a failed list of the app's objects fails the audit, naming what could not be listed") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  cluster.failing_lists.insert("deployments");
  auto report = run_audit(cluster, git, recorded_apps(cluster, {"shop"}), false, "kubectl");
  REQUIRE_FALSE(report.has_value());
  CHECK(to_string(report.error()).starts_with("cannot list deployments: "));
}

TEST_CASE("with -A the API's own Service in default is not counted as unmanaged") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["blog/settings.yaml"] = configmap("blog-settings");
  sync_app(cluster, git, "blog", "default");
  add_live(cluster, {"", "Service", "default", "kubernetes"}, Json::object());
  add_live(cluster, {"", "Service", "default", "by-hand"}, Json::object());
  const auto report = audit_all(cluster, git);
  REQUIRE(report.unmanaged.has_value());
  CHECK(*report.unmanaged == 1);
}

TEST_CASE("with -A a failed list of the unmanaged objects fails the audit, naming the kind") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  // CronJobs are listed only to count unmanaged objects.
  cluster.failing_lists.insert("cronjobs");
  CHECK(run_audit(cluster, git, recorded_apps(cluster, {"shop"}), false, "kubectl").has_value());
  auto report = run_audit(cluster, git, recorded_apps(cluster, {}), true, "kubectl");
  REQUIRE_FALSE(report.has_value());
  CHECK(to_string(report.error()).starts_with("cannot list cronjobs: "));
}

TEST_CASE("audit_to_json has the documented keys and values") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  auto& web = cluster.objects.at(k_web);
  web["spec"]["replicas"] = 5;
  web["metadata"]["managedFields"].push_back(managed_fields_entry(
      "kubectl", "Update", "scale", "2026-11-29T17:40:00Z", k_replicas_fields));
  git.files.erase("shop/settings.yaml");
  const auto json = audit_to_json(audit_app(cluster, git, "shop"));

  auto keys_of = [](const Json& object) {
    std::set<std::string> names;
    for (const auto& [key, value] : object.items()) {
      names.insert(key);
    }
    return names;
  };
  CHECK(keys_of(json) ==
        std::set<std::string>{"apps", "objects", "summary", "errors", "unmanaged"});
  CHECK(json["apps"] == Json::array({"shop"}));
  CHECK(json["summary"] == Json{{"Drifted", 1}, {"Extra", 1}});
  CHECK(json["errors"] == Json::array());
  CHECK(json["unmanaged"].is_null());
  REQUIRE(json["objects"].size() == 2);
  for (const auto& object : json["objects"]) {
    CHECK(keys_of(object) == std::set<std::string>{"app", "group", "kind", "namespace", "name",
                                                   "state", "category", "prune", "drift", "adopted",
                                                   "notes"});
    CHECK(keys_of(object["prune"]) == std::set<std::string>{"action", "reason"});
    CHECK(object["notes"].is_array());
  }
  const auto& drifted = json["objects"][0];
  CHECK(drifted["app"] == "shop");
  CHECK(drifted["group"] == "apps");
  CHECK(drifted["kind"] == "Deployment");
  CHECK(drifted["namespace"] == "prod");
  CHECK(drifted["name"] == "web");
  CHECK(drifted["state"] == "Drifted");
  CHECK(drifted["category"] == "drift");
  CHECK(drifted["prune"] == Json{{"action", ""}, {"reason", ""}});
  CHECK(drifted["drift"] == Json::array({{{"path", "spec.replicas"},
                                          {"manager", "kubectl"},
                                          {"operation", "Update"},
                                          {"subresource", "scale"},
                                          {"time", "2026-11-29T17:40:00Z"}}}));
  const auto& extra = json["objects"][1];
  CHECK(extra["name"] == "settings");
  CHECK(extra["group"] == "");
  CHECK(extra["state"] == "Extra");
  CHECK(extra["category"] == "");
  CHECK(extra["prune"] ==
        Json{{"action", "prune"}, {"reason", "owned by this app and no longer in git"}});
  CHECK(extra["drift"] == Json::array());
}

TEST_CASE("audit_to_json of -A counts the unmanaged objects and lists the errors") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  add_live(cluster, {"", "ConfigMap", "prod", "by-hand"}, Json::object());
  git.unreachable_repos.insert(repo_of("shop"));
  const auto json = audit_to_json(audit_all(cluster, git));
  CHECK(json["apps"] == Json::array({"shop"}));
  CHECK(json["objects"] == Json::array());
  CHECK(json["summary"] == Json::object());
  CHECK(json["errors"] ==
        Json::array({"shop: cannot fetch https://git.example.com/acme/shop.git: repository not "
                     "found"}));
  // No app could be read, so no namespace is known to search.
  CHECK(json["unmanaged"] == 0);
}

TEST_CASE("the audit table shows each object's state, prune decision, drift owners and notes") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  auto& web = cluster.objects.at(k_web);
  web["spec"]["replicas"] = 5;
  web["metadata"]["managedFields"].push_back(managed_fields_entry(
      "kubectl", "Update", "scale", "2026-11-29T17:40:00Z", k_replicas_fields));
  git.files.erase("shop/settings.yaml");
  add_live(cluster, {"", "ConfigMap", "prod", "stray"}, {{keys::k_app_label, "shop"}});
  std::ostringstream out;
  print_audit_table(audit_app(cluster, git, "shop"), false, out);
  CHECK(out.str() ==
        "shop  Deployment.apps prod/web  Drifted\n"
        "    spec.replicas changed by kubectl (Update, subresource scale, at "
        "2026-11-29T17:40:00Z)\n"
        "shop  ConfigMap prod/stray  Orphan  prune: keeps it (not in the app's inventory (label "
        "copied or set by hand))\n"
        "shop  ConfigMap prod/settings  Extra  prune: would delete (owned by this app and no "
        "longer in git)\n"
        "3 objects in 1 app(s): 1 Drifted 1 Extra 1 Orphan\n");
}

TEST_CASE("the audit table prints notes, errors and the unmanaged count") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  set_annotation(cluster.objects.at(k_settings), "meta.helm.sh/release-name", "legacy");
  git.files["blog/post.yaml"] = configmap("post");
  sync_app(cluster, git, "blog", "blog");
  git.unreachable_repos.insert(repo_of("blog"));
  add_live(cluster, {"", "ConfigMap", "prod", "by-hand"}, Json::object());
  std::ostringstream out;
  print_audit_table(audit_all(cluster, git), false, out);
  const auto text = out.str();
  CHECK(text.find("shop  ConfigMap prod/settings  Foreign\n"
                  "    note: git declares it, but it carries Helm's annotation "
                  "meta.helm.sh/release-name\n") != std::string::npos);
  CHECK(text.find("error: blog: cannot fetch https://git.example.com/acme/blog.git: repository "
                  "not found\n") != std::string::npos);
  CHECK(
      text.ends_with("2 objects in 2 app(s): 1 Foreign 1 InSync; 1 unmanaged objects in the "
                     "apps' namespaces\n"));
}

TEST_CASE("the audit table paints states only when asked to") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  cluster.objects.at(k_web)["spec"]["replicas"] = 5;
  git.files.erase("shop/settings.yaml");
  const auto report = audit_app(cluster, git, "shop");
  std::ostringstream plain;
  print_audit_table(report, false, plain);
  CHECK(plain.str().find('\033') == std::string::npos);
  std::ostringstream painted;
  print_audit_table(report, true, painted);
  CHECK(painted.str().find("  \033[33mDrifted\033[0m\n") != std::string::npos);
  CHECK(painted.str().find("  \033[31mExtra\033[0m  prune:") != std::string::npos);
}

TEST_CASE("--fail-on names the four categories, and a report has one only if a row does") {
  for (const auto category : {AuditCategory::drift, AuditCategory::orphan, AuditCategory::conflict,
                              AuditCategory::foreign}) {
    CHECK(parse_audit_category(to_string(category)) == category);
  }
  CHECK(to_string(AuditCategory::orphan) == "orphan");
  CHECK_FALSE(parse_audit_category("extra").has_value());
  CHECK_FALSE(parse_audit_category("Drift").has_value());
  CHECK_FALSE(parse_audit_category("").has_value());

  AuditReport report;
  AuditRow extra;
  extra.state = "Extra";
  report.rows.push_back(extra);
  CHECK_FALSE(report.has(AuditCategory::drift));
  AuditRow orphan;
  orphan.state = "Orphan";
  orphan.category = AuditCategory::orphan;
  report.rows.push_back(orphan);
  CHECK(report.has(AuditCategory::orphan));
  CHECK_FALSE(report.has(AuditCategory::foreign));
}

TEST_CASE(
    "a declared field a stale client-side apply manager still owns gets a note with the fix") {
  for (const std::string manager : {"kubectl-client-side-apply", "before-first-apply"}) {
    INFO(manager);
    FakeCluster cluster;
    FakeGitSource git;
    synced_shop(cluster, git);
    Json fields = k_last_applied_fields;
    fields["f:spec"] = {{"f:replicas", Json::object()}};
    cluster.objects.at(k_web)["metadata"]["managedFields"].push_back(
        managed_fields_entry(manager, "Update", "", "2025-01-01T00:00:00Z", fields));
    const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "web");
    // A note, not a finding: the object is still in sync.
    CHECK(row.state == "InSync");
    CHECK_FALSE(row.category.has_value());
    REQUIRE(row.notes.size() == 1);
    CHECK(row.notes[0].starts_with("stale client-side apply: manager " + manager +
                                   " still owns spec.replicas; sync takes them over with "
                                   "--force-conflicts"));
    CHECK(
        row.notes[0].ends_with(R"('[{"op":"remove","path":"/metadata/managedFields/<index>"}]')"));
  }
}

TEST_CASE("a stale client-side apply manager that owns no declared field gets no note") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  // What is left of client-side apply once sync has taken the fields over:
  // its own annotation, and a field git does not declare.
  Json fields = k_last_applied_fields;
  fields["f:spec"] = {{"f:paused", Json::object()}};
  auto& managed = cluster.objects.at(k_web)["metadata"]["managedFields"];
  managed.push_back(managed_fields_entry("kubectl-client-side-apply", "Update", "",
                                         "2025-01-01T00:00:00Z", fields));
  // Another manager owning a declared field is no stale client-side apply.
  managed.push_back(
      managed_fields_entry("kubectl", "Update", "", "2025-01-01T00:00:00Z", k_replicas_fields));
  const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "web");
  CHECK(row.state == "InSync");
  CHECK(row.notes.empty());
}

TEST_CASE("a stale client-side apply note names a declared list element's field") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  Json fields = k_last_applied_fields;
  fields.update(k_image_fields);
  cluster.objects.at(k_web)["metadata"]["managedFields"].push_back(managed_fields_entry(
      "kubectl-client-side-apply", "Update", "", "2025-01-01T00:00:00Z", fields));
  const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "web");
  REQUIRE(row.notes.size() == 1);
  CHECK(
      row.notes[0].starts_with("stale client-side apply: manager kubectl-client-side-apply "
                               "still owns spec.template.spec.containers[name=web].image; "));
}

TEST_CASE("a stale client-side apply note that names one of several owned fields says so") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  Json fields = k_image_fields;
  fields["f:spec"]["f:replicas"] = Json::object();
  cluster.objects.at(k_web)["metadata"]["managedFields"].push_back(managed_fields_entry(
      "kubectl-client-side-apply", "Update", "", "2025-01-01T00:00:00Z", fields));
  const auto row = row_of(audit_app(cluster, git, "shop"), "shop", "web");
  REQUIRE(row.notes.size() == 1);
  CHECK(
      row.notes[0].starts_with("stale client-side apply: manager kubectl-client-side-apply "
                               "still owns spec.replicas (and other fields git declares); "));
}

TEST_CASE("a copy of the app's label on a kind the app does not declare is an Orphan") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web/web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "web", "prod");
  // The app declares no Secret; the search of every kind still finds it.
  const ResourceKey copied{"", "Secret", "prod", "copied"};
  add_live(cluster, copied, {{keys::k_app_label, "web"}});
  const auto report = audit_app(cluster, git, "web");
  const auto& row = row_of(report, "web", "copied");
  CHECK(row.state == "Orphan");
  CHECK(row.prune_action == "keep");
}

TEST_CASE(
    "an object git declares that exists unowned is Unowned; one another app holds, Conflict") {
  FakeCluster cluster;
  FakeGitSource git;
  synced_shop(cluster, git);
  git.files["shop/by-hand.yaml"] = configmap("by-hand");
  git.files["shop/theirs.yaml"] = configmap("theirs");
  add_live(cluster, {"", "ConfigMap", "prod", "by-hand"}, Json::object());
  add_live(cluster, {"", "ConfigMap", "prod", "theirs"}, {{keys::k_app_label, "blog"}});
  const auto report = audit_app(cluster, git, "shop");
  const auto& unowned = row_of(report, "shop", "by-hand");
  CHECK(unowned.state == "Unowned");
  CHECK(unowned.category == AuditCategory::orphan);
  REQUIRE(unowned.notes.size() == 1);
  CHECK(unowned.notes.front().find("--adopt") != std::string::npos);
  const auto& theirs = row_of(report, "shop", "theirs");
  CHECK(theirs.state == "Conflict");
  CHECK(theirs.notes.front().find("held by app blog") != std::string::npos);
}

TEST_CASE("adopted objects are marked as such, in the table and in JSON") {
  FakeCluster cluster;
  FakeGitSource git;
  add_live(cluster, k_settings, Json::object());
  git.files["shop/settings.yaml"] = configmap("settings");
  SyncOptions options;
  options.app.name = "shop";
  options.app.source = SourceSpec{repo_of("shop"), "main"};
  options.app.path = "shop";
  options.app.default_namespace = "prod";
  options.ownership.adopt = true;
  std::ostringstream log;
  SyncEventPrinter printer(log);
  auto synced = run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
  REQUIRE(synced.has_value());
  REQUIRE(synced->count(ObjectAction::adopted) == 1);
  const auto report = audit_app(cluster, git, "shop");
  const auto& row = row_of(report, "shop", "settings");
  CHECK(row.adopted);
  CHECK(row.state == "InSync");
  CHECK(audit_to_json(report)["objects"][0]["adopted"] == true);
}
