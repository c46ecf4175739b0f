// std::expected for clang before 16 with libstdc++ 12, whose <expected>
// needs conditionally trivial destructors (P0848) that clang 14 lacks and so
// declares nothing there. Force-included (-include) by the fuzz build only;
// it covers what the project uses: construction from a value or from
// std::unexpected, has_value, *, ->, value, value_or and error.
#pragma once

#include <exception>
#include <expected>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#if !defined(__cpp_lib_expected)

namespace std {

template <typename E>
class unexpected {
 public:
  template <typename G = E>
  requires(!is_same_v<remove_cvref_t<G>, unexpected> &&
           is_constructible_v<E, G>) constexpr explicit unexpected(G&& error)
      : m_error(std::forward<G>(error)) {}

  constexpr const E& error() const& noexcept { return m_error; }
  constexpr E& error() & noexcept { return m_error; }
  constexpr E&& error() && noexcept { return std::move(m_error); }

 private:
  E m_error;
};

template <typename E>
unexpected(E) -> unexpected<E>;

template <typename E>
class bad_expected_access : public exception {
 public:
  explicit bad_expected_access(E error) : m_error(std::move(error)) {}
  const char* what() const noexcept override { return "bad access to std::expected"; }
  const E& error() const& noexcept { return m_error; }

 private:
  E m_error;
};

template <typename T, typename E>
class expected {
 public:
  using value_type = T;
  using error_type = E;

  constexpr expected() requires is_default_constructible_v<T> : m_storage(in_place_index<0>) {}

  template <typename U = T>
  requires(!is_same_v<remove_cvref_t<U>, in_place_t> && !is_same_v<remove_cvref_t<U>, expected> &&
           !is_same_v<remove_cvref_t<U>, unexpected<E>> &&
           is_constructible_v<T, U>) constexpr expected(U&& value)
      : m_storage(in_place_index<0>, std::forward<U>(value)) {}

  template <typename G>
  constexpr expected(const unexpected<G>& error) : m_storage(in_place_index<1>, error.error()) {}
  template <typename G>
  constexpr expected(unexpected<G>&& error)
      : m_storage(in_place_index<1>, std::move(error).error()) {}

  constexpr bool has_value() const noexcept { return m_storage.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  constexpr T& operator*() & noexcept { return *get_if<0>(&m_storage); }
  constexpr const T& operator*() const& noexcept { return *get_if<0>(&m_storage); }
  constexpr T&& operator*() && noexcept { return std::move(*get_if<0>(&m_storage)); }
  constexpr T* operator->() noexcept { return get_if<0>(&m_storage); }
  constexpr const T* operator->() const noexcept { return get_if<0>(&m_storage); }

  constexpr T& value() & { return checked(), **this; }
  constexpr const T& value() const& { return checked(), **this; }
  constexpr T&& value() && { return checked(), std::move(**this); }

  template <typename U>
  constexpr T value_or(U&& fallback) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename U>
  constexpr T value_or(U&& fallback) && {
    return has_value() ? std::move(**this) : static_cast<T>(std::forward<U>(fallback));
  }

  constexpr E& error() & noexcept { return *get_if<1>(&m_storage); }
  constexpr const E& error() const& noexcept { return *get_if<1>(&m_storage); }
  constexpr E&& error() && noexcept { return std::move(*get_if<1>(&m_storage)); }

 private:
  void checked() const {
    if (!has_value()) {
      throw bad_expected_access<E>(error());
    }
  }

  variant<T, E> m_storage;
};

template <typename E>
class expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  constexpr expected() noexcept = default;
  template <typename G>
  constexpr expected(const unexpected<G>& error) : m_error(in_place, error.error()) {}
  template <typename G>
  constexpr expected(unexpected<G>&& error) : m_error(in_place, std::move(error).error()) {}

  constexpr bool has_value() const noexcept { return !m_error.has_value(); }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr void operator*() const noexcept {}
  constexpr void value() const {
    if (m_error) {
      throw bad_expected_access<E>(*m_error);
    }
  }

  constexpr E& error() & noexcept { return *m_error; }
  constexpr const E& error() const& noexcept { return *m_error; }
  constexpr E&& error() && noexcept { return std::move(*m_error); }

 private:
  optional<E> m_error;
};

}  // namespace std

#endif
