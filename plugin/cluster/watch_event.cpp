#include "cluster/watch_event.hpp"

namespace kgitops {

bool is_object_change(WatchEventType type) {
  return type == WatchEventType::added || type == WatchEventType::modified ||
         type == WatchEventType::deleted;
}

Result<WatchEvent> parse_watch_event(const Json& document) {
  if (!document.is_object() || !document.contains("type") || !document["type"].is_string()) {
    return fail("watch event without a type");
  }
  const auto type = document["type"].get<std::string>();
  WatchEvent event;
  if (type == "ADDED") {
    event.type = WatchEventType::added;
  } else if (type == "MODIFIED") {
    event.type = WatchEventType::modified;
  } else if (type == "DELETED") {
    event.type = WatchEventType::deleted;
  } else if (type == "BOOKMARK") {
    event.type = WatchEventType::bookmark;
  } else if (type == "ERROR") {
    event.type = WatchEventType::error;
  } else {
    return fail("unknown watch event type '", type, "'");
  }
  if (!document.contains("object") || !document["object"].is_object()) {
    return fail("watch event ", type, " without an object");
  }
  event.object = document["object"];
  // A BOOKMARK carries only a resourceVersion; an ERROR carries a Status.
  if (event.type != WatchEventType::error && event.type != WatchEventType::bookmark) {
    event.key = key_of(event.object);
    if (event.key.kind.empty() || event.key.name.empty()) {
      return fail("watch event ", type, " of an object without kind or name");
    }
  }
  return event;
}

Result<std::vector<WatchEvent>> parse_watch_events(const Json& document) {
  const auto object = document.is_object() ? document.find("object") : document.end();
  if (object == document.end() || !object->is_object() || !object->contains("items") ||
      !(*object)["items"].is_array()) {
    auto event = parse_watch_event(document);
    if (!event) {
      return std::unexpected(event.error());
    }
    return std::vector<WatchEvent>{std::move(*event)};
  }
  // The type as written, whatever it is: parse_watch_event judges it.
  const auto type = document.find("type");
  const auto list_type = type == document.end() ? Json() : *type;
  std::vector<WatchEvent> events;
  for (const auto& item : (*object)["items"]) {
    auto event = parse_watch_event(Json{{"type", list_type}, {"object", item}});
    if (!event) {
      return std::unexpected(event.error());
    }
    events.push_back(std::move(*event));
  }
  return events;
}

void JsonStreamSplitter::feed(std::string_view chunk) {
  m_buffer.append(chunk);
}

std::optional<std::string> JsonStreamSplitter::next() {
  for (; m_scanned < m_buffer.size(); ++m_scanned) {
    const char c = m_buffer[m_scanned];
    if (m_in_string) {
      if (m_escaped) {
        m_escaped = false;
      } else if (c == '\\') {
        m_escaped = true;
      } else if (c == '"') {
        m_in_string = false;
      }
      continue;
    }
    if (c == '"') {
      m_in_string = true;
    } else if (c == '{') {
      if (m_depth == 0) {
        m_start = m_scanned;
      }
      ++m_depth;
    } else if (c == '}' && m_depth > 0) {
      --m_depth;
      if (m_depth == 0) {
        auto document = m_buffer.substr(m_start, m_scanned + 1 - m_start);
        m_buffer.erase(0, m_scanned + 1);
        m_scanned = 0;
        m_start = std::string::npos;
        return document;
      }
    }
  }
  if (m_depth == 0) {
    // Only whitespace (or stray text) outside any object: drop it.
    m_buffer.clear();
    m_scanned = 0;
  }
  return std::nullopt;
}

}  // namespace kgitops
