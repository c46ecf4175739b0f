#pragma once

#include <optional>
#include <string>

#include "core/object.hpp"

namespace kgitops {

// Why `object` puts a Secret's values in git in plain text, or nothing: a v1
// Secret with non-empty `data` or `stringData`. It passes when every value is
// SOPS-encrypted (`ENC[...]`, or the document has SOPS's top-level `sops`
// key) or when it carries the annotation
// gitops.kubectl.dev/allow-plaintext-secret: "true". SealedSecrets are
// another kind and always pass. The reason names keys, never values.
std::optional<std::string> plaintext_secret_problem(const Json& object);

}  // namespace kgitops
