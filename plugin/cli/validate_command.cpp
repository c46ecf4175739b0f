#include <cstdlib>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/messages.hpp"
#include "cli/output_flag.hpp"
#include "cli/source_flags.hpp"
#include "cli/validate_command.hpp"
#include "core/exit_codes.hpp"
#include "git/url.hpp"
#include "githooks/local_repository.hpp"
#include "output/document.hpp"
#include "validate/validate.hpp"

namespace kgitops {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// validate's table was once called "text": still accepted, with a warning.
const char* const k_deprecated_text_format = "text";

bool is_zero_oid(const std::string& oid) {
  return !oid.empty() && oid.find_first_not_of('0') == std::string::npos;
}

// A revision to validate and how to name it in the report.
using ImpliedRevision = std::optional<std::pair<std::string, std::string>>;

// What to validate when no --revision is given: HEAD, except under the
// pre-commit framework (PRE_COMMIT=1), which means what is being pushed
// (pre-push stage: PRE_COMMIT_TO_REF, with PRE_COMMIT_FROM_REF as the base)
// or the staged files that are about to be committed.
// Returns the revision and how to name it, or nothing to keep HEAD.
Result<ImpliedRevision> implied_revision(const ValidateFlags& flags,
                                         const std::optional<LocalRepository>& local,
                                         std::string& base) {
  if (!flags.revision.empty() || environment("PRE_COMMIT") != "1") {
    return ImpliedRevision{};
  }
  if (const auto to_ref = environment("PRE_COMMIT_TO_REF"); !to_ref.empty()) {
    const auto from_ref = environment("PRE_COMMIT_FROM_REF");
    if (base.empty() && !from_ref.empty() && !is_zero_oid(from_ref)) {
      base = from_ref;
    }
    return ImpliedRevision{std::pair{to_ref, to_ref}};
  }
  // A push of a whole new history comes without refs, but names its branch.
  if (const auto branch = environment("PRE_COMMIT_LOCAL_BRANCH"); !branch.empty()) {
    return ImpliedRevision{std::pair{branch, branch}};
  }
  if (!local) {
    return ImpliedRevision{};
  }
  auto staged = commit_staged_files(*local);
  if (!staged) {
    return std::unexpected(staged.error());
  }
  return ImpliedRevision{std::pair{*staged, std::string("the staged files")}};
}

Result<ExitCode> run(const ValidateFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  if (flags.output == k_deprecated_text_format) {
    print_warning(env.err, "-o text is deprecated and will be removed: use -o table");
  }
  std::string repo = flags.repo;
  std::optional<LocalRepository> local;
  if (classify_repo(flags.repo) == RepoKind::local_path) {
    // Like git, from any folder of the work tree.
    auto found = find_local_repository(flags.repo);
    if (!found) {
      return std::unexpected(found.error());
    }
    local = *found;
    repo = found->top_level.string();
  }
  auto options = to_validate_options(flags, globals, repo);
  std::string shown_revision;
  auto implied = implied_revision(flags, local, options.base_revision);
  if (!implied) {
    return std::unexpected(implied.error());
  }
  if (*implied) {
    options.app.source.revision = (*implied)->first;
    shown_revision = (*implied)->second;
  }
  const auto cluster_options = globals.cluster_options();
  std::unique_ptr<Cluster> cluster;
  if (flags.server_dry_run) {
    cluster = env.make_cluster(cluster_options);
  }
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  auto report = validate(*git, cluster.get(), options);
  if (!report) {
    return std::unexpected(report.error());
  }
  if (!shown_revision.empty()) {
    report->revision = shown_revision;
  }
  if (const auto format = to_output_format(flags.output); format == OutputFormat::table) {
    print_validation_report(*report, env.out);
  } else {
    print_document(versioned("ValidationReport", to_json(*report)), format, env.out);
  }
  return report->has_errors() ? ExitCode::differences : ExitCode::ok;
}

const char* const k_validate_examples =
    "# Check what HEAD declares, offline\n"
    "kubectl gitops validate\n"
    "\n"
    "# Check a branch, and list what it would prune compared with production's commit\n"
    "kubectl gitops validate --revision feature --base origin/main --path deploy/prod\n"
    "\n"
    "# Also have the cluster check every object (server-side dry run)\n"
    "kubectl gitops validate --server-dry-run --context staging\n";

}  // namespace

void add_validate_flags(CLI::App& command, ValidateFlags& flags) {
  command.add_option("--repo", flags.repo, "Repository: any folder of a local work tree, or a URL");
  command.add_option("--path", flags.path, "Folder of manifests inside the repository");
  command.add_option("--revision", flags.revision,
                     "Commit, branch or tag to check (default: HEAD)");
  command.add_option("--base", flags.base,
                     "The commit before (e.g. the remote's): list what would be pruned");
  command.add_flag("--server-dry-run", flags.server_dry_run,
                   "Also apply every object as a server-side dry run on the cluster");
  add_output_flag(command, flags.output, {k_deprecated_text_format});
  add_insecure_http_flag(command, flags.insecure_http);
  add_helm_flags(command, flags.helm);
}

ValidateOptions to_validate_options(const ValidateFlags& flags, const GlobalFlags& globals,
                                    const std::string& repo) {
  ValidateOptions options;
  // A malformed --set is one more finding of the render.
  options.app.helm = HelmValues{flags.helm.values, flags.helm.set};
  options.app.source.repo = repo;
  options.app.source.revision = flags.revision;
  options.app.source.credentials = scope_for_named_repo(repo, flags.insecure_http);
  options.app.path = flags.path;
  options.app.default_namespace = globals.ns;
  options.app.name = derive_app_name(absolute_repo(repo), flags.path);
  if (!validate_app_name(options.app.name)) {
    options.app.name = "validate";  // only labels the objects of a dry run
  }
  options.base_revision = flags.base;
  options.kubectl = globals.cluster_options().kubectl;
  return options;
}

CommandSpec validate_command() {
  return CommandSpec{
      "validate",
      "Check the manifests of a commit before they reach the cluster (exit 0 clean, 1 errors, "
      ">1 failure)",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<ValidateFlags>();
        add_validate_flags(command, *flags);
        return CommandHandler(
            [flags, &globals](CliEnvironment& env) { return run(*flags, globals, env); });
      },
      k_validate_examples};
}

}  // namespace kgitops
