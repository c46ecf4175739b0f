#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/error.hpp"
#include "git/credential_scope.hpp"

namespace kgitops {

// The flags of `status`, as typed.
struct StatusFlags {
  std::string app;  // empty: every app
  std::string output = "table";
  std::vector<std::string> credentials_hosts;
  bool insecure_http = false;
};

void add_status_flags(CLI::App& command, StatusFlags& flags);

// Refuses what CLI11's checks cannot: an --app that no app could be named.
Result<void> check_status_flags(const StatusFlags& flags);

// The hosts that may get credentials for the repository URLs the inventories
// record: those of --auth-host, none by default.
TrustedHosts to_trusted_hosts(const StatusFlags& flags);

}  // namespace kgitops
