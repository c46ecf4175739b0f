#include "watch/failure_record.hpp"

#include "core/object.hpp"
#include "engine/inventory.hpp"
#include "git/git_source.hpp"

namespace kgitops {

std::string valid_utf8(const std::string& text) {
  return Json::parse(Json(text).dump(-1, ' ', false, Json::error_handler_t::replace))
      .get<std::string>();
}

Result<void> record_failure(Cluster& cluster, const AppSpec& app, const std::string& message,
                            const std::string& agent) {
  auto current = load_inventory(cluster, app.name);
  if (!current) {
    return std::unexpected(current.error());
  }
  Inventory inventory;
  if (*current) {
    inventory = **current;
  } else {
    inventory.app = app.name;
    inventory.repo = redact_url(app.source.repo);
    inventory.revision = app.source.revision;
    inventory.path = app.path;
    inventory.default_namespace = app.default_namespace;
  }
  inventory.last_result = "Failed";
  inventory.last_message = valid_utf8(message);
  if (!agent.empty()) {
    inventory.agent = agent;
  }
  return store_inventory(cluster, inventory, *current);
}

}  // namespace kgitops
