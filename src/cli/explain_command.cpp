// `dormant explain DECISIONS USER`: finds the user in the decision file, re-evaluates what
// its header names and prints the library's explanation (explanation.h) of that user.
#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/error.h"
#include "dormant/explanation.h"
#include "dormant/reevaluation.h"
#include "exemption_match.h"
#include "header_directory.h"
#include "nearest.h"
#include "output.h"

namespace dormant {
namespace {

// The users of a decision file that a query names: an exact ARN, else an exact user name,
// else a user name that differs only in ASCII case (IAM names are unique regardless of
// case). Only what explain shows is kept of them.
struct Matches {
  std::vector<std::string> arns;
  std::string line;  // of the first
  std::uint64_t line_number = 0;
  std::optional<std::string> nearest;  // when nothing matched: the nearest name or ARN

  void Add(const UserLine& u) {
    if (arns.empty()) {
      line = u.line;
      line_number = u.line_number;
    }
    arns.push_back(u.arn);
  }
};

// Reads the whole file (so that an invalid one is refused whatever the query) and returns
// the users `query` names.
Matches FindUsers(DecisionReader& reader, const std::string& query) {
  Matches exact, folded;
  // An ARN is compared with ARNs, anything else with user names.
  const bool arn = query.rfind("arn:", 0) == 0;
  Nearest nearest(query);
  while (const UserLine* u = reader.Next()) {
    if (u->arn == query || u->user == query) exact.Add(*u);
    if (EqualsIgnoringAsciiCase(u->user, query)) folded.Add(*u);
    nearest.Offer(arn ? u->arn : u->user);
  }
  Matches& found = exact.arns.empty() ? folded : exact;
  found.nearest = nearest.best();
  return std::move(found);
}

}  // namespace

ExitCode RunExplain(const std::string& decisions_path, const std::string& query, unsigned jobs,
                    const std::string& directory) {
  DecisionReader reader(decisions_path);
  const Matches found = FindUsers(reader, query);
  if (found.arns.empty()) {
    ThrowUsage(decisions_path,
               "no user or ARN '" + query + "' in this decision file" +
                   (found.nearest ? "; did you mean '" + *found.nearest + "'?" : ""));
  }
  if (found.arns.size() > 1) {
    std::string list;
    for (const std::string& arn : found.arns) list += (list.empty() ? " " : ", ") + arn;
    ThrowUsage(decisions_path, "'" + query + "' names " + std::to_string(found.arns.size()) +
                                   " users; give one of their ARNs:" + list);
  }
  const DecisionHeader& h = reader.header();
  // Explain re-reads report lines too: it runs where the header's paths are.
  const std::string text = InHeaderDirectory(directory, decisions_path, HeaderPaths(h), [&] {
    const Reevaluation r = Reevaluate(h, jobs, HashCheck::kNone);
    const auto user = FindEvaluatedUser(r.decisions, found.arns[0]);
    if (!user) {
      ThrowUsage(decisions_path, found.arns[0] + " is no longer in the inputs named by the header");
    }
    return Explain(r, *user, {decisions_path, h.policy_sha256, found.line_number, found.line});
  });
  WriteOutput("", text);
  return ExitCode::kSuccess;
}

}  // namespace dormant
