#pragma once

#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"

// Shell completion, apart from any shell and from the CLI parser: given the
// words typed after `kubectl gitops` and what the command line accepts, say
// what may come next. The CLI layer describes itself as a CompletionModel;
// values that live in the cluster come from a CandidateSource.
namespace kgitops {

// One flag, under every spelling it has.
struct FlagInfo {
  std::vector<std::string> names;  // "-n", "--namespace"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices;  // the only values it accepts, when it names them
};

// One subcommand and its own flags.
struct CommandInfo {
  std::string name;
  std::string description;
  std::vector<FlagInfo> flags;
  bool takes_arguments = false;               // has positional arguments
  std::vector<std::string> argument_choices;  // their only values, when fixed
};

// Everything that can be typed after `kubectl gitops`.
struct CompletionModel {
  std::vector<FlagInfo> global_flags;  // accepted before and after the subcommand
  std::vector<CommandInfo> commands;
};

// Values that only the cluster or the kubeconfig know. A failure means no
// candidates: completion never reports an error to the shell.
class CandidateSource {
 public:
  virtual ~CandidateSource() = default;

  // Names of the apps that have an inventory in the cluster.
  virtual Result<std::vector<std::string>> app_names(const ClusterOptions& cluster) = 0;

  // Context names of the kubeconfig.
  virtual Result<std::vector<std::string>> context_names(const ClusterOptions& cluster) = 0;

  // Namespaces of the cluster.
  virtual Result<std::vector<std::string>> namespace_names(const ClusterOptions& cluster) = 0;
};

// cobra's ShellCompDirective bits, which kubectl and the scripts in
// completions/ read from the last output line `:<directive>`.
inline constexpr int k_directive_default = 0;  // the shell may fall back to file names
inline constexpr int k_directive_error = 1;
inline constexpr int k_directive_no_space = 2;
inline constexpr int k_directive_no_file_completion = 4;

struct Candidate {
  std::string value;
  std::string description;  // may be empty
};

struct Completion {
  std::vector<Candidate> candidates;
  int directive = k_directive_default;
};

// Completes the last of `words`, the words after `kubectl gitops` (the last
// one is the word under the cursor, "" when starting a new one).
Completion complete(const CompletionModel& model, const std::vector<std::string>& words,
                    CandidateSource& source);

// The output of `__complete`: one `value` or `value<TAB>description` a line,
// then `:<directive>`.
std::string format_completion(const Completion& completion);

}  // namespace kgitops
