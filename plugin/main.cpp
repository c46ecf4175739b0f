#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return kgitops::run_cli(argc, argv);
}
