#include "output/version_json.hpp"

#include <string>

#include "core/version.hpp"
#include "output/document.hpp"

namespace kgitops {

Json version_to_json() {
  return versioned("Version", {{"version", std::string(k_version)}});
}

}  // namespace kgitops
