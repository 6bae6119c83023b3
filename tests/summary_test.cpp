// `evaluate --summary FILE`: the Markdown summary for a pull request. Runs the
// real binary on copies of testdata (the exact bytes are covered by the golden cases
// summary-demo and summary-guardrails); these tests check the properties a reviewer relies
// on: safety stops first, every action and every hold listed, table cells that survive any
// IAM path or file name, nothing written on a failed run, and no dependence on TZ or locale.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <utility>

#include "row_budget.h"
#include "test_support.h"

namespace dormant::testing {
namespace {
namespace fs = std::filesystem;

const char* const kAsOf = "2026-11-20T00:00:00Z";

const char* const kReportHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

// A credential-report row of an API-only user whose only key was last used on `last_used`.
std::string KeyUserRow(const std::string& name, const std::string& quoted_arn,
                       const std::string& last_used) {
  return name + "," + quoted_arn +
         ",2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00," +
         last_used + ",us-east-1,sts,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The lines of the section that starts with `heading` (up to the next `### `).
std::vector<std::string> Section(const std::string& summary, const std::string& heading) {
  std::vector<std::string> section;
  bool inside = false;
  for (const std::string& line : SplitLines(summary)) {
    if (line.rfind("### ", 0) == 0) inside = line.rfind(heading, 0) == 0;
    if (inside) section.push_back(line);
  }
  return section;
}

// The data rows of the table in `section` (after the delimiter row).
std::vector<std::string> TableRows(const std::vector<std::string>& section) {
  std::vector<std::string> rows;
  bool body = false;
  for (const std::string& line : section) {
    if (line.rfind("|---", 0) == 0) {
      body = true;
    } else if (body && line.rfind("| ", 0) == 0) {
      rows.push_back(line);
    }
  }
  return rows;
}

// The number of cells GitHub (cmark-gfm) sees in a table row: a `|` directly after a
// backslash is part of a cell, every other `|` separates cells.
std::size_t CellCount(const std::string& row) {
  std::size_t pipes = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  }
  return pipes - 1;
}

// {arn, credential id} of every credential with action `deactivate` in a decision file.
std::vector<std::pair<std::string, std::string>> DeactivateActions(const std::string& decisions) {
  std::vector<std::pair<std::string, std::string>> actions;
  const std::vector<std::string> lines = SplitLines(decisions);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::string arn_key = R"({"arn":")";
    BOOST_REQUIRE(line.rfind(arn_key, 0) == 0);
    const std::string arn =
        line.substr(arn_key.size(), line.find('"', arn_key.size()) - arn_key.size());
    const std::string id_key = R"({"id":")", action_key = R"("action":")";
    for (auto at = line.find(id_key); at != std::string::npos; at = line.find(id_key, at + 1)) {
      const auto id_start = at + id_key.size();
      const std::string id = line.substr(id_start, line.find('"', id_start) - id_start);
      const auto action_start = line.find(action_key, at) + action_key.size();
      if (line.compare(action_start, 11, "deactivate\"") == 0) actions.emplace_back(arn, id);
    }
  }
  return actions;
}

// A copy of a testdata directory in a temporary directory.
struct CaseCopy {
  TempDir dir;
  explicit CaseCopy(const fs::path& source) {
    fs::copy(source, dir.path(), fs::copy_options::recursive);
  }
  RunResult Evaluate(const std::vector<std::string>& env = {}) const {
    return RunDormant({"evaluate", "exports", "--policy", "policy.json", "--as-of", kAsOf, "--out",
                       "decisions.jsonl", "--summary", "summary.md", "--quiet"},
                      dir.path(), env);
  }
  std::string Summary() const { return ReadFile(dir.path() / "summary.md"); }
  std::string Decisions() const { return ReadFile(dir.path() / "decisions.jsonl"); }
};

BOOST_AUTO_TEST_SUITE(summary)

BOOST_AUTO_TEST_CASE(safety_stops_come_before_anything_else) {
  const CaseCopy c(TestdataDir() / "golden" / "conformance-ex4-safety-gates");
  BOOST_REQUIRE_EQUAL(c.Evaluate().exit_code, 3);
  const std::vector<std::string> lines = SplitLines(c.Summary());
  BOOST_REQUIRE(lines.size() > 4u);
  BOOST_TEST(lines[0] ==
             "**GUARDRAIL TRIPPED: run: 4 actions > limit 3 (max_actions_per_run). "
             "Every action of the run is held.**");
  BOOST_TEST(lines[1] == "");
  BOOST_TEST(lines[2].rfind(
                 "**STALE CREDENTIAL REPORT: `exports/444455556666/credential-report.json`", 0) ==
             0);
  BOOST_TEST(lines[4] == "## dormant decisions as of 2026-11-20T00:00:00Z");
  // Nothing is to be applied: every would-be action was held.
  const std::vector<std::string> actions = Section(c.Summary(), "### Actions to apply");
  BOOST_TEST(TableRows(actions).empty());
  BOOST_TEST(c.Summary().find("No credential is to be deactivated.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(account_guardrails_are_listed_in_decision_file_order) {
  const CaseCopy c(TestdataDir() / "demo");
  // A limit of 0 per account: every account with an action trips, in both classes (the
  // action counts are those of testdata/demo/README.md).
  std::string policy = ReadFile(c.dir.path() / "policy.json");
  for (const std::string key :
       {"\"max_action_percent_per_account\": ", "\"min_actions_before_percent\": "}) {
    const auto at = policy.find(key);
    BOOST_REQUIRE(at != std::string::npos);
    const auto value = at + key.size();
    policy.replace(value, policy.find_first_not_of("0123456789", value) - value, "0");
  }
  c.dir.Write("policy.json", policy);
  BOOST_REQUIRE_EQUAL(c.Evaluate().exit_code, 3);
  const std::vector<std::string> lines = SplitLines(c.Summary());
  const std::vector<std::string> want = {
      "**GUARDRAIL TRIPPED: account:111122223333: 2 actions > limit 0. "
      "Every action in account 111122223333 is held.**",
      "**GUARDRAIL TRIPPED: account:111122223333:no_password: 1 actions > limit 0 among users "
      "without a password. Every action in account 111122223333 is held.**",
      "**GUARDRAIL TRIPPED: account:444455556666: 3 actions > limit 0. "
      "Every action in account 444455556666 is held.**",
      "**GUARDRAIL TRIPPED: account:444455556666:no_password: 1 actions > limit 0 among users "
      "without a password. Every action in account 444455556666 is held.**",
      "**GUARDRAIL TRIPPED: account:777788889999: 3 actions > limit 0. "
      "Every action in account 777788889999 is held.**",
      "**GUARDRAIL TRIPPED: account:777788889999:no_password: 1 actions > limit 0 among users "
      "without a password. Every action in account 777788889999 is held.**",
  };
  BOOST_REQUIRE(lines.size() > 2 * want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    BOOST_TEST_CONTEXT("guardrail line " << i) {
      BOOST_TEST(lines[2 * i] == want[i]);
      BOOST_TEST(lines[2 * i + 1] == "");
    }
  }
  BOOST_TEST(lines[2 * want.size()] == "## dormant decisions as of 2026-11-20T00:00:00Z");
  BOOST_TEST(DeactivateActions(c.Decisions()).empty());
}

BOOST_AUTO_TEST_CASE(every_deactivate_action_is_in_the_actions_table) {
  const CaseCopy c(TestdataDir() / "demo");
  BOOST_REQUIRE_EQUAL(c.Evaluate().exit_code, 0);
  const auto actions = DeactivateActions(c.Decisions());
  BOOST_REQUIRE_EQUAL(actions.size(), 8u);  // testdata/demo/README.md: 5 deactivate + 3 prune
  const std::vector<std::string> rows = TableRows(Section(c.Summary(), "### Actions to apply"));
  BOOST_TEST(rows.size() == actions.size());
  for (const auto& [arn, id] : actions) {
    BOOST_TEST_CONTEXT(arn << " " << id) {
      int found = 0;
      for (const std::string& row : rows) {
        if (row.find(" | `" + arn + "` | ") != std::string::npos &&
            row.find(" | " + id + " | ") != std::string::npos) {
          ++found;
        }
      }
      BOOST_TEST(found == 1);
    }
  }
  BOOST_TEST(c.Summary().find(
                 "| 444455556666 | `svc-reports-archiver` | "
                 "`arn:aws:iam::444455556666:user/services/svc-reports-archiver` | deactivate | "
                 "access_key_1 | 647 | never |") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(holds_list_their_reasons_and_held_credentials) {
  const CaseCopy c(TestdataDir() / "demo");
  BOOST_REQUIRE_EQUAL(c.Evaluate().exit_code, 0);
  const std::vector<std::string> rows = TableRows(Section(c.Summary(), "### Holds"));
  const std::vector<std::string> want = {
      "| 111122223333 | `svc-payments-sync` | credential_idle, unattributed_recent_activity | "
      "access_key_1 |",
      "| 444455556666 | `svc-soap-gateway` | user_idle, never_used, "
      "signing_certificate_usage_unknown | cert_1 |",
      "| 777788889999 | `svc-nightly-batch` | timestamp_after_as_of | — |",
  };
  BOOST_TEST(rows == want, boost::test_tools::per_element());
  const std::string summary = c.Summary();
  BOOST_TEST(summary.find("- expired: `migration-2026q2` (expired 2026-07-01)\n") !=
             std::string::npos);
  BOOST_TEST(summary.find("- expiring within 14 days: `contractor-q4` (expires 2026-12-01)\n") !=
             std::string::npos);
  BOOST_TEST(summary.find("- unused: `breakglass`\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pipes_backticks_and_backslashes_stay_inside_their_cells) {
  const TempDir dir;
  // IAM paths may hold any printable ASCII; file names anything but `/` and NUL.
  dir.Write("in|put`s/report.csv",
            std::string(kReportHeader) +
                KeyUserRow("svc-x", R"("arn:aws:iam::111122223333:user/a|b`c""d\|e/svc-x")",
                           "2025-01-01T00:00:00+00:00"));
  dir.Write("`tick`.csv", std::string(kReportHeader) +
                              KeyUserRow("svc-y", "arn:aws:iam::444455556666:user/``/svc-y",
                                         "2025-01-01T00:00:00+00:00"));
  const RunResult r = RunDormant({"evaluate", "in|put`s", "`tick`.csv", "--as-of", kAsOf, "--out",
                                  "decisions.jsonl", "--summary", "summary.md", "--quiet"},
                                 dir.path());
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  const std::string summary = ReadFile(dir.path() / "summary.md");
  const std::vector<std::string> inputs = TableRows(Section(summary, "### Inputs"));
  BOOST_REQUIRE_EQUAL(inputs.size(), 2u);
  BOOST_TEST(inputs[0].rfind("| `` `tick`.csv `` | credential_report | ", 0) == 0);
  BOOST_TEST(inputs[1].rfind(R"(| ``in\|put`s/report.csv`` | credential_report | )", 0) == 0);
  const std::vector<std::string> actions = TableRows(Section(summary, "### Actions to apply"));
  BOOST_REQUIRE_EQUAL(actions.size(), 2u);
  BOOST_TEST(actions[0].find(R"( | ``arn:aws:iam::111122223333:user/a\|b`c"d\\|e/svc-x`` | )") !=
             std::string::npos);
  BOOST_TEST(actions[1].find(" | ```arn:aws:iam::444455556666:user/``/svc-y``` | ") !=
             std::string::npos);
  for (const std::string& row : inputs) {
    BOOST_TEST_CONTEXT(row) { BOOST_TEST(CellCount(row) == 6u); }
  }
  for (const std::string& row : actions) {
    BOOST_TEST_CONTEXT(row) { BOOST_TEST(CellCount(row) == 7u); }
  }
}

BOOST_AUTO_TEST_CASE(nothing_is_written_on_invalid_input) {
  const TempDir dir;
  dir.Write("exports/report.csv",
            std::string(kReportHeader) + "svc-x,arn:aws:iam::111122223333:user/svc-x,too,few\n");
  const std::string old_summary = "an earlier summary\n";
  dir.Write("old/summary.md", old_summary);
  for (const std::string summary : {"old/summary.md", "new/summary.md"}) {
    BOOST_TEST_CONTEXT(summary) {
      fs::create_directories(dir.path() / "new");
      const RunResult r = RunDormant({"evaluate", "exports", "--as-of", kAsOf, "--out",
                                      "decisions.jsonl", "--summary", summary},
                                     dir.path());
      BOOST_TEST(r.exit_code == 4);
      BOOST_TEST(r.out.empty());
      BOOST_TEST(r.err.find("exports/report.csv:2:") != std::string::npos);
      BOOST_TEST(!fs::exists(dir.path() / "decisions.jsonl"));
    }
  }
  BOOST_TEST(ReadFile(dir.path() / "old/summary.md") == old_summary);
  BOOST_TEST(fs::is_empty(dir.path() / "new"));  // no summary, no temporary file left
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path() / "old")) ++entries;
  BOOST_TEST(entries == 1u);
}

BOOST_AUTO_TEST_CASE(time_zone_and_locale_do_not_change_a_byte) {
  const CaseCopy c(TestdataDir() / "demo");
  BOOST_REQUIRE_EQUAL(c.Evaluate().exit_code, 0);
  const std::string base = c.Summary();
  BOOST_REQUIRE(!base.empty());
  const std::vector<std::vector<std::string>> envs = {{"LC_ALL=C"},
                                                      {"LC_ALL=de_DE.UTF-8", "LANG=de_DE.UTF-8"},
                                                      {"LC_ALL=tr_TR.UTF-8"},
                                                      {"TZ=Pacific/Kiritimati"},
                                                      {"TZ=America/St_Johns"}};
  for (const auto& env : envs) {
    BOOST_TEST_CONTEXT("env " << env.front()) {
      BOOST_TEST(c.Evaluate(env).exit_code == 0);
      BOOST_TEST(c.Summary() == base);
    }
  }
}

// The size budget of the Markdown reviews: a small table is served whole, the larger ones
// share what is left equally, rows are cut from the end, and nothing is kept from nothing.
BOOST_AUTO_TEST_CASE(rows_that_fit_share_the_budget_fairly) {
  const std::vector<std::string> ten_bytes(100, std::string(9, 'x') + "\n");
  const std::vector<std::vector<std::string>> tables = {
      ten_bytes, std::vector<std::string>(3, ten_bytes[0]), ten_bytes};
  // 3 rows (30 bytes) of 500; 470 / 2 = 235 → 23 rows; the 5 bytes left go to the last one.
  BOOST_TEST(RowsThatFit(tables, 500) == (std::vector<std::size_t>{23, 3, 24}),
             boost::test_tools::per_element());
  BOOST_TEST(RowsThatFit(tables, 100000) == (std::vector<std::size_t>{100, 3, 100}),
             boost::test_tools::per_element());
  BOOST_TEST(RowsThatFit(tables, 0) == (std::vector<std::size_t>{0, 0, 0}),
             boost::test_tools::per_element());
  // A row that does not fit stops its table: later, shorter rows are not taken instead.
  const std::vector<std::vector<std::string>> uneven = {{"a\n", std::string(50, 'b'), "c\n"}};
  BOOST_TEST(RowsThatFit(uneven, 20) == (std::vector<std::size_t>{1}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
