// dormant/input_summary.h — what a run knows of one input file once it is read: the
// entry of the decision file's `inputs`. Written by the readers, completed by loading.
#ifndef DORMANT_INPUT_SUMMARY_H_
#define DORMANT_INPUT_SUMMARY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "dormant/input_discovery.h"
#include "dormant/timestamp.h"

namespace dormant {

struct InputSummary {
  std::string path;
  InputKind kind = InputKind::kDetect;
  std::string sha256;
  // A report's GeneratedTime, an advisor file's latest JobCompletionDate, or none.
  std::optional<Instant> generated;
  std::uint64_t records = 0;
  // The file's user advisor documents or IAM-details entries that match no report row
  // (CheckAccounts counts them; always 0 for a report).
  std::uint64_t unmatched = 0;
};

}  // namespace dormant

#endif  // DORMANT_INPUT_SUMMARY_H_
