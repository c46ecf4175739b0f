#include <doctest/doctest.h>

#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "cluster/kubectl_proxy.hpp"
#include "eventually.hpp"
#include "fake_api_proxy.hpp"

using namespace kgitops;
using kgitops::testing::FakeApiProxy;

namespace {

using kgitops::testing::eventually;

bool process_exists(int pid) {
  return std::filesystem::exists("/proc/" + std::to_string(pid));
}

}  // namespace

TEST_CASE("proxy_argv runs kubectl proxy on a Unix socket with the cluster's flags") {
  ClusterOptions options;
  options.context = "prod";
  options.impersonate = {"system:serviceaccount:team-a:deployer", {}};
  CHECK(proxy_argv(options, "/run/x/api.sock") ==
        std::vector<std::string>{"kubectl", "--context=prod",
                                 "--as=system:serviceaccount:team-a:deployer", "proxy",
                                 "--unix-socket=/run/x/api.sock", "--keepalive=30s"});
}

TEST_CASE("a proxy serves on a socket in a private folder, and is killed and reaped with it") {
  FakeApiProxy fake;
  ClusterOptions options;
  options.kubectl = fake.program();
  std::filesystem::path folder;
  int pid = 0;
  {
    KubectlProxy proxy(options);
    auto socket = proxy.socket();
    REQUIRE(socket);
    folder = std::filesystem::path(*socket).parent_path();
    struct stat info {};
    REQUIRE(::stat(folder.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    pid = proxy.pid();
    CHECK(pid > 0);
    CHECK(proxy.starts() == 1);
    CHECK(proxy.socket().value() == *socket);  // the running proxy is reused
    CHECK(proxy.starts() == 1);
  }
  CHECK_FALSE(std::filesystem::exists(folder));
  CHECK_FALSE(process_exists(pid));  // reaped: not even a zombie is left
}

TEST_CASE("a proxy starts before the first request, so it comes up while git is read") {
  FakeApiProxy fake;
  ClusterOptions options;
  options.kubectl = fake.program();
  KubectlProxy proxy(options);
  REQUIRE(eventually([&] { return proxy.pid() > 0; }));
  const int pid = proxy.pid();
  REQUIRE(proxy.socket());
  CHECK(proxy.pid() == pid);  // the request used the proxy already started
  CHECK(proxy.starts() == 1);
}

TEST_CASE("a proxy that dies is started again on the next request") {
  FakeApiProxy fake;
  ClusterOptions options;
  options.kubectl = fake.program();
  KubectlProxy proxy(options);
  REQUIRE(proxy.socket());
  const int first = proxy.pid();
  ::kill(first, SIGKILL);
  REQUIRE(eventually([&] { return proxy.socket() && proxy.starts() == 2; }));
  CHECK(proxy.pid() != first);
  CHECK(proxy.pid() > 0);
}

TEST_CASE("a kubectl that cannot start the proxy fails with its own words") {
  FakeApiProxy fake("fail");
  ClusterOptions options;
  options.kubectl = fake.program();
  KubectlProxy proxy(options);
  auto socket = proxy.socket();
  REQUIRE_FALSE(socket);
  CHECK(socket.error().message.find("no configuration has been provided") != std::string::npos);
  CHECK(proxy.pid() == 0);
}

TEST_CASE("a kubectl that is not there is a clear error") {
  ClusterOptions options;
  options.kubectl = "kubectl-that-does-not-exist";
  KubectlProxy proxy(options);
  auto socket = proxy.socket();
  REQUIRE_FALSE(socket);
  CHECK(socket.error().message.find("kubectl-that-does-not-exist") != std::string::npos);
}
