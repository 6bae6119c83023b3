// `dormant diff OLD NEW`: what changed between two decision files (SPEC §7).
#include "commands.h"
#include "dormant/error.h"

namespace dormant {

int RunDiff(const DiffOptions&) {
  throw Error(ErrorKind::kUsage, "", 0, "diff is not implemented yet");
}

}  // namespace dormant
