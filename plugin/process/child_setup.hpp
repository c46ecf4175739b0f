#pragma once

#include <memory>  // Boost.Process 1.74 uses std::unique_ptr without including it

#include <boost/process/extend.hpp>

namespace kgitops {

// Runs in a freshly forked child, just before exec; async-signal-safe.
// Marks every descriptor above stderr close-on-exec, so the program inherits
// nothing of ours: no pipe end of a sibling child (which would keep that
// sibling's reader from ever seeing end of file), no socket. With
// `die_with_parent`, the kernel also kills the child when the thread that
// started it ends, so no child outlives us, even after a SIGKILL.
void prepare_child_for_exec(bool die_with_parent);

// The same, as a Boost.Process initializer: pass ChildSetup{} to bp::child.
struct ChildSetup : boost::process::extend::handler {
  bool die_with_parent = true;
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    prepare_child_for_exec(die_with_parent);
  }
};

}  // namespace kgitops
