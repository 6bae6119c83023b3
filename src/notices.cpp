// The notice model (see notices.h): owners from IAM-details tags, deadlines, grouping.
#include "dormant/notices.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "exemption_match.h"

namespace dormant {
namespace {

// Appends `v` in decimal, zero-padded to `width` digits.
void AppendPadded(std::string& out, long long v, std::size_t width) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  const auto n = static_cast<std::size_t>(r.ptr - buf);
  if (n < width) out.append(width - n, '0');
  out.append(buf, n);
}

// The credentials a notice names: for `warn` those that would go at the deadline (every
// active one), otherwise those the plan deactivates.
std::vector<CredentialDecision> NamedCredentials(const UserLine& u) {
  std::vector<CredentialDecision> named;
  for (const CredentialDecision& c : u.credentials) {
    if (u.verdict == Verdict::kWarn ? c.active : c.action == Action::kDeactivate) {
      named.push_back(c);
    }
  }
  return named;
}

}  // namespace

bool IsNotified(Verdict v) {
  return v == Verdict::kWarn || v == Verdict::kDeactivate || v == Verdict::kPrune;
}

Date IdleDeadline(Instant idle_since, std::int64_t idle_days_user) {
  return std::chrono::floor<std::chrono::days>(idle_since + std::chrono::days(idle_days_user));
}

void AppendDate(std::string& out, Date date) {
  const std::chrono::year_month_day ymd(date);
  AppendPadded(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  AppendPadded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  AppendPadded(out, static_cast<unsigned>(ymd.day()), 2);
}

std::optional<Owner> FindOwner(const IamUserRecord* record,
                               const std::vector<std::string>& owner_tags) {
  if (record == nullptr) return std::nullopt;
  for (const std::string& wanted : owner_tags) {
    for (const auto& [key, value] : record->tags) {
      // An empty value names nobody: the next key, or the fallback, may.
      if (!value.empty() && EqualsIgnoringAsciiCase(key, wanted)) return Owner{value, key};
    }
  }
  return std::nullopt;
}

NoticeBuilder::NoticeBuilder(NoticeRouting routing, std::int64_t idle_days_user)
    : routing_(std::move(routing)), idle_days_user_(idle_days_user) {}

void NoticeBuilder::Add(const UserLine& u, const IamUserRecord* record) {
  if (!IsNotified(u.verdict)) return;
  NoticeUser n;
  n.arn = u.arn;
  n.account = u.account;
  n.user = u.user;
  n.verdict = u.verdict;
  n.idle_days = u.idle_days;
  n.last_activity = u.last_activity;
  if (u.verdict == Verdict::kWarn) n.deadline = IdleDeadline(u.idle_since, idle_days_user_);
  n.credentials = NamedCredentials(u);
  std::string to;
  if (const auto owner = FindOwner(record, routing_.owner_tags)) {
    to = owner->address;
    n.owner_tag = owner->tag_key;
  } else if (routing_.fallback) {
    to = *routing_.fallback;
  }
  by_recipient_[std::move(to)].push_back(std::move(n));
}

std::vector<Notice> NoticeBuilder::Finish() && {
  std::vector<Notice> notices;
  notices.reserve(by_recipient_.size());
  // std::map orders std::string keys bytewise (char_traits<char> compares as unsigned char).
  for (auto& [to, users] : by_recipient_) {
    std::sort(users.begin(), users.end(),
              [](const NoticeUser& a, const NoticeUser& b) { return a.arn < b.arn; });
    notices.push_back({to, std::move(users)});
  }
  by_recipient_.clear();
  return notices;
}

}  // namespace dormant
