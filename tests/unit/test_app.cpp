#include <doctest/doctest.h>

#include <string>

#include "engine/app.hpp"

using namespace kgitops;

TEST_CASE("derive_app_name takes the repository's base name from any URL form") {
  CHECK(derive_app_name("https://github.com/acme/shop.git", "") == "shop");
  CHECK(derive_app_name("https://github.com/acme/shop", "") == "shop");
  CHECK(derive_app_name("https://github.com/acme/shop/", "") == "shop");
  CHECK(derive_app_name("https://github.com/acme/shop.git/", "") == "shop");
  CHECK(derive_app_name("ssh://git@github.com:22/acme/shop.git", "") == "shop");
  CHECK(derive_app_name("git@github.com:acme/shop.git", "") == "shop");
  CHECK(derive_app_name("git@github.com:shop.git", "") == "shop");
  CHECK(derive_app_name("file:///srv/repos/shop", "") == "shop");
  CHECK(derive_app_name("/srv/repos/shop//", "") == "shop");
  // User-info never becomes part of a name, even when the URL has no path.
  CHECK(derive_app_name("https://deploy:s3cret@git.example.com/acme/shop.git", "") == "shop");
  CHECK(derive_app_name("https://deploy:s3cret@git.example.com", "") == "git-example-com");
  CHECK(derive_app_name("../shop", "") == "shop");
}

TEST_CASE("derive_app_name adds the path's folders") {
  CHECK(derive_app_name("/srv/repos/shop", "deploy/prod") == "shop-deploy-prod");
  CHECK(derive_app_name("/srv/repos/shop", "./deploy/prod/") == "shop-deploy-prod");
  CHECK(derive_app_name("/srv/repos/shop", ".") == "shop");
  CHECK(derive_app_name("/srv/repos/shop", "") == "shop");
}

TEST_CASE("derive_app_name makes a valid DNS label of anything") {
  CHECK(derive_app_name("https://example.com/Acme/My_Shop.Web.git", "") == "my-shop-web");
  CHECK(derive_app_name("/srv/--shop--", "") == "shop");
  CHECK(derive_app_name("/srv/repos/shop", "apps/__x__") == "shop-apps-x");
  CHECK(derive_app_name("", "") == "app");
  CHECK(derive_app_name("/", "") == "app");
  CHECK(derive_app_name("/srv/___", "") == "app");

  const std::string long_name(80, 'a');
  const auto derived = derive_app_name("/srv/" + long_name, "");
  CHECK(derived == std::string(50, 'a'));
  // Cut at 50 where a '-' would end the name: the '-' goes too.
  const auto cut = derive_app_name("/srv/" + std::string(49, 'b') + "-cc", "");
  CHECK(cut == std::string(49, 'b'));

  for (const auto& [repo, path] :
       {std::pair{"https://x/ÄÖÜ.git", ""}, std::pair{"/srv/a b c", "d e"},
        std::pair{"git@h:.git", ""}, std::pair{"/srv/9lives", "-"}}) {
    CAPTURE(repo);
    const auto name = derive_app_name(repo, path);
    CHECK(validate_app_name(name).has_value());
  }
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
