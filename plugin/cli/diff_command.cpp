#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output_flag.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "engine/app_comparison.hpp"
#include "engine/immutable_fields.hpp"
#include "engine/replace.hpp"
#include "output/diff_json.hpp"
#include "output/diff_report.hpp"

namespace kgitops {
namespace {

// The flags of `diff`: the source flags and -o.
struct DiffFlags {
  SourceFlags source;
  std::string output = "table";
};

// The unified diff of every object, then what a sync would also do or
// refuse. Returns whether anything differs.
bool print_diff_text(const AppComparison& compared, const std::vector<ImmutableChange>& immutable,
                     const std::string& app, CliEnvironment& env) {
  bool differs = print_diff(compared.reconciliation, app, DiffStyle{env.terminals.out}, env.out);
  // A change the server refuses on an immutable field: replaced, or a failed sync.
  for (const auto& change : immutable) {
    env.out << "# " << to_string(change.key) << ": "
            << (change.replace_allowed
                    ? "would be replaced (" + immutable_summary(change.fields) + ")"
                    : "a sync would fail: " + immutable_error(change.fields))
            << "\n";
  }
  // Hooks run only with a sync that writes something; diff runs none.
  if (differs) {
    for (const auto& hook : compared.loaded.hooks) {
      env.out << "# " << to_string(hook.phase) << " hook " << to_string(hook.object.key)
              << (hook.object.key.name.empty()
                      ? hook.object.object["metadata"].value("generateName", "") + "*"
                      : "")
              << ": would run with a sync\n";
    }
  }
  // What a sync would refuse to write, or need --adopt for.
  if (const auto problems = compared.ownership.problems({}); !problems.empty()) {
    env.out << "a sync of app " << app << " would be refused:\n";
    for (const auto& problem : problems) {
      env.out << "  " << problem << "\n";
    }
    differs = true;
  }
  return differs;
}

Result<ExitCode> run(const DiffFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  auto app = to_app_spec(flags.source, globals);
  if (!app) {
    return with_kind(ErrorKind::usage, app.error());
  }
  const auto cluster_options = cluster_options_for(globals.cluster_options(), app->reach);
  auto cluster = env.make_cluster(cluster_options);
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  auto compared = compare_app(*git, *cluster, *app, cluster_options.kubectl);
  if (!compared) {
    return std::unexpected(compared.error());
  }
  if (!compared->reach_refusal.empty()) {
    return fail_with(ErrorKind::refused, compared->reach_refusal);
  }
  auto immutable = find_immutable_changes(*cluster, compared->reconciliation);
  if (!immutable) {
    return std::unexpected(immutable.error());
  }
  bool differs = false;
  if (const auto format = to_output_format(flags.output); format == OutputFormat::table) {
    differs = print_diff_text(*compared, *immutable, app->name, env);
  } else {
    print_document(diff_to_json(app->name, *compared, *immutable), format, env.out);
    differs = diff_differs(app->name, *compared);
  }
  return differs ? ExitCode::differences : ExitCode::ok;
}

const char* const k_diff_examples =
    "# Show how the cluster differs from the main branch (exit 1 when it does)\n"
    "kubectl gitops diff --repo https://github.com/example/shop --revision main --path prod\n"
    "\n"
    "# Leave out the replicas an HPA sets\n"
    "kubectl gitops diff --repo https://github.com/example/shop --path prod \\\n"
    "  --ignore-manager kube-controller-manager\n"
    "\n"
    "# Each object's state and the paths of the fields that differ, as JSON\n"
    "kubectl gitops diff --repo https://github.com/example/shop --path prod -o json\n";

}  // namespace

CommandSpec diff_command() {
  return CommandSpec{"diff",
                     "Show how the cluster differs from the repository (exit 0 in sync, 1 "
                     "differences, >1 error)",
                     [](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<DiffFlags>();
                       add_source_flags(command, flags->source);
                       add_output_flag(command, flags->output);
                       return CommandHandler([flags, &globals](CliEnvironment& env) {
                         return run(*flags, globals, env);
                       });
                     },
                     k_diff_examples};
}

}  // namespace kgitops
