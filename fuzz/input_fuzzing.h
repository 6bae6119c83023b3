// input_fuzzing.h — shared by the targets that reach the file readers through LoadInputs
// (credential report, access advisor, IAM details).
#ifndef DORMANT_FUZZ_INPUT_FUZZING_H_
#define DORMANT_FUZZ_INPUT_FUZZING_H_

#include <string>
#include <string_view>

#include "arn.h"
#include "dormant/input_set.h"
#include "fuzz_support.h"
#include "sha256.h"

namespace dormant::fuzz {

// What LoadInputs made of one file.
struct LoadOutcome {
  bool ok = false;
  std::string error;  // Describe() of the error when !ok
  InputKind kind = InputKind::kDetect;
  std::uint64_t records = 0;
  std::size_t rows = 0, advisor = 0, iam_users = 0;
};

// Loads `path` (whose bytes are `bytes`) as `kind` and checks what holds for every
// successful read: the hash covers the whole file, the kind is decided, every record's
// ARN is valid, the file's time is the input set's time.
inline LoadOutcome Load(const std::string& path, std::string_view bytes, InputKind kind) {
  LoadOutcome out;
  try {
    const InputSet set = LoadInputs({{path, kind}}, 1);
    Require(set.inputs.size() == 1, "LoadInputs: one summary per file");
    const InputSummary& s = set.inputs[0];
    Require(s.path == path, "LoadInputs: the summary names the file");
    Require(s.sha256 == Sha256Hex(bytes), "LoadInputs: sha256 is not that of the file's bytes");
    Require(s.kind != InputKind::kDetect, "LoadInputs: kind left undecided");
    Require(kind == InputKind::kDetect || s.kind == kind,
            "LoadInputs: kind differs from the one given");
    Require(set.latest_time == s.generated, "LoadInputs: latest_time differs from the file's time");
    std::string why;
    // Offsets are of the decompressed content.
    const bool gzip = bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
    for (const CredentialRow* row : set.rows) {
      Require(row->root ? IsRootArn(row->arn) : ParseUserArn(row->arn, why).has_value(),
              "a credential-report row with an invalid ARN");
      Require(row->line >= 2, "a credential-report row on the header line");
    }
    for (const AdvisorRecord* rec : set.advisor) {
      Require(ParseUserArn(rec->arn, why).has_value(), "an advisor record with an invalid ARN");
      Require(!rec->completion || (s.generated && *rec->completion <= *s.generated),
              "an advisor completion time later than the file's time");
      Require(rec->offset < bytes.size(), "an advisor record offset outside the file");
      Require(gzip || bytes[rec->offset] == '{', "an advisor record offset not at its document");
    }
    for (const IamUserRecord* rec : set.iam_users) {
      Require(ParseUserArn(rec->arn, why).has_value(), "an IAM-details record with an invalid ARN");
      Require(gzip || (rec->offset < bytes.size() && bytes[rec->offset] == '{'),
              "an IAM-details record offset not at its document");
    }
    switch (s.kind) {
      case InputKind::kCredentialReport:
        Require(s.records == set.rows.size(), "report records differ from its rows");
        Require(set.advisor.empty() && set.iam_users.empty(), "a report with other records");
        break;
      case InputKind::kAccessAdvisor:
        Require(s.records >= set.advisor.size(), "fewer advisor documents than user records");
        Require(set.rows.empty() && set.iam_users.empty(), "an advisor file with other records");
        break;
      case InputKind::kIamDetails:
        Require(s.records == set.iam_users.size(), "IAM details records differ from its users");
        Require(set.rows.empty() && set.advisor.empty(), "an IAM details file with other records");
        break;
      case InputKind::kDetect:
        break;
    }
    out.ok = true;
    out.kind = s.kind;
    out.records = s.records;
    out.rows = set.rows.size();
    out.advisor = set.advisor.size();
    out.iam_users = set.iam_users.size();
  } catch (const Error& e) {
    CheckError(e, ErrorKind::kInput);
    CheckOneLine(e);
    out.error = e.Describe();
  }
  return out;
}

// Loads the file as `kind` and with kind detection, and checks that detection agrees with
// naming the detected kind explicitly. Returns the outcome for `kind`.
inline LoadOutcome LoadBothWays(const std::string& path, std::string_view bytes, InputKind kind) {
  const LoadOutcome named = Load(path, bytes, kind);
  const LoadOutcome detected = Load(path, bytes, InputKind::kDetect);
  if (!detected.ok) return named;
  const LoadOutcome again = detected.kind == kind ? named : Load(path, bytes, detected.kind);
  Require(again.ok, "a file read with kind detection fails when its kind is named");
  Require(again.records == detected.records && again.rows == detected.rows &&
              again.advisor == detected.advisor && again.iam_users == detected.iam_users,
          "kind detection and the named kind read different records");
  return named;
}

}  // namespace dormant::fuzz

#endif  // DORMANT_FUZZ_INPUT_FUZZING_H_
