#include <doctest/doctest.h>

#include <sstream>

#include "output/health_progress.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_web{"apps", "Deployment", "shop", "web"};
const ResourceKey k_api{"apps", "Deployment", "shop", "api"};
const ResourceKey k_settings{"", "ConfigMap", "shop", "settings"};

std::vector<ObjectHealth> look(HealthState web, HealthState api) {
  return {
      {k_settings, {HealthState::healthy, ""}},
      {k_web, {web, web == HealthState::healthy ? "" : "1 of 2 updated replicas are available"}},
      {k_api, {api, ""}}};
}

}  // namespace

TEST_CASE("the summary counts healthy objects and names the others with their reason") {
  CHECK(health_summary(look(HealthState::progressing, HealthState::missing)) ==
        "health: 1/3 healthy; waiting for Deployment.apps shop/web (Progressing: 1 of 2 updated "
        "replicas are available), Deployment.apps shop/api (Missing)");
  CHECK(health_summary(look(HealthState::healthy, HealthState::suspended)) ==
        "health: 3/3 healthy");
  CHECK(health_summary(look(HealthState::progressing, HealthState::missing), 1) ==
        "health: 1/3 healthy; waiting for Deployment.apps shop/web (Progressing: 1 of 2 updated "
        "replicas are available) and 1 more");
}

TEST_CASE("plain progress prints a line only when something changed") {
  std::ostringstream out;
  LineHealthProgress progress(out);
  progress.update(look(HealthState::progressing, HealthState::missing));
  progress.update(look(HealthState::progressing, HealthState::missing));
  progress.update(look(HealthState::healthy, HealthState::healthy));
  progress.finish();
  const auto text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK(text.find("\r") == std::string::npos);
  CHECK(text.ends_with("health: 3/3 healthy\n"));
}

TEST_CASE("terminal progress rewrites one line, cut to the width, and ends it when done") {
  std::ostringstream out;
  TerminalHealthProgress progress(out, 40);
  progress.update(look(HealthState::progressing, HealthState::missing));
  progress.update(look(HealthState::healthy, HealthState::healthy));
  progress.finish();
  const auto text = out.str();
  CHECK(text.starts_with("\r\033[Khealth: 1/3 healthy; waiting for"));
  CHECK(text.find("...\r\033[Khealth: 3/3 healthy\n") != std::string::npos);
  const auto first_line = text.substr(4, text.find('\r', 1) - 4);
  CHECK(first_line.size() < 40);
}

TEST_CASE("terminal progress that showed nothing prints nothing when done") {
  std::ostringstream out;
  TerminalHealthProgress progress(out, 80);
  progress.finish();
  CHECK(out.str().empty());
}
