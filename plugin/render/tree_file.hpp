#pragma once

#include <string>

namespace kgitops {

// A manifest file of a commit, read straight from git's object database
// rather than written out and read back.
struct TreeFile {
  std::string path;     // inside the repository, '/'-separated: "apps/web/deploy.yaml"
  std::string blob;     // the blob's id: equal ids, equal bytes
  std::string content;  // the bytes
};

}  // namespace kgitops
