#include "render/yaml_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "render/base64.hpp"
#include "render/utf8.hpp"

namespace kgitops {
namespace {

// How a scalar was written: its tag decides how its text is read.
enum class ScalarTag : std::uint8_t {
  plain,      // unquoted and untagged: resolved like go-yaml v2
  non_plain,  // quoted, block or `!`: always a string
  str,
  boolean,
  integer,
  floating,
  null,
  merge,
  binary,
  other,  // any other tag (!!timestamp, !Custom): kept as written
};

ScalarTag scalar_tag(const std::string& tag) {
  constexpr std::string_view k_prefix = "tag:yaml.org,2002:";
  if (tag == "?") {
    return ScalarTag::plain;
  }
  if (tag == "!") {
    return ScalarTag::non_plain;
  }
  if (!tag.starts_with(k_prefix)) {
    return ScalarTag::other;
  }
  const auto name = std::string_view(tag).substr(k_prefix.size());
  if (name == "str") {
    return ScalarTag::str;
  }
  if (name == "bool") {
    return ScalarTag::boolean;
  }
  if (name == "int") {
    return ScalarTag::integer;
  }
  if (name == "float") {
    return ScalarTag::floating;
  }
  if (name == "null") {
    return ScalarTag::null;
  }
  if (name == "merge") {
    return ScalarTag::merge;
  }
  if (name == "binary") {
    return ScalarTag::binary;
  }
  return ScalarTag::other;
}

// One node of a document as parsed, before aliases are expanded. An alias is
// not a node of its own: its parent lists the anchored node's index again,
// so the tree is a DAG and its expanded size is known without expanding it.
struct TreeNode {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  ScalarTag tag = ScalarTag::plain;
  int line = 0;  // 1-based
  std::string text;
  std::vector<std::uint32_t> children;  // a map's are key, value, key, value...
  int height = 0;                       // collections nested in the expansion
  std::uint64_t size = 1;               // nodes in the expansion
  std::uint64_t bytes = 0;              // scalar bytes in the expansion
};

// A failure inside a parser callback, turned into an Error by the caller.
struct LoadError {
  int line;
  std::string message;
};

// Turns yaml-cpp's events for one document into a TreeNode DAG, enforcing the
// limits as it goes: a bomb is refused before anything is expanded.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const YamlLimits& limits, std::uint64_t spent_nodes, std::uint64_t spent_bytes)
      : m_limits(limits), m_spent_nodes(spent_nodes), m_spent_bytes(spent_bytes) {}

  const std::vector<TreeNode>& nodes() const { return m_nodes; }
  std::optional<std::uint32_t> root() const { return m_root; }
  int document_line() const { return m_document_line; }
  std::uint64_t expanded_nodes() const { return m_expanded_nodes; }
  std::uint64_t expanded_bytes() const { return m_expanded_bytes; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto& node = create(mark, TreeNode::Kind::null);
    node.tag = ScalarTag::null;
    finish(anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto found = m_anchors.find(anchor);
    if (found == m_anchors.end()) {
      throw LoadError{mark.line + 1, "an alias refers to the node that contains it"};
    }
    const auto& target = m_nodes[found->second];
    spend(target.size, target.bytes);
    attach(found->second);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto& node = create(mark, TreeNode::Kind::scalar);
    node.tag = scalar_tag(tag);
    // The text was checked to be UTF-8, so a stray byte here comes from an escape.
    node.text = invalid_utf8_offset(value) ? latin1_strays_to_utf8(value) : value;
    node.bytes = node.text.size();
    spend(0, node.bytes);
    finish(anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, TreeNode::Kind::sequence, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, TreeNode::Kind::map, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct OpenNode {
    std::uint32_t index;
    YAML::anchor_t anchor;
  };

  TreeNode& create(const YAML::Mark& mark, TreeNode::Kind kind) {
    if (m_nodes.empty()) {
      m_document_line = mark.line + 1;
    }
    spend(1, 0);
    if (m_nodes.size() >= std::numeric_limits<std::uint32_t>::max()) {
      throw LoadError{mark.line + 1, "refusing a YAML document of more than 2^32 nodes"};
    }
    m_nodes.push_back(TreeNode{});
    auto& node = m_nodes.back();
    node.kind = kind;
    node.line = mark.line + 1;
    return node;
  }

  void open(const YAML::Mark& mark, TreeNode::Kind kind, YAML::anchor_t anchor) {
    if (std::cmp_greater_equal(m_open.size(), m_limits.max_depth)) {
      throw LoadError{mark.line + 1, "refusing a YAML document nested more than " +
                                         std::to_string(m_limits.max_depth) + " levels deep"};
    }
    create(mark, kind);
    m_open.push_back({static_cast<std::uint32_t>(m_nodes.size() - 1), anchor});
  }

  void close() {
    const auto [index, anchor] = m_open.back();
    m_open.pop_back();
    auto& node = m_nodes[index];
    for (const auto child : node.children) {
      const auto& item = m_nodes[child];
      node.height = std::max(node.height, item.height);
      node.size = saturating_add(node.size, item.size);
      node.bytes = saturating_add(node.bytes, item.bytes);
    }
    node.height += 1;
    // Aliases can nest deeper than the text does.
    if (node.height > m_limits.max_depth) {
      throw LoadError{node.line, "refusing a YAML document nested more than " +
                                     std::to_string(m_limits.max_depth) + " levels deep"};
    }
    register_and_attach(index, anchor);
  }

  void finish(YAML::anchor_t anchor) {
    register_and_attach(static_cast<std::uint32_t>(m_nodes.size() - 1), anchor);
  }

  void register_and_attach(std::uint32_t index, YAML::anchor_t anchor) {
    // An anchor becomes usable only once its node is complete, so the DAG
    // has no cycle.
    if (anchor != YAML::NullAnchor) {
      m_anchors[anchor] = index;
    }
    attach(index);
  }

  void attach(std::uint32_t index) {
    if (m_open.empty()) {
      m_root = index;
    } else {
      m_nodes[m_open.back().index].children.push_back(index);
    }
  }

  // Every node created or re-visited through an alias ends up once in the
  // expansion, so these running sums are the document's expanded size.
  void spend(std::uint64_t nodes, std::uint64_t bytes) {
    m_expanded_nodes = saturating_add(m_expanded_nodes, nodes);
    m_expanded_bytes = saturating_add(m_expanded_bytes, bytes);
    if (saturating_add(m_spent_nodes, m_expanded_nodes) > m_limits.max_nodes) {
      throw LoadError{m_document_line, "refusing a YAML document that expands to more than " +
                                           std::to_string(m_limits.max_nodes) +
                                           " nodes (alias bomb?)"};
    }
    if (saturating_add(m_spent_bytes, m_expanded_bytes) > m_limits.max_bytes) {
      throw LoadError{m_document_line, "refusing a YAML document that expands to more than " +
                                           std::to_string(m_limits.max_bytes) +
                                           " bytes of text (alias bomb?)"};
    }
  }

  static std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    return a > std::numeric_limits<std::uint64_t>::max() - b
               ? std::numeric_limits<std::uint64_t>::max()
               : a + b;
  }

  const YamlLimits& m_limits;
  std::uint64_t m_spent_nodes;
  std::uint64_t m_spent_bytes;
  std::vector<TreeNode> m_nodes;
  std::vector<OpenNode> m_open;
  std::unordered_map<YAML::anchor_t, std::uint32_t> m_anchors;
  std::optional<std::uint32_t> m_root;
  int m_document_line = 0;
  std::uint64_t m_expanded_nodes = 0;
  std::uint64_t m_expanded_bytes = 0;
};

// go-yaml refuses what is not UTF-8, and characters YAML does not allow
// unescaped (C0 and C1 controls other than tab, line breaks and NEL).
Result<void> check_characters(const std::string& text, const std::string& file) {
  const auto line_of = [&](std::size_t offset) {
    const auto end = text.begin() + static_cast<std::ptrdiff_t>(offset);
    return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
  };
  if (const auto invalid = invalid_utf8_offset(text)) {
    return fail_at({file, line_of(*invalid), {}}, "invalid UTF-8 (byte ",
                   escape_invalid_utf8(text.substr(*invalid, 1)),
                   "): manifests must be UTF-8 text");
  }
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<std::uint8_t>(text[at]);
    const bool c0 = (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F;
    const bool c1 = byte == 0xC2 && at + 1 < text.size() &&
                    static_cast<std::uint8_t>(text[at + 1]) >= 0x80 &&
                    static_cast<std::uint8_t>(text[at + 1]) <= 0x9F &&
                    static_cast<std::uint8_t>(text[at + 1]) != 0x85;
    if (c0 || c1) {
      return fail_at({file, line_of(at), {}},
                     "control characters are not allowed in YAML (write them escaped in a "
                     "double-quoted string)");
    }
  }
  return {};
}

const char* yaml_type_name(const Json& value) {
  if (value.is_null()) {
    return "!!null";
  }
  if (value.is_boolean()) {
    return "!!bool";
  }
  if (value.is_number_integer()) {
    return "!!int";
  }
  if (value.is_number_float()) {
    return "!!float";
  }
  return "!!str";
}

const char* kind_name(TreeNode::Kind kind) {
  switch (kind) {
    case TreeNode::Kind::null:
      return "null";
    case TreeNode::Kind::scalar:
      return "scalar";
    case TreeNode::Kind::sequence:
      return "sequence";
    case TreeNode::Kind::map:
      return "map";
  }
  return "node";
}

// Expands a TreeNode DAG into JSON; the builder's limits bound its work.
class JsonMaker {
 public:
  JsonMaker(const std::vector<TreeNode>& nodes, const std::string& file)
      : m_nodes(nodes), m_file(file) {}

  Result<Json> make(std::uint32_t index) const {
    const auto& node = m_nodes[index];
    switch (node.kind) {
      case TreeNode::Kind::null:
        return Json(nullptr);
      case TreeNode::Kind::scalar:
        return scalar(node);
      case TreeNode::Kind::sequence: {
        auto array = Json::array();
        for (const auto child : node.children) {
          auto item = make(child);
          if (!item) {
            return item;
          }
          array.push_back(std::move(*item));
        }
        return array;
      }
      case TreeNode::Kind::map:
        return map(node);
    }
    return Json(nullptr);
  }

 private:
  ErrorLocation where(const TreeNode& node) const { return {m_file, node.line, {}}; }

  // A scalar as a value: JSON has no NaN or infinity, so sigs.k8s.io/yaml's
  // json.Marshal fails on them ("unsupported value") and kubectl refuses the
  // document; so does this.
  Result<Json> scalar(const TreeNode& node) const {
    auto value = resolve(node);
    if (value && value->is_number_float() && !std::isfinite(value->get<double>())) {
      return fail_at(where(node), "`", node.text,
                     "` is not a number JSON can hold (kubectl refuses NaN and infinity too)");
    }
    return value;
  }

  Result<Json> resolve(const TreeNode& node) const {
    switch (node.tag) {
      case ScalarTag::plain:
        return resolve_plain_scalar(node.text);
      case ScalarTag::non_plain:
      case ScalarTag::str:
      case ScalarTag::merge:
      case ScalarTag::other:
        return Json(node.text);
      case ScalarTag::binary:
        return binary(node);
      case ScalarTag::boolean:
      case ScalarTag::integer:
      case ScalarTag::floating:
      case ScalarTag::null:
        break;
    }
    // An explicit tag must agree with what the text resolves to, as in go-yaml.
    auto value = resolve_plain_scalar(node.text);
    const bool fits = (node.tag == ScalarTag::boolean && value.is_boolean()) ||
                      (node.tag == ScalarTag::integer && value.is_number_integer()) ||
                      (node.tag == ScalarTag::floating && value.is_number()) ||
                      (node.tag == ScalarTag::null && value.is_null());
    if (!fits) {
      const char* wanted = node.tag == ScalarTag::boolean   ? "!!bool"
                           : node.tag == ScalarTag::integer ? "!!int"
                           : node.tag == ScalarTag::null    ? "!!null"
                                                            : "!!float";
      return fail_at(where(node), "cannot decode ", yaml_type_name(value), " `", node.text,
                     "` as a ", wanted);
    }
    if (node.tag == ScalarTag::floating && value.is_number_integer()) {
      return Json(value.get<double>());
    }
    return value;
  }

  // go-yaml decodes `!!binary` into a string of the raw bytes, which
  // encoding/json then writes with every byte that is not UTF-8 replaced:
  // text reads the same here, and other bytes are refused rather than
  // silently changed (a Secret's `data` holds base64 without the tag).
  Result<Json> binary(const TreeNode& node) const {
    auto bytes = decode_base64(node.text);
    if (!bytes) {
      return fail_at(where(node), "!!binary value contains invalid base64 data");
    }
    if (invalid_utf8_offset(*bytes)) {
      return fail_at(where(node),
                     "!!binary value is not UTF-8 text once decoded, and kubectl would change "
                     "it (use a Secret's or ConfigMap's binaryData, without the tag)");
    }
    return Json(std::move(*bytes));
  }

  static bool is_merge_key(const TreeNode& key) {
    return key.kind == TreeNode::Kind::scalar && key.text == "<<" &&
           (key.tag == ScalarTag::plain || key.tag == ScalarTag::merge);
  }

  // sigs.k8s.io/yaml writes non-string keys back as strings: `on` -> "true",
  // `0x10` -> "16". A float key keeps its text.
  Result<std::string> key_string(const TreeNode& key) const {
    if (key.kind != TreeNode::Kind::scalar) {
      return fail_at(where(key), "unsupported map key (a ", kind_name(key.kind), ")");
    }
    auto value = resolve(key);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (value->is_string()) {
      return value->get<std::string>();
    }
    if (value->is_boolean()) {
      return std::string(value->get<bool>() ? "true" : "false");
    }
    if (value->is_number_unsigned()) {
      return std::to_string(value->get<std::uint64_t>());
    }
    if (value->is_number_integer()) {
      return std::to_string(value->get<std::int64_t>());
    }
    if (value->is_number_float()) {
      // sigs.k8s.io/yaml names these keys in lower case, whatever the text.
      const auto number = value->get<double>();
      if (std::isnan(number)) {
        return std::string(".nan");
      }
      if (std::isinf(number)) {
        return std::string(number > 0 ? ".inf" : "-.inf");
      }
      return key.text;
    }
    return fail_at(where(key), "unsupported map key (null)");
  }

  Result<Json> map(const TreeNode& node) const {
    auto object = Json::object();
    std::vector<std::uint32_t> merges;
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
      const auto& key = m_nodes[node.children[i]];
      if (is_merge_key(key)) {
        merges.push_back(node.children[i + 1]);
        continue;
      }
      auto name = key_string(key);
      if (!name) {
        return std::unexpected(name.error());
      }
      auto value = make(node.children[i + 1]);
      if (!value) {
        return value;
      }
      if (!object.emplace(*name, std::move(*value)).second) {
        return fail_at(where(key), "key \"", *name, "\" already set in map");
      }
    }
    // Explicit keys win over merged ones, earlier merged maps over later ones.
    for (const auto merge : merges) {
      auto merged = merge_sources(merge);
      if (!merged) {
        return std::unexpected(merged.error());
      }
      for (const auto source : *merged) {
        auto value = make(source);
        if (!value) {
          return value;
        }
        for (auto entry = value->begin(); entry != value->end(); ++entry) {
          object.emplace(entry.key(), std::move(entry.value()));
        }
      }
    }
    return object;
  }

  // The maps a `<<` value names: one map, or a sequence of maps.
  Result<std::vector<std::uint32_t>> merge_sources(std::uint32_t index) const {
    const auto& node = m_nodes[index];
    if (node.kind == TreeNode::Kind::map) {
      return std::vector<std::uint32_t>{index};
    }
    if (node.kind == TreeNode::Kind::sequence &&
        std::all_of(node.children.begin(), node.children.end(),
                    [this](auto child) { return m_nodes[child].kind == TreeNode::Kind::map; })) {
      return node.children;
    }
    return fail_at(where(node), "map merge requires map or sequence of maps as the value");
  }

  const std::vector<TreeNode>& m_nodes;
  const std::string& m_file;
};

}  // namespace

Result<std::vector<YamlDocument>> load_yaml_documents(const std::string& text,
                                                      const std::string& file,
                                                      const YamlLimits& limits) {
  if (auto checked = check_characters(text, file); !checked) {
    return std::unexpected(checked.error());
  }
  std::vector<YamlDocument> documents;
  std::istringstream stream(text);
  std::uint64_t spent_nodes = 0;
  std::uint64_t spent_bytes = 0;
  // yaml-cpp reports no error for some text after a document (`{},x`): it
  // returns empty documents without end instead. Every document after the
  // first starts with `---` or follows `...`, so there are at most this many.
  const std::size_t max_documents = text.size() / 3 + 1;
  std::size_t parsed_documents = 0;
  try {
    YAML::Parser parser(stream);
    while (true) {
      TreeBuilder builder(limits, spent_nodes, spent_bytes);
      if (!parser.HandleNextDocument(builder)) {
        break;
      }
      if (++parsed_documents > max_documents) {
        return fail_at({file, std::max(builder.document_line(), 1), {}},
                       "did not find expected <document start>");
      }
      // The limits hold for the whole file, not each document.
      spent_nodes += builder.expanded_nodes();
      spent_bytes += builder.expanded_bytes();
      const auto root = builder.root();
      if (!root || builder.nodes()[*root].kind == TreeNode::Kind::null) {
        continue;  // empty or comment-only
      }
      auto value = JsonMaker(builder.nodes(), file).make(*root);
      if (!value) {
        return std::unexpected(value.error());
      }
      documents.push_back({std::move(*value), builder.document_line()});
    }
  } catch (const LoadError& error) {
    return fail_at({file, error.line, {}}, error.message);
  } catch (const YAML::Exception& error) {
    if (error.mark.is_null()) {
      return fail_at({file, 0, {}}, error.msg);
    }
    return fail_at({file, error.mark.line + 1, {}}, error.msg);
  } catch (const std::exception& error) {
    return fail_at({file, 0, {}}, error.what());
  }
  return documents;
}

}  // namespace kgitops
