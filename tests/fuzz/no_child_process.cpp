// Stands in for process/process.cpp in the fuzz targets. They render single
// manifest files, never a kustomization, so no child process ever runs; and
// Boost.Process, which process.cpp needs, takes longer to compile under the
// sanitizers than any parser here. Reaching this is a bug of a target.
#include <cstdio>
#include <cstdlib>

#include "process/process.hpp"

namespace kgitops {

Result<ProcessOutput> run_process(const ProcessRequest& request) {
  std::fprintf(stderr, "fuzz target started a child process: %s\n",
               request.argv.empty() ? "" : request.argv.front().c_str());
  std::abort();
}

}  // namespace kgitops
