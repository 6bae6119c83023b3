// Messages for a rejected command line (see usage_error.h).
#include "usage_error.h"

#include <optional>
#include <vector>

#include "nearest.h"

namespace dormant {
namespace {

// The deepest subcommand that was recognised, and the index in argv just past its name.
struct CommandAt {
  const CLI::App* app;
  int next_arg;
};

CommandAt DeepestCommand(const CLI::App& app, int argc, const char* const* argv) {
  CommandAt at{&app, 1};
  for (;;) {
    const std::vector<CLI::App*> parsed = at.app->get_subcommands();
    if (parsed.empty()) return at;
    const CLI::App* sub = parsed.front();
    int i = at.next_arg;
    while (i < argc && sub->get_name() != argv[i]) ++i;
    if (i == argc) return at;
    at = {sub, i + 1};
  }
}

// "evaluate", "policy check"; empty for the program itself.
std::string CommandName(const CLI::App* app) {
  std::string name;
  for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    name = name.empty() ? app->get_name() : app->get_name() + " " + name;
  }
  return name;
}

bool KnownOption(const CLI::App& app, const std::string& flag) {
  for (const CLI::Option* opt : app.get_options()) {
    if (flag.size() > 2 && flag[1] == '-') {
      if (opt->check_lname(flag.substr(2))) return true;
    } else if (flag.size() == 2 && opt->check_sname(flag.substr(1))) {
      return true;
    }
  }
  return false;
}

std::string DidYouMean(const std::optional<std::string>& best) {
  return best ? "; did you mean '" + *best + "'?" : "";
}

}  // namespace

std::string DescribeUsageError(const CLI::App& app, const CLI::ParseError& error, int argc,
                               const char* const* argv) {
  const CommandAt at = DeepestCommand(app, argc, argv);
  const std::string name = CommandName(at.app);
  const std::string help = " (run 'dormant " + (name.empty() ? "" : name + " ") + "--help')";
  const std::vector<const CLI::App*> subcommands = at.app->get_subcommands({});
  for (int i = at.next_arg; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;  // only positionals follow
    if (arg.size() > 1 && arg[0] == '-') {
      const std::string flag = arg.substr(0, arg.find('='));
      if (KnownOption(*at.app, flag)) continue;
      Nearest nearest(flag);
      for (const CLI::Option* opt : at.app->get_options()) {
        for (const std::string& l : opt->get_lnames()) nearest.Offer("--" + l);
      }
      return "unknown option '" + flag + "'" + (name.empty() ? "" : " for " + name) +
             DidYouMean(nearest.best()) + help;
    }
    if (!subcommands.empty()) {
      Nearest nearest(arg);
      bool known = false;
      for (const CLI::App* sub : subcommands) {
        known = known || sub->get_name() == arg;
        nearest.Offer(sub->get_name());
      }
      if (known) break;
      const std::optional<std::string>& best = nearest.best();
      const std::string sub_help =
          best ? " (run 'dormant " + (name.empty() ? "" : name + " ") + *best + " --help')" : help;
      return "unknown command '" + (name.empty() ? "" : name + " ") + arg + "'" + DidYouMean(best) +
             sub_help;
    }
  }
  std::string what = error.what();
  // CLI11 says "--as-of: At Most 1 required but received 2" for a repeated option.
  if (const auto pos = what.find(": At Most 1 required"); pos != std::string::npos) {
    what = what.substr(0, pos) + ": given more than once (it takes one value)";
  }
  return what + help;
}

}  // namespace dormant
