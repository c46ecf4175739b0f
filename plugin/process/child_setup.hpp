#pragma once

#include <memory>  // Boost.Process 1.74 uses std::unique_ptr without including it

#include <boost/process/extend.hpp>

namespace kgitops {

// Every variable whose name starts with this is ours (credentials for git
// among them) and reaches no child: kubectl, kustomize, git and git's
// credential helper get what they need by other ways.
inline constexpr const char* k_own_environment_prefix = "GITOPS_";

// Runs in a freshly forked child, just before exec; async-signal-safe.
// Marks every descriptor above stderr close-on-exec, so the program inherits
// nothing of ours: no pipe end of a sibling child (which would keep that
// sibling's reader from ever seeing end of file), no socket. With
// `die_with_parent`, the kernel also kills the child when the thread that
// started it ends, so no child outlives us, even after a SIGKILL.
void prepare_child_for_exec(bool die_with_parent);

// Drops our own variables (k_own_environment_prefix) from the null-ended
// `environment` the child is about to exec with, in place; async-signal-safe.
void drop_own_environment(char** environment);

// The same, as a Boost.Process initializer: pass ChildSetup{} to bp::child.
struct ChildSetup : boost::process::extend::handler {
  bool die_with_parent = true;
  template <typename Executor>
  void on_exec_setup(Executor& executor) const {
    // Whatever environment the other initializers chose, ours or given.
    drop_own_environment(executor.env);
    prepare_child_for_exec(die_with_parent);
  }
};

}  // namespace kgitops
