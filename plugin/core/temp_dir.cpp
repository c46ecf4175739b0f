#include "core/temp_dir.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace kgitops {

TempDir::TempDir(const std::string& prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()) + "-XXXXXX"))
          .string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "cannot create a temporary directory");
  }
  m_path = pattern;
}

std::size_t TempDir::remove_abandoned(const std::string& prefix) {
  std::size_t removed = 0;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), error)) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with(prefix) || !entry.is_directory(error)) {
      continue;
    }
    const auto pid_text = name.substr(prefix.size());
    long long pid = 0;
    const auto parsed = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
    if (parsed.ec != std::errc{} || parsed.ptr == pid_text.data() || *parsed.ptr != '-' ||
        pid <= 0) {
      continue;  // not one of ours
    }
    // Only a process that certainly no longer exists has abandoned its
    // directory; a live one, or one of another user (EPERM), keeps it.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) {
      continue;
    }
    std::error_code ignored;
    if (std::filesystem::remove_all(entry.path(), ignored) > 0 && !ignored) {
      ++removed;
    }
  }
  return removed;
}

TempDir::~TempDir() {
  if (!m_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
}

TempDir::TempDir(TempDir&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    std::error_code ignored;
    if (!m_path.empty()) {
      std::filesystem::remove_all(m_path, ignored);
    }
    m_path = std::exchange(other.m_path, {});
  }
  return *this;
}

}  // namespace kgitops
