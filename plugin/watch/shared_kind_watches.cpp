#include "watch/shared_kind_watches.hpp"

#include <utility>
#include <vector>

#include "core/text.hpp"

namespace kgitops {
namespace {

// A shard's selector longer than this would not fit a kubectl argument (nor
// sit well in a request's URL): its kinds are watched by the label key alone,
// and the objects of other shards' apps dropped as they come.
constexpr std::size_t k_max_selector_bytes = 32 * 1024;

}  // namespace

std::optional<EqualitySelector> equality_selector(const std::string& selector) {
  const auto equals = selector.find('=');
  if (equals == std::string::npos || equals == 0 ||
      selector.find_first_of("=!,() ", equals + 1) != std::string::npos ||
      selector.find_first_of("!,() ") < equals) {
    return std::nullopt;
  }
  return EqualitySelector{selector.substr(0, equals), selector.substr(equals + 1)};
}

std::string kind_name(const ApiResource& resource, const std::string& label_key) {
  return resource.qualified_resource() + " " + label_key;
}

// An app's watch of a kind: a place among the shared watch's subscribers.
class SharedKindWatches::Subscription : public KindWatch {
 public:
  Subscription(std::shared_ptr<SharedKindWatches> hub, ApiResource resource,
               EqualitySelector selector, EventHandler on_event, Logger log)
      : m_hub(std::move(hub)),
        m_resource(std::move(resource)),
        m_label_key(std::move(selector.key)),
        m_subscriber{std::move(selector.value), std::move(on_event), std::move(log)} {}
  ~Subscription() override { stop(); }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  void start() override {
    if (!m_id) {
      m_id = m_hub->subscribe(m_resource, m_label_key, m_subscriber);
    }
  }
  void stop() override {
    if (m_id) {
      const bool closed = m_hub->unsubscribe(kind_name(m_resource, m_label_key), *m_id);
      m_id.reset();
      if (closed) {
        m_subscriber.log(false, "watch of " + m_resource.kind + " closed: no app watches it now");
      }
    }
  }

 private:
  std::shared_ptr<SharedKindWatches> m_hub;
  ApiResource m_resource;
  std::string m_label_key;
  Subscriber m_subscriber;
  std::optional<int> m_id;
};

SharedKindWatches::SharedKindWatches(KindWatchFactory open) : m_open(std::move(open)) {}

SharedKindWatches::~SharedKindWatches() {
  // Subscriptions hold the hub, so none is left; stop what was not closed.
  for (auto& [name, kind] : m_kinds) {
    if (kind.watch) {
      kind.watch->stop();
    }
  }
}

KindWatchFactory SharedKindWatches::factory() {
  return [hub = shared_from_this()](const ApiResource& resource, const std::string& selector,
                                    KindWatch::EventHandler on_event,
                                    KindWatch::Logger log) -> std::unique_ptr<KindWatch> {
    auto equality = equality_selector(selector);
    if (!equality) {
      return hub->m_open(resource, selector, std::move(on_event), std::move(log));
    }
    return std::make_unique<Subscription>(hub, resource, std::move(*equality), std::move(on_event),
                                          std::move(log));
  };
}

std::size_t SharedKindWatches::watched_kinds() const {
  std::lock_guard lock(m_mutex);
  return m_kinds.size();
}

int SharedKindWatches::subscribe(const ApiResource& resource, const std::string& label_key,
                                 Subscriber subscriber) {
  const auto name = kind_name(resource, label_key);
  std::lock_guard lock(m_mutex);
  const int id = m_next_id++;
  auto [entry, opened] = m_kinds.try_emplace(name);
  Kind& kind = entry->second;
  if (opened) {
    kind.resource = resource;
    kind.label_key = label_key;
    kind.objects = LabelledObjects(label_key);
    open(name, kind);
  } else {
    if (kind.has_state) {
      subscriber.log(kind.state_is_error, kind.state);
    }
    for (auto& [key, object] : kind.objects.with_label(subscriber.label_value)) {
      subscriber.on_event(WatchEvent{WatchEventType::added, key, std::move(object)});
    }
  }
  kind.subscribers.emplace(id, std::move(subscriber));
  return id;
}

std::unique_ptr<KindWatch> SharedKindWatches::open(const std::string& name, Kind& kind) {
  // Each opening of a kind is told apart, so a closed watch still finishing
  // an event never reaches the subscribers of the next one.
  const int generation = m_next_id++;
  kind.generation = generation;
  kind.selector = selector_locked(kind.label_key);
  kind.listing = false;
  kind.listing_keys.clear();
  kind.listed = false;
  kind.serving = false;
  auto previous = std::move(kind.watch);
  kind.watch = m_open(
      kind.resource, kind.selector,
      [this, name, generation](WatchEvent event) { deliver(name, generation, std::move(event)); },
      [this, name, generation](bool error, const std::string& message) {
        log(name, generation, error, message);
      });
  kind.watch->start();
  return previous;
}

void SharedKindWatches::watch_only(std::optional<std::set<std::string>> values) {
  std::vector<std::unique_ptr<KindWatch>> closing;
  {
    std::lock_guard lock(m_mutex);
    m_only = std::move(values);
    for (auto& [name, kind] : m_kinds) {
      if (m_only) {
        kind.objects.keep_labels(*m_only);
      }
      if (selector_locked(kind.label_key) != kind.selector) {
        closing.push_back(open(name, kind));
      }
    }
  }
  // Outside the lock: a closing watch may be waiting on it to hand out an event.
  for (auto& watch : closing) {
    if (watch) {
      watch->stop();
    }
  }
}

std::string SharedKindWatches::selector_for(const std::string& label_key) const {
  std::lock_guard lock(m_mutex);
  return selector_locked(label_key);
}

std::string SharedKindWatches::selector_locked(const std::string& label_key) const {
  if (!m_only || m_only->empty()) {
    return label_key;
  }
  auto selector = label_key + " in (" + join(*m_only, ",") + ")";
  return selector.size() > k_max_selector_bytes ? label_key : selector;
}

bool SharedKindWatches::unsubscribe(const std::string& name, int id) {
  std::unique_ptr<KindWatch> closing;
  {
    std::lock_guard lock(m_mutex);
    const auto found = m_kinds.find(name);
    if (found == m_kinds.end()) {
      return false;
    }
    found->second.subscribers.erase(id);
    if (!found->second.subscribers.empty()) {
      return false;
    }
    closing = std::move(found->second.watch);
    m_kinds.erase(found);
  }
  // Outside the lock: the watch may be waiting on it to hand out an event.
  if (closing) {
    closing->stop();
  }
  return true;
}

void SharedKindWatches::deliver(const std::string& name, int generation, WatchEvent event) {
  std::lock_guard lock(m_mutex);
  const auto found = m_kinds.find(name);
  if (found == m_kinds.end() || found->second.generation != generation) {
    return;
  }
  Kind& kind = found->second;
  if (take_marker(kind, event)) {
    return;
  }
  if (m_only) {
    // Another shard's object, from a watch of the label key alone.
    const auto value = label_of(event.object, kind.label_key);
    if (!value || !m_only->contains(*value)) {
      kind.objects.erase(event.key);  // relabelled away from this shard
      return;
    }
  }
  if (kind.listing) {
    kind.listing_keys.insert(event.key);
  } else {
    kind.serving = true;
  }
  if (event.type == WatchEventType::deleted) {
    kind.objects.erase(event.key);
  } else {
    kind.objects.put(event.key, event.object);
  }
  hand_out(kind, event);
}

bool SharedKindWatches::take_marker(Kind& kind, const WatchEvent& event) {
  switch (event.type) {
    case WatchEventType::listing:
      kind.listing = true;
      kind.listed = false;
      kind.listing_keys.clear();
      return true;
    case WatchEventType::listed:
      end_listing(kind);
      return true;
    case WatchEventType::interrupted:
      kind.serving = false;
      return true;
    case WatchEventType::bookmark:
      kind.serving = !kind.listing;
      return true;
    case WatchEventType::error:
      return true;
    case WatchEventType::added:
    case WatchEventType::modified:
    case WatchEventType::deleted:
      return false;
  }
  return true;
}

void SharedKindWatches::end_listing(Kind& kind) {
  std::vector<WatchEvent> gone;
  for (const auto& key : kind.objects.keys()) {
    if (!kind.listing_keys.contains(key)) {
      gone.push_back(WatchEvent{WatchEventType::deleted, key, kind.objects.take(key)});
    }
  }
  kind.listing = false;
  kind.listing_keys.clear();
  kind.listed = true;
  kind.serving = true;
  // Deleted while the watch was down: the apps heal what git declares.
  for (const auto& event : gone) {
    hand_out(kind, event);
  }
}

void SharedKindWatches::hand_out(Kind& kind, const WatchEvent& event) {
  const auto value = label_of(event.object, kind.label_key);
  if (!value) {
    return;
  }
  for (auto& [id, subscriber] : kind.subscribers) {
    if (subscriber.label_value == *value) {
      subscriber.on_event(event);
    }
  }
}

std::optional<std::vector<Json>> SharedKindWatches::current_objects(
    const ApiResource& resource, const std::string& label_key, const std::string& value) const {
  std::lock_guard lock(m_mutex);
  const auto found = m_kinds.find(kind_name(resource, label_key));
  if (found == m_kinds.end()) {
    return std::nullopt;
  }
  const Kind& kind = found->second;
  if (!kind.listed || !kind.serving) {  // a listing in progress clears `listed`
    return std::nullopt;
  }
  if (m_only && !m_only->contains(value)) {
    return std::nullopt;  // not watched
  }
  std::vector<Json> objects;
  for (auto& [key, object] : kind.objects.with_label(value)) {
    objects.push_back(std::move(object));
  }
  return objects;
}

void SharedKindWatches::log(const std::string& name, int generation, bool error,
                            const std::string& message) {
  std::lock_guard lock(m_mutex);
  const auto found = m_kinds.find(name);
  if (found == m_kinds.end() || found->second.generation != generation) {
    return;
  }
  Kind& kind = found->second;
  kind.has_state = true;
  kind.state_is_error = error;
  kind.state = message;
  for (auto& [id, subscriber] : kind.subscribers) {
    subscriber.log(error, message);
  }
}

std::shared_ptr<SharedKindWatches> shared_kind_watches(const std::vector<std::string>& identity,
                                                       const KindWatchFactory& open) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, std::weak_ptr<SharedKindWatches>> hubs;
  std::lock_guard lock(mutex);
  if (auto existing = hubs[identity].lock()) {
    return existing;
  }
  auto hub = std::make_shared<SharedKindWatches>(open);
  hubs[identity] = hub;
  return hub;
}

}  // namespace kgitops
