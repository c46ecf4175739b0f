#include "process/offline_git_environment.hpp"

namespace kgitops {

std::map<std::string, std::string> offline_git_environment(const std::filesystem::path& home) {
  return {
      {"HOME", home.string()},
      {"XDG_CONFIG_HOME", (home / ".config").string()},
      {"GIT_CONFIG_NOSYSTEM", "1"},
      {"GIT_CONFIG_GLOBAL", "/dev/null"},
      // A list naming no real transport: git refuses every one, file included.
      {"GIT_ALLOW_PROTOCOL", "none"},
      {"GIT_PROTOCOL_FROM_USER", "0"},
      {"GIT_TERMINAL_PROMPT", "0"},
  };
}

}  // namespace kgitops
