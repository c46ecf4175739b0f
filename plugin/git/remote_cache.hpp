#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include <git2.h>

#include "core/error.hpp"
#include "git/git_source.hpp"
#include "git/libgit2_handle.hpp"

namespace kgitops {

// The bare repository that caches one remote. Its remote "origin" keeps the
// redacted URL only; the remote's branches live under refs/remotes/origin/,
// its tags as they are, its default branch as refs/remotes/origin/HEAD.
inline constexpr std::string_view k_branch_prefix = "refs/heads/";
inline constexpr std::string_view k_cached_branch_prefix = "refs/remotes/origin/";
inline constexpr const char* k_cached_head = "refs/remotes/origin/HEAD";

// Opens the cache at `directory`, making it when missing or damaged (the
// cache is only a copy), and sets its remote's URL to `shown_url`.
Result<RepositoryPtr> open_cache_repository(const std::filesystem::path& directory,
                                            const std::string& shown_url);

// Fetches every branch and tag of `spec.repo` into the cache, pruning what the
// remote deleted, and points refs/remotes/origin/HEAD at its default branch.
// Gives up once `timeout` has passed. Credentials go only where `spec`
// allows, and appear in no error.
Result<void> fetch_into_cache(git_repository* repository, const SourceSpec& spec,
                              std::chrono::milliseconds timeout);

}  // namespace kgitops
