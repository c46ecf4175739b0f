#pragma once

#include <expected>
#include <string>
#include <utility>

namespace kgitops {

// What kind of failure an error is: the exit code follows from it
// (core/exit_codes.hpp), and code that must tell failures apart asks it
// instead of reading the message.
enum class ErrorKind {
  failed,     // the operation failed and no finer kind applies (bad input, a file, a git error)
  usage,      // the command line asks for something it cannot mean
  not_found,  // an app, repository, path or revision that does not exist
  refused,    // a safety guard stopped the operation before it wrote anything
  conflict,   // two claims on one thing, e.g. one object declared twice
  timeout,    // gave up waiting
  remote,     // the cluster or a git server failed or could not be reached
  internal,   // a fault of the program itself, caught at the top
};

// Where an error is, when it is about one place of the repository or one
// object: validate reports it in columns, the CLI as a "file:line: " prefix.
struct ErrorLocation {
  std::string file;    // relative to the repository root; empty when unknown
  int line = 0;        // 1-based; 0 when unknown
  std::string object;  // the object concerned (to_string of its key); may be empty
};

// A recoverable failure, carried inside the program as a value. `message`
// says what went wrong, without the location; to_string(error) is the one
// text shown for it. The CLI prints it once, at the top.
struct Error {
  std::string message;
  ErrorKind kind = ErrorKind::failed;
  ErrorLocation where = {};
};

template <typename T>
using Result = std::expected<T, Error>;

// "file:line" of a location, "file" without a line, "" without a file.
inline std::string to_string(const ErrorLocation& where) {
  if (where.file.empty()) {
    return "";
  }
  return where.line > 0 ? where.file + ":" + std::to_string(where.line) : where.file;
}

// The error as it is shown: "file:line: message", or the message alone.
inline std::string to_string(const Error& error) {
  const auto location = to_string(error.where);
  return location.empty() ? error.message : location + ": " + error.message;
}

namespace detail {
template <typename... Parts>
std::string concatenate(Parts&&... parts) {
  std::string text;
  (text.append(std::forward<Parts>(parts)), ...);
  return text;
}
}  // namespace detail

// `fail("a", b, "c")` concatenates its parts into an error value of the
// default kind.
template <typename... Parts>
std::unexpected<Error> fail(Parts&&... parts) {
  return std::unexpected(Error{detail::concatenate(std::forward<Parts>(parts)...)});
}

// As fail(), with a kind: `fail_with(ErrorKind::usage, "--prune is required")`.
template <typename... Parts>
std::unexpected<Error> fail_with(ErrorKind kind, Parts&&... parts) {
  return std::unexpected(Error{detail::concatenate(std::forward<Parts>(parts)...), kind});
}

// As fail(), about one place: `fail_at({file, line}, "invalid YAML")`.
template <typename... Parts>
std::unexpected<Error> fail_at(ErrorLocation where, Parts&&... parts) {
  return std::unexpected(Error{detail::concatenate(std::forward<Parts>(parts)...),
                               ErrorKind::failed, std::move(where)});
}

// Prefixes `context` to the message of an error, e.g. the flag it came from;
// its kind and location stay.
inline std::unexpected<Error> with_context(const std::string& context, const Error& error) {
  return std::unexpected(Error{context + ": " + error.message, error.kind, error.where});
}

// The same error, of another kind: e.g. whatever stops the flags from
// making sense is a usage error, whoever found it.
inline std::unexpected<Error> with_kind(ErrorKind kind, Error error) {
  error.kind = kind;
  return std::unexpected(std::move(error));
}

}  // namespace kgitops
