#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <utility>

#include "core/temp_dir.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

TEST_CASE("a temporary directory is private and named with its prefix") {
  TempDir dir("kgitops-test-");
  REQUIRE(fs::is_directory(dir.path()));
  CHECK(dir.path().filename().string().starts_with("kgitops-test-"));
  CHECK(dir.path().parent_path() == fs::temp_directory_path());
  const auto permissions = fs::status(dir.path()).permissions();
  CHECK((permissions & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("two temporary directories never share a path") {
  TempDir a("kgitops-test-");
  TempDir b("kgitops-test-");
  CHECK(a.path() != b.path());
}

TEST_CASE("the directory and everything in it is removed on destruction") {
  fs::path path;
  {
    TempDir dir("kgitops-test-");
    path = dir.path();
    fs::create_directories(path / "a" / "b");
    std::ofstream(path / "a" / "b" / "file.txt") << "content";
    fs::permissions(path / "a" / "b" / "file.txt", fs::perms::owner_read);
    REQUIRE(fs::exists(path / "a" / "b" / "file.txt"));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a moved-from directory does not remove what it handed over") {
  fs::path path;
  {
    TempDir moved_to("kgitops-unused-");
    {
      TempDir original("kgitops-test-");
      path = original.path();
      TempDir constructed(std::move(original));
      CHECK(constructed.path() == path);
      CHECK(original.path().empty());
      moved_to = std::move(constructed);
    }
    // `original` and `constructed` are gone; `moved_to` still owns the directory.
    CHECK(moved_to.path() == path);
    CHECK(fs::is_directory(path));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("move assignment removes the directory the target held before") {
  TempDir target("kgitops-test-");
  const auto old_path = target.path();
  TempDir source("kgitops-test-");
  const auto new_path = source.path();
  target = std::move(source);
  CHECK_FALSE(fs::exists(old_path));
  CHECK(fs::is_directory(new_path));
  CHECK(target.path() == new_path);
}

TEST_CASE("directories of processes that are gone are removed, others are kept") {
  // A unique prefix keeps this test apart from any other run.
  const auto prefix = "kgitops-abandoned-" + std::to_string(::getpid()) + "-";
  // The PID of a child that exited and was reaped: certainly gone.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);

  const auto tmp = fs::temp_directory_path();
  const auto abandoned = tmp / (prefix + std::to_string(child) + "-abc123");
  fs::create_directories(abandoned / "sub");
  std::ofstream(abandoned / "sub" / "web.yaml") << "kind: Deployment\n";
  const auto not_ours = tmp / (prefix + "notapid-abc123");
  fs::create_directories(not_ours);
  TempDir live(prefix);  // this process's own

  CHECK(TempDir::remove_abandoned(prefix) == 1);
  CHECK_FALSE(fs::exists(abandoned));
  CHECK(fs::exists(live.path()));
  CHECK(fs::exists(not_ours));
  fs::remove_all(not_ours);
}
