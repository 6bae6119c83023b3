// Reading the inputs through the public API, what lies above the per-kind readers (see
// access_advisor_reader_test.cpp, iam_details_reader_test.cpp and
// credential_report_document_test.cpp): discovery, kind detection and dispatch, the index by
// ARN, the checks across files and accounts, file summaries, independence of --jobs, gzip,
// file names and size limits.
#include <unistd.h>
#include <zlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/input_discovery.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"
#include "file_source.h"
#include "input_builders.h"
#include "sha256.h"
#include "test_support.h"

namespace dormant {
namespace {
namespace fs = std::filesystem;
using namespace testing;  // NOLINT(google-build-using-namespace): the shared builders

BOOST_AUTO_TEST_SUITE(input_reader)

// ---- kind detection ----

BOOST_AUTO_TEST_CASE(kind_is_detected_from_content_not_from_the_name) {
  struct Case {
    const char* name;
    std::string bytes;
    InputKind want;
    std::uint64_t records;
  };
  const Case cases[] = {
      {"report.json", ReportJson(Csv({"alice"}), "2026-11-19T00:00:00Z"),
       InputKind::kCredentialReport, 1},
      {"details.json", IamPage({IamEntry("alice")}), InputKind::kIamDetails, 1},
      {"details-array.json", "[" + IamPage({IamEntry("alice")}) + "]", InputKind::kIamDetails, 1},
      {"advisor.json", AdvisorDoc("alice"), InputKind::kAccessAdvisor, 1},
      {"advisor-named.csv", AdvisorDoc("alice"), InputKind::kAccessAdvisor, 1},
      {"empty-array.json", "[]", InputKind::kAccessAdvisor, 0},
      {"blank-array.json", " \n[ \n ]\n", InputKind::kAccessAdvisor, 0},
      {"csv-named.json", Csv({"alice", "bob"}), InputKind::kCredentialReport, 2},
      {"indented.json", " \t\r\n" + AdvisorDoc("alice"), InputKind::kAccessAdvisor, 1},
      // `Content: null` is absent: not a credential report.
      {"null-content.json",
       R"({"Content": null, "Arn": ")" + UserArn("alice") + R"(", "JobStatus": "IN_PROGRESS"})",
       InputKind::kAccessAdvisor, 1},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const InputSet set = Load({dir.Write(c.name, c.bytes)});
      BOOST_REQUIRE(set.inputs.size() == 1u);
      BOOST_TEST(KindName(set.inputs[0].kind) == KindName(c.want));
      BOOST_TEST(set.inputs[0].records == c.records);
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_file_is_an_invalid_credential_report) { InputErrorOf("empty.csv", ""); }

BOOST_AUTO_TEST_CASE(a_utf8_bom_may_precede_json_and_csv) {
  const std::string bom = "\xEF\xBB\xBF";
  struct Case {
    const char* name;
    std::string bytes;
    InputKind want;
    std::uint64_t records;
  };
  const Case cases[] = {
      {"advisor.json", bom + AdvisorDoc("alice"), InputKind::kAccessAdvisor, 1},
      {"advisor-array.json", bom + "[" + AdvisorDoc("alice") + "]", InputKind::kAccessAdvisor, 1},
      {"report.json", bom + ReportJson(Csv({"alice"}), "2026-11-19T00:00:00Z"),
       InputKind::kCredentialReport, 1},
      {"report.csv", bom + Csv({"alice", "bob"}), InputKind::kCredentialReport, 2},
      {"details.json", bom + IamPage({IamEntry("alice")}), InputKind::kIamDetails, 1},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const InputSet set = Load({dir.Write(c.name, c.bytes)});
      BOOST_TEST(KindName(set.inputs[0].kind) == KindName(c.want));
      BOOST_TEST(set.inputs[0].records == c.records);
      // The hash covers every byte of the file, the BOM included.
      BOOST_TEST(set.inputs[0].sha256 == Sha256Hex(c.bytes));
    }
  }
  const TempDir dir;
  const InputSet set = Load({dir.Write("users.csv", bom + Csv({"alice"}))});
  BOOST_REQUIRE(set.rows.size() == 1u);
  BOOST_TEST(set.rows[0]->user() == "alice");  // the BOM is not part of the first header name
}

// ---- discovery ----

BOOST_AUTO_TEST_CASE(directories_are_walked_with_the_extension_filter) {
  const TempDir dir;
  for (const char* name :
       {"a.csv", "b.json", "c.jsonl", "d.ndjson", "e.JSON", "f.CSV", "g.txt", "h.json.bak", "json",
        ".hidden.csv", ".dotdir/x.csv", "sub/i.csv", "sub/deeper/j.ndjson", "sub/.k.json"}) {
    dir.Write(name, "x");
  }
  const std::string root = dir.path().string();
  const std::vector<std::string> want{root + "/a.csv",
                                      root + "/b.json",
                                      root + "/c.jsonl",
                                      root + "/d.ndjson",
                                      root + "/sub/deeper/j.ndjson",
                                      root + "/sub/i.csv"};
  const std::vector<InputFile> found = Discover({root});
  BOOST_TEST(Paths(found) == want, boost::test_tools::per_element());
  for (const InputFile& f : found) BOOST_TEST(KindName(f.kind) == KindName(InputKind::kDetect));
  // A directory given twice is listed twice (and would yield duplicate-ARN errors).
  BOOST_TEST(Discover({root, root}).size() == 2 * want.size());
}

BOOST_AUTO_TEST_CASE(links_to_files_are_followed_links_to_directories_are_not) {
  const TempDir outside;
  outside.Write("target.data", "x");
  outside.Write("dir/inside.csv", "x");
  const TempDir dir;
  dir.Write("real.csv", "x");
  fs::create_symlink(outside.path() / "target.data", dir.path() / "link.csv");
  fs::create_symlink(outside.path() / "target.data", dir.path() / "link-without-extension");
  fs::create_directory_symlink(outside.path() / "dir", dir.path() / "linked-dir");
  fs::create_directory_symlink(outside.path() / "dir", dir.path() / "linked-dir.json");
  const std::string root = dir.path().string();
  const std::vector<std::string> want{root + "/link.csv", root + "/real.csv"};
  BOOST_TEST(Paths(Discover({root})) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_named_file_is_read_whatever_its_name) {
  const TempDir dir;
  const std::string txt = dir.Write("notes.txt", Csv({"alice"}));
  const std::string hidden = dir.Write(".hidden/ADVISOR.JSON", AdvisorDoc("alice"));
  const std::vector<InputFile> found = Discover({txt, hidden});
  BOOST_TEST(Paths(found) == (std::vector<std::string>{hidden, txt}),
             boost::test_tools::per_element());  // sorted
  const InputSet set = LoadInputs(found, 1);
  BOOST_TEST(set.rows.size() == 1u);
  BOOST_TEST(set.advisor.size() == 1u);
}

BOOST_AUTO_TEST_CASE(shown_paths_keep_the_directory_as_given_without_trailing_slashes) {
  const TempDir dir;
  dir.Write("exports/a.csv", "x");
  dir.Write("exports/sub/b.json", "x");
  dir.Write("c.csv", "x");
  const ScopedCwd cwd(dir.path());
  BOOST_TEST(Paths(Discover({"exports/"})) ==
                 (std::vector<std::string>{"exports/a.csv", "exports/sub/b.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(Paths(Discover({"exports//"})) ==
                 (std::vector<std::string>{"exports/a.csv", "exports/sub/b.json"}),
             boost::test_tools::per_element());
  // No other normalisation: `./` stays, and the result is sorted bytewise.
  BOOST_TEST(Paths(Discover({"exports", "./c.csv", "./exports/"})) ==
                 (std::vector<std::string>{"./c.csv", "./exports/a.csv", "./exports/sub/b.json",
                                           "exports/a.csv", "exports/sub/b.json"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kind_flags_name_the_kind_explicitly) {
  const TempDir dir;
  InputArguments args;
  args.paths = {dir.Write("b.csv", Csv({"alice"}))};
  args.access_advisor = {dir.Write("a.data", AdvisorDoc("alice"))};
  const std::vector<InputFile> found = DiscoverInputs(args);
  BOOST_REQUIRE(found.size() == 2u);
  BOOST_TEST(found[0].path == args.access_advisor[0]);
  BOOST_TEST(KindName(found[0].kind) == KindName(InputKind::kAccessAdvisor));
  BOOST_TEST(KindName(found[1].kind) == KindName(InputKind::kDetect));
  // A JSON file named as IAM details is read as such even without UserDetailList first.
  const auto e = ErrorOf([&] {
    InputArguments wrong;
    wrong.iam_details = {dir.Write("advisor.json", AdvisorDoc("bob"))};
    LoadInputs(DiscoverInputs(wrong), 1);
  });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 4);
}

BOOST_AUTO_TEST_CASE(missing_paths_and_no_input_are_usage_errors) {
  const TempDir dir;
  fs::create_directories(dir.path() / "empty");
  const std::string missing = (dir.path() / "missing.csv").string();
  struct Case {
    const char* name;
    InputArguments args;
  };
  InputArguments named_missing;
  named_missing.credential_reports = {missing};
  const Case cases[] = {
      {"missing path", InputArguments{{missing}, {}, {}, {}, {}}},
      {"missing path next to a good one",
       InputArguments{{dir.Write("good.csv", "x"), missing}, {}, {}, {}, {}}},
      {"missing --credential-report", named_missing},
      {"no argument", InputArguments{}},
      {"empty directory", InputArguments{{(dir.path() / "empty").string()}, {}, {}, {}, {}}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const auto e = ErrorOf([&] { DiscoverInputs(c.args); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 2);
    }
  }
  // A directory holding only skipped files is "no input" too.
  const TempDir only_skipped;
  only_skipped.Write("notes.txt", "x");
  only_skipped.Write(".hidden.json", "x");
  const auto e = ErrorOf([&] { Discover({only_skipped.path().string()}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 2);
}

BOOST_AUTO_TEST_CASE(the_same_file_given_twice_is_read_twice) {
  const TempDir dir;
  const std::string report = dir.Write("report.csv", Csv({"alice"}));
  const std::vector<InputFile> found = Discover({report, report});
  BOOST_TEST(found.size() == 2u);
  const auto e = ErrorOf([&] { LoadInputs(found, 1); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 4);
  BOOST_TEST(e->Describe().find("duplicate ARN " + UserArn("alice")) != std::string::npos);

  const std::string advisor = dir.Write("advisor.json", AdvisorDoc("alice"));
  const auto e2 = ErrorOf([&] { Load({advisor, advisor}); });
  BOOST_REQUIRE(e2.has_value());
  BOOST_TEST(ExitCode(*e2) == 4);
}

// Each kind's index is sorted by ARN whatever the order of files and rows: files of other
// accounts in reverse path order (disjoint runs), and runs that interleave.
BOOST_AUTO_TEST_CASE(records_are_indexed_by_arn_across_files) {
  const TempDir dir;
  auto row = [](const std::string& account, const std::string& name) {
    const std::string arn = "arn:aws:iam::" + account + ":user/" + name;
    return name + "," + arn +
           ",2025-01-01T00:00:00Z,false,N/A,N/A,true,2025-01-01T00:00:00Z,N/A,false,N/A,N/A\n";
  };
  const std::string a =
      dir.Write("a/report.csv",
                std::string(kCsvHeader) + row("999999999999", "zed") + row("999999999999", "amy"));
  const std::string b =
      dir.Write("b/report.csv",
                std::string(kCsvHeader) + row("111122223333", "kim") + row("111122223333", "bob"));
  const std::string c =
      dir.Write("c/report.csv", std::string(kCsvHeader) + row("777788889999", "max"));
  // One report per account, but advisor files of one account may interleave.
  const std::string d =
      dir.Write("d/advisor.ndjson", AdvisorDoc(ArnIn("999999999999", "zed")) + "\n" +
                                        AdvisorDoc(ArnIn("999999999999", "amy")));
  const std::string e = dir.Write("e/advisor.ndjson", AdvisorDoc(ArnIn("999999999999", "max")));
  for (const unsigned jobs : {1u, 2u}) {
    const InputSet set = Load({a, b, c, d, e}, jobs);
    std::vector<std::string> arns;
    for (const CredentialRow* r : set.rows) arns.emplace_back(r->arn);
    const std::vector<std::string> want = {
        "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:user/kim",
        "arn:aws:iam::777788889999:user/max", "arn:aws:iam::999999999999:user/amy",
        "arn:aws:iam::999999999999:user/zed"};
    BOOST_TEST(arns == want, boost::test_tools::per_element());
    BOOST_TEST(set.rows[0]->file == 1u);
    BOOST_TEST(set.rows[0]->line == 3u);
    std::vector<std::string> advisor;
    for (const AdvisorRecord* r : set.advisor) advisor.emplace_back(r->arn);
    const std::vector<std::string> want_advisor = {"arn:aws:iam::999999999999:user/amy",
                                                   "arn:aws:iam::999999999999:user/max",
                                                   "arn:aws:iam::999999999999:user/zed"};
    BOOST_TEST(advisor == want_advisor, boost::test_tools::per_element());
    BOOST_TEST(set.advisor[1]->file == 4u);
  }
  const InputSet two = Load({a, b});  // disjoint runs, in reverse order
  BOOST_REQUIRE(two.rows.size() == 4u);
  BOOST_TEST(two.rows[0]->arn == "arn:aws:iam::111122223333:user/bob");
  BOOST_TEST(two.rows[3]->arn == "arn:aws:iam::999999999999:user/zed");
}

// Records are sorted by ARN to be looked up, but the duplicate reported is the first one
// in input order (file, then line or document), not the first in ARN order.
BOOST_AUTO_TEST_CASE(the_first_duplicate_in_input_order_is_reported) {
  const TempDir dir;
  const std::string r1 = dir.Write("r1.csv", Csv({"zed", "bob", "amy"}));
  const std::string r2 = dir.Write("r2.csv", Csv({"carl", "zed", "bob", "amy"}));
  for (const unsigned jobs : {1u, 2u}) {
    const auto e = ErrorOf([&] { Load({r1, r2}, jobs); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->Describe() ==
               r2 + ":3: duplicate ARN " + UserArn("zed") + " (also at " + r1 + ":2)");
  }
  const std::string a1 =
      dir.Write("a1.ndjson", AdvisorDoc("zed") + "\n" + AdvisorDoc("bob") + "\n");
  const std::string a2 = dir.Write(
      "a2.ndjson", AdvisorDoc("carl") + "\n" + AdvisorDoc("zed") + "\n" + AdvisorDoc("bob") + "\n");
  const auto e = ErrorOf([&] { Load({a1, a2}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->Describe() == a2 + ":2: two access-advisor documents for " + UserArn("zed") +
                                  " (also at " + a1 + ":1)");
  // Three times: the second occurrence is reported, naming the first.
  const std::string a3 = dir.Write(
      "a3.ndjson", AdvisorDoc("amy") + "\n" + AdvisorDoc("amy") + "\n" + AdvisorDoc("amy") + "\n");
  const auto e3 = ErrorOf([&] { Load({a3}); });
  BOOST_REQUIRE(e3.has_value());
  BOOST_TEST(e3->Describe() == a3 + ":2: two access-advisor documents for " + UserArn("amy") +
                                   " (also at " + a3 + ":1)");
}

// ---- Accounts -----------------------------------------------------------------------------

// The checks across inputs run in a fixed order, the first failure deciding: duplicate
// ARNs, one account per file, one report per account, user names unique ignoring case and
// path. The same error for any number of jobs.
BOOST_AUTO_TEST_CASE(account_checks_run_in_their_order) {
  const TempDir dir;
  const std::string other = ArnIn("444455556666", "bob");
  const std::string two_accounts = dir.Write("a.csv", Csv({"alice", other}));
  const std::string second_report = dir.Write("b.csv", Csv({"carol"}));
  const std::string clash = dir.Write("c.ndjson", AdvisorDoc("ALICE"));
  const std::string duplicate = dir.Write("d.csv", Csv({"alice"}));
  auto error = [&](const std::vector<std::string>& paths) {
    std::string first;
    for (const unsigned jobs : {1u, 2u}) {
      const auto e = ErrorOf([&] { Load(paths, jobs); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 4);
      if (jobs == 1) first = e->Describe();
      BOOST_TEST(e->Describe() == first);
    }
    return first;
  };
  BOOST_TEST(error({two_accounts, duplicate}).find(": duplicate ARN ") != std::string::npos);
  BOOST_TEST(error({two_accounts, second_report, clash}) ==
             two_accounts + ":3: column 'arn': " + other +
                 " is in account 444455556666, but this file's first ARN is in account " +
                 kAccount + ": an input file speaks for one account");
  BOOST_TEST(error({duplicate, second_report, clash}) ==
             duplicate + ": a second credential report for account " + kAccount +
                 " (the first is " + second_report + "): give one report per account");
  BOOST_TEST(error({clash, duplicate}) ==
             duplicate + ":2: " + UserArn("alice") + " and " + UserArn("ALICE") + " (at " + clash +
                 ":1) name the same user: IAM user names are unique in an account "
                 "regardless of case and path, so the exports disagree about who the user is");
}

// A file's account is that of its first ARN with a 12-digit account: `aws` (managed
// policies) never counts, also when it comes first; documents that are not about users
// count. Inside a JSON report the line is the line of the decoded CSV.
BOOST_AUTO_TEST_CASE(one_account_per_file) {
  const TempDir dir;
  auto doc = [](const std::string& arn) { return R"({"Arn": ")" + arn + R"("})"; };
  const std::string fine = dir.Write(
      "fine.ndjson", doc("arn:aws:iam::aws:policy/ReadOnlyAccess") + "\n" +
                         doc("arn:aws:iam::" + kAccount + ":role/deploy") + "\n" +
                         doc("arn:aws:iam::aws:policy/AdministratorAccess") + "\n" +
                         AdvisorDoc("alice") + "\n" + doc("arn:aws:iam::" + kAccount + ":root"));
  const InputSet set = Load({fine});
  BOOST_TEST(set.inputs[0].records == 5u);
  BOOST_TEST(set.inputs[0].unmatched == 1u);  // alice: no report
  const std::string role = dir.Write(
      "role.ndjson", doc("arn:aws:iam::aws:policy/ReadOnlyAccess") + "\n" + AdvisorDoc("alice") +
                         "\n" + doc("arn:aws:iam::444455556666:group/admins"));
  const auto e = ErrorOf([&] { Load({role}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->Describe().find(role + ":3: Arn: arn:aws:iam::444455556666:group/admins is in "
                                       "account 444455556666") == 0u);
  const std::string report = dir.Write(
      "report.json", ReportJson(Csv({"alice", ArnIn("444455556666", "bob")}), std::nullopt));
  const auto r = ErrorOf([&] { Load({report}); });
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->Describe().find(report + ": Content line 3: column 'arn': ") == 0u);
  const std::string iam =
      dir.Write("iam.json", IamPage({IamEntry("alice")}) + "\n" +
                                IamPage({IamEntry(ArnIn("444455556666", "x"))}));
  const auto i = ErrorOf([&] { Load({iam}); });
  BOOST_REQUIRE(i.has_value());
  BOOST_TEST(i->Describe().find(iam + ":2: UserDetailList[0].Arn: ") == 0u);
}

// User names clash ignoring ASCII case and path, in one account only, across every kind;
// the error names the later place in input order first.
BOOST_AUTO_TEST_CASE(user_names_are_unique_per_account_ignoring_case_and_path) {
  const TempDir dir;
  const std::string report = dir.Write("r.csv", Csv({"alice", "ops/bob"}));
  const std::string other = dir.Write("o.csv", Csv({ArnIn("444455556666", "ALICE")}));
  const std::string same =
      dir.Write("s.ndjson", AdvisorDoc("alice") + "\n" + AdvisorDoc("ops/bob"));
  const std::string iam = dir.Write("t.json", IamPage({IamEntry("alice"), IamEntry("ops/bob")}));
  const InputSet fine = Load({report, other, same, iam});  // one ARN each, two accounts
  BOOST_TEST(fine.rows.size() == 3u);
  for (const InputSummary& s : fine.inputs) BOOST_TEST(s.unmatched == 0u);
  struct Case {
    std::string file, content, place;
  };
  const std::vector<Case> cases = {
      {"a.ndjson", AdvisorDoc("ALICE"), "a.ndjson:1"},
      {"b.ndjson", AdvisorDoc("ops/Bob"), "b.ndjson:1"},
      {"c.ndjson", AdvisorDoc("bob"), "c.ndjson:1"},
      {"d.ndjson", AdvisorDoc("x/y/Alice"), "d.ndjson:1"},
      {"e.json", IamPage({IamEntry("carol"), IamEntry("people/alice")}),
       "e.json:1 UserDetailList[1]"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.file) {
      const std::string path = dir.Write(c.file, c.content);
      const auto e = ErrorOf([&] { Load({report, path}); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 4);
      // Files sort as a*.ndjson < r.csv: the row is the later place.
      const std::string want_at =
          " (at " + (dir.path() / c.place).string() + ") name the same user";
      BOOST_TEST(e->Describe().find(want_at) != std::string::npos);
      BOOST_TEST(e->Describe().rfind(report + ":", 0) == 0u);
    }
  }
  // Two unmatched records of one account (no report at all) clash too.
  const std::string x = dir.Write("x.ndjson", AdvisorDoc("dana"));
  const std::string y = dir.Write("y.json", IamPage({IamEntry("DANA")}));
  const auto e = ErrorOf([&] { Load({x, y}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->Describe().rfind(y + ":1 UserDetailList[0]: " + UserArn("DANA") + " and " +
                                     UserArn("dana") + " (at " + x + ":1)",
                                 0) == 0u);
}

// ---- summaries ----

BOOST_AUTO_TEST_CASE(summaries_hash_the_bytes_and_count_records) {
  const TempDir dir;
  const std::string root_row =
      "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00Z,not_supported,"
      "2026-11-01T00:00:00Z,not_supported,false,N/A,N/A,false,N/A,N/A\n";
  const std::string csv = kCsvHeader + root_row + CsvRow("alice") + CsvRow("bob");
  const std::string advisor = AdvisorDoc("alice", "2026-11-18T00:00:00Z") + "\n" +
                              AdvisorDoc("bob", "2026-11-19T06:00:00Z") + "\n" +
                              AdvisorDoc("carol", "2026-11-17T00:00:00Z") + "\n";
  const std::string details =
      IamPage({IamEntry("alice"), IamEntry("bob")}) + IamPage({IamEntry("carol")});
  const std::string report_path = dir.Write("z-report.csv", csv);
  const std::string advisor_path = dir.Write("m-advisor.json", advisor);
  const std::string details_path = dir.Write("d-details.json", details);
  const std::string empty_path = dir.Write("a-empty.json", "[]");
  const InputSet set = Load({report_path, advisor_path, details_path, empty_path});
  BOOST_REQUIRE(set.inputs.size() == 4u);
  // Sorted by path.
  BOOST_TEST(set.inputs[0].path == empty_path);
  BOOST_TEST(set.inputs[1].path == details_path);
  BOOST_TEST(set.inputs[2].path == advisor_path);
  BOOST_TEST(set.inputs[3].path == report_path);

  BOOST_TEST(set.inputs[0].sha256 ==
             "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");  // sha256("[]")
  BOOST_TEST(set.inputs[0].records == 0u);
  BOOST_TEST(!set.inputs[0].generated.has_value());

  BOOST_TEST(set.inputs[1].records == 3u);
  BOOST_TEST(set.inputs[1].sha256 == Sha256Hex(details));

  BOOST_TEST(set.inputs[2].records == 3u);
  BOOST_TEST(Format(set.inputs[2].generated) ==
             "2026-11-19T06:00:00Z");  // the latest, not the last
  BOOST_TEST(set.inputs[2].sha256 == Sha256Hex(advisor));

  BOOST_TEST(set.inputs[3].records == 3u);  // root included
  BOOST_TEST(set.inputs[3].sha256 == Sha256Hex(csv));
  BOOST_TEST(!set.inputs[3].generated.has_value());

  // Rows point at their file and physical line.
  BOOST_REQUIRE(set.rows.size() == 3u);
  BOOST_TEST(set.rows[0]->root);
  BOOST_TEST(set.rows[2]->file == 3u);
  BOOST_TEST(set.rows[2]->line == 4u);
  BOOST_TEST(set.advisor[0]->file == 2u);
  BOOST_TEST(Format(set.latest_time) == "2026-11-19T06:00:00Z");
}

BOOST_AUTO_TEST_CASE(latest_time_is_the_latest_of_every_input) {
  const TempDir dir;
  const std::string a = dir.Write("a.json", AdvisorDoc("alice", "2026-11-18T00:00:00Z"));
  const std::string b = dir.Write("b.json", ReportJson(Csv({"alice"}), "2026-11-19T22:10:04Z"));
  const std::string c = dir.Write("c.json", AdvisorDoc("bob", "2026-11-19T06:00:00Z"));
  const InputSet dated = Load({a, b, c});
  BOOST_TEST(Format(dated.latest_time) == "2026-11-19T22:10:04Z");
  BOOST_TEST(!dated.has_undated_report);
  // A bare CSV next to them: the latest time stays, and the run needs --as-of.
  const std::string d = dir.Write("d.csv", Csv({ArnIn("444455556666", "carol")}));
  const InputSet mixed = Load({a, b, c, d});
  BOOST_TEST(Format(mixed.latest_time) == "2026-11-19T22:10:04Z");
  BOOST_TEST(mixed.has_undated_report);
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_number_of_jobs) {
  const TempDir dir;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    const std::string account = "11112222333" + n;  // one report per account
    auto arn = [&](const std::string& name) { return ArnIn(account, name); };
    dir.Write("exports/" + n + "/report.csv", Csv({arn("u" + n + "a"), arn("u" + n + "b")}));
    dir.Write("exports/" + n + "/advisor.ndjson",
              AdvisorDoc(arn("u" + n + "a"), "2026-11-1" + n + "T00:00:00Z") + "\n" +
                  AdvisorDoc(arn("u" + n + "b")) + "\n" + AdvisorDoc(arn("gone" + n)));
    dir.Write("exports/" + n + "/details.json", IamPage({IamEntry(arn("u" + n + "a"))}));
  }
  const std::string root = (dir.path() / "exports").string();
  auto describe = [](const InputSet& set) {
    std::string out;
    for (const InputSummary& s : set.inputs) {
      out += s.path + " " + std::string(KindName(s.kind)) + " " + s.sha256 + " " +
             Format(s.generated) + " " + std::to_string(s.records) + " " +
             std::to_string(s.unmatched) + "\n";
    }
    for (const CredentialRow* r : set.rows) {
      out += std::string(r->arn) + " " + std::to_string(r->file) + ":" + std::to_string(r->line) +
             "\n";
    }
    for (const AdvisorRecord* a : set.advisor) {
      out += std::string(a->arn) + " " + std::to_string(a->file) + " " + Format(a->activity) + "\n";
    }
    for (const IamUserRecord* u : set.iam_users)
      out += std::string(u->arn) + " " + std::to_string(u->file) + "\n";
    return out + Format(set.latest_time) + (set.has_undated_report ? " undated" : "");
  };
  const std::string one = describe(Load({root}, 1));
  for (int attempt = 0; attempt < 5; ++attempt) BOOST_TEST(describe(Load({root}, 4)) == one);

  // The error reported is the first in path order, whatever the number of jobs.
  dir.Write("exports/2/advisor.ndjson", "{broken");
  dir.Write("exports/4/report.csv", "not,a,report\n");
  const auto e1 = ErrorOf([&] { Load({root}, 1); });
  BOOST_REQUIRE(e1.has_value());
  BOOST_TEST(e1->Describe().find(root + "/2/advisor.ndjson:") == 0u);
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto e4 = ErrorOf([&] { Load({root}, 4); });
    BOOST_REQUIRE(e4.has_value());
    BOOST_TEST(e4->Describe() == e1->Describe());
  }
}

// ---- gzip ---------------------------------------------------------------------------------

std::string Gzip(const std::string& bytes) {
  z_stream zs{};
  BOOST_REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  BOOST_REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

BOOST_AUTO_TEST_CASE(gzip_files_are_read_transparently) {
  const std::string advisor = AdvisorDoc("alice") + "\n" + AdvisorDoc("bob") + "\n";
  const std::string report = Csv({"alice", "bob"});
  const TempDir dir;
  // Discovery keeps compressed files by their inner extension; kinds come from the
  // decompressed content; the hash is of the stored (compressed) bytes.
  const std::string gz_advisor = Gzip(advisor), gz_report = Gzip(report);
  dir.Write("exports/advisor.ndjson.gz", gz_advisor);
  dir.Write("exports/report.csv.gz", gz_report);
  dir.Write("exports/notes.txt.gz", Gzip("not an input"));
  const InputSet set = Load({(dir.path() / "exports").string()});
  BOOST_REQUIRE(set.inputs.size() == 2u);
  BOOST_TEST(KindName(set.inputs[0].kind) == "access_advisor");
  BOOST_TEST(set.inputs[0].sha256 == Sha256Hex(gz_advisor));
  BOOST_TEST(set.inputs[0].records == 2u);
  BOOST_TEST(KindName(set.inputs[1].kind) == "credential_report");
  BOOST_TEST(set.inputs[1].records == 2u);
  BOOST_TEST(set.rows.size() == 2u);
  // Concatenated gzip members are one stream of bytes (as `cat a.gz b.gz` produces).
  const InputSet two = Load({dir.Write(
      "two.ndjson.gz", Gzip(AdvisorDoc("carol") + "\n") + Gzip(AdvisorDoc("dave") + "\n"))});
  BOOST_TEST(two.inputs[0].records == 2u);
}

BOOST_AUTO_TEST_CASE(corrupt_or_cut_off_gzip_is_an_input_error) {
  const std::string gz = Gzip(AdvisorDoc("alice") + "\n");
  const TempDir dir;
  const std::string cut = dir.Write("cut.ndjson.gz", gz.substr(0, gz.size() / 2));
  const auto e1 = ErrorOf([&] { Load({cut}); });
  BOOST_REQUIRE(e1.has_value());
  BOOST_TEST(ExitCode(*e1) == 4);
  BOOST_TEST(std::string(e1->what()).find("cut off") != std::string::npos);
  std::string corrupt = gz;
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
  const auto e2 = ErrorOf([&] { Load({dir.Write("bad.ndjson.gz", corrupt)}); });
  BOOST_REQUIRE(e2.has_value());
  BOOST_TEST(ExitCode(*e2) == 4);
}

// The decision file names every input (and the policy) in JSON: a file name that is not
// UTF-8 could not be written, so it is a usage error before anything is written.
BOOST_AUTO_TEST_CASE(file_names_must_be_utf8) {
  const TempDir dir;
  dir.Write("exports/good.csv", Csv({"alice"}));
  const std::string bad = dir.Write("exports/caf\xE9.csv", Csv({"bob"}));
  for (const unsigned jobs : {1u, 2u}) {
    const auto e = ErrorOf([&] { Load({(dir.path() / "exports").string()}, jobs); });
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(ExitCode(*e) == 2);
    BOOST_TEST(e->Describe().find("not valid UTF-8") != std::string::npos);
    BOOST_TEST(e->Describe().find("caf\xE9.csv") != std::string::npos);
  }
  const std::string policy = dir.Write("policy-\xFE.json", "{}");
  const auto p = ErrorOf([&] { LoadPolicy(policy); });
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST(ExitCode(*p) == 2);
  BOOST_TEST(p->Describe().find("not valid UTF-8") != std::string::npos);
}

// Files read whole have a size limit (256 MiB in dormant; small here): a gzip bomb stops
// with an input error naming the file, not with the machine out of memory.
BOOST_AUTO_TEST_CASE(files_read_whole_stop_at_their_size_limit) {
  const TempDir dir;
  const std::string csv = Csv({"alice", "bob"});
  const std::string plain = dir.Write("report.csv", csv);
  const std::string bomb = dir.Write("report.csv.gz", Gzip(csv + std::string(8 << 20, ' ')));
  {
    FileSource source(plain);
    PaddedBuffer buf;
    source.ReadAll(buf, csv.size());  // exactly at the limit: read
    BOOST_TEST(buf.view() == csv);
  }
  struct Case {
    std::string path;
    std::uint64_t limit;
    std::string what;
  };
  const Case cases[] = {
      {plain, csv.size() - 1, "more than " + std::to_string(csv.size() - 1) + " bytes:"},
      {bomb, std::uint64_t{1} << 20, "more than 1048576 bytes decompressed:"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.path) {
      FileSource source(c.path);
      PaddedBuffer buf;
      const auto e = ErrorOf([&] { source.ReadAll(buf, c.limit); });
      BOOST_REQUIRE(e.has_value());
      BOOST_TEST(ExitCode(*e) == 4);
      BOOST_TEST(e->Describe().find(c.path + ": " + c.what) != std::string::npos, e->Describe());
      BOOST_TEST(buf.size() < c.limit + (std::size_t{64} << 20));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
