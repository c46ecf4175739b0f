#pragma once

// Helpers for the git tests: real repositories made with the git CLI in
// temporary directories, and environment variables set for one scope.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "core/temp_dir.hpp"
#include "process/process.hpp"

namespace kgitops::test {

// Sets (or, with nullopt, unsets) an environment variable and restores the
// old value at scope exit.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::optional<std::string>& value) : m_name(std::move(name)) {
    if (const char* old = std::getenv(m_name.c_str())) {
      m_old = old;
    }
    if (value) {
      ::setenv(m_name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(m_name.c_str());
    }
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name.c_str(), m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string m_name;
  std::optional<std::string> m_old;
};

// Runs `git args...` in `directory` with a fixed identity and no user or
// system configuration; fails the test when git fails. Returns its stdout.
inline std::string git(const std::filesystem::path& directory,
                       const std::vector<std::string>& args) {
  ProcessRequest request;
  request.argv = {"git",
                  "-C",
                  directory.string(),
                  "-c",
                  "user.name=Test",
                  "-c",
                  "user.email=test@example.com",
                  "-c",
                  "commit.gpgsign=false",
                  "-c",
                  "tag.gpgsign=false",
                  "-c",
                  "init.defaultBranch=main",
                  "-c",
                  "core.symlinks=true",
                  "-c",
                  "protocol.file.allow=always"};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.environment = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"}};
  auto output = run_process(request);
  REQUIRE(output.has_value());
  INFO("git ", args.front(), ": ", output->err);
  REQUIRE(output->exit_code == 0);
  std::string out = output->out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// An SSH wire-format public key blob: string type, string key bytes.
inline std::string key_blob(const std::string& type, char fill) {
  auto put_string = [](std::string& out, const std::string& value) {
    auto size = static_cast<unsigned>(value.size());
    out += static_cast<char>((size >> 24) & 0xff);
    out += static_cast<char>((size >> 16) & 0xff);
    out += static_cast<char>((size >> 8) & 0xff);
    out += static_cast<char>(size & 0xff);
    out += value;
  };
  std::string blob;
  put_string(blob, type);
  put_string(blob, std::string(32, fill));
  return blob;
}

inline std::string base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(data.data()),
                               static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// A work tree with its own repository in a temporary directory.
class TestRepo {
 public:
  TestRepo() : m_dir("kgitops-test-repo-") {
    m_work = m_dir.path() / "work";
    std::filesystem::create_directories(m_work);
    git(m_work, {"init", "-q"});
  }
  const std::filesystem::path& work() const { return m_work; }
  const std::filesystem::path& root() const { return m_dir.path(); }
  std::string url() const { return "file://" + m_work.string(); }
  std::string run(const std::vector<std::string>& args) const { return git(m_work, args); }
  void write(const std::string& relative, const std::string& content) const {
    write_file(m_work / relative, content);
  }
  // Stages everything and commits; returns the new commit's id.
  std::string commit(const std::string& message) const {
    run({"add", "-A"});
    run({"commit", "-q", "-m", message});
    return run({"rev-parse", "HEAD"});
  }

 private:
  TempDir m_dir;
  std::filesystem::path m_work;
};

}  // namespace kgitops::test
