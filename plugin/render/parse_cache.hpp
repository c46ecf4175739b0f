#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "render/tree_file.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {

using ParsedDocuments = std::shared_ptr<const std::vector<YamlDocument>>;

// The parsed documents of manifest files by blob id, so that an app rendered
// again (the watch's periodic sync, a push that changed one file) parses only
// the files whose bytes changed. A blob's documents and their lines depend on
// its bytes alone, and on whether it is read as JSON or YAML; failures are
// not kept, so a broken file is reported with its own path every time.
// A blob another cache of the process holds is taken from it, not parsed
// again: what it parses to does not depend on the app.
class ParseCache {
 public:
  // The documents of `file` (JSON for a .json file, YAML otherwise), parsed
  // at most once per blob between sweeps.
  Result<ParsedDocuments> documents(const TreeFile& file);
  // Forgets every blob that no call of documents() asked for since the last
  // sweep: the cache holds about one commit's worth of files.
  void sweep();
  std::size_t size() const;

 private:
  struct Entry {
    ParsedDocuments documents;
    bool used = true;
  };
  mutable std::mutex m_mutex;
  std::map<std::string, Entry> m_entries;  // "<blob>.json" or "<blob>.yaml"
};

// The documents of `file`, parsed now, or through `cache` when one is given.
Result<ParsedDocuments> parse_tree_file(const TreeFile& file, ParseCache* cache);

}  // namespace kgitops
