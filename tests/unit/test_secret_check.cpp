#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "validate/secret_check.hpp"

using namespace kgitops;

namespace {

Json secret(Json data, Json string_data = nullptr) {
  Json object{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "db"}}}};
  if (!data.is_null()) {
    object["data"] = std::move(data);
  }
  if (!string_data.is_null()) {
    object["stringData"] = std::move(string_data);
  }
  return object;
}

}  // namespace

TEST_CASE("a Secret with values in data or stringData is plaintext, named by key only") {
  auto problem = plaintext_secret_problem(secret({{"password", "aHVudGVyMg=="}}));
  REQUIRE(problem.has_value());
  CHECK(problem->find("Secret db") != std::string::npos);
  CHECK(problem->find("data.password") != std::string::npos);
  CHECK(problem->find("aHVudGVyMg") == std::string::npos);
  CHECK(problem->find(keys::k_allow_plaintext_secret_annotation) != std::string::npos);

  problem = plaintext_secret_problem(secret(nullptr, {{"token", "t"}}));
  REQUIRE(problem.has_value());
  CHECK(problem->find("stringData.token") != std::string::npos);
}

TEST_CASE("a Secret without values passes") {
  CHECK_FALSE(plaintext_secret_problem(secret(nullptr)).has_value());
  CHECK_FALSE(plaintext_secret_problem(secret(Json::object(), Json::object())).has_value());
}

TEST_CASE("the allow annotation must say \"true\"") {
  auto object = secret({{"password", "eA=="}});
  object["metadata"]["annotations"][keys::k_allow_plaintext_secret_annotation] = "true";
  CHECK_FALSE(plaintext_secret_problem(object).has_value());
  object["metadata"]["annotations"][keys::k_allow_plaintext_secret_annotation] = "yes";
  CHECK(plaintext_secret_problem(object).has_value());
}

TEST_CASE("SOPS: a top-level sops key, or every value encrypted, passes") {
  auto object = secret({{"password", "eA=="}});
  object["sops"] = {{"version", "3.8.1"}};
  CHECK_FALSE(plaintext_secret_problem(object).has_value());

  CHECK_FALSE(plaintext_secret_problem(
                  secret({{"password", "ENC[AES256_GCM,data:abc=,iv:i,tag:t,type:str]"}}))
                  .has_value());
  // One value left in clear is still a leak.
  const auto problem = plaintext_secret_problem(
      secret({{"password", "ENC[AES256_GCM,data:abc=,iv:i,tag:t,type:str]"}, {"user", "YWRt"}}));
  REQUIRE(problem.has_value());
  CHECK(problem->find("data.user") != std::string::npos);
  CHECK(problem->find("data.password") == std::string::npos);
}

TEST_CASE("other kinds and other Secret groups are not this check's business") {
  Json sealed{{"apiVersion", "bitnami.com/v1alpha1"},
              {"kind", "SealedSecret"},
              {"metadata", {{"name", "db"}}},
              {"spec", {{"encryptedData", {{"password", "AgB..."}}}}}};
  CHECK_FALSE(plaintext_secret_problem(sealed).has_value());
  Json config{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", "c"}}},
              {"data", {{"password", "x"}}}};
  CHECK_FALSE(plaintext_secret_problem(config).has_value());
  auto other_group = secret({{"password", "eA=="}});
  other_group["apiVersion"] = "example.com/v1";
  CHECK_FALSE(plaintext_secret_problem(other_group).has_value());
}
