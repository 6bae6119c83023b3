// dormant/input_set.h — all input files of a run, read and cross-checked.
//
// LoadInputs reads every file (several at once with jobs > 1), keeps each file's records
// where they were read, in path order, and indexes them by ARN, so that the result and the
// first error reported are the same for any number of jobs. Memory: the records (one small
// record per user per kind, plus an 8-byte index entry), never the files' bytes beyond one
// chunk buffer per job and the document being parsed (at most 256 MiB).
#ifndef DORMANT_INPUT_SET_H_
#define DORMANT_INPUT_SET_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/input_discovery.h"
#include "dormant/input_summary.h"
#include "dormant/records.h"
#include "dormant/timestamp.h"

namespace dormant {

struct InputSet {
  std::vector<InputSummary> inputs;  // sorted by path
  // Where the records live: what each file yielded, in path order. Never copied into
  // one vector, so loading needs no second copy of them.
  std::vector<FileRecords> files;
  // The records' strings (ARNs, tags): one copy each.
  std::unique_ptr<StringStore> strings = std::make_unique<StringStore>();
  // Each kind's records sorted by ARN (bytewise), as IndexRecords leaves them: pointers
  // into `files`. A record's `file` indexes `inputs`.
  std::vector<const CredentialRow*> rows;
  std::vector<const AdvisorRecord*> advisor;
  std::vector<const IamUserRecord*> iam_users;

  // True when a credential report without GeneratedTime (a bare CSV) was read.
  bool has_undated_report = false;
  // The latest GeneratedTime and JobCompletionDate of all inputs, if any.
  std::optional<Instant> latest_time;

  // The access-advisor record or IAM-details entry for `arn`, or nullptr. Binary search:
  // no hash table, no memory per user beyond the records.
  const AdvisorRecord* FindAdvisor(std::string_view arn) const;
  const IamUserRecord* FindIamUser(std::string_view arn) const;
};

// Fills `rows`, `advisor` and `iam_users` from `files`, sorted by ARN, and checks that no
// ARN appears twice in a kind. Throws Error(kInput) for the first duplicate in
// input order (`files` in order, each in reading order), naming both places: report rows
// first, then advisor documents, then IAM entries.
void IndexRecords(InputSet& set);

// Binds the inputs to their accounts, after IndexRecords (and after the check that each file
// holds ARNs of one account, which needs what the reader saw). In this order, the first
// failure throwing Error(kInput):
// * at most one credential report per account (naming both files), then at most one root
//   row per report (naming both lines);
// * in one account, no two different user ARNs (report rows, advisor documents, IAM-details
//   entries) whose user names are equal ignoring ASCII case: IAM user names are unique
//   regardless of case and path, so such exports disagree about who the user is. Names
//   both places, the later one (in input order) first.
// Then sets each input's `unmatched`: its advisor documents or IAM-details entries with no
// report row of exactly their ARN (the evaluator never looks at them).
// Memory: one 16-byte entry per report row and per unmatched record, freed on return;
// time: a sort of those entries by a hash of the name (about 25 ms for 100,000 users).
void CheckAccounts(InputSet& set);

// "FILE:LINE" of a JSON document at byte `offset` of `path`, or "FILE (array element N)"
// when `element` >= 0 (re-reads the file to count lines: for messages only).
std::string DocumentPlace(const std::string& path, std::uint64_t offset, std::int64_t element);

// Reads and merges `files` (sorted by path) with up to `jobs` threads. Throws the error
// of the first failing file in path order; then duplicate-ARN errors; then the first file
// (in path order) holding ARNs of two accounts; then the errors of CheckAccounts.
// With `show_progress`, a progress line is drawn on standard error when it is a terminal
// and the inputs exceed 256 MB.
InputSet LoadInputs(const std::vector<InputFile>& files, unsigned jobs, bool show_progress = false);

}  // namespace dormant

#endif  // DORMANT_INPUT_SET_H_
