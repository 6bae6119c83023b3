// run_cli.h — the command-line entry point: the only code that knows CLI11 and exit codes.
#ifndef DORMANT_CLI_RUN_CLI_H_
#define DORMANT_CLI_RUN_CLI_H_

namespace dormant {

// Runs `dormant` with the given arguments (argv[0] is the program name) and returns its
// exit code (exit_code.h). Errors are reported as one line on standard error.
int RunCli(int argc, const char* const* argv);

}  // namespace dormant

#endif  // DORMANT_CLI_RUN_CLI_H_
