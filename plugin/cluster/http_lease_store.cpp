#include "cluster/http_cluster.hpp"

namespace kgitops {
namespace {

class HttpLeaseStore final : public LeaseStore {
 public:
  HttpLeaseStore(std::shared_ptr<ApiConnection> connection, std::chrono::milliseconds timeout,
                 std::string ns, std::string name)
      : m_connection(std::move(connection)),
        m_timeout(timeout),
        m_ns(std::move(ns)),
        m_name(std::move(name)) {}

  Result<std::optional<Json>> get() override {
    auto response = send("GET", path() + "/" + m_name, "");
    if (!response) {
      return std::unexpected(response.error());
    }
    if (response->status == 404) {
      return std::optional<Json>{};
    }
    if (response->status != 200) {
      return failed("get", *response);
    }
    auto lease = Json::parse(response->body, nullptr, false);
    if (lease.is_discarded() || !lease.is_object()) {
      return fail("cannot parse the Lease ", m_ns, "/", m_name, " the API server sent");
    }
    return std::optional<Json>{std::move(lease)};
  }

  // POST fails with 409 when the Lease exists: two agents never both create it.
  Result<void> create(const Json& lease) override {
    return written("create", send("POST", path(), lease.dump()), 201);
  }

  // PUT fails with 409 unless metadata.resourceVersion is still the server's.
  Result<void> replace(const Json& lease) override {
    return written("replace", send("PUT", path() + "/" + m_name, lease.dump()), 200);
  }

 private:
  std::string path() const { return "/apis/coordination.k8s.io/v1/namespaces/" + m_ns + "/leases"; }

  Result<ApiResponse> send(const std::string& method, const std::string& target,
                           const std::string& body) {
    auto response =
        m_connection->client.send({method, target, body, body.empty() ? "" : "application/json",
                                   "application/json", m_timeout});
    if (!response) {
      return fail("cannot reach the Lease ", m_ns, "/", m_name, ": ", to_string(response.error()));
    }
    return response;
  }

  std::unexpected<Error> failed(const std::string& verb, const ApiResponse& response) const {
    return fail("cannot ", verb, " the Lease ", m_ns, "/", m_name, ": ", status_message(response));
  }

  Result<void> written(const std::string& verb, const Result<ApiResponse>& response,
                       long expected) const {
    if (!response) {
      return std::unexpected(response.error());
    }
    if (response->status != expected && response->status != 200) {
      return failed(verb, *response);
    }
    return {};
  }

  std::shared_ptr<ApiConnection> m_connection;
  std::chrono::milliseconds m_timeout;
  std::string m_ns;
  std::string m_name;
};

}  // namespace

Result<void> probe_over_http(ApiConnection& connection, std::chrono::milliseconds timeout) {
  auto response = connection.client.send({"GET", "/readyz", {}, {}, "text/plain", timeout});
  if (!response) {
    return fail("the cluster does not answer: ", to_string(response.error()));
  }
  if (response->status != 200) {
    return fail("the cluster does not answer: ", status_message(*response));
  }
  return {};
}

std::unique_ptr<LeaseStore> make_http_lease_store(std::shared_ptr<ApiConnection> connection,
                                                  std::chrono::milliseconds timeout, std::string ns,
                                                  std::string name) {
  return std::make_unique<HttpLeaseStore>(std::move(connection), timeout, std::move(ns),
                                          std::move(name));
}

}  // namespace kgitops
