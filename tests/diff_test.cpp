// `dormant diff OLD NEW` as a command: the text and Markdown rendering of every verdict
// transition, identical files, --exit-code, evidence-only changes, added and removed users,
// counts per account, the Markdown escaping and invalid files. Decision files are written by
// hand (decision_text.h); the real binary diffs them. The model itself is decision_diff_test.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <sstream>

#include "decision_text.h"
#include "test_support.h"

namespace dormant::testing {
namespace {

using namespace decision_text;

// Two decision files in a temporary directory, diffed by the real binary.
struct DiffFixture {
  TempDir dir;
  DiffFixture(const std::string& old_text, const std::string& new_text) {
    dir.Write("old.jsonl", old_text);
    dir.Write("new.jsonl", new_text);
  }
  RunResult Diff(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"diff", "old.jsonl", "new.jsonl"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunDormant(args, dir.path());
  }
};

const std::vector<std::string> kGroups = {"added",
                                          "removed",
                                          "newly deactivated",
                                          "newly pruned",
                                          "newly held",
                                          "applied",
                                          "released",
                                          "back to keep",
                                          "other verdict changes",
                                          "changed actions or reasons"};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The cells of an aligned text row: the runs separated by two or more spaces.
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::size_t i = row.find_first_not_of(' ');
  while (i != std::string::npos) {
    std::size_t end = row.find("  ", i);
    cells.push_back(row.substr(i, end == std::string::npos ? std::string::npos : end - i));
    i = end == std::string::npos ? end : row.find_first_not_of(' ', end);
  }
  return cells;
}

// The group section of a text line `GROUP (N)`, or nullopt.
std::optional<std::string> SectionName(const std::string& line) {
  for (const std::string& g : kGroups) {
    if (line.rfind(g + " (", 0) == 0 && line.back() == ')') return g;
  }
  return std::nullopt;
}

// From text output: user name → the group section that lists it, and each section's
// announced count.
struct Parsed {
  std::map<std::string, std::string> group_of;
  std::map<std::string, std::vector<std::string>> row_of;  // user → its cells
  std::map<std::string, int> section_count;
};
Parsed ParseText(const std::string& out) {
  Parsed p;
  std::string section;
  for (const std::string& line : Lines(out)) {
    if (const auto g = SectionName(line)) {
      section = *g;
      const auto open = line.rfind('(');
      p.section_count[section] = std::stoi(line.substr(open + 1));
      continue;
    }
    if (line.empty()) {
      section.clear();
      continue;
    }
    if (section.empty() || line.rfind("  ", 0) != 0) continue;
    std::istringstream words(line);
    std::string account, user;
    words >> account >> user;
    if (account == "account") continue;  // the column heads
    BOOST_TEST(p.group_of.count(user) == 0u, "user listed twice: " << user);
    p.group_of[user] = section;
    p.row_of[user] = Cells(line);
  }
  return p;
}

BOOST_AUTO_TEST_SUITE(diff)

BOOST_AUTO_TEST_CASE(every_verdict_transition_lands_in_its_group) {
  struct Case {
    std::optional<User> before, after;
    std::string want;  // the group; empty: not listed
  };
  const Cred pw_deact{"password", "deactivate"};
  const std::vector<Case> cases = {
      {U("t01", "keep"), U("t01", "deactivate"), "newly deactivated"},
      {U("t02", "hold"), U("t02", "deactivate"), "newly deactivated"},
      {U("t03", "prune"), U("t03", "deactivate"), "newly deactivated"},
      {U("t04", "exempt"), U("t04", "deactivate"), "newly deactivated"},
      {U("t05", "keep"), U("t05", "prune"), "newly pruned"},
      {U("t06", "deactivate"), U("t06", "prune"), "newly pruned"},
      {U("t07", "hold"), U("t07", "prune"), "newly pruned"},
      {U("t08", "keep"), U("t08", "hold"), "newly held"},
      {U("t09", "deactivate"), U("t09", "hold"), "newly held"},
      {U("t10", "exempt"), U("t10", "hold"), "newly held"},
      {U("t11", "prune"), U("t11", "hold"), "newly held"},
      {U("t12", "hold"), U("t12", "keep"), "released"},
      {U("t13", "hold"), U("t13", "warn"), "released"},
      {U("t14", "hold"), U("t14", "exempt"), "released"},
      {U("t15", "hold"), U("t15", "already_inactive"), "released"},
      {U("t16", "deactivate"), U("t16", "keep"), "back to keep"},
      {U("t17", "warn"), U("t17", "keep"), "back to keep"},
      {U("t18", "exempt"), U("t18", "keep"), "back to keep"},
      {U("t19", "already_inactive"), U("t19", "keep"), "back to keep"},
      {U("t20", "prune"), U("t20", "keep"), "back to keep"},
      {U("t21", "keep"), U("t21", "warn"), "other verdict changes"},
      {U("t22", "keep"), U("t22", "exempt"), "other verdict changes"},
      // The plan ran: the deactivated password is inactive in NEW (t23) or gone (t30).
      {U("t23", "deactivate"), U("t23", "already_inactive"), "applied"},
      {U("t24", "prune"), U("t24", "warn"), "other verdict changes"},
      {U("t25", "warn"), U("t25", "already_inactive"), "other verdict changes"},
      // Same verdict: actions, or (hold, exempt) reasons.
      {U("t26", "hold"), With(U("t26", "hold"), {"user_idle", "stale_report"}),
       "changed actions or reasons"},
      // (t27 was a prune: only its idle credentials are held.)
      {With(U("t27", "hold"), {"credential_idle", "exemption_undecidable"}),
       WithCreds(With(U("t27", "hold"), {"credential_idle", "exemption_undecidable"}),
                 {{"password"}, {"access_key_1", "hold"}}),
       "changed actions or reasons"},
      {U("t28", "deactivate"),
       WithCreds(U("t28", "deactivate"), {pw_deact, {"access_key_1", "deactivate"}}),
       "changed actions or reasons"},
      {U("t29", "exempt"), With(U("t29", "exempt"), {"exempt:other"}),
       "changed actions or reasons"},
      {U("t30", "prune"), WithCreds(U("t30", "prune"), {{"access_key_1", "deactivate"}}),
       "applied"},
      // Evidence only: counted, not listed.
      {U("t31", "keep"), Idle(U("t31", "keep"), 11), ""},
      {U("t32", "deactivate"), With(Idle(U("t32", "deactivate"), 200), {"user_idle", "never_used"}),
       ""},
      {U("t33", "keep"), WithCreds(U("t33", "keep"), {{"password"}, {"access_key_2"}}), ""},
      // Unchanged.
      {U("t34", "keep"), U("t34", "keep"), ""},
      {U("t35", "hold"), U("t35", "hold"), ""},
      // Only in one file.
      {std::nullopt, U("t36", "deactivate"), "added"},
      {U("t37", "keep"), std::nullopt, "removed"},
  };
  std::vector<User> before, after;
  std::map<std::string, int> want_count;
  for (const Case& c : cases) {
    if (c.before) before.push_back(*c.before);
    if (c.after) after.push_back(*c.after);
    if (!c.want.empty()) ++want_count[c.want];
  }
  const DiffFixture f(DecisionText(before), DecisionText(after));
  const RunResult r = f.Diff();
  BOOST_TEST_INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);  // without --exit-code
  BOOST_TEST(r.err.empty());
  const Parsed p = ParseText(r.out);
  for (const Case& c : cases) {
    const std::string name = (c.after ? *c.after : *c.before).name;
    BOOST_TEST_CONTEXT("user " << name) {
      const auto it = p.group_of.find(name);
      BOOST_TEST((it == p.group_of.end() ? std::string() : it->second) == c.want);
    }
  }
  BOOST_TEST(p.section_count == want_count);
  for (const auto& [group, n] : want_count) {
    BOOST_TEST_CONTEXT("summary row of " << group) {
      bool found = false;
      for (const std::string& line : Lines(r.out)) {
        if (line.rfind(group + " ", 0) != 0 || SectionName(line)) continue;
        std::istringstream rest(line.substr(group.size()));
        int count = -1;
        rest >> count;
        found = count == n;
      }
      BOOST_TEST(found);
    }
  }
  BOOST_TEST(r.out.find("\n3 users with only evidence changes (idle days, times), not listed.\n") !=
             std::string::npos);
  // The cells of a few rows: account, user, path, verdict, changes.
  using Row = std::vector<std::string>;
  BOOST_TEST(p.row_of.at("t01") == (Row{"111122223333", "t01", "/people/", "keep -> deactivate",
                                        "password: none -> deactivate"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      p.row_of.at("t08").at(4) ==
      "password: none -> hold; reasons: +user_idle, +exemption_undecidable, -recent_activity");
  BOOST_TEST(p.row_of.at("t26") == (Row{"111122223333", "t26", "/people/", "hold",
                                        "reasons: +stale_report, -exemption_undecidable"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.row_of.at("t27").at(4) == "password: hold -> none, access_key_1: absent -> hold");
  BOOST_TEST(p.row_of.at("t29").at(4) == "reasons: +exempt:other, -exempt:ci");
  BOOST_TEST(p.row_of.at("t30").at(4) ==
             "password: deactivate -> absent, access_key_1: none -> deactivate");
  BOOST_TEST(p.row_of.at("t36") ==
                 (Row{"111122223333", "t36", "/people/", "deactivate", "password: deactivate"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.row_of.at("t37") == (Row{"111122223333", "t37", "/people/", "keep"}),
             boost::test_tools::per_element());

  BOOST_TEST(f.Diff({"--exit-code"}).exit_code == 1);
  // Groups appear in their fixed order.
  std::size_t last = 0;
  for (const std::string& g : kGroups) {
    const auto at = r.out.find("\n" + g + " (");
    BOOST_TEST_CONTEXT("section " << g) {
      BOOST_REQUIRE(at != std::string::npos);
      BOOST_TEST(at > last);
      last = at;
    }
  }
}

BOOST_AUTO_TEST_CASE(identical_files_print_nothing_and_exit_0) {
  const std::string text = DecisionText({U("a", "keep"), U("b", "hold"), U("c", "deactivate")});
  const DiffFixture f(text, text);
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, {"--exit-code"}, {"--format", "markdown", "--exit-code"}}) {
    const RunResult r = f.Diff(extra);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.empty());
  }
  // The same file named twice.
  const RunResult r = RunDormant({"diff", "old.jsonl", "old.jsonl", "--exit-code"}, f.dir.path());
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(empty_files_without_users_are_identical) {
  const DiffFixture f(DecisionText({}), DecisionText({}));
  const RunResult r = f.Diff({"--exit-code"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(evidence_only_changes_are_counted_not_listed_and_make_exit_code_1) {
  const DiffFixture f(DecisionText({U("a", "keep"), U("b", "deactivate")}),
                      DecisionText({Idle(U("a", "keep"), 12), U("b", "deactivate")}));
  const RunResult r = f.Diff({"--exit-code"});
  BOOST_TEST_INFO("stdout:\n" << r.out);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.find("1 user with only evidence changes (idle days, times), not listed.\n") !=
             std::string::npos);
  BOOST_TEST(r.out.find("No verdict, credential action or hold reason changed.\n") !=
             std::string::npos);
  BOOST_TEST(ParseText(r.out).group_of.empty());
  BOOST_TEST(f.Diff().exit_code == 0);

  const RunResult md = f.Diff({"--format", "markdown", "--exit-code"});
  BOOST_TEST(md.exit_code == 1);
  BOOST_TEST(md.out.find("<details>") == std::string::npos);
  BOOST_TEST(md.out.find("1 user with only evidence changes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(header_changes_alone_are_context_and_exit_0) {
  // Another as-of (on the same day: the idle days stay) and another input hash, the same
  // user lines: nothing a user line shows changed, so --exit-code stays 0, but the header
  // changes are shown.
  const std::vector<User> users = {U("a", "keep")};
  const DiffFixture f(DecisionText(users, "2026-11-20T00:00:00Z", "aaaaaaaaaaaaaaaa"),
                      DecisionText(users, "2026-11-20T06:00:00Z", "bbbbbbbbbbbbbbbb"));
  const RunResult r = f.Diff({"--exit-code"});
  BOOST_TEST_INFO("stdout:\n" << r.out);
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("as-of          2026-11-20T00:00:00Z -> 2026-11-20T06:00:00Z\n") !=
             std::string::npos);
  BOOST_TEST(r.out.find("policy         default (36acedea8d31), unchanged\n") != std::string::npos);
  BOOST_TEST(r.out.find("users          1, unchanged\n") != std::string::npos);
  BOOST_TEST(r.out.find("input changed  exports/report.csv (aaaaaaaaaaaa -> bbbbbbbbbbbb)\n") !=
             std::string::npos);
  BOOST_TEST(r.out.find("evidence") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(added_and_removed_users_make_exit_code_1) {
  const DiffFixture f(DecisionText({U("a", "keep"), U("b", "keep")}),
                      DecisionText({U("b", "keep"), U("c", "keep")}));
  const RunResult r = f.Diff({"--exit-code"});
  BOOST_TEST_INFO("stdout:\n" << r.out);
  BOOST_TEST(r.exit_code == 1);
  const Parsed p = ParseText(r.out);
  BOOST_TEST(p.group_of.size() == 2u);
  BOOST_TEST(p.group_of.at("a") == "removed");
  BOOST_TEST(p.group_of.at("c") == "added");
  BOOST_TEST(r.out.find("\nusers   2, unchanged\n") != std::string::npos);
  BOOST_TEST(f.Diff().exit_code == 0);
}

BOOST_AUTO_TEST_CASE(counts_per_account_cover_the_non_empty_groups) {
  User other = U("z", "keep");
  other.account = "444455556666";
  User other_new = U("z", "deactivate");
  other_new.account = "444455556666";
  const DiffFixture f(DecisionText({U("a", "keep"), U("b", "keep"), other}),
                      DecisionText({U("a", "deactivate"), U("b", "hold"), other_new}));
  const RunResult r = f.Diff();
  BOOST_TEST_INFO("stdout:\n" << r.out);
  BOOST_TEST(r.out.find("\naccount       newly deactivated  newly held\n"
                        "111122223333                  1           1\n"
                        "444455556666                  1           0\n") != std::string::npos);
  BOOST_TEST(r.out.find("newly pruned") == std::string::npos);  // empty groups are left out
  const RunResult md = f.Diff({"--format", "markdown"});
  BOOST_TEST_INFO("markdown:\n" << md.out);
  BOOST_TEST(md.out.find("| change | users |\n|---|--:|\n| newly deactivated | 2 |\n"
                         "| newly held | 1 |\n") != std::string::npos);
  BOOST_TEST(md.out.find("| account | newly deactivated | newly held |\n|---|--:|--:|\n"
                         "| `111122223333` | 1 | 1 |\n| `444455556666` | 1 | 0 |\n") !=
             std::string::npos);
  // The summary table comes first, the sections last.
  BOOST_TEST(md.out.find("| change | users |") < md.out.find("| account |"));
  BOOST_TEST(md.out.find("<details><summary>newly deactivated (2)</summary>\n\n"
                         "| account | user | path | verdict | changes |\n") != std::string::npos);
  BOOST_TEST(md.out.find("<details><summary>newly deactivated") <
             md.out.find("<details><summary>newly held"));
}

BOOST_AUTO_TEST_CASE(markdown_escapes_pipes_backticks_and_control_characters) {
  // Exemption ids come from the policy and input paths from the command line: either may
  // hold anything.
  const std::string path = "exports/a\\u0007|b.csv";  // JSON for a BEL between a and |
  const DiffFixture f(DecisionText({With(U("a", "exempt"), {"exempt:a|b"}), U("b", "keep")},
                                   "2026-11-20T00:00:00Z", "aaaa", path),
                      DecisionText({With(U("a", "exempt"), {"exempt:x`y"}), U("b", "warn")},
                                   "2026-11-20T00:00:00Z", "bbbb", path));
  const RunResult md = f.Diff({"--format", "markdown"});
  BOOST_TEST_INFO("markdown:\n" << md.out << md.err);
  BOOST_TEST(md.exit_code == 0);
  BOOST_TEST(md.out.find("| `111122223333` | `a` | `/people/` | exempt | "
                         "reasons: +exempt:``x`y``, -exempt:`a\\|b` |\n") != std::string::npos);
  // Outside a table a `|` needs no escape; the control character never reaches the output.
  BOOST_TEST(md.out.find("- input changed: `exports/a\\u0007|b.csv` (aaaa → bbbb)\n") !=
             std::string::npos);
  BOOST_TEST(md.out.find('\a') == std::string::npos);
  const RunResult text = f.Diff();
  BOOST_TEST_INFO("text:\n" << text.out << text.err);
  BOOST_TEST(text.out.find("reasons: +exempt:x`y, -exempt:a|b\n") != std::string::npos);
  BOOST_TEST(text.out.find("input changed  exports/a\\u0007|b.csv (aaaa -> bbbb)\n") !=
             std::string::npos);
  BOOST_TEST(text.out.find('\a') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_columns_are_aligned) {
  const DiffFixture f(
      DecisionText({U("a", "keep"), U("long-user-name", "keep")}),
      DecisionText({U("a", "deactivate"), U("long-user-name", "already_inactive")}));
  const RunResult r = f.Diff();
  BOOST_TEST_INFO("stdout:\n" << r.out);
  // In the account table and in a section, every row's second column starts where its head does.
  for (const std::string& line : Lines(r.out))
    BOOST_TEST(line == line.substr(0, line.find_last_not_of(' ') + 1));
  const std::vector<std::string> lines = Lines(r.out);
  const auto head = std::find_if(lines.begin(), lines.end(),
                                 [](const std::string& l) { return l.rfind("  account", 0) == 0; });
  BOOST_REQUIRE(head != lines.end());
  const std::size_t verdict_col = head->find("verdict");
  const std::string& row = *(head + 1);
  BOOST_TEST(row.substr(verdict_col, 18) == "keep -> deactivate");
}

BOOST_AUTO_TEST_CASE(an_invalid_decision_file_is_exit_4) {
  const std::string good = DecisionText({U("a", "keep")});
  struct Case {
    std::string name, text, want_err;
  };
  const std::vector<Case> cases = {
      {"no final newline", good.substr(0, good.size() - 1), "new.jsonl:2: "},
      {"not JSON", good + "{nope\n", "new.jsonl:3: "},
      {"counts do not match",
       DecisionText({U("a", "keep")}).replace(good.find("\"keep\":1"), 8, "\"keep\":2"),
       "new.jsonl:2: "},  // the last line: where the missing keep line shows
      {"empty", "", "new.jsonl: "},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const DiffFixture f(good, c.text);
      const RunResult r = f.Diff({"--exit-code"});
      BOOST_TEST(r.exit_code == 4);
      BOOST_TEST(r.out.empty());
      BOOST_TEST(r.err.rfind("dormant: " + c.want_err, 0) == 0, "stderr: " << r.err);
      BOOST_TEST(r.err.find("not a valid dormant-decisions/1 file") != std::string::npos);
    }
  }
  // OLD is read first: with both invalid, OLD's error is the one reported.
  const DiffFixture both("{}\n", "");
  const RunResult r = both.Diff();
  BOOST_TEST(r.exit_code == 4);
  BOOST_TEST(r.err.rfind("dormant: old.jsonl:1: ", 0) == 0, "stderr: " << r.err);
  // A missing file is a usage error (exit 2).
  const DiffFixture valid(good, good);
  const RunResult missing = RunDormant({"diff", "old.jsonl", "gone.jsonl"}, valid.dir.path());
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.out.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
