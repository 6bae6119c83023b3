// decision_text.h — hand-written decision files for the diff suites: valid
// dormant-decisions/1 text built from a few fields per user, so that every transition
// between two files can be set up exactly.
#ifndef DORMANT_TESTS_DECISION_TEXT_H_
#define DORMANT_TESTS_DECISION_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dormant::testing::decision_text {

struct Cred {
  std::string id;
  std::string action = "none";
  bool active = true;
};

// One user line; `name` may hold JSON escapes (it is written as is).
struct User {
  std::string name;
  std::string verdict;
  std::vector<std::string> reasons;
  std::vector<Cred> creds;
  std::int64_t idle_days = 10;
  std::string account = "111122223333";

  std::string Arn() const { return "arn:aws:iam::" + account + ":user/people/" + name; }
};

// A user with the usual reasons and actions of `verdict`.
User U(const std::string& name, const std::string& verdict);
User With(User u, std::vector<std::string> reasons);
User WithCreds(User u, std::vector<Cred> creds);
User Idle(User u, std::int64_t days);

// A valid decision file holding `users` (sorted here), with counts to match; with one
// credential-report input at `input_path` when `input_sha` is not empty.
std::string DecisionText(std::vector<User> users, const std::string& as_of = "2026-11-20T00:00:00Z",
                         const std::string& input_sha = "",
                         const std::string& input_path = "exports/report.csv");

}  // namespace dormant::testing::decision_text

#endif  // DORMANT_TESTS_DECISION_TEXT_H_
