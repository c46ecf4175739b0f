#include "engine/app.hpp"

#include <cctype>

#include "git/url.hpp"

namespace kgitops {

std::string derive_app_name(const std::string& repo, const std::string& path) {
  // The identity holds no user-info: a password in the URL never becomes a name.
  std::string base = repository_identity(repo);
  while (!base.empty() && (base.back() == '/' || base.back() == '\\')) {
    base.pop_back();
  }
  const auto cut = base.find_last_of("/\\");
  if (cut != std::string::npos) {
    base = base.substr(cut + 1);
  }
  std::string raw = base;
  if (!path.empty() && path != ".") {
    raw += "-" + path;
  }
  std::string name;
  for (const char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      name.push_back(static_cast<char>(std::tolower(u)));
    } else if (!name.empty() && name.back() != '-') {
      name.push_back('-');
    }
  }
  while (!name.empty() && name.back() == '-') {
    name.pop_back();
  }
  if (name.size() > 50) {
    name.resize(50);
    while (!name.empty() && name.back() == '-') {
      name.pop_back();
    }
  }
  return name.empty() ? "app" : name;
}

Result<void> validate_app_name(const std::string& name) {
  const bool valid_characters =
      !name.empty() && name.size() <= 50 &&
      std::isalnum(static_cast<unsigned char>(name.front())) &&
      std::isalnum(static_cast<unsigned char>(name.back())) &&
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
  if (!valid_characters) {
    return fail("invalid app name '", name,
                "': use at most 50 lower-case letters, digits and '-', starting and ending with a "
                "letter or digit");
  }
  return {};
}

}  // namespace kgitops
