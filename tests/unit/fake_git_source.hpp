#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "git/git_source.hpp"

namespace kgitops::testing {

// A repository whose one commit is whatever `files` holds when checked out.
class FakeGitSource final : public GitSource {
 public:
  std::map<std::string, std::string> files;  // relative path -> content
  std::string commit = "0123456789abcdef0123456789abcdef01234567";
  std::string error;  // when set, checkout fails with it (git unreachable)

  Result<Checkout> checkout(const SourceSpec&) override {
    if (!error.empty()) {
      return fail(error);
    }
    Checkout checkout;
    checkout.commit = commit;
    checkout.revision = "refs/heads/main";
    checkout.files = std::make_unique<TempDir>("kgitops-fake-git-");
    for (const auto& [path, content] : files) {
      const auto target = checkout.root() / path;
      std::filesystem::create_directories(target.parent_path());
      std::ofstream(target) << content;
    }
    return checkout;
  }
};

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
