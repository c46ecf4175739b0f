#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "git/git_source.hpp"
#include "git/url.hpp"

using namespace kgitops;

TEST_CASE("redact_url removes user-info from scheme URLs") {
  CHECK(redact_url("https://alice:s3cret@github.com/org/repo.git") ==
        "https://github.com/org/repo.git");
  CHECK(redact_url("https://ghp_token123@github.com/org/repo.git") ==
        "https://github.com/org/repo.git");
  CHECK(redact_url("http://user:pa%40ss@127.0.0.1:8080/repo.git") ==
        "http://127.0.0.1:8080/repo.git");
  CHECK(redact_url("ssh://git:pw@example.com:2222/org/repo.git") ==
        "ssh://example.com:2222/org/repo.git");
  CHECK(redact_url("ssh://token@example.com/repo") == "ssh://example.com/repo");
  // A raw '@' in the password: the last '@' of the authority ends the user-info.
  CHECK(redact_url("https://user:p@ss@host/repo") == "https://host/repo");
}

TEST_CASE("redact_url leaves URLs without secrets alone") {
  CHECK(redact_url("git@github.com:org/repo.git") == "git@github.com:org/repo.git");
  CHECK(redact_url("https://github.com/org/repo.git") == "https://github.com/org/repo.git");
  // An '@' of a path is written %40: a raw one would end the user-info.
  CHECK(redact_url("https://github.com/org/repo%40v1") == "https://github.com/org/repo%40v1");
  CHECK(redact_url("/srv/git/repo") == "/srv/git/repo");
  CHECK(redact_url("file:///srv/git/repo") == "file:///srv/git/repo");
  CHECK(redact_url("").empty());
}

namespace {

// An address holding a secret, and how each part of it must come out.
struct SecretForm {
  std::string url;
  std::string redacted;
  std::string host;
  std::string username;  // decoded
  std::string password;  // decoded
  std::string secret;    // the password (or the token) as written
};

const std::vector<SecretForm>& secret_forms() {
  static const std::vector<SecretForm> forms = {
      {"https://bot:pa/ss@git.example.com/org/repo.git", "https://git.example.com/org/repo.git",
       "git.example.com", "bot", "pa/ss", "pa/ss"},
      {"https://bot:pa?ss@git.example.com/repo", "https://git.example.com/repo", "git.example.com",
       "bot", "pa?ss", "pa?ss"},
      {"https://bot:pa#ss@git.example.com/repo", "https://git.example.com/repo", "git.example.com",
       "bot", "pa#ss", "pa#ss"},
      {"https://bot:p@ss@git.example.com/repo", "https://git.example.com/repo", "git.example.com",
       "bot", "p@ss", "p@ss"},
      {"https://bot:pa:ss@git.example.com/repo", "https://git.example.com/repo", "git.example.com",
       "bot", "pa:ss", "pa:ss"},
      {"https://bot:1234/5678@git.example.com:8443/repo", "https://git.example.com:8443/repo",
       "git.example.com", "bot", "1234/5678", "1234/5678"},
      {"http://bot:/?#@:xy@127.0.0.1:8080/repo.git", "http://127.0.0.1:8080/repo.git", "127.0.0.1",
       "bot", "/?#@:xy", "/?#@:xy"},
      {"https://bot:pa%2Fss%40w%3Frd@git.example.com/repo", "https://git.example.com/repo",
       "git.example.com", "bot", "pa/ss@w?rd", "pa%2Fss%40w%3Frd"},
      {"https://tok/en#with?all@git.example.com/repo", "https://git.example.com/repo",
       "git.example.com", "tok/en#with?all", "", "tok/en#with?all"},
      {"ssh://git:zq/pw@git.example.com:2222/repo.git", "ssh://git.example.com:2222/repo.git",
       "git.example.com", "git", "zq/pw", "zq/pw"},
      // scp-style: ssh takes no password from the address, but it is hidden all the same.
      {"git:scp/pw@git.example.com:org/repo.git", "git@git.example.com:org/repo.git",
       "git.example.com", "git", "", "scp/pw"},
  };
  return forms;
}

// Every piece of `secret` between the characters a parser may stop at.
std::vector<std::string> pieces(const std::string& secret) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : secret + "/") {
    if (std::string_view("/?#@:%").find(c) == std::string_view::npos) {
      current += c;
      continue;
    }
    if (current.size() > 1) {
      parts.push_back(current);
    }
    current.clear();
  }
  return parts;
}

}  // namespace

TEST_CASE("redact_url leaves no piece of a password, however it is written") {
  for (const auto& form : secret_forms()) {
    CAPTURE(form.url);
    const auto redacted = redact_url(form.url);
    CHECK(redacted == form.redacted);
    REQUIRE_FALSE(pieces(form.secret).empty());
    for (const auto& piece : pieces(form.secret)) {
      CHECK(redacted.find(piece) == std::string::npos);
      CHECK(fetch_url(form.url).find(piece) == std::string::npos);
    }
    // In a message, only a URL with a scheme can be told from other words.
    if (form.url.find("://") != std::string::npos) {
      CHECK(redact_text("error: '" + form.url + "' failed") ==
            "error: '" + form.redacted + "' failed");
    }
    CHECK(cache_key(form.url) == cache_key(form.redacted));
  }
}

TEST_CASE("parse_url finds the host after the last '@' and decodes the user-info") {
  for (const auto& form : secret_forms()) {
    CAPTURE(form.url);
    const auto parts = parse_url(form.url);
    CHECK(parts.host == form.host);
    CHECK(parts.username == form.username);
    CHECK(parts.password == form.password);
    CHECK(parts.has_user_info);
  }
  CHECK_FALSE(parse_url("https://github.com/org/repo.git").has_user_info);
}

TEST_CASE("parse_url marks a host other readers of the URL would read differently") {
  CHECK(parse_url("https://bot:pa/ss@git.example.com/repo").ambiguous_host);
  CHECK(parse_url("https://evil.example.com/x@github.com/org/repo").ambiguous_host);
  CHECK(parse_url("https://bot:p?w@git.example.com/repo").ambiguous_host);
  CHECK_FALSE(parse_url("https://bot:p%2Fw@git.example.com/repo").ambiguous_host);
  CHECK_FALSE(parse_url("https://bot:p@w:x@git.example.com/repo").ambiguous_host);
  CHECK_FALSE(parse_url("git@github.com:org/repo.git").ambiguous_host);
}

TEST_CASE("fetch_url holds no password; ssh keeps the user it logs in as") {
  CHECK(fetch_url("https://bot:pa/ss@git.example.com/repo") == "https://git.example.com/repo");
  CHECK(fetch_url("https://token@git.example.com/repo") == "https://git.example.com/repo");
  CHECK(fetch_url("ssh://deploy:pw@git.example.com:2222/repo") ==
        "ssh://deploy@git.example.com:2222/repo");
  CHECK(fetch_url("ssh://deploy@git.example.com/repo") == "ssh://deploy@git.example.com/repo");
  CHECK(fetch_url("git:pw@git.example.com:org/repo") == "git@git.example.com:org/repo");
  CHECK(fetch_url("git@git.example.com:org/repo") == "git@git.example.com:org/repo");
  CHECK(fetch_url("https://git.example.com/repo") == "https://git.example.com/repo");
  CHECK(fetch_url("/srv/git/repo") == "/srv/git/repo");
}

TEST_CASE("redact_text removes user-info from every URL in a message") {
  CHECK(redact_text("failed to fetch 'https://u:pw@host/a' and https://tok@other/b: 401") ==
        "failed to fetch 'https://host/a' and https://other/b: 401");
  CHECK(redact_text("no url here user:pw@host") == "no url here user:pw@host");
  CHECK(redact_text("email me@example.com") == "email me@example.com");
}

TEST_CASE("classify_repo follows git's rules") {
  CHECK(classify_repo("/srv/repo") == RepoKind::local_path);
  CHECK(classify_repo("./repo") == RepoKind::local_path);
  CHECK(classify_repo("repo") == RepoKind::local_path);
  CHECK(classify_repo("./a:b") == RepoKind::local_path);
  CHECK(classify_repo("file:///srv/repo") == RepoKind::file_url);
  CHECK(classify_repo("https://github.com/org/repo") == RepoKind::remote);
  CHECK(classify_repo("ssh://git@github.com/org/repo") == RepoKind::remote);
  CHECK(classify_repo("git@github.com:org/repo.git") == RepoKind::remote);
  CHECK(classify_repo("host:repo") == RepoKind::remote);
}

TEST_CASE("parse_url splits scheme URLs and scp-style addresses") {
  auto https = parse_url("https://alice:pw@example.com:8443/org/repo.git");
  CHECK(https.scheme == "https");
  CHECK(https.username == "alice");
  CHECK(https.host == "example.com");
  CHECK(https.port == 8443);
  CHECK(https.path == "org/repo.git");

  auto plain = parse_url("http://127.0.0.1/repo.git");
  CHECK(plain.host == "127.0.0.1");
  CHECK(plain.port == 0);
  CHECK(plain.username.empty());

  auto v6 = parse_url("ssh://git@[::1]:2222/repo");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 2222);

  auto scp = parse_url("git@github.com:org/repo.git");
  CHECK(scp.scheme == "ssh");
  CHECK(scp.username == "git");
  CHECK(scp.host == "github.com");
  CHECK(scp.port == 0);
  CHECK(scp.path == "org/repo.git");
}

TEST_CASE("cache_key is the SHA-256 of the redacted URL") {
  // echo -n https://example.com/repo.git | sha256sum
  CHECK(cache_key("https://example.com/repo.git") ==
        "3f71ca0a9a455fa908a2efa64f43dd6bf7ed6d77de8d06bdcdef5aeaf099bf80");
  CHECK(cache_key("https://user:pw@example.com/repo.git") ==
        cache_key("https://example.com/repo.git"));
  CHECK(cache_key("https://example.com/a.git") != cache_key("https://example.com/b.git"));
  CHECK(cache_key("x").size() == 64);
}

TEST_CASE("repository_identity names a repository however its address is written") {
  const std::string github = "github.com/org/shop";
  CHECK(repository_identity("https://github.com/org/shop") == github);
  CHECK(repository_identity("https://github.com/org/shop.git") == github);
  CHECK(repository_identity("https://user:token@GitHub.com/org/shop.git/") == github);
  CHECK(repository_identity("ssh://git@github.com:22/org/shop.git") == github);
  CHECK(repository_identity("git@github.com:org/shop.git") == github);
  CHECK(repository_identity("http://github.com/org/shop?x=1") == github);
  CHECK(repository_identity("https://github.com/org/shop-api") == "github.com/org/shop-api");
  CHECK(repository_identity("https://gitlab.example.com/group/sub/shop.git") ==
        "gitlab.example.com/group/sub/shop");
  // Paths keep their case: file systems tell it apart.
  CHECK(repository_identity("file:///srv/Git/shop.git") == "/srv/Git/shop");
  CHECK(repository_identity("/srv/Git/shop.git") == "/srv/Git/shop");
  CHECK(repository_identity("/srv/git/shop/") == "/srv/git/shop");
  CHECK(repository_identity("/") == "/");
}
