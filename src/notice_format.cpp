// The subject, text and JSON line of a notice (see notice_format.h). Built with appends:
// no streams, no locale, no clock.
#include "notice_format.h"

#include <algorithm>

#include "dormant/decision_format.h"
#include "text.h"

namespace dormant {
namespace {

// Appends a value read from a file (a name, a tag key, a path) to the text: a control
// character in it is written as \u00xx, so it cannot start a line or drive a terminal.
void AppendValue(std::string& out, std::string_view value) {
  AppendEscapingControls(out, value, ControlEscape::kUnicode);
}

// "1 user", "2 users".
std::string Counted(std::size_t n, std::string_view noun) {
  std::string s;
  AppendCount(s, n);
  s += ' ';
  s += noun;
  if (n != 1) s += 's';
  return s;
}

std::string_view HumanCredentialName(CredentialId id) {
  switch (id) {
    case CredentialId::kPassword:
      return "console password";
    case CredentialId::kAccessKey1:
      return "access key 1";
    case CredentialId::kAccessKey2:
      return "access key 2";
    case CredentialId::kCert1:
      return "signing certificate 1";
    case CredentialId::kCert2:
      return "signing certificate 2";
  }
  return "credential";
}

bool IsCertificate(CredentialId id) {
  return id == CredentialId::kCert1 || id == CredentialId::kCert2;
}

bool IsWarned(const NoticeUser& u) { return u.verdict == Verdict::kWarn; }

// The earliest deadline of the notice's `warn` users (there is at least one).
Date EarliestDeadline(const Notice& n) {
  Date earliest = Date::max();
  for (const NoticeUser& u : n.users) {
    if (u.deadline) earliest = std::min(earliest, *u.deadline);
  }
  return earliest;
}

// "    - access key 1 (access_key_1): issued …, last used …" for each named credential.
void AppendCredentials(std::string& s, const NoticeUser& u) {
  for (const CredentialDecision& c : u.credentials) {
    s += "    - ";
    s += HumanCredentialName(c.id);
    s += " (";
    s += CredentialName(c.id);
    s += "): issued ";
    AppendTimestamp(s, c.issued);
    if (IsCertificate(c.id)) {
      s += ", use not recorded by AWS\n";
    } else if (c.last_used) {
      s += ", last used ";
      AppendTimestamp(s, *c.last_used);
      s += "\n";
    } else {
      s += ", never used\n";
    }
  }
}

// "  Not used for 79 days (last activity 2026-09-01T10:14:00Z).\n"
void AppendIdle(std::string& s, const NoticeUser& u) {
  s += "  Not used for ";
  AppendCount(s, static_cast<std::uint64_t>(u.idle_days));
  if (u.last_activity) {
    s += " days (last activity ";
    AppendTimestamp(s, *u.last_activity);
    s += ").\n";
  } else {
    s += " days (never used).\n";
  }
}

// One user's paragraph: who it is, how long it has been idle, what happens to which
// credentials.
void AppendUser(std::string& s, const NoticeUser& u) {
  s += "* IAM user ";
  AppendValue(s, u.user);
  s += " in AWS account ";
  AppendValue(s, u.account);
  s += "\n  ";
  AppendValue(s, u.arn);
  s += "\n";
  switch (u.verdict) {
    case Verdict::kWarn:
      AppendIdle(s, u);
      s += "  Its credentials will be deactivated on or after ";
      AppendDate(s, *u.deadline);
      s += " unless used:\n";
      break;
    case Verdict::kDeactivate:
      AppendIdle(s, u);
      s += "  These credentials are scheduled to be deactivated when the reviewed plan runs:\n";
      break;
    default:  // prune
      s += "  The user is in use, but these credentials have not been used for a long time.\n"
           "  They are scheduled to be deactivated when the reviewed plan runs:\n";
      break;
  }
  AppendCredentials(s, u);
  if (!u.owner_tag.empty()) {
    s += "  (This user names you as its owner in its IAM tag ";
    AppendValue(s, u.owner_tag);
    s += ".)\n";
  }
  s += "\n";
}

void AppendSection(std::string& s, const Notice& n, bool warned, std::string_view title) {
  if (std::none_of(n.users.begin(), n.users.end(),
                   [warned](const NoticeUser& u) { return IsWarned(u) == warned; })) {
    return;
  }
  s += title;
  s += "\n\n";
  for (const NoticeUser& u : n.users) {
    if (IsWarned(u) == warned) AppendUser(s, u);
  }
}

// Why this address got the notice.
void AppendWhyYou(std::string& s, const Notice& n) {
  const bool any_owner = std::any_of(n.users.begin(), n.users.end(),
                                     [](const NoticeUser& u) { return !u.owner_tag.empty(); });
  const bool any_unowned = std::any_of(n.users.begin(), n.users.end(),
                                       [](const NoticeUser& u) { return u.owner_tag.empty(); });
  if (any_owner && any_unowned) {
    s += "You receive it because the IAM users below either name you as their owner in an\n"
         "IAM tag (noted with each user) or name no owner, and this address receives the\n"
         "notices of users without one.";
  } else if (any_owner) {
    s += "You receive it because the IAM users below name you as their owner in an IAM tag.";
  } else {
    s += "You receive it because the IAM users below name no owner in their IAM tags, and\n"
         "this address receives the notices of such users.";
  }
  s += "\n\n";
}

void AppendHowToKeep(std::string& s, const Notice& n, const NoticeContext& context) {
  const bool any_warned = std::any_of(n.users.begin(), n.users.end(), IsWarned);
  const bool any_action = !std::all_of(n.users.begin(), n.users.end(), IsWarned);
  bool any_certificate = false;
  for (const NoticeUser& u : n.users) {
    for (const CredentialDecision& c : u.credentials) any_certificate |= IsCertificate(c.id);
  }
  s += "How to keep access\n\n";
  if (any_warned) {
    s += "* Use it: any console sign-in or API call of the user before the date postpones\n"
         "  the deactivation. A credential that stays unused may still be deactivated on its\n"
         "  own later.\n";
  }
  if (any_action) {
    s += "* Use it before the plan runs: the plan checks each credential's last use again\n"
         "  and does not deactivate one that was used after this review.\n";
  }
  if (any_certificate) {
    s += "  (AWS records no use of signing certificates: to keep one, ask for an exemption.)\n";
  }
  s += "* Or, if the access must stay although it is rarely used, ask for an exemption.\n";
  if (context.policy_source == "default") {
    s += "  This review used dormant's built-in default policy, which has no exemptions:\n"
         "  an exemption needs a policy file.\n";
  } else {
    s += "  Exemptions are kept in the policy file of this review: ";
    AppendValue(s, context.policy_source);
    s += "\n";
  }
  s += "\n";
}

}  // namespace

std::string NoticeSubject(const Notice& n) {
  const auto warned =
      static_cast<std::size_t>(std::count_if(n.users.begin(), n.users.end(), IsWarned));
  const std::size_t actions = n.users.size() - warned;
  std::string s = "Unused AWS IAM access: ";
  if (actions != 0) {
    s += Counted(actions, "user");
    s += " scheduled for deactivation";
    if (warned != 0) s += "; ";
  }
  if (warned != 0) {
    s += Counted(warned, "user");
    s += " to be deactivated on or after ";
    AppendDate(s, EarliestDeadline(n));
    s += " unless used";
  }
  return s;
}

std::string NoticeText(const Notice& n, const NoticeContext& context) {
  std::string s = "Hello,\n\n";
  s += "This is a notice from the review of unused AWS IAM access (as of ";
  AppendTimestamp(s, context.as_of);
  s += ").\n";
  AppendWhyYou(s, n);
  AppendSection(s, n, false, "Scheduled for deactivation");
  AppendSection(s, n, true, "Approaching the idle limit");
  if (!std::all_of(n.users.begin(), n.users.end(), IsWarned)) {
    s += "What deactivation means\n\n"
         "A console password is deleted; an access key or signing certificate is set\n"
         "Inactive (it stops working, it is not deleted). If something breaks, the security\n"
         "team can restore it quickly with the plan's undo script: keys and certificates\n"
         "become Active again, and a deleted console password is replaced by a new one that\n"
         "must be changed at the next sign-in.\n\n";
  }
  AppendHowToKeep(s, n, context);
  s += "Questions? Reply to this message or ask your security team.\n\n"
       "Nothing has been changed by this message.\n";
  return s;
}

void AppendNoticeLine(std::string& out, const Notice& n, const NoticeContext& context) {
  out += "{\"to\":";
  AppendJsonString(out, n.to);
  out += ",\"subject\":";
  AppendJsonString(out, NoticeSubject(n));
  out += ",\"text\":";
  AppendJsonString(out, NoticeText(n, context));
  out += ",\"users\":[";
  for (std::size_t i = 0; i < n.users.size(); ++i) {
    const NoticeUser& u = n.users[i];
    if (i > 0) out += ',';
    out += "{\"arn\":";
    AppendJsonString(out, u.arn);
    out += ",\"verdict\":";
    AppendJsonString(out, VerdictName(u.verdict));
    out += ",\"deadline\":";
    if (u.deadline) {
      out += '"';
      AppendDate(out, *u.deadline);
      out += '"';
    } else {
      out += "null";
    }
    out += ",\"credentials\":[";
    for (std::size_t j = 0; j < u.credentials.size(); ++j) {
      if (j > 0) out += ',';
      AppendJsonString(out, CredentialName(u.credentials[j].id));
    }
    out += "]}";
  }
  out += "]}\n";
}

}  // namespace dormant
