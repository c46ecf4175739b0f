// Manifests as a repository gives them: the input is one file, read by the
// YAML loader and rendered as sync renders it (a .json file when it starts
// like JSON, else .yaml), then prepared for apply offline. A repository is
// untrusted input: any exception escaping is a finding, every error names
// the file, and what is accepted must be serialisable, as apply and diff
// serialise it.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "engine/desired.hpp"
#include "engine/scope.hpp"
#include "fuzz_check.hpp"
#include "render/renderer.hpp"
#include "render/yaml_loader.hpp"

using namespace kgitops;

namespace {

// Finds a JSON object that names a key twice, which kubectl refuses.
class DuplicateKeyFinder : public nlohmann::json_sax<Json> {
 public:
  bool found() const { return m_found; }

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    m_keys.emplace_back();
    return true;
  }
  bool key(string_t& name) override {
    m_found = m_found || !m_keys.back().insert(name).second;
    return true;
  }
  bool end_object() override {
    m_keys.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  std::vector<std::set<std::string>> m_keys;
  bool m_found = false;
};

bool has_duplicate_keys(const std::string& text) {
  DuplicateKeyFinder finder;
  return Json::sax_parse(text, &finder, nlohmann::detail::input_format_t::json, false) &&
         finder.found();
}

bool looks_like_json(const std::string& text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  return start != std::string::npos && (text[start] == '{' || text[start] == '[');
}

void check_loader(const std::string& text) {
  const auto documents = load_yaml_documents(text, "fuzz.yaml");
  if (!documents) {
    FUZZ_CHECK(to_string(documents.error()).starts_with("fuzz.yaml"));
    return;
  }
  for (const auto& document : *documents) {
    FUZZ_CHECK(document.line >= 1);
    (void)document.value.dump();
  }
}

void check_render(const std::string& text) {
  static const TempDir repository("kgitops-fuzz-");
  const bool json = looks_like_json(text);
  const auto file = json ? "manifest.json" : "manifest.yaml";
  const auto other = !json ? "manifest.json" : "manifest.yaml";
  std::filesystem::remove(repository.path() / other);
  std::ofstream(repository.path() / file, std::ios::binary | std::ios::trunc) << text;

  RenderOptions options;
  options.root = repository.path();
  const auto manifests = render(options);
  if (!manifests) {
    FUZZ_CHECK(to_string(manifests.error()).find(file) != std::string::npos);
    return;
  }
  if (json) {
    FUZZ_CHECK(!has_duplicate_keys(text));
  }
  for (const auto& manifest : *manifests) {
    FUZZ_CHECK(!kind_of(manifest.object).empty() && !name_of(manifest.object).empty());
    FUZZ_CHECK(manifest.source.file == file);
    (void)manifest.object.dump();
  }
  const Scope scope(*manifests, UnknownKinds::allow);
  AppSpec app;
  app.name = "fuzz";
  const auto desired = prepare_desired(*manifests, scope, app);
  if (!desired) {
    FUZZ_CHECK(to_string(desired.error()).find(file) != std::string::npos);
    return;
  }
  for (const auto& object : *desired) {
    (void)object.object.dump();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_loader(text);
  check_render(text);
  return 0;
}
