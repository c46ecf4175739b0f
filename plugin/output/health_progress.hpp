#pragma once

#include <iosfwd>
#include <string>

#include "engine/health_wait.hpp"

namespace kgitops {

// "2/3 healthy; waiting for Deployment.apps shop/web (Progressing: ...)":
// the summary of one look, naming at most `max_named` objects not there yet.
std::string health_summary(const std::vector<ObjectHealth>& objects, std::size_t max_named = 3);

// Plain lines for logs and CI: one line whenever the summary changes.
class LineHealthProgress final : public HealthProgress {
 public:
  explicit LineHealthProgress(std::ostream& out) : m_out(out) {}
  void update(const std::vector<ObjectHealth>& objects) override;
  void finish() override {}

 private:
  std::ostream& m_out;
  std::string m_last;
};

// A terminal: one line, rewritten in place at every look, cut to `width`.
class TerminalHealthProgress final : public HealthProgress {
 public:
  TerminalHealthProgress(std::ostream& out, std::size_t width) : m_out(out), m_width(width) {}
  void update(const std::vector<ObjectHealth>& objects) override;
  void finish() override;

 private:
  std::ostream& m_out;
  std::size_t m_width;
  bool m_shown = false;
};

}  // namespace kgitops
