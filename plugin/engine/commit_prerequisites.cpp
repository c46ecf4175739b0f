#include "engine/commit_prerequisites.hpp"

#include "cluster/builtin_kinds.hpp"

namespace kgitops {
namespace {

const ApiResource& k_namespace_resource = builtin_kind("", "Namespace");

// `object[key]` when `object` is a map holding a string there, else "": a
// CRD from git is untrusted input, its fields of any type.
std::string text_field(const Json& object, const char* key) {
  if (!object.is_object()) {
    return "";
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

CommitPrerequisites::CommitPrerequisites(Cluster& cluster,
                                         const std::vector<DesiredObject>& desired) {
  for (const auto& object : desired) {
    if (object.key.group.empty() && object.key.kind == "Namespace") {
      auto live = cluster.get(k_namespace_resource, "", object.key.name);
      if (live && !live->has_value()) {
        m_new_namespaces.insert(object.key.name);
      }
      continue;
    }
    if (object.key.kind != "CustomResourceDefinition" || !object.object.contains("spec")) {
      continue;
    }
    const auto& spec = object.object["spec"];
    if (!spec.is_object()) {
      continue;
    }
    const auto names = spec.find("names");
    if (names != spec.end() && names->is_object()) {
      m_crd_kinds.emplace(text_field(spec, "group"), text_field(*names, "kind"));
    }
  }
}

bool CommitPrerequisites::declares_kind(const std::string& group, const std::string& kind) const {
  return m_crd_kinds.contains({group, kind});
}

bool CommitPrerequisites::creates_namespace(const std::string& ns) const {
  return m_new_namespaces.contains(ns);
}

std::string CommitPrerequisites::waits_for(const DesiredObject& object, bool served) const {
  if (!served && declares_kind(object.key.group, object.key.kind)) {
    return "CRD created by this commit";
  }
  if (object.resource.namespaced && creates_namespace(object.key.ns)) {
    return "namespace created by this commit";
  }
  return {};
}

}  // namespace kgitops
