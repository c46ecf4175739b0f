#include "githooks/local_repository.hpp"

#include <vector>

#include "process/process.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

// `git -C <directory> args...`; fails when git cannot be started.
Result<ProcessOutput> run_git(const fs::path& directory, const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& environment = {}) {
  ProcessRequest request;
  request.argv = {"git", "-C", directory.string()};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.environment = environment;
  auto output = run_process(request);
  if (!output) {
    return fail("cannot run git: ", to_string(output.error()));
  }
  return output;
}

Result<std::string> git_line(const fs::path& directory, const std::vector<std::string>& args,
                             const std::string& what,
                             const std::map<std::string, std::string>& environment = {}) {
  auto output = run_git(directory, args, environment);
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code != 0) {
    return fail("cannot ", what, " in ", directory.string(), ": ", trimmed(output->err));
  }
  return trimmed(output->out);
}

}  // namespace

Result<LocalRepository> find_local_repository(const fs::path& start) {
  std::error_code error;
  if (!fs::is_directory(start, error)) {
    return fail("'", start.string(), "' is not a folder");
  }
  auto output = run_git(start, {"rev-parse", "--show-toplevel"});
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code != 0) {
    return fail("'", fs::weakly_canonical(start, error).string(),
                "' is not inside a git work tree (run it in a clone of your repository, or "
                "pass --repo)");
  }
  LocalRepository repository;
  repository.top_level = trimmed(output->out);
  // --git-path honours core.hooksPath; a relative answer is relative to the
  // folder git ran in, and git runs hooks from the top level.
  auto hooks =
      git_line(repository.top_level, {"rev-parse", "--git-path", "hooks"}, "find the hooks folder");
  if (!hooks) {
    return std::unexpected(hooks.error());
  }
  fs::path hooks_dir = *hooks;
  repository.hooks_dir =
      (hooks_dir.is_absolute() ? hooks_dir : repository.top_level / hooks_dir).lexically_normal();
  return repository;
}

Result<std::optional<std::string>> read_git_config(const LocalRepository& repository,
                                                   const std::string& key) {
  auto output = run_git(repository.top_level, {"config", "--local", "--get", key});
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code == 1) {
    return std::optional<std::string>{};  // unset
  }
  if (output->exit_code != 0) {
    return fail("cannot read git config ", key, ": ", trimmed(output->err));
  }
  return std::optional<std::string>{trimmed(output->out)};
}

Result<void> write_git_config(const LocalRepository& repository, const std::string& key,
                              const std::string& value) {
  auto written =
      git_line(repository.top_level, {"config", "--local", key, value}, "set git config " + key);
  if (!written) {
    return std::unexpected(written.error());
  }
  return {};
}

Result<std::string> commit_staged_files(const LocalRepository& repository) {
  auto tree = git_line(repository.top_level, {"write-tree"}, "record the staged files");
  if (!tree) {
    return tree;
  }
  std::vector<std::string> args = {"commit-tree", *tree, "-m", "staged files (kubectl-gitops)"};
  auto head = run_git(repository.top_level, {"rev-parse", "--verify", "-q", "HEAD^{commit}"});
  if (head && head->exit_code == 0) {
    args.insert(args.end(), {"-p", trimmed(head->out)});
  }
  // A fixed identity: the commit is never referenced, and the user may have none set.
  const std::map<std::string, std::string> identity = {
      {"GIT_AUTHOR_NAME", "kubectl-gitops"},
      {"GIT_AUTHOR_EMAIL", "kubectl-gitops@localhost"},
      {"GIT_COMMITTER_NAME", "kubectl-gitops"},
      {"GIT_COMMITTER_EMAIL", "kubectl-gitops@localhost"}};
  return git_line(repository.top_level, args, "record the staged files", identity);
}

}  // namespace kgitops
