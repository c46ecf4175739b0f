#include "output/diff_report.hpp"

#include <ostream>
#include <sstream>

#include "core/constants.hpp"
#include "core/yaml_writer.hpp"
#include "engine/compare.hpp"
#include "engine/object_comparison.hpp"
#include "engine/ownership.hpp"
#include "output/unified_diff.hpp"

namespace kgitops {
namespace {

std::string colorize(const std::string& diff) {
  std::istringstream lines(diff);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    const char* color = "";
    if (line.starts_with("+++") || line.starts_with("---")) {
      color = "\033[1m";
    } else if (line.starts_with("@@")) {
      color = "\033[36m";
    } else if (line.starts_with("+")) {
      color = "\033[32m";
    } else if (line.starts_with("-")) {
      color = "\033[31m";
    }
    out += *color != '\0' ? std::string(color) + line + "\033[0m\n" : line + "\n";
  }
  return out;
}

}  // namespace

std::string object_diff(const ObjectState& object) {
  const auto name = to_string(object.key);
  switch (object.state) {
    case SyncState::in_sync:
      return {};
    case SyncState::missing:
      return unified_diff("", to_yaml(display_object(without_bookkeeping(object.desired->object))),
                          "live/" + name + " (missing)", "git/" + name);
    case SyncState::extra:
      return unified_diff(to_yaml(display_object(*object.live)), "", "live/" + name,
                          "git/" + name + " (not in git)");
    case SyncState::modified: {
      const auto pair = *compare(*object.desired, *object.live, {.display = true}).display;
      auto diff =
          unified_diff(to_yaml(pair.live), to_yaml(pair.desired), "live/" + name, "git/" + name);
      if (diff.empty()) {
        diff = "--- live/" + name + "\n+++ git/" + name +
               "\n# the manifest changed in git; no field differs in value\n";
      }
      return diff;
    }
  }
  return {};
}

bool print_diff(const Reconciliation& reconciliation, const std::string& app,
                const DiffStyle& style, std::ostream& out) {
  std::size_t prunable = 0;
  for (const auto& object : reconciliation.objects) {
    if (object.state == SyncState::extra) {
      const auto decision = decide_prune(object, app);
      if (!decision.prune) {
        out << "# " << to_string(object.key) << ": carries the app's label but is kept ("
            << decision.reason << ")\n";
        continue;
      }
      ++prunable;
    }
    const auto diff = object_diff(object);
    if (!diff.empty()) {
      out << (style.color ? colorize(diff) : diff);
    }
  }
  const auto modified = reconciliation.count(SyncState::modified);
  const auto missing = reconciliation.count(SyncState::missing);
  const auto in_sync = reconciliation.count(SyncState::in_sync);
  out << "app " << app << ": " << modified << " modified, " << missing << " missing, " << prunable
      << " to prune, " << in_sync << " in sync\n";
  return modified + missing + prunable > 0;
}

}  // namespace kgitops
