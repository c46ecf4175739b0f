#include "core/yaml_writer.hpp"

#include <cctype>

namespace kgitops {
namespace {

bool needs_quotes(const std::string& text) {
  if (text.empty()) {
    return true;
  }
  // YAML 1.1 booleans and nulls, as go-yaml v2 (and so kubectl) reads them.
  static const char* const k_reserved[] = {"true", "false", "yes",   "no",  "on", "off", "null",
                                           "~",    "True",  "False", "Yes", "No", "On",  "Off",
                                           "Null", "TRUE",  "FALSE", "YES", "NO", "ON",  "OFF",
                                           "NULL", "y",     "Y",     "n",   "N"};
  for (const auto* word : k_reserved) {
    if (text == word) {
      return true;
    }
  }
  const auto first = static_cast<unsigned char>(text.front());
  if (std::isdigit(first) != 0 || text.front() == '-' || text.front() == '.' ||
      text.front() == '+') {
    return true;  // may read as a number
  }
  if (std::string("!&*?|>'\"%@`#,[]{}:").find(text.front()) != std::string::npos) {
    return true;
  }
  if (std::isspace(first) != 0 || std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    return true;
  }
  if (text.back() == ':') {
    return true;  // a trailing ':' reads as a mapping key
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return true;  // line breaks, tabs and control characters only exist escaped
    }
  }
  return text.find(": ") != std::string::npos || text.find(" #") != std::string::npos;
}

// A double-quoted string; bytes that are not UTF-8 become U+FFFD rather
// than an exception in the middle of a diff.
std::string quoted(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string scalar(const Json& value) {
  if (value.is_string()) {
    const auto text = value.get<std::string>();
    return needs_quotes(text) ? quoted(text) : text;
  }
  return value.dump();
}

bool is_block(const Json& value) {
  return (value.is_object() || value.is_array()) && !value.empty();
}

void write(const Json& value, int indent, std::string& out);

void write_object(const Json& value, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& [key, item] : value.items()) {
    const auto name = needs_quotes(key) ? quoted(key) : key;
    if (is_block(item)) {
      out += pad + name + ":\n";
      write(item, item.is_array() ? indent : indent + 2, out);
    } else if (item.is_object()) {
      out += pad + name + ": {}\n";
    } else if (item.is_array()) {
      out += pad + name + ": []\n";
    } else {
      out += pad + name + ": " + scalar(item) + "\n";
    }
  }
}

void write_array(const Json& value, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& item : value) {
    if (item.is_object() && !item.empty()) {
      std::string nested;
      write_object(item, indent + 2, nested);
      // The first key goes on the dash's line.
      out += pad + "- " + nested.substr(static_cast<std::size_t>(indent) + 2);
    } else if (item.is_array() && !item.empty()) {
      out += pad + "-\n";
      write(item, indent + 2, out);
    } else if (item.is_object()) {
      out += pad + "- {}\n";
    } else if (item.is_array()) {
      out += pad + "- []\n";
    } else {
      out += pad + "- " + scalar(item) + "\n";
    }
  }
}

void write(const Json& value, int indent, std::string& out) {
  if (value.is_object()) {
    write_object(value, indent, out);
  } else if (value.is_array()) {
    write_array(value, indent, out);
  } else {
    out += std::string(static_cast<std::size_t>(indent), ' ') + scalar(value) + "\n";
  }
}

}  // namespace

std::string to_yaml(const Json& value) {
  if (!is_block(value)) {
    return (value.is_object() ? std::string("{}") : value.is_array() ? "[]" : scalar(value)) + "\n";
  }
  std::string out;
  write(value, 0, out);
  return out;
}

}  // namespace kgitops
