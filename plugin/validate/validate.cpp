#include "validate/validate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include "core/constants.hpp"
#include "engine/load_app.hpp"
#include "engine/prune_plan.hpp"
#include "render/helm.hpp"
#include "render/kustomize.hpp"
#include "render/safe_path.hpp"
#include "validate/binding_check.hpp"
#include "validate/secret_check.hpp"
#include "validate/server_dry_run.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Remembers how the checkout that load_app asks for went, so that a commit
// that cannot be fetched (the run fails) is told apart from one that does not
// render (a finding).
class RecordingSource final : public GitSource {
 public:
  explicit RecordingSource(GitSource& inner) : m_inner(inner) {}

  Result<Checkout> checkout(const SourceSpec& spec) override {
    auto result = m_inner.checkout(spec);
    if (result) {
      m_commit = result->commit;
      m_revision = result->revision;
    } else {
      m_error = result.error();
    }
    return result;
  }

  bool checked_out() const { return !m_commit.empty(); }
  const std::string& commit() const { return m_commit; }
  const std::string& revision() const { return m_revision; }
  const Error& error() const { return m_error; }

 private:
  GitSource& m_inner;
  std::string m_commit;
  std::string m_revision;
  Error m_error;
};

Finding object_finding(const SourceLocation& source, const ResourceKey& key, Severity severity,
                       std::string message) {
  return Finding{source.file, source.line, to_string(key), severity, std::move(message)};
}

// The checks of one object's content: plaintext Secrets (errors) and
// bindings to cluster-admin (warnings).
void check_content(const Json& object, const SourceLocation& source, const ResourceKey& key,
                   std::vector<Finding>& findings) {
  if (auto problem = plaintext_secret_problem(object)) {
    findings.push_back(object_finding(source, key, Severity::error, std::move(*problem)));
  }
  if (auto problem = cluster_admin_binding_problem(object)) {
    findings.push_back(object_finding(source, key, Severity::warning, std::move(*problem)));
  }
}

bool is_manifest_name(const std::string& name) {
  return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
}

// The plain manifest files under `start`, as the renderer would read them
// (hidden entries, links, kustomize folders and Helm charts left out), sorted.
std::vector<fs::path> plain_manifest_files(const fs::path& start) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(start, error), end; !error && it != end;
       it.increment(error)) {
    const auto name = it->path().filename().string();
    std::error_code status_error;
    if (it->is_symlink(status_error)) {
      continue;
    }
    if (it->is_directory(status_error)) {
      if (name.starts_with(".") || find_kustomization(it->path()) || is_chart_folder(it->path())) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!name.starts_with(".") && is_manifest_name(name)) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// After a failed render, reads each plain manifest file on its own: every
// broken file is reported, not only the first, and the Secrets and
// duplicates of the files that do load are still checked.
void scan_files_one_by_one(GitSource& git, const ValidateOptions& options,
                           const std::string& commit, const Error& first_error,
                           std::vector<Finding>& findings) {
  auto source = options.app.source;
  source.revision = commit;
  auto checkout = git.checkout(source);
  if (!checkout) {
    return;
  }
  auto root = canonical_root(checkout->root());
  if (!root) {
    return;
  }
  auto start = resolve_inside(*root, options.app.path);
  std::error_code error;
  if (!start || !fs::is_directory(*start, error) || find_kustomization(*start) ||
      is_chart_folder(*start)) {
    return;
  }
  // When the render stopped at a duplicate, it is already reported.
  const bool check_duplicates = first_error.kind != ErrorKind::conflict;
  std::map<ResourceKey, SourceLocation> seen;
  for (const auto& file : plain_manifest_files(*start)) {
    auto manifests = render(RenderOptions{*root, repository_path(*root, file), options.kubectl});
    if (!manifests) {
      if (to_string(manifests.error()) != to_string(first_error)) {
        findings.push_back(finding_of(manifests.error()));
      }
      continue;
    }
    for (const auto& manifest : *manifests) {
      const auto key = key_of(manifest.object);
      check_content(manifest.object, manifest.source, key, findings);
      const auto [found, inserted] = seen.emplace(key, manifest.source);
      if (!inserted && check_duplicates) {
        findings.push_back(object_finding(manifest.source, key, Severity::error,
                                          to_string(key) +
                                              " declared twice: " + to_string(found->second) +
                                              " and " + to_string(manifest.source)));
      }
    }
  }
}

// Notes where Argo CD's wave annotation orders the sync (ours is absent), or
// is set beside ours and so ignored: a repository moved over from Argo CD
// learns which one counts.
void note_argo_wave(const DesiredObject& object, std::vector<Finding>& findings) {
  const auto argo = annotation_of(object.object, keys::k_argo_sync_wave_annotation);
  if (!argo) {
    return;
  }
  const auto ours = annotation_of(object.object, keys::k_sync_wave_annotation);
  const std::string argo_key(keys::k_argo_sync_wave_annotation);
  const std::string our_key(keys::k_sync_wave_annotation);
  findings.push_back(object_finding(
      object.source, object.key, Severity::warning,
      ours ? argo_key + " \"" + *argo + "\" is ignored: " + our_key + " \"" + *ours + "\" wins"
           : argo_key + " \"" + *argo + "\" is honoured as the sync wave (" + our_key +
                 " is absent)"));
}

void check_objects(const LoadedApp& loaded, bool offline, std::vector<Finding>& findings) {
  for (const auto& object : loaded.desired) {
    note_argo_wave(object, findings);
    const auto group = group_of(api_version_of(object.object));
    if (offline && !loaded.scope.find(group, object.key.kind)) {
      findings.push_back(object_finding(
          object.source, object.key, Severity::warning,
          "kind " + object.key.kind + (group.empty() ? "" : " of group " + group) +
              " is neither built in nor declared by a CustomResourceDefinition in the "
              "repository: not checked offline (the cluster may serve it)"));
    }
    check_content(object.object, object.source, object.key, findings);
  }
}

// What the base declares and `loaded` does not: what a sync with --prune
// would delete once this commit lands (objects opted out of prune aside).
void preview_prune(GitSource& git, const ValidateOptions& options, const LoadedApp& loaded,
                   ValidationReport& report) {
  auto base_app = options.app;
  base_app.source.revision = options.base_revision;
  auto base = load_app(git, nullptr, base_app, options.kubectl);
  if (!base) {
    report.findings.push_back(Finding{"", 0, "", Severity::warning,
                                      "no prune preview: the base " + options.base_revision +
                                          " cannot be read: " + to_string(base.error())});
    return;
  }
  std::set<ResourceKey> kept;
  for (const auto& object : loaded.desired) {
    kept.insert(object.key);
  }
  PrunePlan plan;
  plan.inventory_size = base->desired.size();
  plan.desired_count = loaded.desired.size();
  PrunePreview preview;
  preview.base_commit = base->checkout.commit;
  preview.base_objects = base->desired.size();
  for (const auto& object : base->desired) {
    if (kept.contains(object.key) ||
        annotation_of(object.object, keys::k_prune_annotation) == keys::k_prune_disabled) {
      continue;
    }
    preview.would_prune.push_back(object.key);
    ObjectState state;
    state.key = object.key;
    plan.to_delete.push_back(std::move(state));
  }
  const PruneBound bound;
  preview.over_bound = plan.over_bound(bound);
  if (preview.over_bound) {
    report.findings.push_back(
        Finding{"", 0, "", Severity::warning,
                "this push would prune " + std::to_string(preview.would_prune.size()) + " of " +
                    std::to_string(preview.base_objects) + " objects, more than " +
                    std::to_string(bound.max_objects) + " and more than " +
                    std::to_string(static_cast<int>(bound.max_fraction * 100)) +
                    "%: sync --prune will refuse it without --confirm-prune"});
  }
  report.prune_preview = std::move(preview);
}

}  // namespace

Result<ValidationReport> validate(GitSource& git, Cluster* dry_run_cluster,
                                  const ValidateOptions& options) {
  RecordingSource recording(git);
  auto loaded = load_app(recording, nullptr, options.app, options.kubectl);
  if (!recording.checked_out()) {
    return std::unexpected(recording.error());
  }
  ValidationReport report;
  report.commit = recording.commit();
  report.revision = recording.revision();
  if (!loaded) {
    report.findings.push_back(finding_of(loaded.error()));
    scan_files_one_by_one(git, options, report.commit, loaded.error(), report.findings);
    return report;
  }
  report.objects = loaded->desired.size();
  check_objects(*loaded, dry_run_cluster == nullptr, report.findings);
  if (dry_run_cluster != nullptr) {
    check_with_server(*dry_run_cluster, loaded->desired, options.app.default_namespace,
                      report.findings);
  }
  if (!options.base_revision.empty()) {
    preview_prune(git, options, *loaded, report);
  }
  return report;
}

}  // namespace kgitops
