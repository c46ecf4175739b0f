#pragma once

#include <optional>
#include <string>

#include "cluster/watch_event.hpp"

namespace kgitops {

// Where a kind's watch resumes when its kubectl ends: the resourceVersion of
// the last event seen (bookmarks included). The first run lists everything,
// to compare it all with git; later runs resume from that version, so that
// a restart costs no listing. A resumed run that fails (an ERROR event, such
// as 410 Gone once the version is compacted away, or kubectl failing before
// any event) forgets the version: the next run lists again.
class ResumePoint {
 public:
  // A run starts: the version it resumes from, none when it must list
  // (always when not `can_resume`).
  std::optional<std::string> start_run(bool can_resume);
  // An event of the running watch.
  void observe(const WatchEvent& event);
  // The running watch's kubectl exited with `exit_code`.
  void end_run(int exit_code);
  // Why the run that just ended could not resume; empty when it did, or
  // when it was not a resumed run.
  const std::string& failure() const { return m_failure; }

 private:
  std::optional<std::string> m_version;
  bool m_resuming = false;
  bool m_streamed = false;  // the running watch delivered an event
  std::string m_failure;
};

// "410 Expired: too old resource version: 5 (243)", from an ERROR event's Status.
std::string describe_watch_error(const Json& status);

}  // namespace kgitops
