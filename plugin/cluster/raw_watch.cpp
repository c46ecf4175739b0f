#include "cluster/raw_watch.hpp"

namespace kgitops {

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      encoded.push_back(c);
    } else {
      encoded.push_back('%');
      encoded.push_back(k_hex[byte >> 4]);
      encoded.push_back(k_hex[byte & 0x0F]);
    }
  }
  return encoded;
}

bool has_api_path(const ApiResource& resource) {
  return !resource.version.empty() && !resource.resource.empty();
}

std::string collection_path(const ApiResource& resource, const std::string& ns) {
  std::string path = resource.group.empty() ? "/api/" + resource.version
                                            : "/apis/" + resource.group + "/" + resource.version;
  if (resource.namespaced && !ns.empty()) {
    path += "/namespaces/" + ns;
  }
  return path + "/" + resource.resource;
}

std::string raw_watch_path(const ApiResource& resource, const std::string& selector,
                           const std::string& resource_version, std::chrono::seconds timeout) {
  std::string path = collection_path(resource, "") + "?watch=true";
  if (!selector.empty()) {
    path += "&labelSelector=" + percent_encode(selector);
  }
  path += "&resourceVersion=" + percent_encode(resource_version);
  path += "&allowWatchBookmarks=true";
  path += "&timeoutSeconds=" + std::to_string(timeout.count());
  return path;
}

std::vector<std::string> raw_watch_argv(std::vector<std::string> base, const std::string& path) {
  base.emplace_back("get");
  base.emplace_back("--raw");
  base.push_back(path);
  return base;
}

}  // namespace kgitops
