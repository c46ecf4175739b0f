#include "render/yaml_to_json.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "render/base64.hpp"
#include "render/utf8.hpp"
#include "render/yaml_scalar.hpp"

namespace kgitops {
namespace {

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

const char* kind_name(YamlTreeNode::Kind kind) {
  switch (kind) {
    case YamlTreeNode::Kind::null:
      return "null";
    case YamlTreeNode::Kind::scalar:
      return "scalar";
    case YamlTreeNode::Kind::sequence:
      return "sequence";
    case YamlTreeNode::Kind::map:
      return "map";
  }
  return "node";
}

// Expands a YamlTreeNode DAG into JSON; the builder's limits bound its work.
class JsonMaker {
 public:
  JsonMaker(const std::vector<YamlTreeNode>& nodes, const std::string& file)
      : m_nodes(nodes), m_file(file) {}

  Result<Json> make(std::uint32_t index) const {
    const auto& node = m_nodes[index];
    switch (node.kind) {
      case YamlTreeNode::Kind::null:
        return Json(nullptr);
      case YamlTreeNode::Kind::scalar:
        return scalar(node);
      case YamlTreeNode::Kind::sequence: {
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
      case YamlTreeNode::Kind::map:
        return map(node);
    }
    return Json(nullptr);
  }

 private:
  ErrorLocation where(const YamlTreeNode& node) const { return {m_file, node.line, {}}; }

  // A scalar as a value: JSON has no NaN or infinity, so sigs.k8s.io/yaml's
  // json.Marshal fails on them ("unsupported value") and kubectl refuses the
  // document; so does this.
  Result<Json> scalar(const YamlTreeNode& node) const {
    auto value = resolve(node);
    if (value && value->is_number_float() && !std::isfinite(value->get<double>())) {
      return fail_at(where(node), "`", node.text,
                     "` is not a number JSON can hold (kubectl refuses NaN and infinity too)");
    }
    return value;
  }

  Result<Json> resolve(const YamlTreeNode& node) const {
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
  Result<Json> binary(const YamlTreeNode& node) const {
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

  static bool is_merge_key(const YamlTreeNode& key) {
    return key.kind == YamlTreeNode::Kind::scalar && key.text == "<<" &&
           (key.tag == ScalarTag::plain || key.tag == ScalarTag::merge);
  }

  // sigs.k8s.io/yaml writes non-string keys back as strings: `on` -> "true",
  // `0x10` -> "16". A float key keeps its text.
  Result<std::string> key_string(const YamlTreeNode& key) const {
    if (key.kind != YamlTreeNode::Kind::scalar) {
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

  Result<Json> map(const YamlTreeNode& node) const {
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
    if (node.kind == YamlTreeNode::Kind::map) {
      return std::vector<std::uint32_t>{index};
    }
    if (node.kind == YamlTreeNode::Kind::sequence &&
        std::all_of(node.children.begin(), node.children.end(), [this](auto child) {
          return m_nodes[child].kind == YamlTreeNode::Kind::map;
        })) {
      return node.children;
    }
    return fail_at(where(node), "map merge requires map or sequence of maps as the value");
  }

  const std::vector<YamlTreeNode>& m_nodes;
  const std::string& m_file;
};

}  // namespace

Result<Json> yaml_tree_to_json(const std::vector<YamlTreeNode>& nodes, std::uint32_t root,
                               const std::string& file) {
  return JsonMaker(nodes, file).make(root);
}

}  // namespace kgitops
