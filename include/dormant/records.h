// dormant/records.h — what the readers extract from the input files.
//
// These are facts as exported, validated but not yet interpreted: no rule of SPEC §3–§5
// is applied here. Each record remembers its file and line so that messages and the
// evaluator can point back at the evidence. Memory: one record per user (a few hundred
// bytes), never per input byte.
#ifndef DORMANT_RECORDS_H_
#define DORMANT_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dormant/timestamp.h"

namespace dormant {

// A time column of the credential report (SPEC §2.1): a timestamp or one of the three
// words that mean "no time".
struct ReportTime {
  enum class Kind : std::uint8_t { kNotAvailable, kNoInformation, kNotSupported, kTimestamp };
  Kind kind = Kind::kNotAvailable;
  Instant time{};

  bool is_time() const { return kind == Kind::kTimestamp; }
  std::optional<Instant> value() const {
    return is_time() ? std::optional<Instant>(time) : std::nullopt;
  }
};

// An access key or signing certificate slot of a row (`access_key_N_*`, `cert_N_*`).
struct CredentialSlot {
  bool active = false;
  ReportTime last_rotated;
  ReportTime last_used;  // keys only; certificates have no usage data

  // SPEC §3: the credential exists when it is active or has a rotation time.
  bool exists() const { return active || last_rotated.is_time(); }
};

// One row of a credential report.
struct CredentialRow {
  std::string arn;
  std::string user;
  std::uint32_t file = 0;  // index of the report in the sorted input list
  std::uint64_t line = 0;  // physical line of the row
  bool root = false;

  Instant user_creation_time{};
  enum class PasswordEnabled : std::uint8_t { kFalse, kTrue, kNotSupported };
  PasswordEnabled password_enabled = PasswordEnabled::kFalse;
  ReportTime password_last_used;
  ReportTime password_last_changed;
  CredentialSlot keys[2];
  CredentialSlot certs[2];
};

// What one access-advisor document says about one IAM user (SPEC §2.2).
struct AdvisorRecord {
  std::string arn;
  std::uint32_t file = 0;
  std::uint64_t offset = 0;    // byte offset of the document in its file
  std::int64_t element = -1;   // index inside a top-level array, or -1
  std::optional<Instant> activity;    // the latest LastAuthenticated, whatever the status
  std::optional<Instant> completion;  // JobCompletionDate
  bool completed = false;             // JobStatus is COMPLETED
  bool truncated = false;             // IsTruncated is true
  bool has_error = false;             // an Error member is present
  std::uint32_t services = 0;         // entries in ServicesLastAccessed
};

// One UserDetailList entry of `get-account-authorization-details` (SPEC §2.3).
struct IamUserRecord {
  std::string arn;
  std::uint32_t file = 0;
  std::uint64_t offset = 0;   // byte offset of the document holding the entry
  std::int64_t element = -1;  // index of that document inside a top-level array, or -1
  std::uint32_t entry = 0;    // index in UserDetailList
  Instant create_date{};
  std::vector<std::pair<std::string, std::string>> tags;  // {Key, Value}
};

}  // namespace dormant

#endif  // DORMANT_RECORDS_H_
