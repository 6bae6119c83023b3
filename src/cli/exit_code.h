// exit_code.h — the exit codes of dormant, in one place.
//
// Failures carried by dormant::Error take the code of their ErrorKind (the values are
// mapped, not repeated); the others are answers a command gives on its own.
#ifndef DORMANT_CLI_EXIT_CODE_H_
#define DORMANT_CLI_EXIT_CODE_H_

#include "dormant/error.h"

namespace dormant {

enum class ExitCode {
  kSuccess = 0,
  kDiffers = 1,  // verify/plan: the file is not what dormant computes; diff --exit-code
  kUsage = static_cast<int>(ErrorKind::kUsage),
  kSafetyStop = 3,  // evaluate wrote the file but a guardrail tripped or a report is stale;
                    // plan refuses a file with a tripped guardrail
  kInput = static_cast<int>(ErrorKind::kInput),
  kIo = static_cast<int>(ErrorKind::kIo),
};

inline ExitCode ExitCodeOf(ErrorKind kind) { return static_cast<ExitCode>(static_cast<int>(kind)); }

}  // namespace dormant

#endif  // DORMANT_CLI_EXIT_CODE_H_
