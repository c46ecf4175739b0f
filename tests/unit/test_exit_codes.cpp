#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/exit_codes.hpp"

using namespace kgitops;

namespace {

const ErrorKind k_every_kind[] = {ErrorKind::failed,  ErrorKind::usage,    ErrorKind::not_found,
                                  ErrorKind::refused, ErrorKind::conflict, ErrorKind::timeout,
                                  ErrorKind::remote,  ErrorKind::internal};

// README.md of the source tree: from KGITOPS_SOURCE_DIR (CTest sets it),
// else beside this file's folder.
std::string readme() {
  std::filesystem::path root = std::filesystem::path(__FILE__).parent_path() / ".." / "..";
  if (const char* source_dir = std::getenv("KGITOPS_SOURCE_DIR")) {
    root = source_dir;
  }
  std::ifstream file(root / "README.md");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("exit codes: each kind of error ends with the code its row of the table lists") {
  CHECK(exit_code_for(ErrorKind::usage) == ExitCode::usage);
  CHECK(exit_code_for(ErrorKind::refused) == ExitCode::refused);
  CHECK(exit_code_for(ErrorKind::timeout) == ExitCode::timeout);
  for (const auto kind : {ErrorKind::failed, ErrorKind::not_found, ErrorKind::conflict,
                          ErrorKind::remote, ErrorKind::internal}) {
    CHECK(exit_code_for(kind) == ExitCode::error);
  }
  std::set<ErrorKind> listed;
  for (const auto& row : exit_code_table()) {
    for (const auto kind : row.kinds) {
      CHECK(listed.insert(kind).second);  // one code per kind
      CHECK(exit_code_for(kind) == row.code);
    }
  }
  for (const auto kind : k_every_kind) {
    CHECK(listed.contains(kind));
  }
}

TEST_CASE("exit codes: results are codes no error ends with; 4 is not used") {
  for (const auto result :
       {ExitCode::ok, ExitCode::differences, ExitCode::degraded, ExitCode::partial_prune}) {
    for (const auto kind : k_every_kind) {
      CHECK(exit_code_for(kind) != result);
    }
  }
  for (const auto& row : exit_code_table()) {
    CHECK(to_int(row.code) != 4);
  }
}

TEST_CASE("exit codes: the README's table is the table, row for row") {
  const auto text = readme();
  const auto start = text.find("## Exit codes\n\n| code | meaning |\n|---|---|\n");
  REQUIRE(start != std::string::npos);
  std::istringstream rows(text.substr(text.find("|---|---|\n", start) + 10));
  std::string line;
  for (const auto& row : exit_code_table()) {
    REQUIRE(std::getline(rows, line));
    CHECK(line ==
          "| " + std::to_string(to_int(row.code)) + " | " + std::string(row.meaning) + " |");
  }
  REQUIRE(std::getline(rows, line));
  CHECK(line.empty());  // no row the table does not have
}
