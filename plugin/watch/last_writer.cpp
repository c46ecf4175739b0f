#include "watch/last_writer.hpp"

#include "core/constants.hpp"

namespace kgitops {

std::string last_writer(const Json& object) {
  const auto fields =
      object.value("metadata", Json::object()).value("managedFields", Json::array());
  std::string writer = "unknown";
  std::string latest;
  for (const auto& entry : fields) {
    if (!entry.is_object()) {
      continue;
    }
    // Status writers (a controller reporting progress) never change what git
    // declares, so they are never the other side of a fight.
    if (entry.value("subresource", std::string{}) == "status") {
      continue;
    }
    const auto manager = entry.value("manager", std::string{});
    const auto time = entry.value("time", std::string{});
    // RFC 3339 times in UTC sort as text.
    if (!manager.empty() && manager != keys::k_field_manager && time >= latest) {
      latest = time;
      writer = manager;
    }
  }
  return writer;
}

}  // namespace kgitops

namespace kgitops {

std::string writer_of(const std::vector<DriftedField>& drift, const std::string& field,
                      const Json& live) {
  for (const auto& drifted : drift) {
    if (drifted.path == field && drifted.owner && !drifted.owner->manager.empty() &&
        drifted.owner->manager != keys::k_field_manager) {
      return drifted.owner->manager;
    }
  }
  return last_writer(live);
}

}  // namespace kgitops
