// usage_error.h — the message for a command line CLI11 rejects: for a mistyped command or
// option, the nearest one ("did you mean"), and always the `--help` of the command at hand.
#ifndef DORMANT_CLI_USAGE_ERROR_H_
#define DORMANT_CLI_USAGE_ERROR_H_

#include <CLI/CLI.hpp>
#include <string>

namespace dormant {

// The one-line message (without "dormant: ") for `error`, thrown by `app.parse(argc, argv)`.
// The command at hand is the deepest subcommand CLI11 recognised. The first argument after
// it that is neither one of its options nor (when it has subcommands) one of its
// subcommands is named, with the nearest option or subcommand when one is near; otherwise
// CLI11's own message is kept. Either way the message ends with "run 'dormant COMMAND
// --help'".
std::string DescribeUsageError(const CLI::App& app, const CLI::ParseError& error, int argc,
                               const char* const* argv);

}  // namespace dormant

#endif  // DORMANT_CLI_USAGE_ERROR_H_
