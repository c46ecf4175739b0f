#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"
#include "core/temp_dir.hpp"

namespace kgitops {

// One `kubectl proxy --unix-socket` child, started as soon as this object is
// made: the cluster is still reached
// through kubectl, so every kubeconfig, context and auth plugin works, but
// spoken to over HTTP on one socket at full rate. The socket lives in a
// private 0700 folder, so no other user can connect to it. The child is
// started on a thread of this object's own (the kernel kills it if that
// thread ends, so it never outlives us), restarted when it dies, and killed
// and reaped by the destructor.
class KubectlProxy {
 public:
  explicit KubectlProxy(ClusterOptions options,
                        std::chrono::milliseconds start_timeout = std::chrono::seconds(15));
  ~KubectlProxy();
  KubectlProxy(const KubectlProxy&) = delete;
  KubectlProxy& operator=(const KubectlProxy&) = delete;

  // The socket to send requests to, once the proxy answers on it; starts the
  // proxy again first when it has died. `suspect`: a request through it just
  // broke, so whether the proxy still runs is checked first, not at the next
  // round of the keeper. Fails, with kubectl's words, when it does not come
  // up within the start timeout.
  Result<std::string> socket(bool suspect = false);

  // How many times a proxy was started: 1 unless one died.
  int starts() const;
  // The running proxy's process id; 0 when none runs.
  int pid() const;

 private:
  void keep();
  // Starts a child and waits for its socket; the error when it does not come up.
  // `alive`: whether the child still runs (it reaps it when not).
  std::string start_child(std::unique_lock<std::mutex>& lock, const std::function<bool()>& alive);
  std::string last_error_lines() const;

  ClusterOptions m_options;
  std::chrono::milliseconds m_start_timeout;
  TempDir m_dir;
  std::filesystem::path m_socket;
  std::filesystem::path m_log;

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_stopping = false;
  // A proxy should be started: wanted from the start, so kubectl's own
  // start-up runs while the caller reads git and renders; again when a
  // caller waits for one after it died or failed to start.
  bool m_wanted = true;
  bool m_check = false;  // a caller waits for the keeper to look at the child
  bool m_ready = false;
  int m_pid = 0;
  int m_starts = 0;
  std::string m_error;  // why the last start failed, empty when it did not
  std::thread m_keeper;
};

// `kubectl [global flags] proxy --unix-socket=<socket>`, with every API path
// let through (the default filter rejects exec and attach only, which this
// tool never sends) and the proxy's own keep-alive.
std::vector<std::string> proxy_argv(const ClusterOptions& options, const std::string& socket);

}  // namespace kgitops
