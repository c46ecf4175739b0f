#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "render/renderer.hpp"

namespace kgitops {

// The file that makes a folder a Helm chart.
inline constexpr std::string_view k_chart_file_name = "Chart.yaml";

// Whether `folder` holds a Chart.yaml.
bool is_chart_folder(const std::filesystem::path& folder);

// The variables under which helm reads none of the user's configuration:
// its cache, config and data folders (repositories, registry logins,
// plugins) are empty folders under `home`, and its kubeconfig is none.
std::map<std::string, std::string> helm_environment(const std::filesystem::path& home);

// Where `program` (a name looked up on PATH, or a path) is, if it is there.
std::optional<std::filesystem::path> find_on_path(const std::string& program);

// One `helm template` of a chart folder.
struct HelmTemplateCall {
  std::string helm = "helm";
  std::filesystem::path chart;                     // the chart's folder
  std::string release;                             // the app's name
  std::string ns;                                  // the app's namespace
  std::vector<std::filesystem::path> value_files;  // in order; the last wins
};

// helm's arguments: `helm template <release> <chart> --namespace <ns>
// --include-crds --skip-tests -f <file>...`. Never --dependency-update:
// dependencies come only from the chart's charts/ folder.
std::vector<std::string> helm_template_argv(const HelmTemplateCall& call);

// Renders the chart in `chart` (under the canonical `root`, checked with
// check_chart) with helm: release `options.release`, namespace
// `options.ns`, the chart's values, then `options.helm_values`' files (inside
// the repository), then its --set values, written to a private 0600 file.
// Returns the documents helm printed, not yet checked as objects, each named
// by the template file it came from (helm's `# Source:`). A missing helm is
// an error naming the chart and what to install.
Result<std::vector<Manifest>> render_chart(const RenderOptions& options,
                                           const std::filesystem::path& root,
                                           const std::filesystem::path& chart);

}  // namespace kgitops
