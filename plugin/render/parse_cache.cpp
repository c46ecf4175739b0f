#include "render/parse_cache.hpp"

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
  // Parsed outside the lock: two renders of one cache never wait on each other.
  auto parsed = parse(file);
  if (!parsed) {
    return parsed;
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
