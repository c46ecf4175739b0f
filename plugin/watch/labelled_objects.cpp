#include "watch/labelled_objects.hpp"

namespace kgitops {

void LabelledObjects::put(const ResourceKey& key, const Json& object) {
  erase(key);
  auto label = label_of(object, m_label_key);
  // Replaced, not thrown: a watch thread must not die of one bad byte.
  m_by_label[label][key] = object.dump(-1, ' ', false, Json::error_handler_t::replace);
  m_labels.emplace(key, std::move(label));
}

void LabelledObjects::erase(const ResourceKey& key) {
  const auto found = m_labels.find(key);
  if (found == m_labels.end()) {
    return;
  }
  const auto group = m_by_label.find(found->second);
  if (group != m_by_label.end()) {
    group->second.erase(key);
    if (group->second.empty()) {
      m_by_label.erase(group);
    }
  }
  m_labels.erase(found);
}

std::vector<std::pair<ResourceKey, Json>> LabelledObjects::with_label(
    const std::string& value) const {
  std::vector<std::pair<ResourceKey, Json>> objects;
  const auto group = m_by_label.find(value);
  if (group == m_by_label.end()) {
    return objects;
  }
  objects.reserve(group->second.size());
  for (const auto& [key, text] : group->second) {
    objects.emplace_back(key, Json::parse(text));
  }
  return objects;
}

void LabelledObjects::keep_labels(const std::set<std::string>& values) {
  for (auto group = m_by_label.begin(); group != m_by_label.end();) {
    if (group->first && values.contains(*group->first)) {
      ++group;
      continue;
    }
    for (const auto& [key, text] : group->second) {
      m_labels.erase(key);
    }
    group = m_by_label.erase(group);
  }
}

std::vector<ResourceKey> LabelledObjects::keys() const {
  std::vector<ResourceKey> all;
  all.reserve(m_labels.size());
  for (const auto& [key, label] : m_labels) {
    all.push_back(key);
  }
  return all;
}

Json LabelledObjects::take(const ResourceKey& key) {
  const auto& label = m_labels.at(key);
  auto object = Json::parse(m_by_label.at(label).at(key));
  erase(key);
  return object;
}

}  // namespace kgitops
