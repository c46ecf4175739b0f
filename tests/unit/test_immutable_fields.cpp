#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/constants.hpp"
#include "engine/immutable_fields.hpp"

using namespace kgitops;

namespace {

using Fields = std::vector<std::string>;

Json annotated(std::string_view key, const std::string& value) {
  Json object{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", {{"name", "migrate"}}}};
  set_annotation(object, key, value);
  return object;
}

}  // namespace

TEST_CASE("the immutable field of a Job's changed template is named") {
  const auto error =
      "Error from server (Invalid): Job.batch \"migrate\" is invalid: spec.template: Invalid "
      "value: core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Name:\"\", Labels:map[string]string{"
      "\"a\":\"b: c\"}}}: field is immutable";
  CHECK(immutable_fields(error) == Fields{"spec.template"});
}

TEST_CASE("every immutable field of a list of errors is named once, in order") {
  const auto error =
      "The Deployment \"web\" is invalid: [spec.selector: Invalid value: v1.LabelSelector{}: "
      "field is immutable, spec.template.metadata.labels: Invalid value: map[string]string{}: "
      "`selector` does not match template `labels`, spec.selector: Invalid value: x: field is "
      "immutable]";
  CHECK(immutable_fields(error) == Fields{"spec.selector"});
}

TEST_CASE("a Service's clusterIP and a StatefulSet's spec are immutable fields too") {
  CHECK(immutable_fields("The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
                         "[]string{\"10.0.0.9\"}: may not change once set") ==
        Fields{"spec.clusterIPs[0]"});
  CHECK(immutable_fields("The Service \"web\" is invalid: spec.clusterIP: Invalid value: "
                         "\"10.0.0.9\": field is immutable") == Fields{"spec.clusterIP"});
  CHECK(immutable_fields("The StatefulSet \"db\" is invalid: spec: Forbidden: updates to "
                         "statefulset spec for fields other than 'replicas', 'ordinals', "
                         "'template', 'updateStrategy' and 'minReadySeconds' are forbidden") ==
        Fields{"spec"});
}

TEST_CASE("errors about anything else name no immutable field") {
  CHECK(immutable_fields("").empty());
  CHECK(immutable_fields("admission webhook \"policy\" denied the request").empty());
  CHECK(immutable_fields("The ConfigMap \"a\" is invalid: metadata.name: Invalid value: \"A\": "
                         "a lowercase RFC 1123 subdomain must consist of ...")
            .empty());
  CHECK(immutable_fields("namespaces \"shop\" not found").empty());
}

TEST_CASE("an object opts in to replacing by our annotation, Argo CD's sync options or Flux's") {
  CHECK(replace_allowed(annotated(keys::k_force_annotation, "enabled")));
  CHECK(replace_allowed(annotated(keys::k_flux_force_annotation, "enabled")));
  CHECK(replace_allowed(annotated(keys::k_argo_sync_options_annotation, "Replace=true")));
  CHECK(replace_allowed(
      annotated(keys::k_argo_sync_options_annotation, "ServerSideApply=true, Force=true")));
  CHECK_FALSE(replace_allowed(annotated(keys::k_force_annotation, "disabled")));
  CHECK_FALSE(replace_allowed(annotated(keys::k_flux_force_annotation, "true")));
  CHECK_FALSE(replace_allowed(annotated(keys::k_argo_sync_options_annotation, "Replace=false")));
  CHECK_FALSE(replace_allowed(
      annotated(keys::k_argo_sync_options_annotation, "PruneLast=true,Validate=false")));
  CHECK_FALSE(replace_allowed(annotated("example.com/force", "enabled")));
}

TEST_CASE("the error of an immutable change names the field and the annotation that allows it") {
  const auto error = immutable_error({"spec.template"});
  CHECK(error.find("spec.template") != std::string::npos);
  CHECK(error.find("gitops.kubectl.dev/force: enabled") != std::string::npos);
  CHECK(immutable_summary({"spec.selector", "spec.template"}) ==
        "spec.selector, spec.template are immutable");
}
