#include <doctest/doctest.h>

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
  CHECK(redact_url("https://github.com/org/repo@v1") == "https://github.com/org/repo@v1");
  CHECK(redact_url("/srv/git/repo") == "/srv/git/repo");
  CHECK(redact_url("file:///srv/git/repo") == "file:///srv/git/repo");
  CHECK(redact_url("").empty());
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
