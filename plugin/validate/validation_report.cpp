#include "validate/validation_report.hpp"

#include <algorithm>
#include <ostream>

namespace kgitops {
namespace {

std::string plural(std::size_t count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

// File-less findings last; the others by file, then line.
bool comes_before(const Finding& a, const Finding& b) {
  if (a.file.empty() != b.file.empty()) {
    return b.file.empty();
  }
  if (a.file != b.file) {
    return a.file < b.file;
  }
  return a.line < b.line;
}

std::string location(const Finding& finding) {
  if (finding.file.empty()) {
    return "";
  }
  return finding.file + (finding.line > 0 ? ":" + std::to_string(finding.line) : "") + ": ";
}

Json key_json(const ResourceKey& key) {
  return {{"group", key.group}, {"kind", key.kind}, {"namespace", key.ns}, {"name", key.name}};
}

}  // namespace

std::string to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

std::size_t ValidationReport::count(Severity severity) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [severity](const Finding& finding) { return finding.severity == severity; }));
}

Finding finding_of(const Error& error, Severity severity) {
  return Finding{error.where.file, error.where.line, error.where.object, severity, error.message};
}

void print_validation_report(const ValidationReport& report, std::ostream& out) {
  auto findings = report.findings;
  std::stable_sort(findings.begin(), findings.end(), comes_before);
  for (const auto& finding : findings) {
    out << location(finding) << to_string(finding.severity) << ": " << finding.message << "\n";
  }
  if (report.prune_preview) {
    const auto& preview = *report.prune_preview;
    if (!preview.would_prune.empty()) {
      out << "would be pruned after this push (in " << preview.base_commit.substr(0, 12)
          << ", not in " << report.commit.substr(0, 12) << "):\n";
      for (const auto& key : preview.would_prune) {
        out << "  " << to_string(key) << "\n";
      }
    }
  }
  out << "validate: " << plural(report.objects, "object");
  if (report.revision.empty() || report.revision == report.commit) {
    out << (report.commit.empty() ? "" : " at " + report.commit.substr(0, 12));
  } else {
    out << " in " << report.revision << " (" << report.commit.substr(0, 12) << ")";
  }
  out << ": " << plural(report.count(Severity::error), "error") << ", "
      << plural(report.count(Severity::warning), "warning");
  if (report.prune_preview) {
    out << ", " << report.prune_preview->would_prune.size() << " would be pruned";
  }
  out << "\n";
}

Json to_json(const ValidationReport& report) {
  Json findings = Json::array();
  auto sorted = report.findings;
  std::stable_sort(sorted.begin(), sorted.end(), comes_before);
  for (const auto& finding : sorted) {
    findings.push_back({{"file", finding.file},
                        {"line", finding.line},
                        {"object", finding.object},
                        {"severity", to_string(finding.severity)},
                        {"message", finding.message}});
  }
  Json preview = nullptr;
  if (report.prune_preview) {
    Json keys = Json::array();
    for (const auto& key : report.prune_preview->would_prune) {
      keys.push_back(key_json(key));
    }
    preview = {{"baseCommit", report.prune_preview->base_commit},
               {"baseObjects", report.prune_preview->base_objects},
               {"wouldPrune", keys},
               {"overBound", report.prune_preview->over_bound}};
  }
  return {{"revision", report.revision},
          {"commit", report.commit},
          {"objects", report.objects},
          {"findings", findings},
          {"prunePreview", preview},
          {"summary",
           {{"errors", report.count(Severity::error)},
            {"warnings", report.count(Severity::warning)},
            {"ok", !report.has_errors()}}}};
}

}  // namespace kgitops
