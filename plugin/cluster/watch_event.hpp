#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"

namespace kgitops {

enum class WatchEventType {
  added,
  modified,
  deleted,
  bookmark,
  error,
  // Markers of a watch that keeps a complete picture (the HTTP watch), never
  // read from the wire; they carry no object. `listing`: a listing begins,
  // its objects follow as ADDED events. `listed`: those were every object
  // the watch selects; events from here on are changes. `interrupted`: the
  // stream ended, changes may be missed until the next event shows it
  // serves again.
  listing,
  listed,
  interrupted,
};

// Whether `type` is a change of an object (ADDED, MODIFIED or DELETED).
bool is_object_change(WatchEventType type);

// One event of `kubectl get --watch --output-watch-events -o json`, or of a
// raw watch request (`kubectl get --raw '...?watch=true'`), which prints the
// same objects one per line.
struct WatchEvent {
  WatchEventType type = WatchEventType::added;
  ResourceKey key;
  Json object;
};

// Reads `{"type": "MODIFIED", "object": {...}}`; fails on anything else.
Result<WatchEvent> parse_watch_event(const Json& document);

// As parse_watch_event, but an event whose object is a List becomes one
// event per item: kubectl prints its first listing as a single ADDED List
// event when the listing took more than one page (over 500 objects).
Result<std::vector<WatchEvent>> parse_watch_events(const Json& document);

// Cuts a stream of concatenated JSON objects (kubectl prints one indented
// object per event) into whole documents, whatever the chunk boundaries.
class JsonStreamSplitter {
 public:
  // Appends bytes read from the stream.
  void feed(std::string_view chunk);
  // The next complete top-level object, if one has arrived.
  std::optional<std::string> next();

 private:
  std::string m_buffer;
  std::size_t m_scanned = 0;  // bytes of m_buffer already scanned
  std::size_t m_start = std::string::npos;
  int m_depth = 0;
  bool m_in_string = false;
  bool m_escaped = false;
};

}  // namespace kgitops
