#include "cli/help.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include "cli/option_choices.hpp"
#include "core/text.hpp"

namespace kgitops {
namespace {

const std::string k_global_group = "Global Flags";

std::string to_upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// "string", "int": the value placeholder after a flag, as cobra prints it.
std::string value_name(const CLI::Option& option) {
  if (!option.get_option_text().empty()) {
    return option.get_option_text();
  }
  auto type = option.get_type_name();
  type = type.substr(0, type.find(':'));
  if (type == "TEXT" || type.empty()) {
    return "string";
  }
  return lower(type);
}

// add_flag() declares options that expect no value.
bool is_flag(const CLI::Option& option) {
  return option.get_items_expected_max() == 0;
}

// Defaults worth printing: not the zero value of their type.
bool shows_default(const std::string& value) {
  return !value.empty() && value != "0" && value != "false" && value != "[]";
}

struct FlagLine {
  std::string left;
  std::string description;
};

FlagLine flag_line(const CLI::Option& option) {
  FlagLine line;
  const auto& shorts = option.get_snames();
  const auto& longs = option.get_lnames();
  line.left = shorts.empty() ? "      " : "  -" + shorts.front() + (longs.empty() ? "" : ", ");
  if (!longs.empty()) {
    line.left += "--" + longs.front();
  }
  if (!is_flag(option)) {
    line.left += " " + value_name(option);
  }
  line.description = option.get_description();
  const auto choices = option_choices(option);
  const bool described = std::all_of(choices.begin(), choices.end(), [&line](const auto& choice) {
    return line.description.find(choice) != std::string::npos;
  });
  if (!choices.empty() && !described) {
    line.description += " (one of: " + join(choices, ", ") + ")";
  }
  if (!is_flag(option) && shows_default(option.get_default_str())) {
    line.description += " (default " + option.get_default_str() + ")";
  }
  if (option.get_required()) {
    line.description += " (required)";
  }
  return line;
}

std::string format_flags(const std::vector<const CLI::Option*>& options) {
  std::vector<FlagLine> lines;
  std::size_t width = 0;
  for (const auto* option : options) {
    lines.push_back(flag_line(*option));
    width = std::max(width, lines.back().left.size());
  }
  std::string out;
  for (const auto& line : lines) {
    out += line.left + std::string(width - line.left.size() + 3, ' ') + line.description + "\n";
  }
  return out;
}

std::string indent(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    out += line.empty() ? "\n" : "  " + line + "\n";
  }
  return out;
}

// Help in the layout of kubectl and its cobra-based plugins.
class KubectlHelpFormatter : public CLI::Formatter {
 public:
  explicit KubectlHelpFormatter(std::string examples) : m_examples(std::move(examples)) {}

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override {
    std::string out;
    if (!app->get_description().empty()) {
      out += app->get_description() + "\n\n";
    }
    out += make_usage(app, name) + "\n";
    if (!m_examples.empty()) {
      out += "Examples:\n" + indent(m_examples) + "\n";
    }
    const auto commands = visible_subcommands(app);
    if (!commands.empty()) {
      out += "Available Commands:\n";
      std::size_t width = 0;
      for (const auto* command : commands) {
        width = std::max(width, command->get_name().size());
      }
      for (const auto* command : commands) {
        out += "  " + command->get_name() +
               std::string(width - command->get_name().size() + 3, ' ') +
               command->get_description() + "\n";
      }
      out += "\n";
    }
    out += flag_sections(app);
    if (!commands.empty()) {
      out += "Use \"" + name + " <command> -h\" for more information about a command.\n";
    }
    return out;
  }

  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string usage = "Usage: " + name;
    if (!visible_subcommands(app).empty()) {
      usage += " [command]";
    }
    for (const auto* positional :
         app->get_options([](const CLI::Option* option) { return option->get_positional(); })) {
      const auto choices = option_choices(*positional);
      std::string shown;
      for (const auto& choice : choices) {
        shown += (shown.empty() ? "" : "|") + choice;
      }
      if (shown.empty()) {
        shown = to_upper(positional->get_name(true, false));
      }
      usage += " " + (positional->get_required() ? shown : "[" + shown + "]");
    }
    return usage + " [flags]\n";
  }

 private:
  static std::vector<const CLI::App*> visible_subcommands(const CLI::App* app) {
    return app->get_subcommands([](const CLI::App* sub) {
      return !sub->get_name().empty() && !sub->get_group().empty() && !sub->get_disabled();
    });
  }

  // The command's own flags by group ("Options" reads "Flags"), then the
  // root's global flags, which a subcommand accepts as well.
  static std::string flag_sections(const CLI::App* app) {
    std::string out;
    auto add_groups = [&out](const CLI::App* owner, bool global_only) {
      for (const auto& group : owner->get_groups()) {
        if (group.empty() || (global_only && group != k_global_group)) {
          continue;
        }
        auto options = owner->get_options([&group](const CLI::Option* option) {
          return option->get_group() == group && option->nonpositional();
        });
        if (options.empty()) {
          continue;
        }
        // -h comes last, as in kubectl.
        std::stable_partition(options.begin(), options.end(), [owner](const CLI::Option* option) {
          return option != owner->get_help_ptr();
        });
        out += (group == "Options" ? std::string("Flags") : group) + ":\n" + format_flags(options) +
               "\n";
      }
    };
    add_groups(app, false);
    const auto* root = app;
    while (root->get_parent() != nullptr) {
      root = root->get_parent();
    }
    if (root != app) {
      add_groups(root, true);
    }
    return out;
  }

  std::string m_examples;
};

}  // namespace

void configure_help(CLI::App& app, const std::string& examples) {
  app.formatter(std::make_shared<KubectlHelpFormatter>(examples));
  app.option_defaults()->always_capture_default();
}

std::string root_examples() {
  return "# Apply the manifests of the prod folder of a repository, pruning what git removed\n"
         "kubectl gitops sync --repo https://git.example.com/team/deploy.git --path prod --prune\n"
         "\n"
         "# Show how the cluster differs from the repository's main branch\n"
         "kubectl gitops diff --repo https://git.example.com/team/deploy.git --revision main\n"
         "\n"
         "# Show each app's last synced commit and state\n"
         "kubectl gitops status\n";
}

}  // namespace kgitops
