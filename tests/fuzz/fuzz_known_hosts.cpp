// known_hosts lookups: a host, a port and a key blob taken from the input,
// the rest of it as the file. Whatever the file holds, a line listing the
// host with its very key (plain or hashed) makes it known unless the key is
// revoked, and the host's case and the default port change nothing.
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fuzz_check.hpp"
#include "git/known_hosts.hpp"

using namespace kgitops;

namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// "|1|<salt>|<hash>" for `name`, as ssh-keygen -H writes it.
std::string hashed(const std::string& name, std::string_view salt) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha1(), salt.data(), static_cast<int>(salt.size()),
       reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest.data(), &length);
  return "|1|" + base64(salt) + "|" +
         base64(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

std::string upper(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

std::string lower(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

bool is_host_name(const std::string& host) {
  if (host.empty()) {
    return false;
  }
  for (const char c : host) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto host = input.ConsumeRandomLengthString(64);
  const int port = input.ConsumeBool() ? 0 : input.ConsumeIntegralInRange(1, 65535);
  const auto key = input.ConsumeRandomLengthString(128);
  const auto known_hosts = input.ConsumeRemainingBytesAsString();

  const auto status = check_known_hosts(known_hosts, host, port, key);
  FUZZ_CHECK(check_known_hosts(known_hosts, upper(host), port, key) == status);
  if (port == 0 || port == 22) {
    FUZZ_CHECK(check_known_hosts(known_hosts, host, port == 0 ? 22 : 0, key) == status);
  }
  if (!is_host_name(host) || key.empty()) {
    return 0;
  }
  // The names OpenSSH writes for the host: plain, and hashed.
  const auto name =
      port == 0 || port == 22 ? lower(host) : "[" + lower(host) + "]:" + std::to_string(port);
  const auto line = " ssh-ed25519 " + base64(key) + "\n";
  for (const auto& listed : {name, hashed(name, key.substr(0, 20))}) {
    const auto with_host = check_known_hosts(known_hosts + "\n" + listed + line, host, port, key);
    FUZZ_CHECK(with_host == HostKeyStatus::known || with_host == HostKeyStatus::revoked);
    FUZZ_CHECK(with_host == HostKeyStatus::revoked || status != HostKeyStatus::revoked);
  }
  return 0;
}
