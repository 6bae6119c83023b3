// dormant — offline evaluator for AWS IAM inactivity. See README.md and docs/
#include <csignal>

#include "run_cli.h"

int main(int argc, char** argv) {
  // A closed standard output must surface as a write error (exit 5), not kill the process
  // half-way.
  std::signal(SIGPIPE, SIG_IGN);
  return dormant::RunCli(argc, argv);
}
