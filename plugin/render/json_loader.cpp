#include "render/json_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string_view>

#include "render/utf8.hpp"

namespace kgitops {
namespace {

int line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(offset);
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// Thrown markers: nlohmann's parser can only be stopped from its callback.
struct JsonTooDeep {};
struct JsonDuplicateKey {
  std::string key;
  std::size_t index;  // how many keys came before it in the text
};

// The offset of the key numbered `index` (0-based, in text order) of a
// document that parsed up to there: a string followed by a colon.
std::size_t key_offset(const std::string& text, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '"') {
      continue;
    }
    const auto start = at;
    for (++at; at < text.size() && text[at] != '"'; ++at) {
      if (text[at] == '\\') {
        ++at;
      }
    }
    auto next = text.find_first_not_of(" \t\r\n", at + 1);
    if (next != std::string::npos && text[next] == ':' && seen++ == index) {
      return start;
    }
  }
  return text.size();
}

}  // namespace

Result<std::vector<YamlDocument>> load_json_document(const std::string& text,
                                                     const std::string& file,
                                                     const YamlLimits& limits) {
  if (const auto invalid = invalid_utf8_offset(text)) {
    return fail_at({file, line_at(text, *invalid), {}}, "invalid UTF-8 (byte ",
                   escape_invalid_utf8(std::string_view(text).substr(*invalid, 1)),
                   "): manifests must be UTF-8 text");
  }
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) {
    return std::vector<YamlDocument>{};
  }
  // The keys of each object being parsed, innermost last.
  std::vector<std::set<std::string>> open_objects;
  std::size_t keys = 0;
  try {
    auto value = Json::parse(text, [&](int depth, Json::parse_event_t event, Json& parsed) {
      if (depth > limits.max_depth) {
        throw JsonTooDeep{};
      }
      switch (event) {
        case Json::parse_event_t::object_start:
          open_objects.emplace_back();
          break;
        case Json::parse_event_t::object_end:
          open_objects.pop_back();
          break;
        case Json::parse_event_t::key:
          if (!open_objects.back().insert(parsed.get<std::string>()).second) {
            throw JsonDuplicateKey{parsed.get<std::string>(), keys};
          }
          ++keys;
          break;
        default:
          break;
      }
      return true;
    });
    return std::vector<YamlDocument>{{std::move(value), line_at(text, start)}};
  } catch (const JsonTooDeep&) {
    return fail_at({file, 0, {}}, "refusing a JSON document nested more than ",
                   std::to_string(limits.max_depth), " levels deep");
  } catch (const JsonDuplicateKey& duplicate) {
    return fail_at({file, line_at(text, key_offset(text, duplicate.index)), {}}, "key \"",
                   duplicate.key, "\" already set in this object");
  } catch (const Json::parse_error& error) {
    // nlohmann's `byte` is the 1-based offset where parsing stopped.
    std::string message = error.what();
    if (const auto tag_end = message.find("] "); tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return fail_at({file, line_at(text, error.byte == 0 ? 0 : error.byte - 1), {}},
                   "invalid JSON: ", escape_invalid_utf8(message));
  } catch (const std::exception& error) {
    return fail_at({file, 0, {}}, "invalid JSON: ", escape_invalid_utf8(error.what()));
  }
}

}  // namespace kgitops
