// file_data.h (private) — what the readers extract from one input file.
#ifndef DORMANT_FILE_DATA_H_
#define DORMANT_FILE_DATA_H_

#include <optional>
#include <string>
#include <string_view>

#include "dormant/error.h"
#include "dormant/input_summary.h"
#include "dormant/records.h"

namespace dormant {

// Everything read from one file.
struct FileData {
  InputSummary summary;
  FileRecords records;
  bool undated_report = false;  // a credential report without GeneratedTime
  // An input file speaks for one account: `account` is that of the file's first ARN with
  // a 12-digit account (empty if none; `aws`, the account of AWS managed policies, never
  // counts), `other_account` the error naming the first ARN of another account. Raised by
  // LoadInputs after the duplicate-ARN check, so that the checks across inputs keep their
  // order; noted here because only user records are kept.
  std::string account;
  std::optional<Error> other_account;

  // Notes the account of `arn` (see `account`). `error(what)` makes the error for an ARN
  // of a second account, placed where the ARN is; it is called once at most.
  template <class MakeError>
  void NoteAccount(std::string_view arn, std::string_view arn_account, const MakeError& error) {
    if (arn_account == "aws" || other_account) return;
    if (account.empty()) {
      account = arn_account;
    } else if (arn_account != account) {
      const std::string what = std::string(arn) + " is in account " + std::string(arn_account) +
                               ", but this file's first ARN is in account " + account +
                               ": an input file speaks for one account";
      other_account.emplace(error(what));
    }
  }
};

}  // namespace dormant

#endif  // DORMANT_FILE_DATA_H_
