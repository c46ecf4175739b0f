#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/temp_dir.hpp"
#include "git/file_lock.hpp"

using namespace kgitops;
using namespace std::chrono_literals;

TEST_CASE("FileLock excludes a second holder until the first goes") {
  TempDir dir("kgitops-lock-");
  auto path = dir.path() / "repo.lock";
  {
    auto first = FileLock::acquire(path, 1s);
    REQUIRE(first.has_value());
    auto second = FileLock::acquire(path, 100ms);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().message.find("timed out waiting for the lock") != std::string::npos);
    CHECK(second.error().message.find(path.string()) != std::string::npos);
  }
  auto again = FileLock::acquire(path, 100ms);
  CHECK(again.has_value());
}

TEST_CASE("FileLock waits for a holder that lets go") {
  TempDir dir("kgitops-lock-");
  auto path = dir.path() / "repo.lock";
  auto first = FileLock::acquire(path, 1s);
  REQUIRE(first.has_value());
  std::thread releaser([held = std::move(*first)]() mutable {
    std::this_thread::sleep_for(200ms);
    FileLock gone = std::move(held);
  });
  auto started = std::chrono::steady_clock::now();
  auto second = FileLock::acquire(path, 5s);
  releaser.join();
  CHECK(second.has_value());
  CHECK(std::chrono::steady_clock::now() - started >= 150ms);
}

TEST_CASE("FileLock reports a lock file it cannot create") {
  auto lock = FileLock::acquire("/nonexistent-folder/for/sure/repo.lock", 100ms);
  REQUIRE_FALSE(lock.has_value());
  CHECK(lock.error().message.find("cannot open lock file") != std::string::npos);
}
