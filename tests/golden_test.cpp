// Golden end-to-end tests: every directory under testdata/golden/ is one run of the
// dormant binary. `args` holds the arguments (one per line, subcommand first), run with
// the case directory as working directory; `expected_exit`, `expected_stdout` and
// `expected_stderr` hold the exact results (a missing expected_stdout means empty).
//
// DORMANT_UPDATE_GOLDEN=1 rewrites the expectations from the current binary, for review
// with `git diff`; DORMANT_GOLDEN_FILTER=PREFIX limits a run to the cases whose names start
// with PREFIX.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>

#include "test_support.h"

namespace dormant::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> ReadArgs(const fs::path& file) {
  std::vector<std::string> args;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    args.push_back(line);
  }
  while (!args.empty() && args.back().empty()) args.pop_back();
  return args;
}

std::vector<fs::path> GoldenCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(TestdataDir() / "golden")) {
    if (entry.is_directory() && fs::exists(entry.path() / "args")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

BOOST_AUTO_TEST_SUITE(golden)

BOOST_AUTO_TEST_CASE(cases_exist) {
  // A golden directory that silently holds no case would make every check vacuous.
  BOOST_TEST(GoldenCases().size() >= 4u);
}

BOOST_AUTO_TEST_CASE(every_case_matches) {
  const bool update = std::getenv("DORMANT_UPDATE_GOLDEN") != nullptr;
  const char* filter = std::getenv("DORMANT_GOLDEN_FILTER");
  for (const fs::path& dir : GoldenCases()) {
    if (filter != nullptr && dir.filename().string().rfind(filter, 0) != 0) continue;
    BOOST_TEST_CONTEXT("golden case " << dir.filename().string()) {
      const RunResult r = RunDormant(ReadArgs(dir / "args"), dir);
      if (update) {
        WriteText(dir / "expected_exit", std::to_string(r.exit_code) + "\n");
        WriteText(dir / "expected_stderr", r.err);
        if (r.out.empty()) {
          fs::remove(dir / "expected_stdout");
        } else {
          WriteText(dir / "expected_stdout", r.out);
        }
        continue;
      }
      BOOST_REQUIRE(fs::exists(dir / "expected_exit"));
      BOOST_TEST(r.exit_code == std::stoi(ReadFile(dir / "expected_exit")));
      const fs::path stdout_file = dir / "expected_stdout";
      const std::string want_out = fs::exists(stdout_file) ? ReadFile(stdout_file) : "";
      BOOST_TEST(r.out == want_out);
      if (fs::exists(dir / "expected_stderr")) {
        BOOST_TEST(r.err == ReadFile(dir / "expected_stderr"));
      }
      // Exit 2, 4 and 5 write nothing.
      if (r.exit_code == 2 || r.exit_code == 4 || r.exit_code == 5) BOOST_TEST(r.out.empty());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
