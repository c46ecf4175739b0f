#include <doctest/doctest.h>

#include "cluster/http_cluster.hpp"
#include "fake_api_proxy.hpp"

using namespace kgitops;
using kgitops::testing::FakeApiProxy;

namespace {

const char* const k_leases = "/apis/coordination.k8s.io/v1/namespaces/kubectl-gitops/leases";

std::unique_ptr<LeaseStore> store_of(FakeApiProxy& fake) {
  ClusterOptions options;
  options.kubectl = fake.program();
  return make_http_lease_store(shared_api_connection(options), std::chrono::seconds(10),
                               "kubectl-gitops", "agent");
}

}  // namespace

TEST_CASE("a Lease that is not there reads as none; one that is, as itself") {
  FakeApiProxy fake;
  fake.route(std::string("GET ") + k_leases + "/agent",
             {{404, R"({"kind":"Status","code":404})"},
              {200, R"({"kind":"Lease","spec":{"holderIdentity":"a"}})"}});
  auto store = store_of(fake);
  auto none = store->get();
  REQUIRE(none);
  CHECK_FALSE(*none);
  auto lease = store->get();
  REQUIRE(lease);
  REQUIRE(*lease);
  CHECK((**lease)["spec"]["holderIdentity"] == "a");
}

TEST_CASE("a Lease is created with POST and replaced with PUT; a conflict is an error") {
  FakeApiProxy fake;
  fake.route(std::string("POST ") + k_leases, {{201, "{}"}});
  fake.route(std::string("PUT ") + k_leases + "/agent",
             {{409, R"({"kind":"Status","message":"the object has been modified"})"}});
  auto store = store_of(fake);
  CHECK(store->create(Json{{"kind", "Lease"}}));
  auto replaced = store->replace(Json{{"kind", "Lease"}});
  REQUIRE_FALSE(replaced);
  CHECK(replaced.error().message ==
        "cannot replace the Lease kubectl-gitops/agent: the object has been modified");
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["method"] == "POST");
  CHECK(requests[0]["body"] == R"({"kind":"Lease"})");
}

TEST_CASE("probe_over_http asks /readyz") {
  FakeApiProxy fake;
  fake.route("GET /readyz", {{200, "ok"}, {500, "[-]etcd failed"}});
  ClusterOptions options;
  options.kubectl = fake.program();
  auto connection = shared_api_connection(options);
  CHECK(probe_over_http(*connection, std::chrono::seconds(5)));
  auto down = probe_over_http(*connection, std::chrono::milliseconds(500));
  REQUIRE_FALSE(down);
  CHECK(down.error().message.find("etcd failed") != std::string::npos);
}
