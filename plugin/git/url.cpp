#include "git/url.hpp"

#include <array>
#include <cctype>
#include <string_view>

#include <openssl/evp.h>

#include "git/git_source.hpp"

namespace kgitops {
namespace {

constexpr std::string_view k_scheme_separator = "://";

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

// Where the scheme of a URL whose "://" is at `separator` begins, or npos
// when the characters before it are not a scheme.
std::size_t scheme_start(const std::string& text, std::size_t separator) {
  std::size_t start = separator;
  while (start > 0 && is_scheme_char(text[start - 1])) {
    --start;
  }
  if (start == separator || std::isalpha(static_cast<unsigned char>(text[start])) == 0) {
    return std::string::npos;
  }
  return start;
}

// Removes the user-info of every URL in `text`; an authority ends at any of
// `terminators`. Returns the redacted text.
std::string strip_user_info(std::string text, std::string_view terminators) {
  std::size_t from = 0;
  while (true) {
    std::size_t separator = text.find(k_scheme_separator, from);
    if (separator == std::string::npos) {
      return text;
    }
    std::size_t authority = separator + k_scheme_separator.size();
    from = authority;
    if (scheme_start(text, separator) == std::string::npos) {
      continue;
    }
    std::size_t end = text.find_first_of(terminators, authority);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= authority && at < end) {
      text.erase(authority, at + 1 - authority);
    }
  }
}

// Splits "host", "host:port", "[v6]" or "[v6]:port" into `parts`.
void split_host_port(std::string_view host_port, UrlParts& parts) {
  std::string_view rest;
  if (!host_port.empty() && host_port.front() == '[') {
    std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) {
      parts.host = std::string(host_port);
      return;
    }
    parts.host = std::string(host_port.substr(1, close - 1));
    rest = host_port.substr(close + 1);
  } else {
    std::size_t colon = host_port.rfind(':');
    parts.host = std::string(host_port.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : host_port.substr(colon);
  }
  if (rest.size() > 1 && rest.front() == ':' && rest.size() <= 6) {
    int port = 0;
    for (char c : rest.substr(1)) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
        return;
      }
      port = port * 10 + (c - '0');
    }
    parts.port = port;
  }
}

}  // namespace

std::string redact_url(const std::string& url) {
  return strip_user_info(url, "/?#");
}

std::string redact_text(const std::string& text) {
  return strip_user_info(text, "/?# \t\r\n'\"<>");
}

RepoKind classify_repo(const std::string& repo) {
  std::size_t separator = repo.find(k_scheme_separator);
  if (separator != std::string::npos && scheme_start(repo, separator) == 0) {
    return repo.starts_with("file://") ? RepoKind::file_url : RepoKind::remote;
  }
  std::size_t colon = repo.find(':');
  std::size_t slash = repo.find('/');
  if (colon != std::string::npos && colon > 0 && (slash == std::string::npos || colon < slash)) {
    return RepoKind::remote;
  }
  return RepoKind::local_path;
}

UrlParts parse_url(const std::string& url) {
  UrlParts parts;
  std::size_t separator = url.find(k_scheme_separator);
  if (separator != std::string::npos && scheme_start(url, separator) == 0) {
    parts.scheme = url.substr(0, separator);
    std::size_t authority = separator + k_scheme_separator.size();
    std::size_t end = url.find_first_of("/?#", authority);
    if (end == std::string::npos) {
      end = url.size();
    }
    std::string_view host_port(url.data() + authority, end - authority);
    std::size_t at = host_port.rfind('@');
    if (at != std::string_view::npos) {
      std::string_view user_info = host_port.substr(0, at);
      parts.username = std::string(user_info.substr(0, user_info.find(':')));
      host_port = host_port.substr(at + 1);
    }
    split_host_port(host_port, parts);
    if (end < url.size() && url[end] == '/') {
      parts.path = url.substr(end + 1);
    }
    return parts;
  }
  // scp-style: [user@]host:path, which git and libgit2 read as ssh.
  parts.scheme = "ssh";
  std::size_t colon = url.find(':');
  std::size_t at = url.find('@');
  std::size_t host_start = 0;
  if (at != std::string::npos && at < colon) {
    parts.username = url.substr(0, at);
    host_start = at + 1;
  }
  if (host_start < url.size() && url[host_start] == '[') {
    std::size_t close = url.find(']', host_start);
    if (close != std::string::npos) {
      colon = url.find(':', close);
      parts.host = url.substr(host_start + 1, close - host_start - 1);
    }
  } else {
    parts.host = url.substr(host_start, colon - host_start);
  }
  if (colon != std::string::npos) {
    parts.path = url.substr(colon + 1);
  }
  return parts;
}

std::string repository_identity(const std::string& repo) {
  std::string identity;
  switch (classify_repo(repo)) {
    case RepoKind::local_path:
      identity = repo;
      break;
    case RepoKind::file_url:
      identity = repo.substr(std::string_view("file://").size());
      break;
    case RepoKind::remote: {
      auto parts = parse_url(repo);
      for (auto& c : parts.host) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      identity = parts.host + "/" + parts.path.substr(0, parts.path.find_first_of("?#"));
      break;
    }
  }
  while (identity.size() > 1 && identity.back() == '/') {
    identity.pop_back();
  }
  if (identity.ends_with(".git")) {
    identity.resize(identity.size() - 4);
  }
  return identity;
}

std::string cache_key(const std::string& url) {
  std::string redacted = redact_url(url);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(redacted.data(), redacted.size(), digest.data(), &length, EVP_sha256(), nullptr);
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += k_hex[digest[i] >> 4];
    hex += k_hex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace kgitops
