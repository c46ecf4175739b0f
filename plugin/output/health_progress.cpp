#include "output/health_progress.hpp"

#include <ostream>

namespace kgitops {

std::string health_summary(const std::vector<ObjectHealth>& objects, std::size_t max_named) {
  std::size_t settled = 0;
  std::vector<const ObjectHealth*> waiting;
  for (const auto& object : objects) {
    if (health_settled(object.health.state)) {
      ++settled;
    } else {
      waiting.push_back(&object);
    }
  }
  std::string text =
      "health: " + std::to_string(settled) + "/" + std::to_string(objects.size()) + " healthy";
  if (waiting.empty()) {
    return text;
  }
  text += "; waiting for ";
  for (std::size_t i = 0; i < waiting.size() && i < max_named; ++i) {
    const auto& object = *waiting[i];
    text += (i == 0 ? "" : ", ") + to_string(object.key) + " (" + to_string(object.health.state);
    text += object.health.message.empty() ? ")" : ": " + object.health.message + ")";
  }
  if (waiting.size() > max_named) {
    text += " and " + std::to_string(waiting.size() - max_named) + " more";
  }
  return text;
}

void LineHealthProgress::update(const std::vector<ObjectHealth>& objects) {
  auto summary = health_summary(objects);
  if (summary != m_last) {
    m_out << summary << "\n" << std::flush;
    m_last = std::move(summary);
  }
}

void TerminalHealthProgress::update(const std::vector<ObjectHealth>& objects) {
  auto summary = health_summary(objects, 1);
  if (m_width > 1 && summary.size() >= m_width) {
    summary = summary.substr(0, m_width - 4) + "...";
  }
  // Carriage return and erase-line: the line is rewritten in place.
  m_out << "\r\033[K" << summary << std::flush;
  m_shown = true;
}

void TerminalHealthProgress::finish() {
  if (m_shown) {
    m_out << "\n" << std::flush;
    m_shown = false;
  }
}

}  // namespace kgitops
