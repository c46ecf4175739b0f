#include "complete/completion.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace kgitops {
namespace {

// Output flags without a declared set of values offer kubectl's usual ones.
const std::vector<std::string> k_default_output_formats = {"json", "yaml"};

bool has_name(const FlagInfo& flag, std::string_view name) {
  return std::find(flag.names.begin(), flag.names.end(), name) != flag.names.end();
}

// What the words before the cursor say: the subcommand, the flag still
// waiting for its value, and the cluster flags already given.
struct ParsedWords {
  const CommandInfo* command = nullptr;
  bool unknown_command = false;
  const FlagInfo* pending_flag = nullptr;  // the previous word is a flag that takes a value
  bool after_double_dash = false;
  int arguments = 0;
  ClusterOptions cluster;
};

class WordParser {
 public:
  explicit WordParser(const CompletionModel& model) : m_model(model) {}

  const FlagInfo* find_flag(const ParsedWords& parsed, std::string_view name) const {
    if (parsed.command != nullptr) {
      for (const auto& flag : parsed.command->flags) {
        if (has_name(flag, name)) {
          return &flag;
        }
      }
    }
    for (const auto& flag : m_model.global_flags) {
      if (has_name(flag, name)) {
        return &flag;
      }
    }
    return nullptr;
  }

  ParsedWords parse(const std::vector<std::string>& words) const {
    ParsedWords parsed;
    for (const auto& word : words) {
      if (parsed.pending_flag != nullptr) {
        remember_value(parsed, *parsed.pending_flag, word);
        parsed.pending_flag = nullptr;
        continue;
      }
      if (!parsed.after_double_dash && word == "--") {
        parsed.after_double_dash = true;
        continue;
      }
      if (!parsed.after_double_dash && word.size() > 1 && word.front() == '-') {
        const auto equals = word.find('=');
        const auto name = word.substr(0, equals);
        const auto* flag = find_flag(parsed, name);
        if (flag == nullptr || !flag->takes_value) {
          continue;
        }
        if (equals == std::string::npos) {
          parsed.pending_flag = flag;
        } else {
          remember_value(parsed, *flag, word.substr(equals + 1));
        }
        continue;
      }
      if (parsed.command == nullptr && !parsed.unknown_command) {
        const auto found = std::find_if(m_model.commands.begin(), m_model.commands.end(),
                                        [&word](const CommandInfo& c) { return c.name == word; });
        if (found == m_model.commands.end()) {
          parsed.unknown_command = true;
        } else {
          parsed.command = &*found;
        }
        continue;
      }
      ++parsed.arguments;
    }
    return parsed;
  }

 private:
  // Completion must reach the cluster the command line names.
  static void remember_value(ParsedWords& parsed, const FlagInfo& flag, const std::string& value) {
    if (has_name(flag, "--kubeconfig")) {
      parsed.cluster.kubeconfig = value;
    } else if (has_name(flag, "--context")) {
      parsed.cluster.context = value;
    }
  }

  const CompletionModel& m_model;
};

// Keeps the candidates that start with `prefix`, in order, without repeats.
Completion matching(const std::vector<Candidate>& candidates, std::string_view prefix,
                    int directive) {
  Completion completion;
  completion.directive = directive;
  for (const auto& candidate : candidates) {
    if (!candidate.value.starts_with(prefix)) {
      continue;
    }
    const bool seen = std::any_of(
        completion.candidates.begin(), completion.candidates.end(),
        [&candidate](const Candidate& other) { return other.value == candidate.value; });
    if (!seen) {
      completion.candidates.push_back(candidate);
    }
  }
  return completion;
}

std::vector<Candidate> plain(const std::vector<std::string>& values) {
  std::vector<Candidate> candidates;
  candidates.reserve(values.size());
  for (const auto& value : values) {
    candidates.push_back(Candidate{value, ""});
  }
  return candidates;
}

// A failed lookup means no candidates; the values come sorted.
std::vector<Candidate> from_source(const Result<std::vector<std::string>>& values) {
  if (!values) {
    return {};
  }
  auto sorted = *values;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::remove(sorted.begin(), sorted.end(), std::string{}), sorted.end());
  return plain(sorted);
}

// The values `flag` accepts, or nullopt when it takes anything (a file name,
// free text), which leaves the shell to its default completion.
std::optional<std::vector<Candidate>> flag_values(const FlagInfo& flag,
                                                  const ClusterOptions& cluster,
                                                  CandidateSource& source) {
  if (!flag.choices.empty()) {
    return plain(flag.choices);
  }
  if (has_name(flag, "--app")) {
    return from_source(source.app_names(cluster));
  }
  if (has_name(flag, "--context")) {
    // Contexts come from the kubeconfig; the one already chosen does not matter.
    ClusterOptions kubeconfig_only = cluster;
    kubeconfig_only.context.clear();
    return from_source(source.context_names(kubeconfig_only));
  }
  if (has_name(flag, "--namespace") || has_name(flag, "--allow-namespace")) {
    return from_source(source.namespace_names(cluster));
  }
  if (has_name(flag, "--output") || has_name(flag, "-o")) {
    return plain(k_default_output_formats);
  }
  return std::nullopt;
}

Completion complete_value(const FlagInfo& flag, const ClusterOptions& cluster,
                          CandidateSource& source, std::string_view prefix) {
  auto values = flag_values(flag, cluster, source);
  if (!values) {
    return Completion{{}, k_directive_default};
  }
  return matching(*values, prefix, k_directive_no_file_completion);
}

std::vector<Candidate> flag_names(const ParsedWords& parsed, const CompletionModel& model) {
  std::vector<Candidate> names;
  auto add = [&names](const std::vector<FlagInfo>& flags) {
    for (const auto& flag : flags) {
      for (const auto& name : flag.names) {
        names.push_back(Candidate{name, flag.description});
      }
    }
  };
  if (parsed.command != nullptr) {
    add(parsed.command->flags);
  }
  add(model.global_flags);
  return names;
}

}  // namespace

Completion complete(const CompletionModel& model, const std::vector<std::string>& words,
                    CandidateSource& source) {
  if (words.empty()) {
    return complete(model, {""}, source);
  }
  const WordParser parser(model);
  const std::vector<std::string> before(words.begin(), words.end() - 1);
  const std::string& word = words.back();
  const auto parsed = parser.parse(before);

  if (parsed.pending_flag != nullptr) {
    return complete_value(*parsed.pending_flag, parsed.cluster, source, word);
  }
  if (!parsed.after_double_dash && word.starts_with("-")) {
    const auto equals = word.find('=');
    if (word.starts_with("--") && equals != std::string::npos) {
      // `--app=we`: the candidates keep the flag, as the shell replaces the whole word.
      const auto name = word.substr(0, equals + 1);
      const auto* flag = parser.find_flag(parsed, word.substr(0, equals));
      if (flag == nullptr || !flag->takes_value) {
        return Completion{{}, k_directive_no_file_completion};
      }
      auto values = complete_value(*flag, parsed.cluster, source, word.substr(equals + 1));
      for (auto& candidate : values.candidates) {
        candidate.value = name + candidate.value;
      }
      return values;
    }
    return matching(flag_names(parsed, model), word, k_directive_no_file_completion);
  }
  if (parsed.unknown_command) {
    return Completion{{}, k_directive_no_file_completion};
  }
  if (parsed.command == nullptr) {
    std::vector<Candidate> commands;
    for (const auto& command : model.commands) {
      commands.push_back(Candidate{command.name, command.description});
    }
    return matching(commands, word, k_directive_no_file_completion);
  }
  if (!parsed.command->argument_choices.empty()) {
    if (parsed.arguments > 0) {
      return Completion{{}, k_directive_no_file_completion};
    }
    return matching(plain(parsed.command->argument_choices), word, k_directive_no_file_completion);
  }
  return Completion{
      {}, parsed.command->takes_arguments ? k_directive_default : k_directive_no_file_completion};
}

std::string format_completion(const Completion& completion) {
  // One candidate a line: a newline or tab inside one would break the format.
  auto first_line = [](const std::string& text) {
    auto line = text.substr(0, text.find_first_of("\r\n"));
    std::replace(line.begin(), line.end(), '\t', ' ');
    return line;
  };
  std::string out;
  for (const auto& candidate : completion.candidates) {
    if (candidate.value.find_first_of("\t\r\n") != std::string::npos) {
      continue;
    }
    out += candidate.value;
    const auto description = first_line(candidate.description);
    if (!description.empty()) {
      out += "\t" + description;
    }
    out += "\n";
  }
  out += ":" + std::to_string(completion.directive) + "\n";
  return out;
}

}  // namespace kgitops
