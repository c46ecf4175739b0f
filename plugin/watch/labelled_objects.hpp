#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/object.hpp"

namespace kgitops {

// The objects a shared kind watch has seen, by the value of one label, kept
// as compact JSON text: an agent of hundreds of apps holds every object of
// theirs here, and text takes a fraction of a parsed tree's memory. Reading
// parses again; objects are small and read once per reconcile.
class LabelledObjects {
 public:
  explicit LabelledObjects(std::string label_key) : m_label_key(std::move(label_key)) {}

  // Adds or replaces the object at `key`, wherever its label now puts it.
  void put(const ResourceKey& key, const Json& object);
  void erase(const ResourceKey& key);
  // The objects whose label is `value`, by key.
  std::vector<std::pair<ResourceKey, Json>> with_label(const std::string& value) const;
  // Drops the objects whose label is none of `values`.
  void keep_labels(const std::set<std::string>& values);
  // Every key held.
  std::vector<ResourceKey> keys() const;
  // The object at `key` (which must be held), removed.
  Json take(const ResourceKey& key);
  std::size_t size() const { return m_labels.size(); }

 private:
  std::string m_label_key;
  std::map<ResourceKey, std::optional<std::string>> m_labels;  // the label's value of each key
  // Objects without the label are kept under nullopt.
  std::map<std::optional<std::string>, std::map<ResourceKey, std::string>> m_by_label;
};

}  // namespace kgitops
