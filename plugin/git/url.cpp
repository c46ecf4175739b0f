#include "git/url.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <string_view>

#include <openssl/evp.h>

#include "core/text.hpp"
#include "git/git_source.hpp"

namespace kgitops {
namespace {

constexpr std::string_view k_scheme_separator = "://";
// What ends a URL inside a message.
constexpr std::string_view k_text_url_end = " \t\r\n'\"<>";

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

// Where the scheme of a URL whose "://" is at `separator` begins, or npos
// when the characters before it are not a scheme.
std::size_t scheme_start(std::string_view text, std::size_t separator) {
  std::size_t start = separator;
  while (start > 0 && is_scheme_char(text[start - 1])) {
    --start;
  }
  if (start == separator || std::isalpha(static_cast<unsigned char>(text[start])) == 0) {
    return std::string::npos;
  }
  return start;
}

// Where the parts of an address lie. For a scheme URL, `user_info` starts
// after "://"; for scp-style, at 0. `at` is the '@' that ends the user-info
// (the last one), or npos when there is none.
struct Layout {
  bool has_scheme = false;
  std::size_t user_info = 0;
  std::size_t at = std::string::npos;
  std::size_t host = 0;
};

std::optional<Layout> scheme_layout(std::string_view url) {
  const std::size_t separator = url.find(k_scheme_separator);
  if (separator == std::string::npos || scheme_start(url, separator) != 0) {
    return std::nullopt;
  }
  Layout layout;
  layout.has_scheme = true;
  layout.user_info = separator + k_scheme_separator.size();
  const std::size_t at = url.rfind('@');
  if (at != std::string::npos && at >= layout.user_info) {
    layout.at = at;
  }
  layout.host = layout.at == std::string::npos ? layout.user_info : layout.at + 1;
  return layout;
}

Layout address_layout(std::string_view url) {
  if (auto layout = scheme_layout(url)) {
    return *layout;
  }
  // scp-style [user@]host:path, which git and libgit2 read as ssh.
  Layout layout;
  layout.at = url.rfind('@');
  layout.host = layout.at == std::string::npos ? 0 : layout.at + 1;
  return layout;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// %XX sequences decoded, as libgit2 decodes a URL's user name and password.
std::string percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
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

// The user name of a user-info, as written: what comes before its first ':'.
std::string_view user_name_of(std::string_view user_info) {
  return user_info.substr(0, user_info.find(':'));
}

// An scp-style address keeps its user (ssh logs in as it) but loses a password.
std::string scp_without_password(const std::string& url, const Layout& layout) {
  if (layout.at == std::string::npos) {
    return url;
  }
  std::string_view user_info(url.data(), layout.at);
  std::string_view user = user_name_of(user_info);
  return (user.empty() ? std::string() : std::string(user) + "@") + url.substr(layout.at + 1);
}

}  // namespace

std::string redact_url(const std::string& url) {
  if (classify_repo(url) == RepoKind::local_path) {
    return url;
  }
  auto layout = scheme_layout(url);
  if (!layout) {
    return scp_without_password(url, address_layout(url));
  }
  if (layout->at == std::string::npos) {
    return url;
  }
  return url.substr(0, layout->user_info) + url.substr(layout->at + 1);
}

std::string fetch_url(const std::string& url) {
  auto layout = scheme_layout(url);
  if (!layout) {
    return classify_repo(url) == RepoKind::remote ? scp_without_password(url, address_layout(url))
                                                  : url;
  }
  if (layout->at == std::string::npos) {
    return url;
  }
  const auto scheme = lower(url.substr(0, layout->user_info - k_scheme_separator.size()));
  std::string kept;
  if (scheme == "ssh" || scheme == "ssh+git" || scheme == "git+ssh") {
    const auto user = user_name_of(
        std::string_view(url).substr(layout->user_info, layout->at - layout->user_info));
    if (!user.empty()) {
      kept = std::string(user) + "@";
    }
  }
  return url.substr(0, layout->user_info) + kept + url.substr(layout->at + 1);
}

std::string redact_text(const std::string& text) {
  std::string result = text;
  std::size_t from = 0;
  while (true) {
    const std::size_t separator = result.find(k_scheme_separator, from);
    if (separator == std::string::npos) {
      return result;
    }
    const std::size_t authority = separator + k_scheme_separator.size();
    from = authority;
    if (scheme_start(result, separator) == std::string::npos) {
      continue;
    }
    std::size_t end = result.find_first_of(k_text_url_end, authority);
    if (end == std::string::npos) {
      end = result.size();
    }
    if (end == authority) {
      continue;
    }
    const std::size_t at = result.rfind('@', end - 1);
    if (at != std::string::npos && at >= authority) {
      result.erase(authority, at + 1 - authority);
    }
  }
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
  const Layout layout = address_layout(url);
  if (layout.at != std::string::npos) {
    std::string_view user_info =
        std::string_view(url).substr(layout.user_info, layout.at - layout.user_info);
    const std::size_t colon = user_info.find(':');
    parts.has_user_info = true;
    parts.ambiguous_host =
        layout.has_scheme && user_info.find_first_of("/?#") != std::string_view::npos;
    parts.username = percent_decode(user_info.substr(0, colon));
    if (colon != std::string_view::npos) {
      parts.password = percent_decode(user_info.substr(colon + 1));
    }
  }
  if (layout.has_scheme) {
    parts.scheme = url.substr(0, layout.user_info - k_scheme_separator.size());
    std::size_t end = url.find_first_of("/?#", layout.host);
    if (end == std::string::npos) {
      end = url.size();
    }
    split_host_port(std::string_view(url).substr(layout.host, end - layout.host), parts);
    if (end < url.size() && url[end] == '/') {
      parts.path = url.substr(end + 1);
    }
    return parts;
  }
  // scp-style: the user-info is no concern of ssh's password; the user name is.
  parts.scheme = "ssh";
  parts.password.clear();
  parts.username = std::string(user_name_of(
      std::string_view(url).substr(0, layout.at == std::string::npos ? 0 : layout.at)));
  parts.has_user_info = !parts.username.empty();
  std::size_t colon = url.find(':', layout.host);
  if (layout.host < url.size() && url[layout.host] == '[') {
    std::size_t close = url.find(']', layout.host);
    if (close != std::string::npos) {
      colon = url.find(':', close);
      parts.host = url.substr(layout.host + 1, close - layout.host - 1);
    }
  } else {
    parts.host = url.substr(layout.host, colon - layout.host);
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
      identity = lower(parts.host) + "/" + parts.path.substr(0, parts.path.find_first_of("?#"));
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
