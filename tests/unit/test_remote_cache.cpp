#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "git/credential_scope.hpp"
#include "git/remote_cache.hpp"
#include "git/url.hpp"
#include "git_test_support.hpp"
#include "isolated_git_environment.hpp"

using namespace kgitops;
using test::IsolatedGitEnvironment;
namespace fs = std::filesystem;

namespace {

std::string error_of(const Result<Checkout>& result) {
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A source the user named: credentials may go to its host, over http too.
SourceSpec named(const std::string& url, const std::string& revision = "") {
  return SourceSpec{url, revision, scope_for_named_repo(url, true)};
}

// The cache's refs, one per line, as git lists them.
std::string cached_refs(const fs::path& cache) {
  return test::git(cache, {"--git-dir", cache.string(), "for-each-ref", "--format=%(refname)"});
}

}  // namespace

TEST_CASE("a cache is made bare, its remote at the URL shown, fetching branches and tags") {
  ensure_libgit2_initialised();
  TempDir folder("kgitops-cache-");
  const auto directory = folder.path() / "repo";
  auto repository = open_cache_repository(directory, "http://127.0.0.1:1/repo.git");
  REQUIRE(repository);
  CHECK(git_repository_is_bare(repository->get()) == 1);
  CHECK_FALSE(fs::exists(folder.path() / "repo.new"));
  const auto config = [&](const std::string& key) {
    return test::git(folder.path(), {"--git-dir", directory.string(), "config", "--get-all", key});
  };
  CHECK(config("remote.origin.url") == "http://127.0.0.1:1/repo.git");
  CHECK(config("remote.origin.fetch") ==
        "+refs/heads/*:refs/remotes/origin/*\n+refs/tags/*:refs/tags/*");

  SUBCASE("opened again, it keeps its objects and takes the URL it is given") {
    repository->reset();
    test::write_file(directory / "kept", "x");
    REQUIRE(open_cache_repository(directory, "http://127.0.0.1:2/repo.git"));
    CHECK(fs::exists(directory / "kept"));
    CHECK(config("remote.origin.url") == "http://127.0.0.1:2/repo.git");
  }
  SUBCASE("a damaged cache is made again: it is only a copy") {
    repository->reset();
    fs::remove_all(directory);
    test::write_file(directory / "junk", "not a repository");
    REQUIRE(open_cache_repository(directory, "http://127.0.0.1:1/repo.git"));
    CHECK_FALSE(fs::exists(directory / "junk"));
    CHECK(config("remote.origin.url") == "http://127.0.0.1:1/repo.git");
  }
}

TEST_CASE("a fetch brings branches, tags and the default branch, and prunes deleted branches") {
  ensure_libgit2_initialised();
  IsolatedGitEnvironment isolated;
  test::TestRepo remote;
  remote.write("a.yaml", "a\n");
  remote.commit("first");
  remote.run({"branch", "short-lived"});
  remote.run({"tag", "v1"});
  TempDir folder("kgitops-cache-");
  const auto directory = folder.path() / "repo";
  auto repository = open_cache_repository(directory, remote.url());
  REQUIRE(repository);

  REQUIRE(fetch_into_cache(repository->get(), named(remote.url()), std::chrono::seconds(30)));
  CHECK(cached_refs(directory) ==
        "refs/remotes/origin/HEAD\nrefs/remotes/origin/main\nrefs/remotes/origin/short-lived\n"
        "refs/tags/v1");
  CHECK(test::git(folder.path(), {"--git-dir", directory.string(), "symbolic-ref",
                                  k_cached_head}) == "refs/remotes/origin/main");

  remote.run({"branch", "-D", "short-lived"});
  REQUIRE(fetch_into_cache(repository->get(), named(remote.url()), std::chrono::seconds(30)));
  CHECK(cached_refs(directory) ==
        "refs/remotes/origin/HEAD\nrefs/remotes/origin/main\nrefs/tags/v1");
}

TEST_CASE("a fetch from a remote that is not there names it, without its credentials") {
  ensure_libgit2_initialised();
  IsolatedGitEnvironment isolated;
  TempDir folder("kgitops-cache-");
  const std::string url = "http://bot:s3cret@127.0.0.1:1/repo.git";
  auto repository = open_cache_repository(folder.path() / "repo", redact_url(url));
  REQUIRE(repository);
  const auto fetched = fetch_into_cache(repository->get(), named(url), std::chrono::seconds(30));
  REQUIRE_FALSE(fetched);
  CHECK(fetched.error().kind == ErrorKind::remote);
  CHECK(fetched.error().message.starts_with("cannot fetch http://127.0.0.1:1/repo.git: "));
  CHECK_FALSE(contains(fetched.error().message, "s3cret"));
}

TEST_CASE("a fetch still running at its deadline is abandoned, naming the timeout") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("a.yaml", "first\n");
  repo.commit("first");
  TempDir cache("kgitops-cache-");
  // No fetch is done within no time at all: it ends at its first progress report.
  auto late = make_libgit2_source(cache.path(), std::chrono::milliseconds(0));
  const auto timed_out = late->checkout({repo.url(), ""});
  CHECK(error_of(timed_out) ==
        "cannot fetch " + repo.url() + ": timed out after 0s (--git-timeout)");
  CHECK(timed_out.error().kind == ErrorKind::timeout);  // exit 6, as README says
  // The cache is left usable: the next fetch in time succeeds.
  CHECK(make_libgit2_source(cache.path(), std::chrono::seconds(30))
            ->checkout({repo.url(), ""})
            .has_value());
}

TEST_CASE("a cache whose configuration holds credentials is cleaned on its next use") {
  IsolatedGitEnvironment isolated;
  TempDir cache("kgitops-cache-");
  const std::string url = "http://bot:old/leak?pw@127.0.0.1:1/repo.git";
  const auto directory = cache.path() / "repos" / cache_key(url);
  fs::create_directories(directory.parent_path());
  test::git(cache.path(), {"init", "-q", "--bare", directory.string()});
  // What an older version wrote for a password it failed to recognise.
  test::git(cache.path(), {"--git-dir", directory.string(), "remote", "add", "origin", url});
  REQUIRE(contains(test::read_file(directory / "config"), "old/leak"));

  auto source = make_libgit2_source(cache.path());
  const auto error = error_of(source->checkout(named(url)));  // nothing listens on port 1
  CHECK_FALSE(contains(error, "leak"));
  const auto config = test::read_file(directory / "config");
  CHECK_FALSE(contains(config, "old"));
  CHECK_FALSE(contains(config, "leak"));
  CHECK(contains(config, "url = http://127.0.0.1:1/repo.git"));
}
