#include "render/yaml_loader.hpp"

#include <algorithm>
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

#include "render/utf8.hpp"
#include "render/yaml_to_json.hpp"
#include "render/yaml_tree.hpp"

namespace kgitops {
namespace {

// yaml-cpp's tag of a scalar: `?` when plain, `!` when quoted or block.
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

// A failure inside a parser callback, turned into an Error by the caller.
struct LoadError {
  int line;
  std::string message;
};

// Turns yaml-cpp's events for one document into a YamlTreeNode DAG, enforcing the
// limits as it goes: a bomb is refused before anything is expanded.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const YamlLimits& limits, std::uint64_t spent_nodes, std::uint64_t spent_bytes)
      : m_limits(limits), m_spent_nodes(spent_nodes), m_spent_bytes(spent_bytes) {}

  const std::vector<YamlTreeNode>& nodes() const { return m_nodes; }
  std::optional<std::uint32_t> root() const { return m_root; }
  int document_line() const { return m_document_line; }
  std::uint64_t expanded_nodes() const { return m_expanded_nodes; }
  std::uint64_t expanded_bytes() const { return m_expanded_bytes; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto& node = create(mark, YamlTreeNode::Kind::null);
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
    auto& node = create(mark, YamlTreeNode::Kind::scalar);
    node.tag = scalar_tag(tag);
    // The text was checked to be UTF-8, so a stray byte here comes from an escape.
    node.text = invalid_utf8_offset(value) ? latin1_strays_to_utf8(value) : value;
    node.bytes = node.text.size();
    spend(0, node.bytes);
    finish(anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, YamlTreeNode::Kind::sequence, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, YamlTreeNode::Kind::map, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct OpenNode {
    std::uint32_t index;
    YAML::anchor_t anchor;
  };

  YamlTreeNode& create(const YAML::Mark& mark, YamlTreeNode::Kind kind) {
    if (m_nodes.empty()) {
      m_document_line = mark.line + 1;
    }
    spend(1, 0);
    if (m_nodes.size() >= std::numeric_limits<std::uint32_t>::max()) {
      throw LoadError{mark.line + 1, "refusing a YAML document of more than 2^32 nodes"};
    }
    m_nodes.push_back(YamlTreeNode{});
    auto& node = m_nodes.back();
    node.kind = kind;
    node.line = mark.line + 1;
    return node;
  }

  void open(const YAML::Mark& mark, YamlTreeNode::Kind kind, YAML::anchor_t anchor) {
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
  std::vector<YamlTreeNode> m_nodes;
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
      if (!root || builder.nodes()[*root].kind == YamlTreeNode::Kind::null) {
        continue;  // empty or comment-only
      }
      auto value = yaml_tree_to_json(builder.nodes(), *root, file);
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
