#include <doctest/doctest.h>

#include "http/metrics.hpp"

using namespace kgitops;

TEST_CASE("metrics render every documented series in the text format") {
  Metrics metrics;
  metrics.count_sync("web", "succeeded");
  metrics.count_sync("web", "succeeded");
  metrics.count_sync("web", "failed");
  metrics.count_drift("web");
  metrics.observe_heal("web", 0.07);
  metrics.observe_heal("web", 3.0);
  metrics.observe_heal("web", 60.0);
  metrics.set_synced("web", "abc123", 1800000000);
  metrics.set_objects("web", {{"InSync", 2}});
  metrics.set_fights("web", 1);
  metrics.set_suspended("web", true);
  const auto text = metrics.render();
  CHECK(text.find("# TYPE kubectl_gitops_syncs_total counter\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_syncs_total{app=\"web\",result=\"succeeded\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_syncs_total{app=\"web\",result=\"failed\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_drift_events_total{app=\"web\"} 1\n") != std::string::npos);
  CHECK(text.find("# TYPE kubectl_gitops_heal_duration_seconds histogram\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_bucket{app=\"web\",le=\"0.05\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_bucket{app=\"web\",le=\"0.1\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_bucket{app=\"web\",le=\"5\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_bucket{app=\"web\",le=\"10\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_bucket{app=\"web\",le=\"+Inf\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_count{app=\"web\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_duration_seconds_sum{app=\"web\"} 63.07\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_last_sync_timestamp_seconds{app=\"web\"} 1800000000\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_last_synced_commit_info{app=\"web\",commit=\"abc123\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_objects{app=\"web\",state=\"InSync\"} 2\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_fights{app=\"web\"} 1\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_suspended{app=\"web\"} 1\n") != std::string::npos);
}

TEST_CASE("live reads are counted by where they came from") {
  Metrics metrics;
  metrics.count_live_reads(0, 2);
  metrics.count_live_reads(3, 1);
  const auto text = metrics.render();
  CHECK(text.find("# TYPE kubectl_gitops_live_reads_total counter\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_live_reads_total{source=\"cache\"} 3\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_live_reads_total{source=\"server\"} 3\n") != std::string::npos);
}

TEST_CASE("label values are escaped") {
  CHECK(escape_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("health is one series per state, 1 for the app's, and objects are counted by health") {
  Metrics metrics;
  metrics.set_health("web", "Progressing", {{"Healthy", 2}, {"Progressing", 1}});
  const auto text = metrics.render();
  CHECK(text.find("# TYPE kubectl_gitops_app_health gauge\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_app_health{app=\"web\",health=\"Progressing\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_app_health{app=\"web\",health=\"Healthy\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_app_health{app=\"web\",health=\"Degraded\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_objects_by_health{app=\"web\",health=\"Healthy\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("kubectl_gitops_objects_by_health{app=\"web\",health=\"Progressing\"} 1\n") !=
        std::string::npos);
}

TEST_CASE("a failing app: 1 and its failures in a row, back to 0 on success; heal failures") {
  Metrics metrics;
  metrics.set_failures("web", 3);
  metrics.set_failures("api", 0);
  metrics.count_heal_failure("web");
  metrics.count_heal_failure("web");
  auto text = metrics.render();
  CHECK(text.find("# TYPE kubectl_gitops_sync_failed gauge\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_sync_failed{app=\"web\"} 1\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_sync_failed{app=\"api\"} 0\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_consecutive_failures{app=\"web\"} 3\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_heal_failures_total{app=\"web\"} 2\n") != std::string::npos);
  metrics.set_failures("web", 0);
  text = metrics.render();
  CHECK(text.find("kubectl_gitops_sync_failed{app=\"web\"} 0\n") != std::string::npos);
  CHECK(text.find("kubectl_gitops_consecutive_failures{app=\"web\"} 0\n") != std::string::npos);
}

TEST_CASE("the leader gauge appears under leader election only") {
  Metrics metrics;
  CHECK(metrics.render().find("kubectl_gitops_leader") == std::string::npos);
  metrics.set_leader(false);
  CHECK(metrics.render().find("\nkubectl_gitops_leader 0\n") != std::string::npos);
  metrics.set_leader(true);
  CHECK(metrics.render().find("\nkubectl_gitops_leader 1\n") != std::string::npos);
}

TEST_CASE("an app no longer watched is forgotten, every series of it") {
  Metrics metrics;
  for (const auto* app : {"web", "api"}) {
    metrics.count_sync(app, "succeeded");
    metrics.count_drift(app);
    metrics.observe_heal(app, 0.07);
    metrics.set_synced(app, "abc123", 1800000000);
    metrics.set_objects(app, {{"InSync", 2}});
    metrics.set_health(app, "Healthy", {{"Healthy", 2}});
    metrics.set_fights(app, 1);
    metrics.set_failures(app, 1);
    metrics.count_heal_failure(app);
    metrics.set_suspended(app, true);
  }
  metrics.forget("web");
  const auto text = metrics.render();
  CHECK(text.find("app=\"web\"") == std::string::npos);
  CHECK(text.find("kubectl_gitops_syncs_total{app=\"api\",result=\"succeeded\"} 1\n") !=
        std::string::npos);
}
