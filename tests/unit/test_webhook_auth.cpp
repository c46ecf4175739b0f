#include <doctest/doctest.h>

#include "core/sha256.hpp"
#include "hex.hpp"
#include "http/webhook_auth.hpp"

using namespace kgitops;

using kgitops::testing::hex;

TEST_CASE("HMAC-SHA256 matches the RFC 4231 test vector") {
  CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("a GitHub signature of the body with the secret is accepted, anything else is not") {
  const std::string secret = "It's a Secret to Everybody";
  const std::string body = "Hello, World!";
  // GitHub's documented example.
  const std::string good =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(authenticate_hook(HookSender::github, secret, good, body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, good, body + " "));
  CHECK_FALSE(authenticate_hook(HookSender::github, "another secret", good, body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, std::nullopt, body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, std::string(""), body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, good.substr(7), body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, "sha256=zz", body));
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, good + "00", body));
  auto forged = good;
  forged.back() = '6';
  CHECK_FALSE(authenticate_hook(HookSender::github, secret, forged, body));
  CHECK_FALSE(
      authenticate_hook(HookSender::github, "", "sha256=" + hex(hmac_sha256("", body)), body));
}

TEST_CASE("the generic sender signs like GitHub, GitLab sends the token itself") {
  const std::string body = R"({"ref":"refs/heads/main"})";
  const auto signature = "sha256=" + hex(hmac_sha256("s3cret", body));
  CHECK(authenticate_hook(HookSender::generic, "s3cret", signature, body));
  CHECK_FALSE(authenticate_hook(HookSender::generic, "s3cret", std::string("s3cret"), body));
  CHECK(authenticate_hook(HookSender::gitlab, "s3cret", std::string("s3cret"), body));
  CHECK_FALSE(authenticate_hook(HookSender::gitlab, "s3cret", std::string("s3cre"), body));
  CHECK_FALSE(authenticate_hook(HookSender::gitlab, "s3cret", std::nullopt, body));
  CHECK_FALSE(authenticate_hook(HookSender::gitlab, "s3cret", signature, body));
  CHECK(auth_header(HookSender::github) == "x-hub-signature-256");
}
