// Determinism: the same evidence gives the same user lines whatever the order
// of rows, documents, files and arguments, the number of jobs, the locale or the time
// zone. Runs the real binary on a copy of the demo export set.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <random>
#include <sstream>

#include "test_support.h"

namespace dormant::testing {
namespace {
namespace fs = std::filesystem;

const char* const kAsOf = "2026-11-20T00:00:00Z";

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Everything after the header line.
std::string UserLines(const std::string& decisions) {
  const auto nl = decisions.find('\n');
  BOOST_REQUIRE(nl != std::string::npos);
  return decisions.substr(nl + 1);
}

std::string Join(const std::vector<std::string>& lines, bool final_newline) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || final_newline) out += '\n';
  }
  return out;
}

// A copy of testdata/demo in a temporary directory.
struct DemoCopy {
  TempDir dir;
  DemoCopy() { fs::copy(TestdataDir() / "demo", dir.path() / "demo", fs::copy_options::recursive); }
  fs::path exports() const { return dir.path() / "demo" / "exports"; }
  RunResult Evaluate(std::vector<std::string> extra,
                     const std::vector<std::string>& env = {}) const {
    std::vector<std::string> args{"evaluate", "--policy", "demo/policy.json",
                                  "--as-of",  kAsOf,      "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunDormant(args, dir.path(), env);
  }
};

// Shuffles the rows of every CSV (its header stays first) and the documents of every NDJSON
// file under `dir`.
void ShuffleRowsAndDocuments(const fs::path& dir, std::mt19937& rng) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const fs::path p = entry.path();
    const std::string ext = p.extension().string();
    if (ext != ".ndjson" && ext != ".csv") continue;
    std::vector<std::string> lines = SplitLines(ReadFile(p));
    std::shuffle(lines.begin() + (ext == ".csv" ? 1 : 0), lines.end(), rng);
    std::ofstream(p, std::ios::binary) << Join(lines, ext == ".ndjson");
  }
}

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(locale_time_zone_and_jobs_do_not_change_a_byte) {
  const DemoCopy demo;
  const RunResult base = demo.Evaluate({"demo/exports", "--jobs", "1"});
  BOOST_REQUIRE_EQUAL(base.exit_code, 0);
  BOOST_REQUIRE(!base.out.empty());
  const std::vector<std::vector<std::string>> envs = {{"LC_ALL=C"},
                                                      {"LC_ALL=de_DE.UTF-8", "LANG=de_DE.UTF-8"},
                                                      {"LC_ALL=tr_TR.UTF-8"},
                                                      {"TZ=Pacific/Kiritimati"},
                                                      {"TZ=America/St_Johns"},
                                                      {"TZ=UTC"}};
  for (const auto& env : envs) {
    BOOST_TEST_CONTEXT("env " << env.front()) {
      const RunResult r = demo.Evaluate({"demo/exports", "--jobs", "1"}, env);
      BOOST_TEST(r.exit_code == 0);
      BOOST_TEST(r.out == base.out);
    }
  }
  for (const char* jobs : {"2", "3", "8"}) {
    BOOST_TEST_CONTEXT("--jobs " << jobs) {
      BOOST_TEST(demo.Evaluate({"demo/exports", "--jobs", jobs}).out == base.out);
    }
  }
}

BOOST_AUTO_TEST_CASE(argument_order_does_not_change_a_byte) {
  const DemoCopy demo;
  const std::string a = "demo/exports/111122223333", b = "demo/exports/444455556666",
                    c = "demo/exports/777788889999";
  const RunResult forward = demo.Evaluate({a, b, c});
  BOOST_REQUIRE_EQUAL(forward.exit_code, 0);
  BOOST_TEST(demo.Evaluate({c, a, b}).out == forward.out);
  BOOST_TEST(demo.Evaluate({b, c, a}).out == forward.out);
  // The same files named one by one, with their kinds given explicitly.
  const RunResult named = demo.Evaluate({"--access-advisor", a + "/access-advisor/part-0000.ndjson",
                                         b, c, "--credential-report", a + "/credential-report.json",
                                         "--iam-details", a + "/iam-details.json"});
  BOOST_TEST(named.out == forward.out);
}

BOOST_AUTO_TEST_CASE(shuffled_rows_and_documents_keep_every_user_line) {
  const DemoCopy demo;
  const RunResult base = demo.Evaluate({"demo/exports"});
  BOOST_REQUIRE_EQUAL(base.exit_code, 0);
  std::mt19937 rng(20261120);
  ShuffleRowsAndDocuments(demo.exports(), rng);
  const RunResult shuffled = demo.Evaluate({"demo/exports"});
  BOOST_REQUIRE_EQUAL(shuffled.exit_code, 0);
  BOOST_TEST(UserLines(shuffled.out) == UserLines(base.out));
  BOOST_TEST(shuffled.out != base.out);  // only the input hashes in the header changed
}

BOOST_AUTO_TEST_CASE(documents_split_across_files_keep_every_user_line) {
  const DemoCopy demo;
  const RunResult base = demo.Evaluate({"demo/exports"});
  BOOST_REQUIRE_EQUAL(base.exit_code, 0);
  int split = 0;
  for (const auto& entry : fs::recursive_directory_iterator(demo.exports())) {
    const fs::path p = entry.path();
    if (p.extension() != ".ndjson") continue;
    const std::vector<std::string> lines = SplitLines(ReadFile(p));
    const auto half = static_cast<std::ptrdiff_t>(lines.size() / 2);
    std::ofstream(p, std::ios::binary) << Join({lines.begin(), lines.begin() + half}, true);
    // The second half as a one-array file: another shape for the same documents.
    std::string array = "[\n";
    for (auto it = lines.begin() + half; it != lines.end(); ++it) {
      array += *it + (it + 1 == lines.end() ? "\n" : ",\n");
    }
    std::ofstream(p.parent_path() / ("split-" + p.stem().string() + ".json"), std::ios::binary)
        << array << "]\n";
    ++split;
  }
  BOOST_REQUIRE(split >= 3);
  const RunResult r = demo.Evaluate({"demo/exports"});
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(UserLines(r.out) == UserLines(base.out));
}

// notify: the same decisions give the same notices, whatever the locale, the time zone, the
// order of the input rows and documents (which only changes the header's sha256) or the
// output (standard output or --out).
BOOST_AUTO_TEST_CASE(notify_does_not_change_a_byte) {
  const DemoCopy demo;
  const std::vector<std::string> notify = {"notify",      "demo/decisions.jsonl",
                                           "--owner-tag", "team",
                                           "--fallback",  "security@example.com"};
  BOOST_REQUIRE_EQUAL(demo.Evaluate({"demo/exports", "--out", "demo/decisions.jsonl"}).exit_code,
                      0);
  const RunResult base = RunDormant(notify, demo.dir.path());
  BOOST_REQUIRE_EQUAL(base.exit_code, 0);
  BOOST_REQUIRE(base.out.find("\"to\":\"data\"") != std::string::npos);  // tag Team
  BOOST_REQUIRE(base.out.find("\"to\":\"security@example.com\"") != std::string::npos);
  for (const auto& env :
       std::vector<std::vector<std::string>>{{"LC_ALL=C"},
                                             {"LC_ALL=de_DE.UTF-8", "LANG=de_DE.UTF-8"},
                                             {"LC_ALL=tr_TR.UTF-8"},
                                             {"TZ=Pacific/Kiritimati"},
                                             {"TZ=America/St_Johns"}}) {
    BOOST_TEST_CONTEXT("env " << env.front()) {
      const RunResult r = RunDormant(notify, demo.dir.path(), env);
      BOOST_TEST(r.exit_code == 0);
      BOOST_TEST(r.out == base.out);
    }
  }
  std::vector<std::string> to_file = notify;
  to_file.insert(to_file.end(), {"--out", "notices.jsonl"});
  BOOST_REQUIRE_EQUAL(RunDormant(to_file, demo.dir.path()).exit_code, 0);
  BOOST_TEST(ReadFile(demo.dir.path() / "notices.jsonl") == base.out);

  std::mt19937 rng(20261203);
  ShuffleRowsAndDocuments(demo.exports(), rng);
  BOOST_REQUIRE_EQUAL(demo.Evaluate({"demo/exports", "--out", "demo/decisions.jsonl"}).exit_code,
                      0);
  const RunResult shuffled = RunDormant(notify, demo.dir.path());
  BOOST_REQUIRE_EQUAL(shuffled.exit_code, 0);
  BOOST_TEST(shuffled.out == base.out);
}

// notify --out never replaces what it reads: the decision file, the policy, IAM details.
BOOST_AUTO_TEST_CASE(notify_never_writes_over_what_it_reads) {
  const DemoCopy demo;
  BOOST_REQUIRE_EQUAL(demo.Evaluate({"demo/exports", "--out", "demo/decisions.jsonl"}).exit_code,
                      0);
  const std::string decisions = ReadFile(demo.dir.path() / "demo/decisions.jsonl");
  for (const char* out :
       {"demo/decisions.jsonl", "demo/policy.json", "demo/exports/111122223333/iam-details.json"}) {
    BOOST_TEST_CONTEXT(out) {
      const std::string before = ReadFile(demo.dir.path() / out);
      const RunResult r =
          RunDormant({"notify", "demo/decisions.jsonl", "--out", out}, demo.dir.path());
      BOOST_TEST(r.exit_code == 2);
      BOOST_TEST(r.err.find("--out") != std::string::npos, r.err);
      BOOST_TEST(ReadFile(demo.dir.path() / out) == before);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
