// dormant/exemption_match.h — whether a policy exemption applies to a user.
#ifndef DORMANT_EXEMPTION_MATCH_H_
#define DORMANT_EXEMPTION_MATCH_H_

#include <string_view>

#include "dormant/policy.h"
#include "dormant/records.h"

namespace dormant {

// True when `a` and `b` are equal ignoring ASCII case (other bytes compare exactly).
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

// ASCII-case-insensitive glob: `*` matches any run of characters (`/` and `:` included),
// `?` exactly one.
bool GlobMatches(std::string_view pattern, std::string_view text);

enum class MatchResult { kNoMatch, kMatch, kUndecidable };

// The user an exemption is matched against.
struct ExemptionSubject {
  std::string_view user;  // name
  std::string_view arn;
  std::string_view account;
  std::string_view path;  // IAM path, e.g. `/ops/ci/`
  Instant user_creation_time{};
  const IamUserRecord* iam = nullptr;  // the IAM-details record with this ARN, if any
};

// Whether the subject's IAM-details record is usable: there is one, and its CreateDate
// equals user_creation_time (a record with another belongs to an earlier user of the same
// name).
bool HasUsableIamRecord(const ExemptionSubject& subject);

// kMatch when every given field matches. A tag match needs a usable IAM-details record
// (one whose CreateDate equals user_creation_time); without one, an exemption whose other
// fields all match is kUndecidable. Expiry is the caller's concern.
MatchResult MatchExemption(const Exemption::Match& match, const ExemptionSubject& subject);

}  // namespace dormant

#endif  // DORMANT_EXEMPTION_MATCH_H_
