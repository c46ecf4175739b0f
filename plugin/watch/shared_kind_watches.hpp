#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cluster/kind_watcher.hpp"
#include "core/object.hpp"
#include "watch/labelled_objects.hpp"

namespace kgitops {

// One watch per kind for all the apps of an agent that act as one identity,
// instead of one per kind and app: the watch selects on the app label's key
// alone, and each event goes to the apps whose label value the object
// carries. A kind is watched while any app wants it and closed when the last
// app stops. An app that comes later is handed the objects seen so far as
// ADDED events, as a watch of its own would have listed them, and the
// watch's latest state line ("watch of ConfigMap established").
//
// What the watches have seen is also the agent's live-state cache: a kind
// whose watch marks its listings (the HTTP watch) answers an app's list from
// it while the watch is whole: listed, and serving since its last
// interruption. A listing again (after 410 Gone) hands the apps a DELETED
// event for every object that went while the watch was down.
//
// An agent of one shard of a fleet watches its own apps' objects only: told
// their names, it selects `key in (names)` instead of every object with the
// key, and reopens its watches when the names change.
class SharedKindWatches : public std::enable_shared_from_this<SharedKindWatches> {
 public:
  // `open` makes the one real watch of a kind (kubectl or HTTP).
  explicit SharedKindWatches(KindWatchFactory open);
  ~SharedKindWatches();
  SharedKindWatches(const SharedKindWatches&) = delete;
  SharedKindWatches& operator=(const SharedKindWatches&) = delete;

  // A factory of an app's watches, each a subscription to the shared watch of
  // its kind. Selectors other than `key=value` get a watch of their own.
  KindWatchFactory factory();
  // How many kinds are watched now.
  std::size_t watched_kinds() const;
  // Watches only the objects whose label value is one of `values` (nullopt:
  // every value), each kind's watch reopened, and listing again, if that
  // changes its selector. Objects of other values are dropped, and never
  // answered from the cache; apps of other values get no events.
  void watch_only(std::optional<std::set<std::string>> values);
  // The selector the kinds on `label_key` are watched with now.
  std::string selector_for(const std::string& label_key) const;
  // The objects of `resource` whose label `label_key` is `value`, as the
  // shared watch of the kind on that label key has them; nullopt unless that
  // watch is whole. They may lag the server by the events in flight.
  std::optional<std::vector<Json>> current_objects(const ApiResource& resource,
                                                   const std::string& label_key,
                                                   const std::string& value) const;

 private:
  class Subscription;
  struct Subscriber {
    std::string label_value;
    KindWatch::EventHandler on_event;
    KindWatch::Logger log;
  };
  struct Kind {
    ApiResource resource;
    std::string label_key;
    std::string selector;  // the watch's
    int generation = 0;    // which opening of the kind this is
    std::unique_ptr<KindWatch> watch;
    std::map<int, Subscriber> subscribers;
    LabelledObjects objects{""};         // what the watch has seen: the live-state cache
    bool listing = false;                // between the markers of a listing
    std::set<ResourceKey> listing_keys;  // the objects of the listing in progress
    bool listed = false;                 // a listing ended, and none began since
    bool serving = false;                // no interruption since the last event
    bool has_state = false;
    bool state_is_error = false;
    std::string state;  // the watch's latest log line
  };

  int subscribe(const ApiResource& resource, const std::string& label_key, Subscriber subscriber);
  // Opens the kind's watch as a new generation, with the selector it should
  // have now (m_mutex held); returns the watch it replaces.
  std::unique_ptr<KindWatch> open(const std::string& name, Kind& kind);
  std::string selector_locked(const std::string& label_key) const;
  // Whether that closed the kind's watch: it was its last subscriber.
  bool unsubscribe(const std::string& name, int id);
  void deliver(const std::string& name, int generation, WatchEvent event);
  // Takes a marker or a bookmark (m_mutex held); false for an object's change.
  bool take_marker(Kind& kind, const WatchEvent& event);
  // Drops what the listing that just ended did not list, telling the apps (m_mutex held).
  void end_listing(Kind& kind);
  void hand_out(Kind& kind, const WatchEvent& event);
  void log(const std::string& name, int generation, bool error, const std::string& message);

  KindWatchFactory m_open;
  mutable std::mutex m_mutex;  // held while an event is handed out, so unsubscribe waits for it
  std::map<std::string, Kind> m_kinds;          // by kind_name()
  std::optional<std::set<std::string>> m_only;  // the label values watched; nullopt: all
  int m_next_id = 0;
};

// A label selector of one `key=value`: what an app watches and lists by.
struct EqualitySelector {
  std::string key;
  std::string value;
};
// nullopt for any other selector; those are not shared.
std::optional<EqualitySelector> equality_selector(const std::string& selector);

// How the hub names the shared watch of `resource` on the label `label_key`.
std::string kind_name(const ApiResource& resource, const std::string& label_key);

// The hub of the apps acting as `identity` (kubectl's global flags), shared
// by every caller asking with the same identity while any holds it.
std::shared_ptr<SharedKindWatches> shared_kind_watches(const std::vector<std::string>& identity,
                                                       const KindWatchFactory& open);

}  // namespace kgitops
