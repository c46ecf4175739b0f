#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/sha256.hpp"
#include "engine/compare.hpp"

using namespace kgitops;

namespace {

bool same(const std::string& desired, const std::string& live) {
  return equivalent(Json::parse(desired), Json::parse(live));
}

Json secret(const Json& data, const Json& string_data = nullptr) {
  Json object{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "db"}}}};
  if (!data.is_null()) {
    object["data"] = data;
  }
  if (!string_data.is_null()) {
    object["stringData"] = string_data;
  }
  return object;
}

// The quantity's value, or NaN (equal to nothing) when it is not one.
double quantity(const char* text) {
  const auto value = parse_quantity(text);
  return value ? static_cast<double>(*value) : std::nan("");
}

}  // namespace

TEST_CASE("parse_quantity reads decimal and binary suffixes") {
  CHECK(quantity("500m") == doctest::Approx(0.5));
  CHECK(quantity("2") == doctest::Approx(2.0));
  CHECK(quantity("1.5") == doctest::Approx(1.5));
  CHECK(quantity("1k") == doctest::Approx(1000.0));
  CHECK(quantity("1Ki") == doctest::Approx(1024.0));
  CHECK(quantity("1Gi") == doctest::Approx(1073741824.0));
  CHECK(quantity("1G") == doctest::Approx(1e9));
  CHECK(quantity("1e3") == doctest::Approx(1000.0));
  CHECK_FALSE(parse_quantity("").has_value());
  CHECK_FALSE(parse_quantity("abc").has_value());
  CHECK_FALSE(parse_quantity("1Gb").has_value());
  CHECK_FALSE(parse_quantity("1 Gi").has_value());
  CHECK_FALSE(parse_quantity("nginx:1.27").has_value());
  CHECK_FALSE(parse_quantity(std::string(100, '1')).has_value());
}

TEST_CASE("quantities and numbers compare by value, as the server normalises them") {
  const auto requests = [](const char* value) {
    return std::string(R"({"resources": {"requests": {"cpu": )") + value + "}}}";
  };
  CHECK(same(requests(R"("500m")"), requests("0.5")));
  CHECK(same(requests(R"("500m")"), requests(R"("0.5")")));
  CHECK(same(requests(R"("1")"), requests("1")));
  CHECK(same(requests("1"), requests("1.0")));
  CHECK(same(requests(R"("1000m")"), requests(R"("1")")));
  CHECK_FALSE(same(requests(R"("500m")"), requests(R"("600m")")));
  CHECK(same(R"({"limits": {"memory": "1Gi"}})", R"({"limits": {"memory": "1024Mi"}})"));
  CHECK_FALSE(same(R"({"limits": {"memory": "1Gi"}})", R"({"limits": {"memory": "1G"}})"));
  CHECK(same(R"({"status": {"capacity": {"storage": "1Gi"}}})",
             R"({"status": {"capacity": {"storage": "1024Mi"}}})"));
  CHECK(same(R"({"spec": {"hard": {"requests.cpu": "2"}}})",
             R"({"spec": {"hard": {"requests.cpu": "2000m"}}})"));
  CHECK(same(R"({"emptyDir": {"sizeLimit": "1Gi"}})", R"({"emptyDir": {"sizeLimit": "1024Mi"}})"));
  CHECK(same(R"({"cpu": 0.5})", R"({"cpu": "500m"})"));  // a YAML number anywhere
  CHECK_FALSE(same(R"({"replicas": 2})", R"({"replicas": 3})"));
}

TEST_CASE("outside quantities, two strings are equal only as text") {
  CHECK_FALSE(
      same(R"({"annotations": {"version": "1.10"}})", R"({"annotations": {"version": "1.1"}})"));
  CHECK_FALSE(same(R"({"data": {"timeout": "1000m"}})", R"({"data": {"timeout": "1"}})"));
  CHECK_FALSE(same(R"({"env": [{"name": "RATIO", "value": "0.50"}]})",
                   R"({"env": [{"name": "RATIO", "value": "0.5"}]})"));
  CHECK_FALSE(same(R"({"requests": [{"cpu": "1"}]})", R"({"requests": [{"cpu": "1000m"}]})"));
  CHECK(same(R"({"data": {"timeout": "1.10"}})", R"({"data": {"timeout": "1.10"}})"));
}

TEST_CASE("strings never equal booleans, and other strings compare as text") {
  CHECK_FALSE(same(R"({"a": "true"})", R"({"a": true})"));
  CHECK_FALSE(same(R"({"a": true})", R"({"a": "true"})"));
  CHECK_FALSE(same(R"({"a": "1"})", R"({"a": true})"));
  CHECK_FALSE(same(R"({"a": false})", R"({"a": 0})"));
  CHECK(same(R"({"a": true})", R"({"a": true})"));
  CHECK_FALSE(same(R"({"image": "nginx:1.27"})", R"({"image": "nginx:1.28"})"));
  CHECK_FALSE(same(R"({"a": "x"})", R"({"a": 1})"));
}

TEST_CASE("nulls and empty maps or lists count as absent") {
  CHECK(same(R"({"a": {}, "b": 1})", R"({"b": 1})"));
  CHECK(same(R"({"b": 1})", R"({"a": [], "b": 1})"));
  CHECK(same(R"({"a": null, "b": 1})", R"({"b": 1})"));
  CHECK(same(R"({"a": {"x": {}}})", R"({})"));
  CHECK_FALSE(same(R"({"a": {"x": 1}})", R"({})"));
  CHECK_FALSE(same(R"({"a": ""})", R"({})"));  // an empty string is a value
}

TEST_CASE("maps compare key by key and lists element by element, in order") {
  CHECK(same(R"({"a": [1, 2]})", R"({"a": [1, 2]})"));
  CHECK_FALSE(same(R"({"a": [1, 2]})", R"({"a": [2, 1]})"));
  CHECK_FALSE(same(R"({"a": [1, 2]})", R"({"a": [1, 2, 3]})"));
  CHECK_FALSE(same(R"({"a": 1})", R"({"a": 1, "b": 2})"));
  CHECK_FALSE(same(R"({"a": 1, "c": 2})", R"({"a": 1, "b": 2})"));
  CHECK(same(R"({"l": [{"cpu": "1"}]})", R"({"l": [{"cpu": 1}]})"));
  CHECK_FALSE(same(R"({"a": {"b": 1}})", R"({"a": [1]})"));
}

TEST_CASE("Secret stringData is folded into base64 data") {
  const auto folded = fold_string_data(
      secret(Json{{"kept", base64("old")}}, Json{{"password", "s3cret"}, {"kept", "new"}}));
  CHECK_FALSE(folded.contains("stringData"));
  CHECK(folded["data"]["password"] == base64("s3cret"));
  CHECK(folded["data"]["password"] == "czNjcmV0");
  // stringData wins over data, as on the server.
  CHECK(folded["data"]["kept"] == base64("new"));
  CHECK(equivalent(folded, secret(Json{{"password", "czNjcmV0"}, {"kept", base64("new")}})));
}

TEST_CASE("fold_string_data leaves other objects alone") {
  const auto config =
      Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "stringData": {"a": "b"}})");
  CHECK(fold_string_data(config) == config);
  const auto plain = secret(Json{{"a", "Yg=="}});
  CHECK(fold_string_data(plain) == plain);
}

TEST_CASE("display_pair masks every Secret value and never shows the plaintext") {
  const auto live = secret(Json{{"same", base64("same-value")},
                                {"changed", base64("old-pass")},
                                {"removed", base64("gone-value")}});
  const auto desired = secret(Json{
      {"same", base64("same-value")}, {"changed", base64("new-pass")}, {"added", base64("fresh")}});
  const auto pair = display_pair(live, desired);
  const auto text = pair.live.dump() + pair.desired.dump();
  for (const auto* secret_text : {"same-value", "old-pass", "new-pass", "gone-value", "fresh"}) {
    CAPTURE(secret_text);
    CHECK(text.find(secret_text) == std::string::npos);
    CHECK(text.find(base64(secret_text)) == std::string::npos);
  }
  // Unchanged keys look the same on both sides; changed ones differ.
  CHECK(pair.live["data"]["same"] == pair.desired["data"]["same"]);
  CHECK(pair.live["data"]["changed"] != pair.desired["data"]["changed"]);
  CHECK(pair.live["data"]["same"] != pair.live["data"]["changed"]);
  CHECK(pair.live["data"].contains("removed"));
  CHECK(pair.desired["data"].contains("added"));
  CHECK(pair.live["data"]["removed"] != pair.live["data"]["same"]);
  CHECK(pair.desired["data"]["added"] != pair.desired["data"]["same"]);
}

TEST_CASE("display_pair masks stringData too") {
  const auto pair = display_pair(secret(nullptr, Json{{"token", "plain-token"}}),
                                 secret(nullptr, Json{{"token", "other-token"}}));
  const auto text = pair.live.dump() + pair.desired.dump();
  CHECK(text.find("plain-token") == std::string::npos);
  CHECK(text.find("other-token") == std::string::npos);
  CHECK(pair.live["stringData"]["token"] != pair.desired["stringData"]["token"]);
}

TEST_CASE("display_pair leaves other kinds readable and drops empty values") {
  const auto live = Json::parse(
      R"({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1"}, "x": {}, "y": null})");
  const auto desired =
      Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "2"}, "z": []})");
  const auto pair = display_pair(live, desired);
  CHECK(pair.live ==
        Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1"}})"));
  CHECK(pair.desired ==
        Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "2"}})"));
}

TEST_CASE("display_object drops server bookkeeping and masks a Secret entirely") {
  auto live = secret(Json{{"password", base64("hunter2")}});
  live["metadata"]["uid"] = "u-1";
  live["metadata"]["resourceVersion"] = "7";
  live["metadata"]["managedFields"] = Json::array({{{"manager", "x"}}});
  live["metadata"]["creationTimestamp"] = "2024-01-01T00:00:00Z";
  live["metadata"]["labels"] = {{"app", "db"}};
  // Left by an earlier client-side `kubectl apply`: the whole Secret, in plain text.
  live["metadata"]["annotations"] = {
      {"kubectl.kubernetes.io/last-applied-configuration",
       R"({"apiVersion":"v1","kind":"Secret","stringData":{"password":"hunter2"}})"}};
  live["status"] = {{"x", 1}};
  const auto shown = display_object(live);
  const auto text = shown.dump();
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find(base64("hunter2")) == std::string::npos);
  CHECK(shown["data"].contains("password"));
  CHECK_FALSE(shown["metadata"].contains("uid"));
  CHECK_FALSE(shown["metadata"].contains("managedFields"));
  CHECK_FALSE(shown["metadata"].contains("resourceVersion"));
  CHECK_FALSE(shown["metadata"].contains("creationTimestamp"));
  CHECK_FALSE(shown.contains("status"));
  CHECK(shown["metadata"]["labels"]["app"] == "db");
}

TEST_CASE("display_object keeps other objects' values") {
  const auto config = Json::parse(
      R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "uid": "u"},
          "data": {"a": "visible"}})");
  const auto shown = display_object(config);
  CHECK(shown["data"]["a"] == "visible");
  CHECK_FALSE(shown["metadata"].contains("uid"));
}
