#include <doctest/doctest.h>

#include "cluster/raw_watch.hpp"

using namespace kgitops;

TEST_CASE("query values are percent-encoded") {
  CHECK(percent_encode("gitops.kubectl.dev/app=web") == "gitops.kubectl.dev%2Fapp%3Dweb");
  CHECK(percent_encode("a in (x,y),!b") == "a%20in%20%28x%2Cy%29%2C%21b");
  CHECK(percent_encode("A-z_0.9~") == "A-z_0.9~");
  CHECK(percent_encode("&?#%+") == "%26%3F%23%25%2B");
  CHECK(percent_encode("\xC3\xA9") == "%C3%A9");
  CHECK(percent_encode("") == "");
}

TEST_CASE("the raw watch path of a core and of a grouped resource") {
  const ApiResource configmaps{"", "v1", "ConfigMap", "configmaps", true};
  CHECK(raw_watch_path(configmaps, "gitops.kubectl.dev/app=web", "1234",
                       std::chrono::seconds(1800)) ==
        "/api/v1/configmaps?watch=true&labelSelector=gitops.kubectl.dev%2Fapp%3Dweb"
        "&resourceVersion=1234&allowWatchBookmarks=true&timeoutSeconds=1800");
  const ApiResource deployments{"apps", "v1", "Deployment", "deployments", true};
  CHECK(raw_watch_path(deployments, "a=b", "7", std::chrono::seconds(60)) ==
        "/apis/apps/v1/deployments?watch=true&labelSelector=a%3Db&resourceVersion=7"
        "&allowWatchBookmarks=true&timeoutSeconds=60");
  // Cluster-scoped kinds are watched at the same path: there is no namespace in it.
  const ApiResource roles{"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false};
  CHECK(raw_watch_path(roles, "", "9", std::chrono::seconds(5)) ==
        "/apis/rbac.authorization.k8s.io/v1/clusterroles?watch=true&resourceVersion=9"
        "&allowWatchBookmarks=true&timeoutSeconds=5");
}

TEST_CASE("a resource not found by discovery has no API path") {
  CHECK(has_api_path(ApiResource{"apps", "v1", "Deployment", "deployments", true}));
  CHECK_FALSE(has_api_path(ApiResource{"example.com", "", "Widget", "", true}));
}

TEST_CASE("kubectl's raw watch arguments") {
  CHECK(raw_watch_argv({"kubectl", "--context=x"}, "/api/v1/configmaps?watch=true") ==
        std::vector<std::string>{"kubectl", "--context=x", "get", "--raw",
                                 "/api/v1/configmaps?watch=true"});
}
