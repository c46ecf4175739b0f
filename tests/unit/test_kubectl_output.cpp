#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cluster/kubectl_output.hpp"

using namespace kgitops;

namespace {

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};
const ApiResource k_widgets{"example.com", "v1", "Widget", "widgets", true};
const ApiResource k_other_widgets{"other.example.com", "v1", "Widget", "widgets", true};

std::vector<std::string> plurals(const std::vector<ApiResource>& kinds) {
  std::vector<std::string> names;
  for (const auto& kind : kinds) {
    names.push_back(kind.qualified_resource());
  }
  return names;
}

}  // namespace

TEST_CASE("a kubectl failure is a remote error with kubectl's words, or its status") {
  const auto said = kubectl_error("cannot list", ProcessOutput{1, "", "  error: forbidden\t"});
  CHECK(said.message == "cannot list: error: forbidden");
  CHECK(said.kind == ErrorKind::remote);
  CHECK(kubectl_error("cannot list", ProcessOutput{3, "", ""}).message ==
        "cannot list: kubectl exited with status 3");
}

TEST_CASE("kubectl's JSON is a List's items, one object, or nothing") {
  CHECK(kubectl_json_items(" \t").value().empty());
  const auto list = kubectl_json_items(R"({"kind":"List","items":[{"a":1},{"b":2}]})");
  REQUIRE(list);
  CHECK(*list == std::vector<Json>{Json{{"a", 1}}, Json{{"b", 2}}});
  const auto one = kubectl_json_items(R"({"kind":"ConfigMap"})");
  REQUIRE(one);
  CHECK(*one == std::vector<Json>{Json{{"kind", "ConfigMap"}}});
  CHECK_FALSE(kubectl_json_items("{not json"));
}

TEST_CASE("the lines of kubectl's stderr about one object, with the field errors after them") {
  const ResourceKey web{"apps", "Deployment", "team", "web"};
  const ProcessOutput output{1, "",
                             "Error from server (Invalid): Deployment.apps \"web\" is invalid:\n"
                             "* spec.replicas: Invalid value: -1\n"
                             "Error from server (Invalid): Deployment.apps \"api\" is invalid:\n"
                             "* spec.template: Required value\n"};
  CHECK(kubectl_errors_about(web, output) ==
        "Error from server (Invalid): Deployment.apps \"web\" is invalid:\n"
        "* spec.replicas: Invalid value: -1");
  const ResourceKey other{"", "ConfigMap", "team", "other"};
  CHECK(kubectl_errors_about(other, ProcessOutput{1, "", " error: timeout \r"}) ==
        "error: timeout");
  CHECK(kubectl_errors_about(other, ProcessOutput{0, "", ""}) ==
        "the server did not return the object");
}

TEST_CASE("kinds kubectl says the server lost are left out; anything unclear is not guessed") {
  const std::vector<ApiResource> kinds{k_configmaps, k_widgets};
  const auto gone = without_vanished_kinds(
      kinds, kinds, "error: the server doesn't have a resource type \"widgets\"\n");
  REQUIRE(gone);
  CHECK(plurals(*gone) == std::vector<std::string>{"configmaps"});

  const auto lost = without_vanished_kinds(
      kinds, kinds,
      "Error from server (NotFound): the server could not find the requested resource (get "
      "widgets.example.com)\n");
  REQUIRE(lost);
  CHECK(plurals(*lost) == std::vector<std::string>{"configmaps"});

  CHECK_FALSE(without_vanished_kinds(kinds, kinds, "error: forbidden\n"));
  CHECK_FALSE(
      without_vanished_kinds(kinds, kinds, "the server doesn't have a resource type \"widg"));
  const std::vector<ApiResource> shared{k_configmaps, k_widgets, k_other_widgets};
  CHECK_FALSE(without_vanished_kinds(
      kinds, shared, "error: the server doesn't have a resource type \"widgets\"\n"));
}
