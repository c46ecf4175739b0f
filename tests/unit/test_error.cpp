#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"

using namespace kgitops;

TEST_CASE("error: fail() makes an error of the default kind, without a location") {
  const auto error = fail("a", std::string("b"), "c").error();
  CHECK(error.message == "abc");
  CHECK(error.kind == ErrorKind::failed);
  CHECK(error.where.file.empty());
  CHECK(to_string(error) == "abc");
}

TEST_CASE("error: fail_with() and fail_at() set the kind and the location") {
  const auto refused = fail_with(ErrorKind::refused, "refusing ", "to prune").error();
  CHECK(refused.kind == ErrorKind::refused);
  CHECK(to_string(refused) == "refusing to prune");

  const auto located =
      fail_at({"apps/web.yaml", 12, "ConfigMap prod/web"}, "bad ", "value").error();
  CHECK(located.message == "bad value");  // the location stays out of the message
  CHECK(located.where.line == 12);
  CHECK(located.where.object == "ConfigMap prod/web");
  CHECK(to_string(located) == "apps/web.yaml:12: bad value");
  CHECK(to_string(fail_at({"apps/web.yaml", 0, {}}, "x").error()) == "apps/web.yaml: x");
  // An object alone is no place in the text: the message names it when it must.
  CHECK(to_string(fail_at({"", 0, "ConfigMap prod/web"}, "x").error()) == "x");
}

TEST_CASE("error: context goes before the message; kind and location stay") {
  const auto located = fail_at({"apps.yaml", 3, {}}, "not a map").error();
  const auto wrapped = with_context("--config", with_kind(ErrorKind::usage, located).error());
  CHECK(wrapped.error().kind == ErrorKind::usage);
  CHECK(wrapped.error().message == "--config: not a map");
  CHECK(to_string(wrapped.error()) == "apps.yaml:3: --config: not a map");
  CHECK(located.kind == ErrorKind::failed);  // with_kind changed a copy
}
