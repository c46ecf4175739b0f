#include "cluster/resume_point.hpp"

namespace kgitops {

std::optional<std::string> ResumePoint::start_run(bool can_resume) {
  m_failure.clear();
  m_streamed = false;
  m_resuming = can_resume && m_version.has_value();
  return m_resuming ? m_version : std::nullopt;
}

void ResumePoint::observe(const WatchEvent& event) {
  if (event.type == WatchEventType::error) {
    // The stream is broken from here: only a listing is sure to miss nothing.
    if (m_resuming && m_failure.empty()) {
      m_failure = describe_watch_error(event.object);
    }
    m_version.reset();
    return;
  }
  m_streamed = true;
  const auto metadata = event.object.find("metadata");
  if (metadata == event.object.end() || !metadata->is_object()) {
    return;
  }
  const auto version = metadata->find("resourceVersion");
  if (version != metadata->end() && version->is_string() && !version->get<std::string>().empty()) {
    m_version = version->get<std::string>();
  }
}

void ResumePoint::end_run(int exit_code) {
  // A resumed kubectl that streamed events before failing (killed, or its
  // connection dropped) did resume: the next run resumes again from there.
  if (m_resuming && exit_code != 0 && !m_streamed) {
    if (m_failure.empty()) {
      m_failure = "kubectl exited with status " + std::to_string(exit_code);
    }
    m_version.reset();
  }
  m_resuming = false;
}

std::string describe_watch_error(const Json& status) {
  const auto text_of = [&](const char* field) {
    return status.contains(field) && status[field].is_string() ? status[field].get<std::string>()
                                                               : std::string();
  };
  std::string text;
  if (status.contains("code") && status["code"].is_number_integer()) {
    text = std::to_string(status["code"].get<int>());
  }
  if (const auto reason = text_of("reason"); !reason.empty()) {
    text += (text.empty() ? "" : " ") + reason;
  }
  if (const auto message = text_of("message"); !message.empty()) {
    text += (text.empty() ? "" : ": ") + message;
  }
  return text.empty() ? "watch error" : text;
}

}  // namespace kgitops
