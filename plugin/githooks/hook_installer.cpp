#include "githooks/hook_installer.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/files.hpp"
#include "core/text.hpp"
#include "githooks/hook_scripts.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// The line every shim carries (hooks/*): how a hook of ours is recognised.
constexpr std::string_view k_shim_marker = "# kubectl-gitops hook shim:";

bool exists_or_link(const fs::path& path) {
  std::error_code error;
  const auto type = fs::symlink_status(path, error).type();
  return type != fs::file_type::not_found && type != fs::file_type::none;
}

Result<std::string> read_hook(const fs::path& path) {
  auto text = read_file(path);
  if (!text) {
    return fail("cannot read the hook ", path.string());
  }
  return *text;
}

// Writes beside the hook and renames it into place: git never runs a half-written hook.
Result<void> write_hook(const fs::path& path, std::string_view content) {
  fs::path staging = path;
  staging += ".kubectl-gitops-new";
  {
    std::ofstream out(staging, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      return fail("cannot write the hook ", staging.string());
    }
  }
  std::error_code error;
  fs::permissions(staging,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  error);
  if (!error) {
    fs::rename(staging, path, error);
  }
  if (error) {
    fs::remove(staging, error);
    return fail("cannot install the hook ", path.string(), ": ", error.message());
  }
  return {};
}

Result<void> move(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::rename(from, to, error);
  if (error) {
    return fail("cannot move ", from.string(), " to ", to.string(), ": ", error.message());
  }
  return {};
}

Result<HookChange> install_one(const fs::path& hooks_dir, const std::string& name,
                               std::string_view shim) {
  HookChange change{name, hooks_dir / name, HookAction::installed, std::nullopt};
  const auto local = local_hook_path(change.path);
  if (exists_or_link(change.path)) {
    auto content = read_hook(change.path);
    if (!content) {
      return std::unexpected(content.error());
    }
    if (is_our_hook(*content)) {
      change.action = *content == shim ? HookAction::unchanged : HookAction::updated;
    } else {
      if (exists_or_link(local)) {
        return fail(change.path.string(), " and ", local.string(),
                    " both exist and neither is ours: move one of them away, then install again");
      }
      if (auto moved = move(change.path, local); !moved) {
        return std::unexpected(moved.error());
      }
    }
  }
  if (change.action != HookAction::unchanged) {
    if (auto written = write_hook(change.path, shim); !written) {
      return std::unexpected(written.error());
    }
  }
  if (exists_or_link(local)) {
    change.chained = local;
  }
  return change;
}

Result<HookChange> uninstall_one(const fs::path& hooks_dir, const std::string& name) {
  HookChange change{name, hooks_dir / name, HookAction::absent, std::nullopt};
  const auto local = local_hook_path(change.path);
  if (exists_or_link(change.path)) {
    auto content = read_hook(change.path);
    if (!content) {
      return std::unexpected(content.error());
    }
    if (!is_our_hook(*content)) {
      change.action = HookAction::not_ours;
      return change;
    }
    std::error_code error;
    fs::remove(change.path, error);
    if (error) {
      return fail("cannot remove the hook ", change.path.string(), ": ", error.message());
    }
    change.action = HookAction::removed;
  }
  if (exists_or_link(local)) {
    if (auto moved = move(local, change.path); !moved) {
      return std::unexpected(moved.error());
    }
    change.action = HookAction::restored;
  }
  return change;
}

}  // namespace

const std::vector<std::string>& supported_hooks() {
  static const std::vector<std::string> hooks = {"pre-push", "post-merge"};
  return hooks;
}

std::optional<std::string_view> hook_shim(const std::string& name) {
  if (name == "pre-push") {
    return embedded::k_pre_push_shim;
  }
  if (name == "post-merge") {
    return embedded::k_post_merge_shim;
  }
  return std::nullopt;
}

bool is_our_hook(std::string_view content) {
  return content.find(k_shim_marker) != std::string_view::npos;
}

fs::path local_hook_path(const fs::path& hook_path) {
  fs::path local = hook_path;
  local += ".local";
  return local;
}

Result<std::vector<HookChange>> install_hooks(const LocalRepository& repository,
                                              const HookInstallOptions& options) {
  // Check every name before touching anything.
  for (const auto& name : options.hooks) {
    if (!hook_shim(name)) {
      return fail("no hook named '", name, "' (known: ", join(supported_hooks(), ", "), ")");
    }
  }
  std::error_code error;
  fs::create_directories(repository.hooks_dir, error);
  if (error) {
    return fail("cannot create the hooks folder ", repository.hooks_dir.string(), ": ",
                error.message());
  }
  if (options.sync_args) {
    if (auto written = write_git_config(repository, "gitops.syncArgs", *options.sync_args);
        !written) {
      return std::unexpected(written.error());
    }
  }
  std::vector<HookChange> changes;
  for (const auto& name : options.hooks) {
    auto change = install_one(repository.hooks_dir, name, *hook_shim(name));
    if (!change) {
      return std::unexpected(change.error());
    }
    changes.push_back(std::move(*change));
  }
  return changes;
}

Result<std::vector<HookChange>> uninstall_hooks(const LocalRepository& repository) {
  std::vector<HookChange> changes;
  for (const auto& name : supported_hooks()) {
    auto change = uninstall_one(repository.hooks_dir, name);
    if (!change) {
      return std::unexpected(change.error());
    }
    changes.push_back(std::move(*change));
  }
  return changes;
}

std::string describe(const HookChange& change) {
  const auto path = change.path.string();
  std::string text = change.hook + ": ";
  switch (change.action) {
    case HookAction::installed:
      text += "installed at " + path;
      break;
    case HookAction::updated:
      text += "updated at " + path;
      break;
    case HookAction::unchanged:
      text += "already installed at " + path;
      break;
    case HookAction::removed:
      text += "removed from " + path;
      break;
    case HookAction::restored:
      text += "removed; your own hook is back at " + path;
      break;
    case HookAction::not_ours:
      text += path + " was not installed by kubectl-gitops: left as it is";
      break;
    case HookAction::absent:
      text += "not installed";
      break;
  }
  if (change.chained) {
    text += " (runs your hook " + change.chained->string() + " first)";
  }
  return text;
}

}  // namespace kgitops
