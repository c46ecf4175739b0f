#include "watch/watch_log.hpp"

#include <sstream>

#include <chrono>
#include <ctime>
#include <ostream>

#include "core/object.hpp"
#include "core/rfc3339.hpp"

namespace kgitops {
namespace {

// Text values are quoted when they would not read back as one token.
std::string text_value(const std::string& value) {
  if (!value.empty() && value.find_first_of(" \t\n\"=") == std::string::npos) {
    return value;
  }
  return Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::string format_log_record(LogFormat format, const std::string& timestamp, LogLevel level,
                              const std::string& app, const std::string& message,
                              const LogFields& fields) {
  if (format == LogFormat::json) {
    Json record = Json::object();
    record["time"] = timestamp;
    record["level"] = to_string(level);
    if (!app.empty()) {
      record["app"] = app;
    }
    record["msg"] = message;
    for (const auto& [key, value] : fields) {
      record[key] = value;
    }
    // Messages may quote bytes from a repository or kubectl that are not
    // UTF-8: they are replaced, never thrown over.
    return record.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  std::string line = timestamp + " " + to_string(level);
  if (!app.empty()) {
    line += " app=" + text_value(app);
  }
  line += " " + message;
  for (const auto& [key, value] : fields) {
    line += " " + key + "=" + text_value(value);
  }
  return line;
}

void WatchLog::write(LogLevel level, const std::string& app, const std::string& message,
                     const LogFields& fields) {
  const auto line = format_log_record(m_format, rfc3339_now(3), level, app, message, fields);
  std::lock_guard lock(m_mutex);
  m_out << line << std::endl;
}

std::string seconds_text(std::chrono::steady_clock::duration duration) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  std::ostringstream text;
  text.setf(std::ios::fixed);
  text.precision(3);
  text << static_cast<double>(millis) / 1000.0 << "s";
  return text.str();
}

}  // namespace kgitops
