// Fuzz target: the access-advisor reader in all three file shapes (one object,
// a top-level array, NDJSON), reached through LoadInputs with the kind named and detected.
//
// Invariants (input_fuzzing.h): errors are input errors; a file that reads has its sha256,
// valid user ARNs, each record's offset at the `{` of its document (a top-level array is
// streamed element by element), completion times not after the file's time, and detection
// agrees with the named kind.
#include "input_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dormant::fuzz::ScratchFile scratch("advisor");
  const std::string_view text = dormant::fuzz::AsText(data, size);
  const std::string& path = scratch.Write(text);
  dormant::fuzz::LoadBothWays(path, text, dormant::InputKind::kAccessAdvisor);
  return 0;
}
