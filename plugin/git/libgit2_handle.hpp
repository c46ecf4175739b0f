#pragma once

#include <array>
#include <memory>
#include <string>

#include <git2.h>

namespace kgitops {

// Owning handles for libgit2 objects: each frees its object with the matching
// libgit2 function, so no early return can leak one.
template <typename T, void (*Free)(T*)>
struct Libgit2Deleter {
  void operator()(T* handle) const { Free(handle); }
};

template <typename T, void (*Free)(T*)>
using Libgit2Ptr = std::unique_ptr<T, Libgit2Deleter<T, Free>>;

using RepositoryPtr = Libgit2Ptr<git_repository, git_repository_free>;
using RemotePtr = Libgit2Ptr<git_remote, git_remote_free>;
using ReferencePtr = Libgit2Ptr<git_reference, git_reference_free>;
using ObjectPtr = Libgit2Ptr<git_object, git_object_free>;
using CommitPtr = Libgit2Ptr<git_commit, git_commit_free>;
using TreePtr = Libgit2Ptr<git_tree, git_tree_free>;
using TreeEntryPtr = Libgit2Ptr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = Libgit2Ptr<git_blob, git_blob_free>;

// A git_buf that libgit2 fills and this owner disposes of.
class Libgit2Buf {
 public:
  Libgit2Buf() = default;
  ~Libgit2Buf() { git_buf_dispose(&m_buf); }
  Libgit2Buf(const Libgit2Buf&) = delete;
  Libgit2Buf& operator=(const Libgit2Buf&) = delete;
  git_buf* get() { return &m_buf; }
  std::string str() const { return m_buf.ptr == nullptr ? std::string() : std::string(m_buf.ptr); }

 private:
  git_buf m_buf = GIT_BUF_INIT;
};

// The 40 hex digits of `id`.
inline std::string oid_hex(const git_oid& id) {
  std::array<char, GIT_OID_HEXSZ + 1> hex{};
  git_oid_tostr(hex.data(), hex.size(), &id);
  return hex.data();
}

// Initialises libgit2 on first use and shuts it down at program exit, once
// for the whole process however many sources are made.
inline void ensure_libgit2_initialised() {
  struct Guard {
    Guard() { git_libgit2_init(); }
    ~Guard() { git_libgit2_shutdown(); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
  };
  static const Guard k_guard;
}

// libgit2's message for the last failure on this thread, or `fallback`.
inline std::string last_libgit2_error(const std::string& fallback = "unknown libgit2 error") {
  const git_error* error = git_error_last();
  if (error == nullptr || error->message == nullptr || *error->message == '\0') {
    return fallback;
  }
  return error->message;
}

}  // namespace kgitops
