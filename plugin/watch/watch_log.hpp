#pragma once

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kgitops {

enum class LogFormat { text, json };
enum class LogLevel { debug, info, warning, error };

std::string to_string(LogLevel level);

using LogFields = std::vector<std::pair<std::string, std::string>>;

// The watch's log: one line per record, with an RFC 3339 UTC timestamp, as
// text (`2026-11-29T17:40:00Z info app=web synced commit=abc123`) or as one
// JSON object per line. Safe to call from every thread.
class WatchLog {
 public:
  WatchLog(std::ostream& out, LogFormat format) : m_out(out), m_format(format) {}

  // Writes one record; `app` may be empty for process-wide records.
  void write(LogLevel level, const std::string& app, const std::string& message,
             const LogFields& fields = {});

 private:
  std::ostream& m_out;
  LogFormat m_format;
  std::mutex m_mutex;
};

// One record, formatted; `timestamp` in RFC 3339.
std::string format_log_record(LogFormat format, const std::string& timestamp, LogLevel level,
                              const std::string& app, const std::string& message,
                              const LogFields& fields);

// A duration as a record's field writes it: "1.250s".
std::string seconds_text(std::chrono::steady_clock::duration duration);

}  // namespace kgitops
