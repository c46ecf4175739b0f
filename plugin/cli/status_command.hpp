#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "core/error.hpp"

namespace kgitops {

// The flags of `status`, as typed.
struct StatusFlags {
  std::string app;  // empty: every app
  std::string output = "table";
};

void add_status_flags(CLI::App& command, StatusFlags& flags);

// Refuses what CLI11's checks cannot: an --app that no app could be named.
Result<void> check_status_flags(const StatusFlags& flags);

}  // namespace kgitops
