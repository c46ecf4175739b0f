// What a kind's watch reads from kubectl: a byte stream cut into JSON
// documents, each parsed into events that move the resume point. The input
// is the stream; its first bytes also choose where the chunks are cut, and
// the documents must not depend on that.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "cluster/resume_point.hpp"
#include "cluster/watch_event.hpp"
#include "fuzz_check.hpp"

using namespace kgitops;

namespace {

std::vector<std::string> documents_of(JsonStreamSplitter& splitter) {
  std::vector<std::string> documents;
  while (auto document = splitter.next()) {
    FUZZ_CHECK(document->starts_with('{') && document->ends_with('}'));
    documents.push_back(std::move(*document));
  }
  return documents;
}

void check_events(const std::string& document, ResumePoint& resume) {
  const auto parsed = Json::parse(document, nullptr, false);
  if (parsed.is_discarded()) {
    return;
  }
  const auto events = parse_watch_events(parsed);
  if (!events) {
    FUZZ_CHECK(!events.error().message.empty());
    return;
  }
  for (const auto& event : *events) {
    FUZZ_CHECK(event.object.is_object());
    if (event.type != WatchEventType::bookmark && event.type != WatchEventType::error) {
      FUZZ_CHECK(!event.key.kind.empty() && !event.key.name.empty());
    }
    if (event.type == WatchEventType::error) {
      (void)describe_watch_error(event.object);
    }
    resume.observe(event);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto cuts =
      input.ConsumeBytes<std::uint8_t>(input.ConsumeIntegralInRange<std::size_t>(0, 16));
  const auto stream = input.ConsumeRemainingBytesAsString();

  JsonStreamSplitter whole;
  whole.feed(stream);
  const auto expected = documents_of(whole);

  // The same stream in chunks, reading after each one, as the watch does.
  JsonStreamSplitter chunked;
  std::vector<std::string> documents;
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < stream.size(); ++i) {
    const std::size_t length = cuts.empty() ? 1 : 1 + cuts[i % cuts.size()];
    chunked.feed(std::string_view(stream).substr(offset, length));
    offset += length;
    for (auto& document : documents_of(chunked)) {
      documents.push_back(std::move(document));
    }
  }
  FUZZ_CHECK(documents == expected);

  ResumePoint resume;
  (void)resume.start_run(true);
  for (const auto& document : expected) {
    check_events(document, resume);
  }
  resume.end_run(0);
  return 0;
}
