#pragma once

#include <expected>
#include <string>
#include <utility>

namespace kgitops {

// A recoverable failure, carried inside the program as a value. The message
// names the file, line or object concerned; the CLI prints it once, at the top.
struct Error {
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

// `fail("a", b, "c")` concatenates its parts into an error value.
template <typename... Parts>
std::unexpected<Error> fail(Parts&&... parts) {
  std::string message;
  (message.append(std::forward<Parts>(parts)), ...);
  return std::unexpected(Error{std::move(message)});
}

// Prefixes `context` to the error of a failed result, e.g. a file name.
inline std::unexpected<Error> with_context(const std::string& context, const Error& error) {
  return std::unexpected(Error{context + ": " + error.message});
}

// Thrown only where a value cannot carry the failure (deep inside a callback);
// caught by the single top-level handler.
struct Fatal {
  std::string message;
  int exit_code;
};

}  // namespace kgitops
