#pragma once

#include <filesystem>
#include <string>

namespace kgitops {

// A private temporary directory (mode 0700), removed with everything in it
// when its owner goes. Its name carries the owning process's PID
// (<prefix><pid>-XXXXXX), so what a killed process left behind can be told
// apart from what a running one uses.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  // Removes the directories of `prefix` in the temporary folder whose owning
  // process is gone (killed before its destructors ran). Returns how many.
  static std::size_t remove_abandoned(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace kgitops
