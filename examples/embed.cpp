// examples/embed.cpp — evaluates a directory of exports with the dormant library and
// writes the decision file to standard output, byte for byte what `dormant evaluate DIR
// --as-of TIME [--policy FILE] --out FILE` writes to FILE, through the public API only.
//
//   embed DIR AS_OF [POLICY]
//
// Exits 0, or 3 when the run stopped for safety (a guardrail tripped or a report is
// stale: the decision file is still written); on an error, prints one line and exits 1.
#include <dormant/decision_writer.h>
#include <dormant/error.h>
#include <dormant/evaluator.h>
#include <dormant/input_discovery.h>
#include <dormant/input_set.h>
#include <dormant/policy.h>
#include <dormant/timestamp.h>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: embed DIR AS_OF [POLICY]\n");
    return 1;
  }
  try {
    const std::optional<dormant::Instant> as_of = dormant::ParseTimestamp(argv[2]);
    if (!as_of) {
      std::fprintf(stderr, "embed: not a timestamp: %s\n", argv[2]);
      return 1;
    }
    // The policy file, or the default policy built into the library.
    const dormant::Policy policy =
        argc == 4 ? dormant::LoadPolicy(argv[3]) : dormant::DefaultPolicy();

    // The same steps as `dormant evaluate`: find the input files, read them (one job),
    // settle the as-of, evaluate, write.
    dormant::InputArguments arguments;
    arguments.paths.push_back(argv[1]);
    const std::vector<dormant::InputFile> files = dormant::DiscoverInputs(arguments);
    const dormant::InputSet inputs = dormant::LoadInputs(files, 1);
    const dormant::Instant evaluated_at = dormant::DetermineAsOf(inputs, as_of);
    const dormant::Decisions decisions = dormant::Evaluate(inputs, policy, evaluated_at);
    dormant::WriteDecisions(decisions, inputs, policy, [](std::string_view block) {
      std::fwrite(block.data(), 1, block.size(), stdout);
    });
    if (std::fflush(stdout) != 0) {
      std::fprintf(stderr, "embed: cannot write standard output\n");
      return 1;
    }
    return decisions.safety_stop() ? 3 : 0;
  } catch (const dormant::Error& e) {
    std::fprintf(stderr, "embed: %s\n", e.Describe().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "embed: %s\n", e.what());
    return 1;
  }
}
