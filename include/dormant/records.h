// dormant/records.h — what the readers extract from the input files.
//
// These are facts as exported, validated but not yet interpreted: no rule of evaluation
// is applied here. Each record remembers its file and line so that messages and the
// evaluator can point back at the evidence. Memory: one small record per user and kind
// (ARNs and tags kept once, in a StringStore), never per input byte.
#ifndef DORMANT_RECORDS_H_
#define DORMANT_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dormant/string_store.h"
#include "dormant/timestamp.h"

namespace dormant {

// A time column of the credential report: a timestamp or one of the three
// words that mean "no time". Eight bytes: the words are values below every timestamp.
class ReportTime {
 public:
  enum class Kind : std::uint8_t { kNotAvailable, kNoInformation, kNotSupported, kTimestamp };

  constexpr ReportTime() = default;  // N/A
  static constexpr ReportTime At(Instant t) { return ReportTime(t.time_since_epoch().count()); }
  static constexpr ReportTime Word(Kind k) {  // k is not kTimestamp
    return ReportTime(kWords + static_cast<std::int64_t>(k));
  }

  constexpr Kind kind() const {
    return v_ < kWords + 3 ? static_cast<Kind>(v_ - kWords) : Kind::kTimestamp;
  }
  constexpr bool is_time() const { return v_ >= kWords + 3; }
  constexpr Instant time() const { return Instant(std::chrono::seconds(v_)); }  // is_time()
  constexpr std::optional<Instant> value() const {
    return is_time() ? std::optional<Instant>(time()) : std::nullopt;
  }

 private:
  static constexpr std::int64_t kWords = INT64_MIN;  // far before year 1
  constexpr explicit ReportTime(std::int64_t v) : v_(v) {}
  std::int64_t v_ = kWords;
};

// An access key or signing certificate slot of a row (`access_key_N_*`, `cert_N_*`).
struct CredentialSlot {
  bool active = false;
  ReportTime last_rotated;
  ReportTime last_used;  // keys only; certificates have no usage data

  // Evidence: the credential exists when it is active or has a rotation time.
  bool exists() const { return active || last_rotated.is_time(); }
};

// One row of a credential report. 104 bytes: one is kept per user.
struct CredentialRow {
  std::string_view arn;    // into the InputSet's string store
  std::uint64_t line = 0;  // physical line of the row
  Instant user_creation_time{};
  ReportTime password_last_used;
  ReportTime password_last_changed;
  std::uint32_t file = 0;  // index of the report in the sorted input list
  bool root = false;
  enum class PasswordEnabled : std::uint8_t { kFalse, kTrue, kNotSupported };
  PasswordEnabled password_enabled = PasswordEnabled::kFalse;

  // access_key_N and cert_N (k = 0 for N = 1), stored packed. A certificate's last_used
  // is always N/A (IAM records no use of signing certificates).
  CredentialSlot key(int k) const { return {Active(k), key_rotated_[k], key_used_[k]}; }
  CredentialSlot cert(int k) const { return {Active(2 + k), cert_rotated_[k], ReportTime()}; }
  void SetKey(int k, const CredentialSlot& slot);
  void SetCert(int k, const CredentialSlot& slot);  // slot.last_used is not kept

  // The `user` column: `<root_account>` or the ARN's user name (the reader checks that
  // they agree, so the name is not stored twice).
  std::string_view user() const;

 private:
  bool Active(int bit) const { return ((active_ >> bit) & 1u) != 0; }
  void SetActive(int bit, bool on);

  std::uint8_t active_ = 0;  // bit k: access key k; bit 2 + k: certificate k
  ReportTime key_rotated_[2];
  ReportTime key_used_[2];
  ReportTime cert_rotated_[2];
};

// What one access-advisor document says about one IAM user.
struct AdvisorRecord {
  std::string_view arn;      // into the InputSet's string store
  std::uint64_t offset = 0;  // byte offset of the document in its file
  MaybeInstant activity;     // the latest LastAuthenticated, whatever the status
  MaybeInstant completion;   // JobCompletionDate
  std::uint32_t file = 0;
  std::int32_t element = -1;   // index inside a top-level array, or -1
  std::uint32_t services = 0;  // entries in ServicesLastAccessed
  bool completed = false;      // JobStatus is COMPLETED
  bool truncated = false;      // IsTruncated is true
  bool has_error = false;      // an Error member is present
};

// One UserDetailList entry of `get-account-authorization-details`.
struct IamUserRecord {
  std::string_view arn;      // into the InputSet's string store
  std::uint64_t offset = 0;  // byte offset of the document holding the entry
  Instant create_date{};
  std::vector<std::pair<std::string_view, std::string_view>> tags;  // {Key, Value}, stored too
  std::uint32_t file = 0;
  std::int32_t element = -1;  // index of that document inside a top-level array, or -1
  std::uint32_t entry = 0;    // index in UserDetailList
};

// The records read from one input file (their strings live in a StringStore). Moving it
// keeps pointers to its records valid.
struct FileRecords {
  std::vector<CredentialRow> rows;
  std::vector<AdvisorRecord> advisor;  // user documents only
  std::vector<IamUserRecord> iam_users;
};

}  // namespace dormant

#endif  // DORMANT_RECORDS_H_
