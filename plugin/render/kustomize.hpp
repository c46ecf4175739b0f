#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace kgitops {

// The file names that make a folder a kustomization, in kustomize's order.
inline constexpr std::array<std::string_view, 3> k_kustomization_file_names = {
    "kustomization.yaml", "kustomization.yml", "Kustomization"};

// The kustomization file of `folder`, or nothing for a plain folder.
std::optional<std::filesystem::path> find_kustomization(const std::filesystem::path& folder);

// Builds the kustomization in `folder` (under the canonical `root`) with
// `kubectl kustomize` and returns the YAML it prints. Errors name the folder
// relative to `root` and carry kubectl's stderr. Check the kustomization
// first (check_kustomization): kustomize follows remote and outside paths.
// With `helm` (a program name or path), kustomize may inflate Helm charts
// with it (--enable-helm), under the private, empty helm folders of
// helm_environment: it reads none of the user's helm repositories.
Result<std::string> build_kustomization(const std::string& kubectl,
                                        const std::filesystem::path& root,
                                        const std::filesystem::path& folder,
                                        const std::string& helm = {});

// `text` (a child's message) with the absolute prefix `root`/ taken out of
// every path, and without trailing blanks: names as the repository's.
std::string relative_to_root(std::string text, const std::filesystem::path& root);

}  // namespace kgitops
