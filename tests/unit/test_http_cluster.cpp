#include <doctest/doctest.h>

#include "cluster/http_cluster.hpp"
#include "fake_api_proxy.hpp"

using namespace kgitops;
using kgitops::testing::FakeApiProxy;

namespace {

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};

const char* const k_core_discovery = R"({"kind":"APIGroupDiscoveryList","items":[
  {"metadata":{},"versions":[{"version":"v1","resources":[
    {"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},
     "scope":"Namespaced","verbs":["get","list","patch","delete"]}]}]}]})";
const char* const k_no_groups = R"({"kind":"APIGroupDiscoveryList","items":[]})";

std::unique_ptr<Cluster> cluster_of(FakeApiProxy& fake) {
  ClusterOptions options;
  options.kubectl = fake.program();
  options.transport = Transport::http;
  return make_cluster(options);
}

Json config_map(const std::string& name) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}, {"namespace", "prod"}}},
              {"data", {{"k", "v"}}}};
}

}  // namespace

TEST_CASE("api_resources reads the aggregated discovery of /api and /apis") {
  FakeApiProxy fake;
  fake.route("GET /api", {{200, k_core_discovery}});
  fake.route("GET /apis", {{200, k_no_groups}});
  auto resources = cluster_of(fake)->api_resources();
  REQUIRE(resources);
  REQUIRE(resources->size() == 1);
  CHECK((*resources)[0].kind == "ConfigMap");
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["headers"]["Accept"].get<std::string>().find("APIGroupDiscoveryList") !=
        std::string::npos);
}

TEST_CASE("a discovery is shared by the clusters of one connection while it is young") {
  FakeApiProxy fake;
  fake.route("GET /api", {{200, k_core_discovery}});
  fake.route("GET /apis", {{200, k_no_groups}});
  auto first = cluster_of(fake);
  auto second = cluster_of(fake);  // another app of the same identity
  REQUIRE(first->api_resources());
  auto shared = second->api_resources();
  REQUIRE(shared);
  CHECK(shared->size() == 1);
  CHECK(fake.requests().size() == 2);  // one /api and one /apis for both
}

TEST_CASE("an apply of a kind the shared discovery lacks discovers afresh: a CRD just applied") {
  const char* const widgets = R"({"kind":"APIGroupDiscoveryList","items":[
    {"metadata":{"name":"example.com"},"versions":[{"version":"v1","resources":[
      {"resource":"widgets","responseKind":{"group":"example.com","version":"v1","kind":"Widget"},
       "scope":"Cluster","verbs":["get","list","patch"]}]}]}]})";
  FakeApiProxy fake;
  fake.route("GET /api", {{200, k_core_discovery}});
  fake.route("GET /apis", {{200, k_no_groups}, {200, widgets}});
  fake.route("PATCH /apis/example.com/v1/widgets/w", {{200, R"({"kind":"Widget"})"}});
  auto cluster = cluster_of(fake);
  REQUIRE(cluster->api_resources());
  const Json widget{
      {"apiVersion", "example.com/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w"}}}};
  auto results = cluster->apply({widget}, DryRun::no);
  REQUIRE(results);
  CHECK((*results)[0].error.empty());
  CHECK(fake.requests().size() == 5);  // discovery, discovery afresh, the PATCH
}

TEST_CASE("list follows continue tokens, selects by label and types every item") {
  FakeApiProxy fake;
  fake.route(
      "GET /api/v1/configmaps",
      {{200, R"({"metadata":{"continue":"page 2"},"items":[{"metadata":{"name":"a"}}]})"},
       {200, R"({"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"b"}}]})"}});
  auto items = cluster_of(fake)->list({k_configmaps}, "gitops.kubectl.dev/app=web");
  REQUIRE(items);
  REQUIRE(items->size() == 2);
  for (const auto& item : *items) {
    CHECK(item["apiVersion"] == "v1");
    CHECK(item["kind"] == "ConfigMap");
  }
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["path"] ==
        "/api/v1/configmaps?limit=500&labelSelector=gitops.kubectl.dev%2Fapp%3Dweb");
  CHECK(requests[1]["path"].get<std::string>().ends_with("&continue=page%202"));
}

TEST_CASE("a kind the server no longer has lists as empty; a refusal is an error") {
  FakeApiProxy fake;
  fake.route("GET /api/v1/namespaces/prod/configmaps",
             {{403, R"({"kind":"Status","message":"configmaps is forbidden: no"})"}});
  auto cluster = cluster_of(fake);
  const ApiResource gone{"example.com", "v1", "Widget", "widgets", false};
  auto empty = cluster->list({gone}, "");
  REQUIRE(empty);
  CHECK(empty->empty());
  auto refused = cluster->list_namespace({k_configmaps}, "prod");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "cannot list configmaps: configmaps is forbidden: no");
}

TEST_CASE("get is nullopt for 404 and the object otherwise") {
  FakeApiProxy fake;
  fake.route("GET /api/v1/namespaces/prod/configmaps/a", {{200, config_map("a").dump()}});
  auto cluster = cluster_of(fake);
  auto found = cluster->get(k_configmaps, "prod", "a");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((**found)["metadata"]["name"] == "a");
  auto missing = cluster->get(k_configmaps, "prod", "b");
  REQUIRE(missing);
  CHECK_FALSE(*missing);
}

TEST_CASE("apply is a forced server-side apply PATCH per object, failures named alone") {
  FakeApiProxy fake;
  fake.route("GET /api", {{200, k_core_discovery}});
  fake.route("GET /apis", {{200, k_no_groups}});
  fake.route("PATCH /api/v1/namespaces/prod/configmaps/a", {{200, config_map("a").dump()}});
  fake.route(
      "PATCH /api/v1/namespaces/prod/configmaps/b",
      {{422, R"({"kind":"Status","message":"ConfigMap \"b\" is invalid: data: Too long"})"}});
  auto cluster = cluster_of(fake);
  REQUIRE(cluster->api_resources());
  auto results = cluster->apply({config_map("a"), config_map("b")}, DryRun::server);
  REQUIRE(results);
  REQUIRE(results->size() == 2);
  CHECK((*results)[0].error.empty());
  REQUIRE((*results)[0].live);
  CHECK((*results)[1].error == "ConfigMap \"b\" is invalid: data: Too long");
  for (const auto& request : fake.requests()) {
    if (request["method"] == "PATCH") {
      CHECK(request["path"].get<std::string>().ends_with(
          "?fieldManager=kubectl-gitops&force=true&dryRun=All"));
      CHECK(request["headers"]["Content-Type"] == "application/apply-patch+yaml");
    }
  }
}

TEST_CASE("apply of a kind discovery does not know asks discovery again, then names it") {
  FakeApiProxy fake;
  fake.route("GET /api", {{200, k_core_discovery}});
  fake.route("GET /apis", {{200, k_no_groups}});
  auto cluster = cluster_of(fake);
  const Json widget{
      {"apiVersion", "example.com/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w"}}}};
  auto results = cluster->apply({widget}, DryRun::no);
  REQUIRE(results);
  CHECK((*results)[0].error.find("no matches for kind \"Widget\"") != std::string::npos);
}

TEST_CASE("remove deletes with a UID precondition; 404 is success, 409 is not") {
  FakeApiProxy fake;
  fake.route("DELETE /api/v1/namespaces/prod/configmaps/a", {{200, "{}"}});
  fake.route("DELETE /api/v1/namespaces/prod/configmaps/c",
             {{409, R"({"message":"Precondition failed: UID in precondition: u1"})"}});
  auto cluster = cluster_of(fake);
  CHECK(cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "a"}, "u1"));
  CHECK(cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "b"}, "u1"));
  auto conflict = cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "c"}, "u1");
  REQUIRE_FALSE(conflict);
  CHECK(conflict.error().message.find("Precondition failed") != std::string::npos);
  const auto first = Json::parse(fake.requests()[0]["body"].get<std::string>());
  CHECK(first["preconditions"]["uid"] == "u1");
  CHECK(first["propagationPolicy"] == "Background");
}

TEST_CASE("annotate merges one annotation, or removes it with null") {
  FakeApiProxy fake;
  fake.route("PATCH /api/v1/namespaces/prod/configmaps/a", {{200, "{}"}});
  auto cluster = cluster_of(fake);
  REQUIRE(cluster->annotate(k_configmaps, {"", "ConfigMap", "prod", "a"}, "x/y", "true"));
  REQUIRE(cluster->annotate(k_configmaps, {"", "ConfigMap", "prod", "a"}, "x/y", std::nullopt));
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["headers"]["Content-Type"] == "application/merge-patch+json");
  CHECK(Json::parse(requests[0]["body"].get<std::string>())["metadata"]["annotations"]["x/y"] ==
        "true");
  CHECK(Json::parse(requests[1]["body"].get<std::string>())["metadata"]["annotations"]["x/y"]
            .is_null());
}

TEST_CASE("status_message reads a Status, or gives the body") {
  CHECK(status_message({409, R"({"kind":"Status","message":"conflict"})"}) == "conflict");
  CHECK(status_message({502, "bad gateway\n"}) == "bad gateway");
  CHECK(status_message({500, ""}) == "the API server answered 500");
}
