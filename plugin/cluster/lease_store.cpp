#include "cluster/lease_store.hpp"

#include "cluster/kubectl_cluster.hpp"
#include "process/process.hpp"

namespace kgitops {
namespace {

class KubectlLeaseStore final : public LeaseStore {
 public:
  KubectlLeaseStore(ClusterOptions options, std::string ns, std::string name)
      : m_options(std::move(options)), m_ns(std::move(ns)), m_name(std::move(name)) {}

  Result<std::optional<Json>> get() override {
    auto output = run("get", "");
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->find_first_not_of(" \t\r\n") == std::string::npos) {
      return std::optional<Json>{};
    }
    auto lease = Json::parse(*output, nullptr, false);
    if (lease.is_discarded() || !lease.is_object()) {
      return fail("cannot parse the Lease ", m_ns, "/", m_name, " kubectl printed");
    }
    return std::optional<Json>{std::move(lease)};
  }

  Result<void> create(const Json& lease) override { return written(run("create", lease.dump())); }

  Result<void> replace(const Json& lease) override { return written(run("replace", lease.dump())); }

 private:
  // kubectl's output, or its error naming the Lease.
  Result<std::string> run(const std::string& verb, std::string input) {
    auto output = run_process(ProcessRequest{lease_argv(m_options, verb, m_ns, m_name),
                                             std::move(input),
                                             {},
                                             kubectl_args::process_deadline(m_options)});
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      auto message = output->err;
      while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
        message.pop_back();
      }
      return fail("cannot ", verb, " the Lease ", m_ns, "/", m_name, ": ", message);
    }
    return std::move(output->out);
  }

  static Result<void> written(const Result<std::string>& output) {
    if (!output) {
      return std::unexpected(output.error());
    }
    return {};
  }

  ClusterOptions m_options;
  std::string m_ns;
  std::string m_name;
};

}  // namespace

std::vector<std::string> lease_argv(const ClusterOptions& options, const std::string& verb,
                                    const std::string& ns, const std::string& name) {
  auto argv = kubectl_args::request(options);
  argv.push_back(verb);
  if (verb == "get") {
    argv.emplace_back("leases.coordination.k8s.io");
    argv.push_back(name);
    argv.emplace_back("--ignore-not-found");
  } else {
    argv.emplace_back("-f");
    argv.emplace_back("-");
  }
  argv.push_back("--namespace=" + ns);
  argv.emplace_back("-o");
  argv.emplace_back("json");
  return argv;
}

std::unique_ptr<LeaseStore> make_kubectl_lease_store(const ClusterOptions& options, std::string ns,
                                                     std::string name) {
  return std::make_unique<KubectlLeaseStore>(options, std::move(ns), std::move(name));
}

}  // namespace kgitops
