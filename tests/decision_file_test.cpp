// The strict reader of decision files: every decision file the repository holds is read
// back; each coherence rule refuses a one-line edit of a real output that keeps the
// writer's exact form (so that the comparison with the writer alone accepted it), naming
// the line (the two counts cases were refused before too, naming only the header); the
// size limits; and the stream's contract.
#include "dormant/decision_file.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "sha256.h"
#include "test_support.h"

namespace dormant::testing {
namespace {

namespace fs = std::filesystem;

// The decision file a golden case printed.
std::string GoldenDecisions(const std::string& golden_case) {
  return ReadFile(TestdataDir() / "golden" / golden_case / "expected_stdout");
}

struct Replace {
  std::string from, to;
};

// `text` with each replacement made once in the first line that contains `where` (the
// header for an empty `where`); every `from` must occur there.
std::string Edit(const std::string& text, const std::string& where,
                 const std::vector<Replace>& edits) {
  const std::size_t at = where.empty() ? 0 : text.find(where);
  BOOST_REQUIRE(at != std::string::npos);
  const std::size_t begin =
      text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const std::size_t end = text.find('\n', at);
  std::string line = text.substr(begin, end - begin);
  for (const Replace& r : edits) {
    const std::size_t pos = line.find(r.from);
    BOOST_REQUIRE_MESSAGE(pos != std::string::npos, "'" << r.from << "' not in " << line);
    line.replace(pos, r.from.size(), r.to);
  }
  return text.substr(0, begin) + line + text.substr(end);
}

// The message of the error reading `text` throws, or "" if it is accepted.
std::string Refusal(const std::string& text) {
  try {
    ParseDecisionFile(text, "d.jsonl");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kInput));
    return e.Describe();
  }
  return "";
}

const std::string kInvalid = "not a valid dormant-decisions/1 file: ";

struct Case {
  std::string name;
  std::string golden;
  std::vector<std::pair<std::string, std::vector<Replace>>> edits;  // (where, replacements)
  std::string want;  // `LINE: what`, after the file name and before the message prefix
};

const std::string kNone = "\"action\":\"none\"";
const std::string kDeactivate = "\"action\":\"deactivate\"";
const std::string kHold = "\"action\":\"hold\"";

BOOST_AUTO_TEST_SUITE(decision_file)

BOOST_AUTO_TEST_CASE(every_decision_file_of_the_repository_is_accepted) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(TestdataDir() / "golden")) {
    const fs::path p = entry.path();
    const std::string text = ReadFile(p);
    if (!entry.is_regular_file() || text.rfind("{\"format\":\"dormant-decisions/1\"", 0) != 0) {
      continue;
    }
    // Files that are there to be refused say so in their case's expected_stderr.
    const fs::path err = p.parent_path() / "expected_stderr";
    if (p.filename() != "expected_stdout" && fs::exists(err) &&
        ReadFile(err).find(p.filename().string() + ":") != std::string::npos) {
      continue;
    }
    BOOST_TEST_CONTEXT(p.string()) {
      BOOST_TEST(Refusal(text) == "");
      ++files;
    }
  }
  BOOST_TEST(files > 40);
}

// Each case is an edit of a real output that the writer's form allows; the reader must
// refuse it, naming the line.
BOOST_AUTO_TEST_CASE(each_coherence_rule_refuses_an_edited_real_output) {
  const std::vector<Case> cases = {
      // The case: a recently active user edited to be deactivated.
      {"rule reason",
       "conformance-ex1-one-account",
       {{"ivan.norvig", {{"\"keep\"", "\"deactivate\""}, {kNone, kDeactivate}}},
        {"", {{"\"deactivate\":2", "\"deactivate\":3"}, {"\"keep\":7", "\"keep\":6"}}}},
       "6: verdict deactivate carries exactly the reasons of its rule (user_idle), not "
       "recent_activity"},
      {"never_used needs a null last_activity",
       "conformance-ex1-one-account",
       {{"frances.ritchie", {{"[\"user_idle\"]", "[\"user_idle\",\"never_used\"]"}}}},
       "5: verdict deactivate carries exactly the reasons of its rule (user_idle), not "
       "user_idle, never_used"},
      {"root_access_key_active needs an active key",
       "conformance-ex1-one-account",
       {{"<root_account>",
         {{"[\"root_account\"]", "[\"root_account\",\"root_access_key_active\"]"}}}},
       "2: verdict root carries exactly the reasons of its rule (root_account), not "
       "root_account, root_access_key_active"},
      {"hold-only reason under another verdict",
       "conformance-ex1-one-account",
       {{"frances.ritchie", {{"[\"user_idle\"]", "[\"user_idle\",\"stale_report\"]"}}}},
       "5: reason stale_report appears only under verdict hold"},
      {"a hold keeps the reasons of what it stopped",
       "stale-report",
       {{"a-dormant", {{"[\"user_idle\",\"stale_report\"]", "[\"stale_report\"]"}}}},
       "2: a hold with stale_report keeps exactly the reasons of the deactivate or prune it "
       "stopped (user_idle or credential_idle), not none"},
      {"a hold without a failed check",
       "stale-report",
       {{"a-dormant", {{"[\"user_idle\",\"stale_report\"]", "[\"user_idle\"]"}}}},
       "2: verdict hold carries exactly the reasons of its rule (timestamp_after_as_of), not "
       "user_idle"},
      {"guardrail_account without the header's scope",
       "stale-report",
       {{"a-dormant", {{"\"stale_report\"", "\"guardrail_account\""}}}},
       "2: guardrail_account, but the header lists no guardrail of account 111122223333"},
      {"guardrail_account of another account than the header's",
       "guardrail-account",
       {{"b-idle-1",
         {{"\"deactivate\",\"reasons\":[\"user_idle\"]",
           "\"hold\",\"reasons\":[\"user_idle\",\"guardrail_account\"]"},
          {kDeactivate, kHold}}},
        {"", {{"\"deactivate\":3", "\"deactivate\":2"}, {"\"hold\":4", "\"hold\":5"}}}},
       "11: guardrail_account, but the header lists no guardrail of account 444455556666"},
      {"guardrail_run without the header's scope",
       "stale-report",
       {{"a-dormant", {{"\"stale_report\"", "\"guardrail_run\""}}}},
       "2: guardrail_run, but the header lists no run guardrail"},
      {"an action verdict left in an account whose guardrail tripped",
       "guardrail-account",
       {{"pw-idle-1",
         {{"\"hold\",\"reasons\":[\"user_idle\",\"guardrail_account\"]",
           "\"deactivate\",\"reasons\":[\"user_idle\"]"},
          {kHold, kDeactivate}}},
        {"", {{"\"deactivate\":3", "\"deactivate\":4"}, {"\"hold\":4", "\"hold\":3"}}}},
       "4: verdict deactivate, but a guardrail the header lists holds every action of account "
       "111122223333"},
      {"signing_certificate_usage_unknown with a prune",
       "certificates",
       {{"c-empty-doc", {{"[\"user_idle\",", "[\"credential_idle\","}}}},
       "3: signing_certificate_usage_unknown without user_idle and an active certificate"},
      {"two access-advisor reasons",
       "gates-advisor",
       {{"f-stale",
         {{"\"access_advisor_stale\"", "\"access_advisor_stale\",\"access_advisor_empty\""}}}},
       "7: more than one access_advisor_* reason (only the first applies)"},
      {"idle_days of the user",
       "conformance-ex1-one-account",
       {{"frances.ritchie",
         {{"\"idle_days\":90,\"idle_since\"", "\"idle_days\":91,\"idle_since\""}}}},
       "5: idle_days 91 is not the days from idle_since to as_of (90)"},
      {"idle_days of a credential",
       "conformance-ex1-one-account",
       {{"frances.ritchie", {{"\"idle_days\":90,\"action\"", "\"idle_days\":89,\"action\""}}}},
       "5: access_key_1: idle_days 89 is not the days from the later of last_used and issued to "
       "as_of (90)"},
      {"a deactivate user whose active credential is not deactivated",
       "conformance-ex1-one-account",
       {{"frances.ritchie", {{kDeactivate, kNone}}}},
       "5: access_key_1: action none contradicts verdict deactivate and status active"},
      {"a prune that deactivates nothing",
       "conformance-ex1-one-account",
       {{"niklaus.lamarr", {{kDeactivate, kNone}}}},
       "9: verdict prune with credential_idle, but no credential has action deactivate"},
      {"a prune never deactivates a certificate",
       "certificates",
       {{"c-prune",
         {{"\"idle_days\":1751,\"action\":\"none\"",
           "\"idle_days\":1751,\"action\":\"deactivate\""}}}},
       "8: cert_1: action deactivate contradicts verdict prune and status active"},
      {"a hold of its own (time after as-of) holds no credential",
       "future-timestamp",
       {{"f-key-used-future", {{kNone, kHold}}}},
       "8: access_key_1: action hold contradicts verdict hold and status active"},
      {"a time after as-of is a hold",
       "future-timestamp",
       {{"f-key-used-future",
         {{"\"hold\",\"reasons\":[\"timestamp_after_as_of\"]",
           "\"keep\",\"reasons\":[\"recent_activity\"]"}}},
        {"", {{"\"keep\":1", "\"keep\":2"}, {"\"hold\":5", "\"hold\":4"}}}},
       "8: a time on the line is after as_of, so the user is held with timestamp_after_as_of"},
      {"an exemption the header lists as unused cannot have matched",
       "exemptions-lifecycle",
       {{"",
         {{"\"unused\":[\"expires-tomorrow\",",
           "\"unused\":[\"expires-tomorrow\",\"expiring-14\","}}}},
       "4: exempt:expiring-14 is listed as expired or unused in the header, so it cannot have "
       "matched"},
      {"counts: a line beyond its verdict's count",
       "conformance-ex1-one-account",
       {{"", {{"\"keep\":7", "\"keep\":6"}, {"\"warn\":0", "\"warn\":1"}}}},
       "13: counts.keep is 6, but this is keep line 7"},
      {"counts: fewer lines than counted name the last line, where the shortfall shows",
       "conformance-ex1-one-account",
       {{"", {{"\"keep\":7", "\"keep\":8"}, {"\"warn\":0", "\"warn\":0"}}}},
       "14: counts.keep is 8, but the file ends here, after 7 keep lines"},
      {"guardrail scopes in the evaluator's order, each once",
       "guardrail-account-then-run",
       {{"",
         {{"\"scope\":\"account:111122223333\"",
           "\"scope\":\"account:111122223333:no_password\""}}}},
       "1: guardrails: scope 'account:111122223333:no_password' is out of order (accounts "
       "ascending, each once per check, then run)"},
      {"a listed guardrail tripped",
       "guardrail-no-password",
       {{"", {{"\"actions\":3,\"limit\":2", "\"actions\":3,\"limit\":3"}}}},
       "1: guardrails: scope 'account:111122223333:no_password' lists 3 actions, not more than "
       "its limit 3"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      std::string text = GoldenDecisions(c.golden);
      BOOST_REQUIRE(Refusal(text).empty());
      for (const auto& [where, replacements] : c.edits) text = Edit(text, where, replacements);
      const std::string want = c.want.empty()
                                   ? ""
                                   : "d.jsonl:" + c.want.substr(0, c.want.find(": ") + 2) +
                                         kInvalid + c.want.substr(c.want.find(": ") + 2);
      BOOST_TEST(Refusal(text) == want);
    }
  }
}

BOOST_AUTO_TEST_CASE(size_limits_name_the_line) {
  const std::string text = GoldenDecisions("conformance-ex1-one-account");
  const std::size_t header = text.find('\n');
  const auto refusal = [&text](DecisionLimits limits) {
    try {
      DecisionReader reader(std::string_view(text), "d.jsonl", limits);
      reader.SkipRest();
    } catch (const Error& e) {
      return e.Describe();
    }
    return std::string();
  };
  // A line of exactly the limit is fine; one byte more is not (the header is line 1).
  BOOST_TEST(refusal({text.size(), header}) == "");
  BOOST_TEST(refusal({text.size(), header - 1}) == "d.jsonl:1: " + kInvalid +
                                                       "the line is longer than " +
                                                       std::to_string(header - 1) + " bytes");
  BOOST_TEST(refusal({text.size() - 1, std::size_t{1} << 20}) ==
             "d.jsonl:14: " + kInvalid + "the file is larger than " +
                 std::to_string(text.size() - 1) + " bytes");
  const std::string long_line = text + std::string((std::size_t{1} << 20) + 1, 'x') + "\n";
  BOOST_TEST(Refusal(long_line) == "d.jsonl:15: " + kInvalid + "the line is longer than 1 MiB");
}

BOOST_AUTO_TEST_CASE(the_stream_yields_each_line_then_the_end) {
  const std::string text = GoldenDecisions("conformance-ex1-one-account");
  DecisionReader reader(std::string_view(text), "d.jsonl");
  BOOST_TEST(reader.header_line() == text.substr(0, text.find('\n')));
  std::string again = reader.header_line() + "\n";
  std::uint64_t line = 1;
  while (const UserLine* u = reader.Next()) {
    BOOST_TEST(u->line_number == ++line);
    again += u->line + "\n";
  }
  BOOST_TEST(again == text);
  BOOST_TEST(reader.user_count() == line - 1);
  BOOST_TEST(reader.sha256() == Sha256Hex(text));
  BOOST_TEST(reader.Next() == nullptr);  // the end stays the end
  // After an error, every later call throws it again.
  const std::string cut = text.substr(0, text.size() - 1);
  DecisionReader bad(std::string_view(cut), "d.jsonl");
  std::string first;
  try {
    bad.SkipRest();
  } catch (const Error& e) {
    first = e.Describe();
  }
  BOOST_TEST(first == "d.jsonl:14: " + kInvalid + "the last line does not end with a newline");
  BOOST_CHECK_THROW(bad.Next(), Error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
