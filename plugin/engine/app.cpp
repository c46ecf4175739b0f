#include "engine/app.hpp"

#include <cctype>
#include <filesystem>

#include "core/sha256.hpp"
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
  // 6 hex digits of the identity keep the name readable and its collisions
  // rare; a collision is still caught, since an app records its source.
  constexpr std::size_t k_hash_digits = 6;
  constexpr std::size_t k_readable = 50 - k_hash_digits - 1;
  if (name.size() > k_readable) {
    name.resize(k_readable);
    while (!name.empty() && name.back() == '-') {
      name.pop_back();
    }
  }
  if (name.empty()) {
    name = "app";
  }
  return name + "-" + sha256_hex(repository_identity(repo)).substr(0, k_hash_digits);
}

std::string absolute_repo(const std::string& repo) {
  if (repo.empty() || classify_repo(repo) != RepoKind::local_path) {
    return repo;
  }
  auto absolute = std::filesystem::absolute(repo).lexically_normal().string();
  while (absolute.size() > 1 && absolute.back() == '/') {
    absolute.pop_back();
  }
  return absolute;
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
