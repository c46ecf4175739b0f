#pragma once

#include <optional>

#include "core/temp_dir.hpp"
#include "git/credentials.hpp"
#include "git_test_support.hpp"

namespace kgitops::test {

// Keeps the user's git configuration and credentials out of a test.
struct IsolatedGitEnvironment {
  TempDir dir{"kgitops-git-env-"};
  ScopedEnv username{k_env_git_username, std::nullopt};
  ScopedEnv password{k_env_git_password, std::nullopt};
  ScopedEnv token{k_env_git_token, std::nullopt};
  ScopedEnv no_system{"GIT_CONFIG_NOSYSTEM", "1"};
  ScopedEnv global{"GIT_CONFIG_GLOBAL", (dir.path() / "gitconfig").string()};
  ScopedEnv askpass{"GIT_ASKPASS", std::nullopt};
  ScopedEnv ssh_askpass{"SSH_ASKPASS", std::nullopt};
  ScopedEnv no_proxy{"no_proxy", "127.0.0.1,localhost"};
  ScopedEnv no_proxy_upper{"NO_PROXY", "127.0.0.1,localhost"};

  IsolatedGitEnvironment() { test::write_file(dir.path() / "gitconfig", ""); }
  void set_global_config(const std::string& text) const {
    test::write_file(dir.path() / "gitconfig", text);
  }
};

}  // namespace kgitops::test
