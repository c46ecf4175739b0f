#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "core/files.hpp"
#include "core/temp_dir.hpp"

using namespace kgitops;

TEST_CASE("read_file returns every byte, binary ones and a missing final newline too") {
  TempDir dir("kgitops-test-");
  const auto path = dir.path() / "data";
  const std::string bytes("line\r\n\0\xff end", 12);
  std::ofstream(path, std::ios::binary) << bytes;
  CHECK(read_file(path) == bytes);
  std::ofstream(path, std::ios::binary | std::ios::trunc);
  CHECK(read_file(path) == std::string());
}

TEST_CASE("read_file of what cannot be read is nullopt, not an exception") {
  CHECK(read_file("/nonexistent/kubectl-gitops/file") == std::nullopt);
}
