#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace kgitops {

// The variables under which a program that runs git on what a repository
// says (kubectl kustomize) fetches nothing remote and reads none of the
// user's or the system's configuration: HOME is `home` (an empty folder), git
// allows no transport at all (not even file://) and never prompts.
std::map<std::string, std::string> offline_git_environment(const std::filesystem::path& home);

}  // namespace kgitops
