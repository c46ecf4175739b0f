#pragma once

#include <chrono>
#include <map>
#include <string>

#include "watch/debouncer.hpp"

namespace kgitops {

// Notices a second watch agent syncing the same app. Every agent stamps its
// name on the app's inventory when it writes it (a sync or a failure that
// changes something, and its first sync after it starts), so the stamp costs
// no write of its own while one agent runs. Once this agent has stamped the
// inventory, a stamp naming another agent means that one wrote after it:
// two agents are live on the app. Before this agent's first stamp, another
// name is only the agent it replaces (a restart, a new Pod), not a second one.
class PeerAgentDetector {
 public:
  // `self`: this agent's name; `repeat`: how often one other agent is
  // reported again while it goes on.
  PeerAgentDetector(std::string self, std::chrono::milliseconds repeat)
      : m_self(std::move(self)), m_repeat(repeat) {}

  // This agent has written its stamp on the inventory.
  void stamped() { m_stamped = true; }
  // The inventory, as just read or reported by the watch, is stamped by
  // `agent`: true when that shows another live agent and is to be reported
  // now (at most once per `repeat` for each agent).
  bool seen(const std::string& agent, SteadyTime now);

 private:
  std::string m_self;
  std::chrono::milliseconds m_repeat;
  bool m_stamped = false;
  std::map<std::string, SteadyTime> m_reported;  // other agent -> when last reported
};

}  // namespace kgitops
