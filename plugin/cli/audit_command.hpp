#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "engine/audit.hpp"

namespace kgitops {

// The flags of `audit`, as typed.
struct AuditFlags {
  SourceFlags source;
  bool all_apps = false;
  std::string output = "table";
  std::vector<std::string> fail_on;
  std::vector<std::string> credentials_hosts;
};

void add_audit_flags(CLI::App& command, AuditFlags& flags);

// Which apps an audit looks at.
enum class AuditTarget {
  all_apps,  // -A: every app the cluster records, each against its recorded source
  repo,      // --repo: one app, against that repository
  recorded,  // --app alone: one app, against the source its inventory records
};

// What an audit is asked to do.
struct AuditRequest {
  AuditTarget target = AuditTarget::recorded;
  // repo: the whole app; recorded: its name; every target: ignore_managers.
  AppSpec app;
  std::vector<AuditCategory> fail_on;
  // all_apps and recorded: the hosts that may get credentials for the
  // repository URLs the inventories record (none by default).
  TrustedHosts trusted;
};

// The audit these flags ask for; an error names the flag at fault.
// Reaches neither the cluster nor git.
Result<AuditRequest> to_audit_request(const AuditFlags& flags, const GlobalFlags& globals);

}  // namespace kgitops
