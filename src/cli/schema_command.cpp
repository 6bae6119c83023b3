// `dormant schema decisions|policy`: prints a JSON Schema (draft 2020-12), byte for byte the
// file under docs/schema/ that it was built from.
#include "commands.h"
#include "embedded_docs.h"
#include "output.h"

namespace dormant {

ExitCode RunSchema(const std::string& which) {
  WriteOutput("", which == "policy" ? kPolicySchema : kDecisionsSchema);
  return ExitCode::kSuccess;
}

}  // namespace dormant
