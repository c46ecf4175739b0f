#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include <boost/process.hpp>

#include "git/credential_scope.hpp"
#include "git/credentials.hpp"
#include "git/git_source.hpp"
#include "git/url.hpp"
#include "git_test_support.hpp"
#include "isolated_git_environment.hpp"

using namespace kgitops;
using test::IsolatedGitEnvironment;
using test::ScopedEnv;
namespace fs = std::filesystem;

namespace {

std::string error_of(const Result<Checkout>& result) {
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count_entries(const fs::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) {
    ++count;
  }
  return count;
}

// A source the user named: credentials may go to its host, over http too.
SourceSpec named(const std::string& url, const std::string& revision = "") {
  return SourceSpec{url, revision, scope_for_named_repo(url, true)};
}

// A repository with history to resolve revisions in:
//   c1 (main~1, tag v0, tag "feature") - c2 (main, annotated tag v1)
//    \- c3 (branch feature)
struct HistoryRepo {
  test::TestRepo repo;
  std::string c1;
  std::string c2;
  std::string c3;

  HistoryRepo() {
    repo.write("version.txt", "one\n");
    c1 = repo.commit("one");
    repo.run({"tag", "v0"});
    repo.run({"tag", "feature"});
    repo.run({"checkout", "-q", "-b", "feature"});
    repo.write("version.txt", "three\n");
    c3 = repo.commit("three");
    repo.run({"checkout", "-q", "main"});
    repo.write("version.txt", "two\n");
    c2 = repo.commit("two");
    repo.run({"tag", "-a", "v1", "-m", "release one"});
  }
};

void check_resolutions(GitSource& source, const std::string& where, const HistoryRepo& history) {
  struct Case {
    std::string revision;
    std::string commit;
    std::string resolved;
  };
  std::vector<Case> cases = {
      {"", history.c2, "refs/heads/main"},
      {"main", history.c2, "refs/heads/main"},
      {"refs/heads/main", history.c2, "refs/heads/main"},
      // A branch wins over a tag of the same name.
      {"feature", history.c3, "refs/heads/feature"},
      {"v1", history.c2, "refs/tags/v1"},
      {"v0", history.c1, "refs/tags/v0"},
      {history.c1, history.c1, history.c1},
      {history.c3.substr(0, 7), history.c3, history.c3},
      {"main~1", history.c1, "main~1"},
  };
  for (const auto& one : cases) {
    CAPTURE(where);
    CAPTURE(one.revision);
    auto checkout = source.checkout({where, one.revision});
    REQUIRE(checkout.has_value());
    CHECK(checkout->commit == one.commit);
    CHECK(checkout->revision == one.resolved);
    std::string expected = one.commit == history.c1   ? "one\n"
                           : one.commit == history.c2 ? "two\n"
                                                      : "three\n";
    CHECK(test::read_file(checkout->root() / "version.txt") == expected);
  }
  auto missing = error_of(source.checkout({where, "no-such-branch"}));
  CHECK(missing == "revision 'no-such-branch' not found in " + redact_url(where));
}

// The smart-HTTP test server (tests/e2e/git_http_server.py), started for one
// test and killed and reaped when it goes.
class GitHttpServer {
 public:
  // CTest names the source tree in KGITOPS_SOURCE_DIR; run by hand from a
  // build folder, the path the compiler was given usually works too.
  static fs::path script() {
    fs::path relative = fs::path("tests") / "e2e" / "git_http_server.py";
    if (const char* source_dir = std::getenv("KGITOPS_SOURCE_DIR")) {
      return fs::path(source_dir) / relative;
    }
    fs::path this_file(__FILE__);
    return this_file.parent_path().parent_path().parent_path() / relative;
  }

  // Why the server cannot run here, or empty when it can.
  static std::string unavailable() {
    if (boost::process::search_path("python3").empty()) {
      return "python3 is not on PATH";
    }
    auto exec_path = run_process({{"git", "--exec-path"}, "", {}, std::nullopt});
    if (!exec_path || exec_path->exit_code != 0) {
      return "git is not on PATH";
    }
    std::string folder = exec_path->out.substr(0, exec_path->out.find('\n'));
    if (!fs::exists(fs::path(folder) / "git-http-backend")) {
      return "git http-backend is not installed";
    }
    if (!fs::exists(script())) {
      return "the server script " + script().string() + " is not found (set KGITOPS_SOURCE_DIR)";
    }
    return {};
  }

  // An empty `user` serves anyone; `extra` are more of the script's options.
  GitHttpServer(const fs::path& root, const std::string& user, const std::string& password,
                const std::vector<std::string>& extra = {}) {
    namespace bp = boost::process;
    bp::environment environment = boost::this_process::environment();
    if (user.empty()) {
      environment.erase("GIT_SERVER_USER");
    } else {
      environment["GIT_SERVER_USER"] = user;
    }
    environment["GIT_SERVER_PASSWORD"] = password;
    std::vector<std::string> args{script().string(), root.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    m_child = bp::child(bp::search_path("python3"), bp::args(args), bp::std_out > m_out,
                        bp::std_err > bp::null, environment);
    std::string line;
    if (std::getline(m_out, line)) {
      m_port = std::atoi(line.c_str());
    }
  }
  ~GitHttpServer() {
    std::error_code ignored;
    if (m_child.valid()) {
      m_child.terminate(ignored);
      m_child.wait(ignored);
    }
  }
  GitHttpServer(const GitHttpServer&) = delete;
  GitHttpServer& operator=(const GitHttpServer&) = delete;

  int port() const { return m_port; }

 private:
  boost::process::ipstream m_out;
  boost::process::child m_child;
  int m_port = 0;
};

}  // namespace

TEST_CASE("a local path renders the committed tree and ignores uncommitted edits") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("app/deploy.yaml", "committed\n");
  repo.write("tool.sh", "#!/bin/sh\n");
  fs::permissions(repo.work() / "tool.sh", fs::perms::owner_exec, fs::perm_options::add);
  std::string commit = repo.commit("first");
  // A submodule entry: skipped, not an error.
  repo.run({"update-index", "--add", "--cacheinfo",
            "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib"});
  repo.run({"commit", "-q", "-m", "submodule"});
  commit = repo.run({"rev-parse", "HEAD"});

  repo.write("app/deploy.yaml", "edited, not committed\n");
  repo.write("staged.yaml", "staged only\n");
  repo.run({"add", "staged.yaml"});
  repo.write("untracked.yaml", "untracked\n");
  std::string status_before = repo.run({"status", "--porcelain"});

  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  auto checkout = source->checkout({repo.work().string(), ""});
  REQUIRE(checkout.has_value());
  CHECK(checkout->commit == commit);
  CHECK(checkout->revision == "refs/heads/main");
  CHECK(test::read_file(checkout->root() / "app" / "deploy.yaml") == "committed\n");
  CHECK_FALSE(fs::exists(checkout->root() / "staged.yaml"));
  CHECK_FALSE(fs::exists(checkout->root() / "untracked.yaml"));
  CHECK_FALSE(fs::exists(checkout->root() / ".git"));
  CHECK_FALSE(fs::exists(checkout->root() / "vendor" / "lib"));
  struct stat info {};
  REQUIRE(::stat((checkout->root() / "tool.sh").c_str(), &info) == 0);
  CHECK((info.st_mode & S_IXUSR) != 0);
  // Opened in place and read-only: no cache, the work tree untouched.
  CHECK_FALSE(fs::exists(cache.path() / "repos"));
  CHECK(repo.run({"status", "--porcelain"}) == status_before);
  CHECK(test::read_file(repo.work() / "app" / "deploy.yaml") == "edited, not committed\n");

  // The files go with the checkout.
  fs::path root = checkout->root();
  checkout = fail("gone");
  CHECK_FALSE(fs::exists(root));
}

TEST_CASE("a bare local repository is opened in place") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("a.yaml", "a\n");
  std::string commit = repo.commit("first");
  fs::path bare = repo.root() / "bare.git";
  test::git(repo.root(), {"clone", "-q", "--bare", repo.work().string(), bare.string()});

  TempDir cache("kgitops-cache-");
  auto checkout = make_libgit2_source(cache.path())->checkout({bare.string(), ""});
  REQUIRE(checkout.has_value());
  CHECK(checkout->commit == commit);
  CHECK(checkout->revision == "refs/heads/main");
  CHECK(test::read_file(checkout->root() / "a.yaml") == "a\n");
  CHECK_FALSE(fs::exists(cache.path() / "repos"));
}

TEST_CASE("a file:// URL is fetched into the cache, again on every call") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("a.yaml", "first\n");
  std::string first_commit = repo.commit("first");
  repo.run({"branch", "short-lived"});

  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  auto first = source->checkout({repo.url(), ""});
  REQUIRE(first.has_value());
  CHECK(first->commit == first_commit);
  CHECK(first->revision == "refs/heads/main");
  fs::path cached = cache.path() / "repos" / cache_key(repo.url());
  CHECK(fs::exists(cached / "HEAD"));
  CHECK_FALSE(fs::exists(cached / ".git"));  // bare
  CHECK(source->checkout({repo.url(), "short-lived"}).has_value());

  repo.write("a.yaml", "second\n");
  repo.write("b.yaml", "new file\n");
  std::string second_commit = repo.commit("second");
  repo.run({"branch", "-D", "short-lived"});
  auto second = source->checkout({repo.url(), "main"});
  REQUIRE(second.has_value());
  CHECK(second->commit == second_commit);
  CHECK(test::read_file(second->root() / "a.yaml") == "second\n");
  CHECK(test::read_file(second->root() / "b.yaml") == "new file\n");
  // The first checkout is its own copy.
  CHECK(test::read_file(first->root() / "a.yaml") == "first\n");
  // Deleted branches are pruned from the cache.
  CHECK(contains(error_of(source->checkout({repo.url(), "short-lived"})),
                 "revision 'short-lived' not found in " + repo.url()));

  // A new source on the same cache reuses it.
  auto again = make_libgit2_source(cache.path())->checkout({repo.url(), ""});
  REQUIRE(again.has_value());
  CHECK(again->commit == second_commit);
}

TEST_CASE("revisions resolve as commit ids, branches, tags and expressions") {
  IsolatedGitEnvironment isolated;
  HistoryRepo history;
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  SUBCASE("in a local repository") {
    check_resolutions(*source, history.repo.work().string(), history);
  }
  SUBCASE("in a cached remote") {
    check_resolutions(*source, history.repo.url(), history);
  }
}

TEST_CASE("a moved tag is followed on the next fetch") {
  IsolatedGitEnvironment isolated;
  HistoryRepo history;
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  auto before = source->checkout({history.repo.url(), "v0"});
  REQUIRE(before.has_value());
  CHECK(before->commit == history.c1);
  history.repo.run({"tag", "-f", "v0", history.c2});
  auto after = source->checkout({history.repo.url(), "v0"});
  REQUIRE(after.has_value());
  CHECK(after->commit == history.c2);
}

TEST_CASE("missing repositories and non-repositories are clear errors") {
  IsolatedGitEnvironment isolated;
  TempDir scratch("kgitops-scratch-");
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  std::string missing = (scratch.path() / "missing").string();
  CHECK(error_of(source->checkout({missing, ""})) == "repository '" + missing + "' not found");
  CHECK(source->checkout({missing, ""}).error().kind == ErrorKind::not_found);
  CHECK(error_of(source->checkout({"file://" + missing, ""})) ==
        "repository 'file://" + missing + "' not found");

  fs::path plain = scratch.path() / "plain";
  fs::create_directories(plain);
  CHECK(error_of(source->checkout({plain.string(), ""})) ==
        "'" + plain.string() + "' is not a git repository");
  CHECK(contains(error_of(source->checkout({"file://" + plain.string(), ""})),
                 "cannot fetch file://" + plain.string()));
  // A folder inside a repository is not the repository.
  test::TestRepo repo;
  repo.write("sub/a.yaml", "a\n");
  repo.commit("first");
  CHECK(contains(error_of(source->checkout({(repo.work() / "sub").string(), ""})),
                 "is not a git repository"));

  test::TestRepo empty;
  CHECK(contains(error_of(source->checkout({empty.work().string(), ""})),
                 "has no commit on its default branch"));
  CHECK(contains(error_of(source->checkout({empty.url(), ""})), "has no default branch"));
  CHECK(error_of(source->checkout({"", ""})) == "no repository given");
}

TEST_CASE(
    "file links inside the repository are copied, folder links kept; links leaving it are "
    "refused") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("base/real.yaml", "real\n");
  fs::create_directories(repo.work() / "overlay");
  fs::create_symlink("../base/real.yaml", repo.work() / "overlay" / "link.yaml");
  fs::create_directory_symlink("base", repo.work() / "alias");
  repo.commit("links inside");

  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  for (const std::string& where : {repo.work().string(), repo.url()}) {
    CAPTURE(where);
    auto checkout = source->checkout({where, ""});
    REQUIRE(checkout.has_value());
    CHECK(test::read_file(checkout->root() / "overlay" / "link.yaml") == "real\n");
    CHECK(test::read_file(checkout->root() / "alias" / "real.yaml") == "real\n");
    CHECK_FALSE(fs::is_symlink(checkout->root() / "overlay" / "link.yaml"));
    CHECK(fs::read_symlink(checkout->root() / "alias") == "base");
  }

  // The refused checkouts leave nothing behind in the temporary folder.
  TempDir private_tmp("kgitops-tmp-");
  ScopedEnv tmpdir("TMPDIR", private_tmp.path().string());
  fs::create_symlink("../outside", repo.work() / "escape.yaml");
  fs::create_symlink("../../etc/passwd", repo.work() / "overlay" / "deep.yaml");
  repo.commit("links outside");
  for (const std::string& where : {repo.work().string(), repo.url()}) {
    CAPTURE(where);
    auto error = error_of(source->checkout({where, ""}));
    CHECK(contains(error, "'escape.yaml'"));
    CHECK(contains(error, "'../outside'"));
    CHECK(contains(error, "outside the repository"));
    CHECK(count_entries(private_tmp.path()) == 0);
  }
  fs::remove(repo.work() / "escape.yaml");
  repo.commit("one link outside left");
  for (const std::string& where : {repo.work().string(), repo.url()}) {
    CAPTURE(where);
    auto error = error_of(source->checkout({where, ""}));
    CHECK(contains(error, "'overlay/deep.yaml'"));
    CHECK(contains(error, "'../../etc/passwd'"));
    CHECK(count_entries(private_tmp.path()) == 0);
  }
  fs::remove(repo.work() / "overlay" / "deep.yaml");
  fs::create_symlink("/etc/passwd", repo.work() / "passwd.yaml");
  repo.commit("absolute link");
  for (const std::string& where : {repo.work().string(), repo.url()}) {
    CAPTURE(where);
    auto error = error_of(source->checkout({where, ""}));
    CHECK(contains(error, "'passwd.yaml'"));
    CHECK(contains(error, "'/etc/passwd'"));
    CHECK(count_entries(private_tmp.path()) == 0);
  }
}

TEST_CASE("the cache keeps one repository per URL") {
  IsolatedGitEnvironment isolated;
  test::TestRepo one;
  one.write("one.yaml", "1\n");
  one.commit("one");
  test::TestRepo two;
  two.write("two.yaml", "2\n");
  two.commit("two");
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  auto first = source->checkout({one.url(), ""});
  auto second = source->checkout({two.url(), ""});
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(fs::exists(first->root() / "one.yaml"));
  CHECK_FALSE(fs::exists(first->root() / "two.yaml"));
  CHECK(fs::exists(second->root() / "two.yaml"));
  CHECK(cache_key(one.url()) != cache_key(two.url()));
  CHECK(fs::is_directory(cache.path() / "repos" / cache_key(one.url())));
  CHECK(fs::is_directory(cache.path() / "repos" / cache_key(two.url())));
  std::size_t repositories = 0;
  for (const auto& entry : fs::directory_iterator(cache.path() / "repos")) {
    repositories += entry.is_directory() ? 1U : 0U;
  }
  CHECK(repositories == 2);
}

TEST_CASE("concurrent checkouts of one URL share the cache safely") {
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("a.yaml", "a\n");
  std::string commit = repo.commit("first");
  TempDir cache("kgitops-cache-");
  constexpr int k_workers = 4;
  std::vector<std::string> commits(k_workers);
  std::vector<std::string> errors(k_workers);
  std::vector<std::thread> workers;
  for (int i = 0; i < k_workers; ++i) {
    workers.emplace_back([&, i]() {
      auto source = make_libgit2_source(cache.path());  // each as its own process would
      for (int round = 0; round < 3; ++round) {
        auto checkout = source->checkout({repo.url(), ""});
        if (!checkout) {
          errors[static_cast<std::size_t>(i)] = checkout.error().message;
          return;
        }
        commits[static_cast<std::size_t>(i)] = checkout->commit;
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  for (int i = 0; i < k_workers; ++i) {
    CHECK(errors[static_cast<std::size_t>(i)].empty());
    CHECK(commits[static_cast<std::size_t>(i)] == commit);
  }
  fs::path cached = cache.path() / "repos" / cache_key(repo.url());
  CHECK(fs::exists(cached / "HEAD"));
  CHECK_FALSE(fs::exists(cached.string() + ".new"));
  CHECK(test::git(cache.path(), {"--git-dir", cached.string(), "fsck", "--no-progress"}).empty());
}

TEST_CASE("an unreachable remote is a clear error without credentials") {
  IsolatedGitEnvironment isolated;
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  // Port 1 on the loopback: nothing listens there.
  auto error = error_of(source->checkout({"http://bot:hidden-pw-777@127.0.0.1:1/repo.git", ""}));
  CHECK(contains(error, "cannot fetch http://127.0.0.1:1/repo.git"));
  CHECK_FALSE(contains(error, "hidden-pw-777"));
  CHECK_FALSE(contains(error, "bot:"));
  auto ssh = error_of(source->checkout({"ssh://git:ssh-pw-888@127.0.0.1:1/repo.git", ""}));
  CHECK(contains(ssh, "cannot fetch ssh://127.0.0.1:1/repo.git"));
  CHECK_FALSE(contains(ssh, "ssh-pw-888"));
  // The cache's configuration holds only the redacted URL.
  fs::path config = cache.path() / "repos" / cache_key("http://127.0.0.1:1/repo.git") / "config";
  REQUIRE(fs::exists(config));
  CHECK_FALSE(contains(test::read_file(config), "hidden-pw-777"));
}

TEST_CASE("http remotes authenticate, and failures never show a credential") {
  std::string why = GitHttpServer::unavailable();
  if (!why.empty()) {
    const std::string note = "skipping the smart-HTTP test: " + why;
    MESSAGE(note);
    return;
  }
  IsolatedGitEnvironment isolated;
  test::TestRepo repo;
  repo.write("app.yaml", "served over http\n");
  std::string commit = repo.commit("first");
  TempDir root("kgitops-http-root-");
  test::git(root.path(), {"clone", "-q", "--bare", repo.work().string(), "repo.git"});

  const std::string password = "s3rv3r-pa55-word";
  GitHttpServer server(root.path(), k_token_username, password);
  REQUIRE(server.port() > 0);
  std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/repo.git";
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());

  SUBCASE("a token from the environment") {
    ScopedEnv token(k_env_git_token, password);
    auto checkout = source->checkout(named(url));
    REQUIRE(checkout.has_value());
    CHECK(checkout->commit == commit);
    CHECK(checkout->revision == "refs/heads/main");
    CHECK(test::read_file(checkout->root() / "app.yaml") == "served over http\n");
  }
  SUBCASE("a wrong token fails without showing it") {
    ScopedEnv token(k_env_git_token, "wrong-pa55-123");
    auto error = error_of(source->checkout(named(url)));
    CHECK(error == "authentication failed for " + url);
    CHECK_FALSE(contains(error, "wrong-pa55-123"));
    CHECK_FALSE(contains(error, password));
  }
  SUBCASE("a user name and password from the environment") {
    ScopedEnv user(k_env_git_username, k_token_username);
    ScopedEnv secret(k_env_git_password, password);
    CHECK(source->checkout(named(url)).has_value());
  }
  SUBCASE("git's credential helper") {
    isolated.set_global_config(
        "[credential]\n\thelper = \"!f() { test \\\"$1\\\" = get || exit 0; echo username=" +
        std::string(k_token_username) + "; echo password=" + password + "; }; f\"\n");
    auto checkout = source->checkout(named(url));
    REQUIRE(checkout.has_value());
    CHECK(checkout->commit == commit);
  }
  SUBCASE("no credentials at all") {
    auto error = error_of(source->checkout(named(url)));
    CHECK(error == "authentication failed for " + url);
  }
  SUBCASE("credentials written into the URL") {
    std::string with_password = "http://" + std::string(k_token_username) + ":" + password +
                                "@127.0.0.1:" + std::to_string(server.port()) + "/repo.git";
    auto checkout = source->checkout(named(with_password));
    REQUIRE(checkout.has_value());
    CHECK(checkout->commit == commit);
    std::string config = test::read_file(cache.path() / "repos" / cache_key(url) / "config");
    CHECK_FALSE(contains(config, password));

    std::string wrong = "http://" + std::string(k_token_username) +
                        ":bad-url-pw-5@127.0.0.1:" + std::to_string(server.port()) + "/repo.git";
    auto error = error_of(source->checkout(named(wrong)));
    CHECK(contains(error, url));
    CHECK_FALSE(contains(error, "bad-url-pw-5"));
    CHECK_FALSE(contains(error, password));
  }
}

namespace {

// The Authorization headers a server logged (git_http_server.py --log), one
// a request; empty ones stand for requests that carried none.
std::vector<std::string> authorizations(const fs::path& log) {
  std::vector<std::string> found;
  if (!fs::exists(log)) {
    return found;
  }
  std::istringstream lines(test::read_file(log));
  const std::string key = "\"authorization\": \"";
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find(key);
    REQUIRE(at != std::string::npos);
    const auto start = at + key.size();
    found.push_back(line.substr(start, line.find('"', start) - start));
  }
  return found;
}

bool any_authorization(const fs::path& log) {
  const auto found = authorizations(log);
  return std::any_of(found.begin(), found.end(), [](const auto& value) { return !value.empty(); });
}

// A bare clone of a one-commit repository in a folder to serve.
struct ServedRepository {
  test::TestRepo repo;
  TempDir root{"kgitops-http-root-"};
  std::string commit;
  ServedRepository() {
    repo.write("app.yaml", "served\n");
    commit = repo.commit("first");
    test::git(root.path(), {"clone", "-q", "--bare", repo.work().string(), "repo.git"});
  }
};

std::string local_url(int port, const std::string& host = "127.0.0.1") {
  return "http://" + host + ":" + std::to_string(port) + "/repo.git";
}

}  // namespace

TEST_CASE("a redirect to another host gets no credential, from the environment or a helper") {
  if (const auto why = GitHttpServer::unavailable(); !why.empty()) {
    const std::string note = "skipping the smart-HTTP test: " + why;
    MESSAGE(note);
    return;
  }
  IsolatedGitEnvironment isolated;
  ServedRepository served;
  TempDir logs("kgitops-http-logs-");
  const std::string token = "redirect-tok-3141";
  // The second host asks for credentials of its own: whatever it is sent shows in its log.
  GitHttpServer second(served.root.path(), "second-user", "second-pw",
                       {"--log", (logs.path() / "second.log").string()});
  REQUIRE(second.port() > 0);
  // The first host redirects at once, before anything is asked for.
  GitHttpServer first(served.root.path(), "", "",
                      {"--log", (logs.path() / "first.log").string(), "--redirect-to",
                       "http://localhost:" + std::to_string(second.port())});
  REQUIRE(first.port() > 0);
  const auto url = local_url(first.port());
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());

  SUBCASE("the environment's token") {
    ScopedEnv env_token(k_env_git_token, token);
    const auto error = error_of(source->checkout(named(url)));
    CHECK(contains(error, "cannot redirect"));
    CHECK(contains(error, "localhost"));
  }
  SUBCASE("a password git's credential helper keeps for the first host only") {
    const auto store = isolated.dir.path() / "credentials";
    test::write_file(store, "http://" + std::string(k_token_username) + ":" + token +
                                "@127.0.0.1:" + std::to_string(first.port()) + "\n");
    isolated.set_global_config("[credential]\n\thelper = store --file=" + store.string() + "\n");
    const auto error = error_of(source->checkout(named(url)));
    CHECK(contains(error, "cannot redirect"));
  }
  CHECK_FALSE(authorizations(logs.path() / "first.log").empty());
  CHECK_FALSE(any_authorization(logs.path() / "second.log"));
  if (fs::exists(logs.path() / "second.log")) {
    CHECK_FALSE(contains(test::read_file(logs.path() / "second.log"), token));
  }
}

TEST_CASE("credentials never go over plain http unless the scope allows it") {
  if (const auto why = GitHttpServer::unavailable(); !why.empty()) {
    const std::string note = "skipping the smart-HTTP test: " + why;
    MESSAGE(note);
    return;
  }
  IsolatedGitEnvironment isolated;
  ServedRepository served;
  TempDir logs("kgitops-http-logs-");
  const std::string token = "plain-tok-2718";
  GitHttpServer server(served.root.path(), k_token_username, token,
                       {"--log", (logs.path() / "server.log").string()});
  REQUIRE(server.port() > 0);
  const auto url = local_url(server.port());
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  ScopedEnv env_token(k_env_git_token, token);

  const auto error =
      error_of(source->checkout(SourceSpec{url, "", scope_for_named_repo(url, false)}));
  CHECK(contains(error, "--insecure-http"));
  CHECK(contains(error, url));
  CHECK_FALSE(any_authorization(logs.path() / "server.log"));
  CHECK_FALSE(authorizations(logs.path() / "server.log").empty());  // it was asked

  auto allowed = source->checkout(SourceSpec{url, "", scope_for_named_repo(url, true)});
  REQUIRE(allowed.has_value());
  CHECK(allowed->commit == served.commit);
  CHECK(any_authorization(logs.path() / "server.log"));
}

TEST_CASE("a repository URL read from the cluster is fetched without credentials") {
  if (const auto why = GitHttpServer::unavailable(); !why.empty()) {
    const std::string note = "skipping the smart-HTTP test: " + why;
    MESSAGE(note);
    return;
  }
  IsolatedGitEnvironment isolated;
  ServedRepository served;
  TempDir logs("kgitops-http-logs-");
  const std::string token = "cluster-tok-1618";
  ScopedEnv env_token(k_env_git_token, token);
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());

  SUBCASE("a server asking for credentials gets none, and the error says how to allow it") {
    GitHttpServer server(served.root.path(), k_token_username, token,
                         {"--log", (logs.path() / "server.log").string()});
    REQUIRE(server.port() > 0);
    const auto url = local_url(server.port());
    const auto error = error_of(source->checkout(SourceSpec{url, "", CredentialScope{}}));
    CHECK(contains(error, "--auth-host 127.0.0.1:" + std::to_string(server.port())));
    CHECK_FALSE(any_authorization(logs.path() / "server.log"));
  }
  SUBCASE("a server asking for none serves the commit") {
    GitHttpServer server(served.root.path(), "", "",
                         {"--log", (logs.path() / "server.log").string()});
    REQUIRE(server.port() > 0);
    auto checkout = source->checkout(SourceSpec{local_url(server.port()), "", CredentialScope{}});
    REQUIRE(checkout.has_value());
    CHECK(checkout->commit == served.commit);
    CHECK_FALSE(any_authorization(logs.path() / "server.log"));
  }
}

TEST_CASE("a password holding / ? # @ : in the URL authenticates and is shown nowhere") {
  if (const auto why = GitHttpServer::unavailable(); !why.empty()) {
    const std::string note = "skipping the smart-HTTP test: " + why;
    MESSAGE(note);
    return;
  }
  IsolatedGitEnvironment isolated;
  ServedRepository served;
  const std::string password = "Pq7/Rs8?Tu9#Vw0@Xy1:Z92";
  GitHttpServer server(served.root.path(), k_token_username, password);
  REQUIRE(server.port() > 0);
  const auto port = std::to_string(server.port());
  TempDir cache("kgitops-cache-");
  auto source = make_libgit2_source(cache.path());
  const std::vector<std::string> pieces = {"Pq7", "Rs8", "Tu9", "Vw0", "Xy1", "Z92"};

  const auto with_password = "http://" + std::string(k_token_username) + ":" + password +
                             "@127.0.0.1:" + port + "/repo.git";
  auto checkout = source->checkout(named(with_password));
  REQUIRE_MESSAGE(checkout.has_value(), (checkout ? "" : checkout.error().message));
  CHECK(checkout->commit == served.commit);
  const auto config = test::read_file(cache.path() / "repos" / cache_key(with_password) / "config");
  CHECK(contains(config, "url = http://127.0.0.1:" + port + "/repo.git"));
  for (const auto& piece : pieces) {
    CHECK_FALSE(contains(config, piece));
  }

  const auto wrong = "http://" + std::string(k_token_username) +
                     ":Pq7/Rs8?Tu9#Vw0@Xy1:Z93@127.0.0.1:" + port + "/repo.git";
  const auto error = error_of(source->checkout(named(wrong)));
  CHECK(contains(error, "http://127.0.0.1:" + port + "/repo.git"));
  for (const auto& piece : pieces) {
    CHECK_FALSE(contains(error, piece));
  }
}
