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
// "enabled": when a change touches an immutable field, the object is deleted
// and created again instead of failing the sync.
inline constexpr std::string_view k_force_annotation = "gitops.kubectl.dev/force";
inline constexpr std::string_view k_force_enabled = "enabled";
// Marks an object in git as a sync hook, run at its phase instead of being
// applied with the app: "PreSync", "Sync", "PostSync" or "SyncFail". Its
// delete policy is a comma-separated list of "BeforeHookCreation" (the
// default), "HookSucceeded" and "HookFailed", as Argo CD's.
inline constexpr std::string_view k_hook_annotation = "gitops.kubectl.dev/hook";
inline constexpr std::string_view k_hook_delete_policy_annotation =
    "gitops.kubectl.dev/hook-delete-policy";
// Per-file opt-in that a plaintext Secret in git is intended.
inline constexpr std::string_view k_allow_plaintext_secret_annotation =
    "gitops.kubectl.dev/allow-plaintext-secret";

// Other tools' annotations on objects in git that this tool honours, so a
// repository moves over as it is. Argo CD's wave counts when ours is absent;
// its sync options "Replace=true" and "Force=true", and Flux's force
// "enabled", opt in to replacing as k_force_annotation does.
inline constexpr std::string_view k_argo_sync_wave_annotation = "argocd.argoproj.io/sync-wave";
inline constexpr std::string_view k_argo_sync_options_annotation =
    "argocd.argoproj.io/sync-options";
// Argo CD's hook and its delete policy count when ours are absent.
inline constexpr std::string_view k_argo_hook_annotation = "argocd.argoproj.io/hook";
inline constexpr std::string_view k_argo_hook_delete_policy_annotation =
    "argocd.argoproj.io/hook-delete-policy";
inline constexpr std::string_view k_flux_force_annotation = "kustomize.toolkit.fluxcd.io/force";
// Helm's hooks count when neither ours nor Argo CD's is set, mapped as Argo
// CD maps them: pre-install and pre-upgrade run as PreSync, post-install and
// post-upgrade as PostSync; any other hook (test, delete, rollback) is not
// applied at all. Its delete policy names map to ours (before-hook-creation,
// hook-succeeded, hook-failed).
inline constexpr std::string_view k_helm_hook_annotation = "helm.sh/hook";
inline constexpr std::string_view k_helm_hook_delete_policy_annotation =
    "helm.sh/hook-delete-policy";

// The inventory: an ApplySet parent ConfigMap (KEP-3659) per app.
inline constexpr std::string_view k_inventory_namespace = "kubectl-gitops";
inline constexpr std::string_view k_inventory_name_prefix = "gitops-";
inline constexpr std::string_view k_inventory_label = "gitops.kubectl.dev/inventory";
inline constexpr std::string_view k_suspended_annotation = "gitops.kubectl.dev/suspended";
// The watch agent that last wrote the inventory ("<host>_<pid>"): an agent
// that sees another's name here learns that two agents sync the app.
inline constexpr std::string_view k_agent_annotation = "gitops.kubectl.dev/agent";

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

// Other tools' ownership marks: an object carrying any of these (unless this
// tool applied the mark itself, from git) belongs to that tool: it is never
// adopted without --adopt and never pruned.
struct ForeignMarkKey {
  bool label;               // a label, else an annotation
  std::string_view prefix;  // a key prefix, or a whole key
  std::string_view tool;    // who it says owns the object
};
inline constexpr std::array<ForeignMarkKey, 9> k_foreign_marks = {{
    {false, "meta.helm.sh/", "Helm"},
    {false, "argocd.argoproj.io/", "Argo CD"},
    // Argo CD's default tracking method is this label, set to the Application's name.
    {true, "app.kubernetes.io/instance", "Argo CD"},
    {true, "argocd.argoproj.io/", "Argo CD"},
    {false, "kustomize.toolkit.fluxcd.io/", "Flux"},
    {true, "kustomize.toolkit.fluxcd.io/", "Flux"},
    {true, "helm.toolkit.fluxcd.io/", "Flux"},
    {true, "kapp.k14s.io/", "kapp"},
    {false, "kapp.k14s.io/", "kapp"},
}};
inline constexpr std::string_view k_managed_by_label = "app.kubernetes.io/managed-by";

// Set by the endpoints controller on the Endpoints it makes for a Service,
// whose labels (this app's included) it copies.
inline constexpr std::string_view k_endpoints_managed_by_label =
    "endpoints.kubernetes.io/managed-by";

}  // namespace kgitops::keys
