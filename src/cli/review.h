// review.h — helpers shared by the review commands (verify, diff, explain).
#ifndef DORMANT_CLI_REVIEW_H_
#define DORMANT_CLI_REVIEW_H_

#include <string>

#include "dormant/decision_file.h"

namespace dormant {

// The exact bytes of a (validated) decision file: its lines, each ending in `\n`.
inline std::string DecisionFileText(const DecisionFile& file) {
  std::string text = file.header_line + "\n";
  for (const DecisionUser& u : file.users) text += u.line + "\n";
  return text;
}

}  // namespace dormant

#endif  // DORMANT_CLI_REVIEW_H_
