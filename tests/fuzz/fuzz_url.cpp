// Repository URLs: classification, parsing, identity, cache keys and the
// redaction of credentials. The input is used twice: as raw text, and cut
// into the parts of a URL built around a password, which then must never
// show in what is redacted, nor change the identity or the cache key.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_check.hpp"
#include "git/git_source.hpp"
#include "git/url.hpp"

using namespace kgitops;

namespace {

// Bytes that end a URL's authority ('/', '?', '#') or, in free text, the URL
// itself: the built URLs keep them out of user and password, where a URL
// parser reads them as the end of the authority.
constexpr std::string_view k_authority_ends = "/?# \t\r\n'\"<>";

std::string without(std::string text, std::string_view bytes) {
  std::erase_if(text, [&](char c) { return bytes.find(c) != std::string_view::npos; });
  return text;
}

void check_raw(const std::string& text) {
  const auto redacted_url = redact_url(text);
  const auto redacted_text = redact_text(text);
  // Redaction removes, never adds, and what it leaves has nothing to remove.
  FUZZ_CHECK(redacted_url.size() <= text.size());
  FUZZ_CHECK(redacted_text.size() <= text.size());
  FUZZ_CHECK(redact_url(redacted_url) == redacted_url);
  FUZZ_CHECK(redact_text(redacted_text) == redacted_text);
  FUZZ_CHECK(cache_key(text) == cache_key(redacted_url));
  FUZZ_CHECK(cache_key(text).size() == 64);
  const auto parts = parse_url(text);
  FUZZ_CHECK(parts.port >= 0 && parts.port <= 99999);
  // A URL with no other inside (redaction reaches a URL inside a path too).
  const bool one_url =
      text.starts_with(parts.scheme + "://") && text.find("://") == text.rfind("://");
  if (classify_repo(text) == RepoKind::remote && one_url) {
    FUZZ_CHECK(repository_identity(text) == repository_identity(redacted_url));
  }
}

void check_built(FuzzedDataProvider& input) {
  static constexpr const char* k_schemes[] = {"https", "http", "ssh", "git+ssh"};
  const std::string scheme = input.PickValueInArray(k_schemes);
  // No '%' in the user: parse_url decodes %XX there (check_raw covers it).
  const auto user =
      without(input.ConsumeRandomLengthString(16), std::string(k_authority_ends) + ":@%");
  auto password = without(input.ConsumeRandomLengthString(32), k_authority_ends);
  const auto host =
      without(input.ConsumeRandomLengthString(32), std::string(k_authority_ends) + "@[]");
  const auto path = without(input.ConsumeRemainingBytesAsString(), " \t\r\n'\"<>");
  // A byte of the password found nowhere else (the identity's host is
  // lower-case, and a host that is no host leaves the identity to be read
  // from the path) shows whether any of it leaked.
  std::string rest = scheme + "://" + user + ":@" + host + "/" + path + "failed: ''";
  for (const char c : host + path) {
    rest += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto marker = password.find_first_not_of(rest);
  if (marker == std::string::npos || host.empty()) {
    return;
  }
  const char secret = password[marker];
  const auto address = scheme + "://" + host + "/" + path;
  const auto url = scheme + "://" + user + ":" + password + "@" + host + "/" + path;

  FUZZ_CHECK(redact_url(url).find(secret) == std::string::npos);
  FUZZ_CHECK(redact_text("failed: '" + url + "'").find(secret) == std::string::npos);
  FUZZ_CHECK(redact_text("failed: " + url + " ").find(secret) == std::string::npos);
  FUZZ_CHECK(redact_url(url) == redact_url(address));
  FUZZ_CHECK(cache_key(url) == cache_key(address));
  FUZZ_CHECK(classify_repo(url) == RepoKind::remote);
  FUZZ_CHECK(repository_identity(url) == repository_identity(address));
  FUZZ_CHECK(repository_identity(url).find(secret) == std::string::npos);
  const auto parts = parse_url(url);
  FUZZ_CHECK(parts.scheme == scheme);
  FUZZ_CHECK(parts.username == user);
  FUZZ_CHECK(parts.host.find(secret) == std::string::npos);
  FUZZ_CHECK(parts.path.find(secret) == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_raw(std::string(reinterpret_cast<const char*>(data), size));
  FuzzedDataProvider input(data, size);
  check_built(input);
  return 0;
}
