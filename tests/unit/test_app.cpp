#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "engine/app.hpp"

using namespace kgitops;

namespace {

// The readable part of a derived name, checking the 6 hex digits after it.
std::string readable(const std::string& name) {
  REQUIRE(name.size() > 7);
  const auto hash = name.substr(name.size() - 6);
  CHECK(name[name.size() - 7] == '-');
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  return name.substr(0, name.size() - 7);
}

}  // namespace

TEST_CASE("derive_app_name takes the repository's base name from any URL form") {
  CHECK(readable(derive_app_name("https://github.com/acme/shop.git", "")) == "shop");
  CHECK(readable(derive_app_name("https://github.com/acme/shop", "")) == "shop");
  CHECK(readable(derive_app_name("https://github.com/acme/shop/", "")) == "shop");
  CHECK(readable(derive_app_name("https://github.com/acme/shop.git/", "")) == "shop");
  CHECK(readable(derive_app_name("ssh://git@github.com:22/acme/shop.git", "")) == "shop");
  CHECK(readable(derive_app_name("git@github.com:acme/shop.git", "")) == "shop");
  CHECK(readable(derive_app_name("git@github.com:shop.git", "")) == "shop");
  CHECK(readable(derive_app_name("file:///srv/repos/shop", "")) == "shop");
  CHECK(readable(derive_app_name("/srv/repos/shop//", "")) == "shop");
  // User-info never becomes part of a name, even when the URL has no path.
  CHECK(readable(derive_app_name("https://deploy:s3cret@git.example.com/acme/shop.git", "")) ==
        "shop");
  CHECK(readable(derive_app_name("https://deploy:s3cret@git.example.com", "")) ==
        "git-example-com");
  CHECK(readable(derive_app_name("../shop", "")) == "shop");
}

TEST_CASE("derive_app_name adds the path's folders") {
  CHECK(readable(derive_app_name("/srv/repos/shop", "deploy/prod")) == "shop-deploy-prod");
  CHECK(readable(derive_app_name("/srv/repos/shop", "./deploy/prod/")) == "shop-deploy-prod");
  CHECK(readable(derive_app_name("/srv/repos/shop", ".")) == "shop");
  CHECK(readable(derive_app_name("/srv/repos/shop", "")) == "shop");
}

TEST_CASE("derive_app_name makes a valid DNS label of anything") {
  CHECK(readable(derive_app_name("https://example.com/Acme/My_Shop.Web.git", "")) == "my-shop-web");
  CHECK(readable(derive_app_name("/srv/--shop--", "")) == "shop");
  CHECK(readable(derive_app_name("/srv/repos/shop", "apps/__x__")) == "shop-apps-x");
  CHECK(readable(derive_app_name("", "")) == "app");
  CHECK(readable(derive_app_name("/", "")) == "app");
  CHECK(readable(derive_app_name("/srv/___", "")) == "app");

  const std::string long_name(80, 'a');
  const auto derived = derive_app_name("/srv/" + long_name, "");
  CHECK(derived.size() == 50);
  CHECK(readable(derived) == std::string(43, 'a'));
  // Cut at 43 where a '-' would end the name: the '-' goes too.
  const auto cut = derive_app_name("/srv/" + std::string(42, 'b') + "-cc", "");
  CHECK(readable(cut) == std::string(42, 'b'));

  for (const auto& [repo, path] :
       {std::pair{"https://x/ÄÖÜ.git", ""}, std::pair{"/srv/a b c", "d e"},
        std::pair{"git@h:.git", ""}, std::pair{"/srv/9lives", "-"}}) {
    CAPTURE(repo);
    const auto name = derive_app_name(repo, path);
    CHECK(validate_app_name(name).has_value());
  }
}

TEST_CASE("derive_app_name never gives two repositories of the same name one app") {
  CHECK(derive_app_name("https://github.com/team-a/shop", "deploy") !=
        derive_app_name("https://github.com/team-b/shop", "deploy"));
  CHECK(derive_app_name("/srv/team-a/shop", "deploy") !=
        derive_app_name("/srv/team-b/shop", "deploy"));
  // One repository however it is written is one app.
  CHECK(derive_app_name("https://github.com/team-a/shop", "deploy") ==
        derive_app_name("git@github.com:team-a/shop.git", "deploy"));
  CHECK(derive_app_name("https://u:pw@github.com/team-a/shop", "") ==
        derive_app_name("https://github.com/team-a/shop", ""));
}

TEST_CASE("absolute_repo makes a local path absolute and normal, and leaves URLs alone") {
  const auto here = std::filesystem::current_path();
  CHECK(absolute_repo("shop") == (here / "shop").string());
  CHECK(absolute_repo("./shop/") == (here / "shop").string());
  CHECK(absolute_repo("/srv/repos/../shop") == "/srv/shop");
  CHECK(absolute_repo("/") == "/");
  for (const auto* url : {"https://github.com/acme/shop", "git@github.com:acme/shop.git",
                          "file:///srv/shop", "ssh://git@host/shop"}) {
    CHECK(absolute_repo(url) == url);
  }
  CHECK(absolute_repo("").empty());
}

TEST_CASE("validate_app_name accepts DNS labels of at most 50 characters") {
  CHECK(validate_app_name("shop").has_value());
  CHECK(validate_app_name("shop-deploy-prod").has_value());
  CHECK(validate_app_name("9lives").has_value());
  CHECK(validate_app_name("a").has_value());
  CHECK(validate_app_name(std::string(50, 'a')).has_value());
}

TEST_CASE("validate_app_name refuses anything else and names it") {
  for (const auto* name :
       {"", "Shop", "-shop", "shop-", "sh_op", "sh.op", "sh op", "shop/x", "shöp"}) {
    CAPTURE(name);
    auto result = validate_app_name(name);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message.find("'" + std::string(name) + "'") != std::string::npos);
  }
  CHECK_FALSE(validate_app_name(std::string(51, 'a')).has_value());
}
