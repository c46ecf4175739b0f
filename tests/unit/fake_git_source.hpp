#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "git/git_source.hpp"

namespace kgitops::testing {

// A repository whose one commit is whatever `files` holds when checked out.
class FakeGitSource final : public GitSource {
 public:
  std::map<std::string, std::string> files;  // relative path -> content
  std::string commit = "0123456789abcdef0123456789abcdef01234567";
  std::set<std::string> unreachable_repos;  // checkout of these fails

  Result<Checkout> checkout(const SourceSpec& source) override {
    if (unreachable_repos.contains(source.repo)) {
      return fail("cannot fetch ", source.repo, ": repository not found");
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

// A Deployment as a repository holds it: `replicas` nginx Pods labelled app=`name`.
inline std::string deployment(const std::string& name, int replicas) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
         "\nspec:\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels: {app: " + name +
         "}\n  template:\n    metadata:\n      labels: {app: " + name +
         "}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
}

}  // namespace kgitops::testing
