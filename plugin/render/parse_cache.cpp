#include "render/parse_cache.hpp"

#include <unordered_map>

#include "render/json_loader.hpp"

namespace kgitops {
namespace {

bool is_json(const TreeFile& file) {
  return file.path.ends_with(".json");
}

Result<ParsedDocuments> parse(const TreeFile& file) {
  auto documents = is_json(file) ? load_json_document(file.content, file.path)
                                 : load_yaml_documents(file.content, file.path);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  return std::make_shared<const std::vector<YamlDocument>>(std::move(*documents));
}

// The documents every cache of the process holds, by blob: the apps of an
// agent that render the same files (one repository's shared bases, or the
// same commit twice) parse each blob once and hold one copy of it. Weak: a
// blob no cache holds any more is gone.
class SharedParses {
 public:
  ParsedDocuments find(const std::string& key) {
    std::lock_guard lock(m_mutex);
    const auto found = m_documents.find(key);
    return found == m_documents.end() ? nullptr : found->second.lock();
  }
  void add(const std::string& key, const ParsedDocuments& documents) {
    std::lock_guard lock(m_mutex);
    m_documents.insert_or_assign(key, documents);
    if (m_documents.size() >= 2 * m_live_after_cleanup + k_slack) {
      std::erase_if(m_documents, [](const auto& entry) { return entry.second.expired(); });
      m_live_after_cleanup = m_documents.size();
    }
  }

 private:
  static constexpr std::size_t k_slack = 1024;
  std::mutex m_mutex;
  std::unordered_map<std::string, std::weak_ptr<const std::vector<YamlDocument>>> m_documents;
  std::size_t m_live_after_cleanup = 0;
};

SharedParses& shared_parses() {
  static SharedParses parses;
  return parses;
}

}  // namespace

Result<ParsedDocuments> ParseCache::documents(const TreeFile& file) {
  const auto key = file.blob + (is_json(file) ? ".json" : ".yaml");
  {
    std::lock_guard lock(m_mutex);
    if (const auto found = m_entries.find(key); found != m_entries.end()) {
      found->second.used = true;
      return found->second.documents;
    }
  }
  Result<ParsedDocuments> parsed = shared_parses().find(key);
  if (!*parsed) {
    // Parsed outside the locks: two renders never wait on each other.
    parsed = parse(file);
    if (!parsed) {
      return parsed;
    }
    shared_parses().add(key, *parsed);
  }
  std::lock_guard lock(m_mutex);
  m_entries.insert_or_assign(key, Entry{*parsed, true});
  return parsed;
}

void ParseCache::sweep() {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_entries, [](const auto& entry) { return !entry.second.used; });
  for (auto& [key, entry] : m_entries) {
    entry.used = false;
  }
}

std::size_t ParseCache::size() const {
  std::lock_guard lock(m_mutex);
  return m_entries.size();
}

Result<ParsedDocuments> parse_tree_file(const TreeFile& file, ParseCache* cache) {
  return cache != nullptr ? cache->documents(file) : parse(file);
}

}  // namespace kgitops
