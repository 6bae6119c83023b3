// Fuzz target: the IAM-details reader, one object, an array or concatenated
// pages, reached through LoadInputs with the kind named and detected.
//
// Invariants (input_fuzzing.h): errors are input errors; a file that reads has its sha256,
// one record per UserDetailList entry with a valid user ARN, and detection agrees with the
// named kind.
#include "input_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dormant::fuzz::ScratchFile scratch("iam_details");
  const std::string_view text = dormant::fuzz::AsText(data, size);
  const std::string& path = scratch.Write(text);
  dormant::fuzz::LoadBothWays(path, text, dormant::InputKind::kIamDetails);
  return 0;
}
