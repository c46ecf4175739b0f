#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/constants.hpp"
#include "git/git_source.hpp"

namespace kgitops::testing {

// A repository whose one commit is whatever `files` holds when checked out.
class FakeGitSource final : public GitSource {
 public:
  std::map<std::string, std::string> files;  // relative path -> content
  std::string commit = "0123456789abcdef0123456789abcdef01234567";
  std::set<std::string> unreachable_repos;  // checkout of these fails
  std::set<std::string> throwing_repos;     // checkout of these throws, as a bug would
  // Whether a scope that allows it gets the files under its path from the
  // tree, as a plain folder does, instead of written out.
  bool reads_from_tree = false;
  int checkouts = 0;
  // How old a shared fetch each checkout would take, in order.
  std::vector<std::chrono::milliseconds> reuse_fetch;

  Result<Checkout> checkout(const SourceSpec& source) override {
    reuse_fetch.push_back(source.reuse_fetch);
    if (throwing_repos.contains(source.repo)) {
      throw std::runtime_error("[json.exception.type_error.316] invalid UTF-8 byte at index 3");
    }
    if (unreachable_repos.contains(source.repo)) {
      return fail("cannot fetch ", source.repo, ": repository not found");
    }
    ++checkouts;
    Checkout checkout;
    checkout.commit = commit;
    checkout.revision = "refs/heads/main";
    if (reads_from_tree && source.scope.read_plain_from_tree) {
      for (const auto& [path, content] : files) {
        if (path.starts_with(source.scope.path + "/")) {
          checkout.tree_files.push_back(
              {path, std::to_string(std::hash<std::string>{}(content)), content});
        }
      }
      return checkout;
    }
    checkout.files = std::make_unique<TempDir>("kgitops-fake-git-");
    for (const auto& [path, content] : files) {
      const auto target = checkout.root() / path;
      std::filesystem::create_directories(target.parent_path());
      std::ofstream(target) << content;
    }
    return checkout;
  }
};

// A Deployment as a repository holds it: `replicas` nginx Pods labelled
// app=`name`, in sync wave `wave` when one is given.
inline std::string deployment(const std::string& name, int replicas, std::optional<int> wave = {}) {
  const auto annotations = wave ? "  annotations: {" + std::string(keys::k_sync_wave_annotation) +
                                      ": \"" + std::to_string(*wave) + "\"}\n"
                                : std::string();
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n" + annotations +
         "spec:\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels: {app: " + name +
         "}\n  template:\n    metadata:\n      labels: {app: " + name +
         "}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
}

// A ConfigMap as a repository holds it, in namespace `ns` when one is given.
inline std::string configmap(const std::string& name, const std::string& ns = "") {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
         (ns.empty() ? "" : "\n  namespace: " + ns) + "\ndata:\n  a: b\n";
}

// One FakeGitSource that a test changes while another thread checks out:
// both hold one lock.
class SharedFakeGitSource {
 public:
  // A GitSource for one thread; it must not outlive this.
  std::unique_ptr<GitSource> client() { return std::make_unique<Client>(*this); }

  // Returns f(fake), run under the lock.
  template <typename F>
  auto with(F&& f) {
    std::lock_guard lock(m_mutex);
    return std::forward<F>(f)(m_fake);
  }

 private:
  class Client final : public GitSource {
   public:
    explicit Client(SharedFakeGitSource& shared) : m_shared(shared) {}
    Result<Checkout> checkout(const SourceSpec& spec) override {
      return m_shared.with([&](FakeGitSource& fake) { return fake.checkout(spec); });
    }

   private:
    SharedFakeGitSource& m_shared;
  };

  std::mutex m_mutex;
  FakeGitSource m_fake;
};

}  // namespace kgitops::testing
