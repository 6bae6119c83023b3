// dormant/notices.h — who is told what about a decision file: the notices a mailer sends
// before credentials go (verdict `warn`) and when the reviewed plan is about to take them
// (`deactivate`, `prune`).
//
// A notified user goes to its *owner*: the value of the first owner tag key (in the order
// given; keys compare ASCII-case-insensitively, values are used as they are) present with a
// non-empty value on the user's IAM-details record; else to the fallback address; else to
// the recipient "" (which a mailer must treat as undeliverable). No other verdict is
// notified: not `hold` (nothing happens while it holds), `keep`, `exempt`, `root` or
// `already_inactive`. Notices are grouped per recipient and sorted bytewise by recipient,
// each notice's users by ARN, so the same decision file and records give the same notices.
//
// Memory: one NoticeUser per notified user (its names and at most five credentials);
// nothing for the users that are not notified.
#ifndef DORMANT_NOTICES_H_
#define DORMANT_NOTICES_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/decision_format.h"
#include "dormant/decisions.h"
#include "dormant/records.h"
#include "dormant/timestamp.h"

namespace dormant {

using Date = std::chrono::sys_days;

// Who receives the notices of users that are notified.
struct NoticeRouting {
  // The tag keys that name a user's owner, the first present one winning.
  std::vector<std::string> owner_tags = {"owner", "email"};
  // For users without an owner; none: such users go to the recipient "".
  std::optional<std::string> fallback;
};

// True for the verdicts that get a notice: `warn`, `deactivate` and `prune`.
bool IsNotified(Verdict v);

// The UTC date on which a user idle since `idle_since` reaches `idle_days_user` idle days
// if nothing is used: the date of idle_since + idle_days_user × 86400 s, the first instant
// at which floor((as_of - idle_since) / 86400) >= idle_days_user.
Date IdleDeadline(Instant idle_since, std::int64_t idle_days_user);

// Appends `date` as `YYYY-MM-DD` (a year beyond 9999 with all its digits).
void AppendDate(std::string& out, Date date);

// The owner named by `record` (may be nullptr: no IAM-details record) under `owner_tags`:
// the value of the first key present with a non-empty value, and that key as the record
// spells it. nullopt when there is none.
struct Owner {
  std::string_view address;
  std::string_view tag_key;
};
std::optional<Owner> FindOwner(const IamUserRecord* record,
                               const std::vector<std::string>& owner_tags);

// One notified user, as its notice describes it.
struct NoticeUser {
  std::string arn;
  std::string account;
  std::string user;
  Verdict verdict = Verdict::kWarn;
  std::int64_t idle_days = 0;
  std::optional<Instant> last_activity;
  std::optional<Date> deadline;  // `warn` only
  // `warn`: every active credential; otherwise those with action `deactivate`.
  std::vector<CredentialDecision> credentials;
  std::string owner_tag;  // the tag key that named the owner; empty: not a tag (fallback)
};

// All that one recipient is told.
struct Notice {
  std::string to;
  std::vector<NoticeUser> users;  // sorted by ARN
};

// Collects the notices of a decision file, one user line at a time:
//
//   NoticeBuilder b(routing, policy.idle_user);
//   while (const UserLine* u = reader.Next()) b.Add(*u, inputs.FindIamUser(u->arn));
//   std::vector<Notice> notices = std::move(b).Finish();
class NoticeBuilder {
 public:
  // `idle_days_user`: the policy's `idle_days.user`, for the deadlines of `warn`.
  NoticeBuilder(NoticeRouting routing, std::int64_t idle_days_user);

  // Adds `user` when its verdict is notified (see IsNotified); `record` is the user's
  // IAM-details record, or nullptr. Users may come in any order.
  void Add(const UserLine& user, const IamUserRecord* record);

  // The notices, sorted by recipient (bytewise), each with its users sorted by ARN.
  std::vector<Notice> Finish() &&;

 private:
  NoticeRouting routing_;
  std::int64_t idle_days_user_;
  std::map<std::string, std::vector<NoticeUser>> by_recipient_;
};

}  // namespace dormant

#endif  // DORMANT_NOTICES_H_
