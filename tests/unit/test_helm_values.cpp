#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/temp_dir.hpp"
#include "render/helm_values.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

TEST_CASE("values_from_assignments: dotted keys nest, later assignments win") {
  auto values = values_from_assignments(
      {"image.tag=1.2.3", "image.repository=nginx", "replicas=3", "image.tag=1.2.4"});
  REQUIRE(values);
  CHECK(*values == Json::parse(R"({"image":{"tag":"1.2.4","repository":"nginx"},"replicas":3})"));
  CHECK(*values_from_assignments({}) == Json::object());
}

TEST_CASE("values_from_assignments: values typed as helm's --set, taken whole") {
  auto values = values_from_assignments({"a=true", "b=False", "c=null", "d=0", "e=0123", "f=-7",
                                         "g=+5", "h=1.5", "i=", "j=x,y=z", "k=a=b",
                                         "l=99999999999999999999", "m=+-5"});
  REQUIRE(values);
  CHECK((*values)["a"] == true);
  CHECK((*values)["b"] == false);
  CHECK((*values)["c"].is_null());
  CHECK((*values)["d"] == 0);
  CHECK((*values)["e"] == "0123");  // a leading zero keeps a string (a PIN, a code)
  CHECK((*values)["f"] == -7);
  CHECK((*values)["g"] == 5);
  CHECK((*values)["h"] == "1.5");
  CHECK((*values)["i"] == "");
  CHECK((*values)["j"] == "x,y=z");  // commas are part of the value
  CHECK((*values)["k"] == "a=b");
  CHECK((*values)["l"] == "99999999999999999999");
  CHECK((*values)["m"] == "+-5");
}

TEST_CASE("values_from_assignments: an escaped dot stays in the key; a deeper key wins") {
  auto values = values_from_assignments(
      {R"(annotations.example\.com/team=shop)", "db=plain", "db.password=s3cret"});
  REQUIRE(values);
  CHECK((*values)["annotations"]["example.com/team"] == "shop");
  CHECK((*values)["db"]["password"] == "s3cret");
}

TEST_CASE("values_from_assignments: errors name the key and never the value") {
  const auto error = [](const std::string& assignment) {
    auto values = values_from_assignments({assignment});
    REQUIRE_FALSE(values);
    CHECK(values.error().message.find("hunter2") == std::string::npos);
    return to_string(values.error());
  };
  CHECK(error("hunter2") == "--set takes key=value");
  CHECK(error("db..password=hunter2") == "--set 'db..password': a part of the key is empty");
  CHECK(error("=hunter2") == "--set '': a part of the key is empty");
  CHECK(error("hosts[0]=hunter2") ==
        "--set 'hosts[0]': list indexes are not supported; use a values file");
}

TEST_CASE("resolve_values_file: a file inside the repository, nothing else") {
  TempDir dir("kgitops-helm-values-");
  fs::create_directories(dir.path() / "repo" / "envs");
  std::ofstream(dir.path() / "repo" / "envs" / "prod.yaml") << "replicas: 3\n";
  std::ofstream(dir.path() / "secret.yaml") << "password: x\n";
  fs::create_symlink(dir.path() / "secret.yaml", dir.path() / "repo" / "envs" / "linked.yaml");
  const auto root = fs::canonical(dir.path() / "repo");

  auto found = resolve_values_file(root, "envs/prod.yaml");
  REQUIRE(found);
  CHECK(*found == root / "envs" / "prod.yaml");
  const auto error = [&](const std::string& file) {
    auto resolved = resolve_values_file(root, file);
    REQUIRE_FALSE(resolved);
    return resolved.error().message;
  };
  CHECK(error("../secret.yaml") == "--values: path '../secret.yaml' leaves the repository");
  CHECK(error(dir.path().string() + "/secret.yaml")
            .ends_with("must be relative to the repository root"));
  CHECK(error("envs/linked.yaml") ==
        "--values: path 'envs/linked.yaml': leads outside the repository (through a symlink)");
  CHECK(error("envs/missing.yaml") ==
        "--values 'envs/missing.yaml' does not exist in the repository");
  CHECK(error("envs") == "--values 'envs' is not a file");
}
