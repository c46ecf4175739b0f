#pragma once

#include <array>
#include <string_view>

// Every label and annotation key the tool reads or writes, in one place.
namespace kgitops::keys {

inline constexpr std::string_view k_domain = "gitops.kubectl.dev";
// The field manager of every server-side apply this tool sends.
inline constexpr std::string_view k_field_manager = "kubectl-gitops";

// On every applied object.
inline constexpr std::string_view k_app_label = "gitops.kubectl.dev/app";
// `<app>:<group>/<Kind>:<namespace>/<name>`, as Argo CD's tracking id.
inline constexpr std::string_view k_tracking_annotation = "gitops.kubectl.dev/tracking-id";
// Hash of the manifest last applied, so a field removed from git is noticed.
inline constexpr std::string_view k_applied_hash_annotation = "gitops.kubectl.dev/applied-hash";

// Set by users on objects in git.
inline constexpr std::string_view k_prune_annotation = "gitops.kubectl.dev/prune";  // "disabled"
inline constexpr std::string_view k_prune_disabled = "disabled";
inline constexpr std::string_view k_sync_wave_annotation = "gitops.kubectl.dev/sync-wave";
// Per-file opt-in that a plaintext Secret in git is intended.
inline constexpr std::string_view k_allow_plaintext_secret_annotation =
    "gitops.kubectl.dev/allow-plaintext-secret";

// The inventory: an ApplySet parent ConfigMap (KEP-3659) per app.
inline constexpr std::string_view k_inventory_namespace = "kubectl-gitops";
inline constexpr std::string_view k_inventory_name_prefix = "gitops-";
inline constexpr std::string_view k_inventory_label = "gitops.kubectl.dev/inventory";
inline constexpr std::string_view k_suspended_annotation = "gitops.kubectl.dev/suspended";

// ApplySet keys, exactly as kubectl writes and reads them.
inline constexpr std::string_view k_applyset_id_label = "applyset.kubernetes.io/id";
inline constexpr std::string_view k_applyset_part_of_label = "applyset.kubernetes.io/part-of";
inline constexpr std::string_view k_applyset_tooling_annotation = "applyset.kubernetes.io/tooling";
inline constexpr std::string_view k_applyset_group_kinds_annotation =
    "applyset.kubernetes.io/contains-group-kinds";
inline constexpr std::string_view k_applyset_namespaces_annotation =
    "applyset.kubernetes.io/additional-namespaces";

// Written by client-side `kubectl apply`: a whole copy of the object, Secret
// values included, so it is never shown.
inline constexpr std::string_view k_last_applied_annotation =
    "kubectl.kubernetes.io/last-applied-configuration";

// Other tools' ownership marks: an object carrying any of these is never pruned.
inline constexpr std::array<std::string_view, 4> k_foreign_annotation_prefixes = {
    "meta.helm.sh/", "argocd.argoproj.io/tracking-id", "kapp.k14s.io/",
    "kustomize.toolkit.fluxcd.io/"};
inline constexpr std::array<std::string_view, 4> k_foreign_label_prefixes = {
    "kustomize.toolkit.fluxcd.io/", "helm.toolkit.fluxcd.io/", "kapp.k14s.io/",
    "argocd.argoproj.io/instance"};
inline constexpr std::string_view k_managed_by_label = "app.kubernetes.io/managed-by";

}  // namespace kgitops::keys
