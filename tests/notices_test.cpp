// The notice model (notices.h) and its bytes (notice_format.h): who is notified, who
// receives it, the deadline arithmetic at its boundaries, grouping and order.
#include "dormant/notices.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "notice_format.h"

namespace dormant {
namespace {

using std::chrono::days;
using std::chrono::seconds;

Instant At(std::string_view text) { return *ParseTimestamp(text); }

std::string DateText(Date d) {
  std::string s;
  AppendDate(s, d);
  return s;
}

CredentialDecision Credential(CredentialId id, bool active, Action action) {
  CredentialDecision c;
  c.id = id;
  c.active = active;
  c.action = action;
  c.issued = At("2024-01-02T03:04:05Z");
  return c;
}

// A user line of `verdict` with an active password and key 1 and an inactive key 2; for
// `deactivate` every active credential has action deactivate, for `prune` key 1 only.
UserLine Line(const std::string& name, Verdict verdict,
              const std::string& account = "111122223333") {
  UserLine u;
  u.user = name;
  u.account = account;
  u.arn = "arn:aws:iam::" + account + ":user/people/" + name;
  u.verdict = verdict;
  u.idle_since = At("2026-09-01T10:14:00Z");
  u.idle_days = 79;
  u.last_activity = u.idle_since;
  const bool deactivate = verdict == Verdict::kDeactivate;
  const bool prune = verdict == Verdict::kPrune;
  u.credentials = {
      Credential(CredentialId::kPassword, true, deactivate ? Action::kDeactivate : Action::kNone),
      Credential(CredentialId::kAccessKey1, true,
                 deactivate || prune ? Action::kDeactivate : Action::kNone),
      Credential(CredentialId::kAccessKey2, false, Action::kNone),
  };
  return u;
}

// An IAM-details record with `tags` (the strings must outlive it: literals here).
IamUserRecord Record(std::vector<std::pair<std::string_view, std::string_view>> tags) {
  IamUserRecord r;
  r.tags = std::move(tags);
  return r;
}

std::vector<Notice> Build(const std::vector<std::pair<UserLine, const IamUserRecord*>>& users,
                          NoticeRouting routing = {}, std::int64_t idle_days_user = 90) {
  NoticeBuilder b(std::move(routing), idle_days_user);
  for (const auto& [u, record] : users) b.Add(u, record);
  return std::move(b).Finish();
}

BOOST_AUTO_TEST_SUITE(notices)

BOOST_AUTO_TEST_CASE(only_warn_deactivate_and_prune_are_notified) {
  for (std::size_t i = 0; i < kVerdictCount; ++i) {
    const auto v = static_cast<Verdict>(i);
    BOOST_TEST_CONTEXT(v) {
      const bool want = v == Verdict::kWarn || v == Verdict::kDeactivate || v == Verdict::kPrune;
      BOOST_TEST(IsNotified(v) == want);
      BOOST_TEST(Build({{Line("a", v), nullptr}}).size() == (want ? 1u : 0u));
    }
  }
}

BOOST_AUTO_TEST_CASE(deadline_is_the_date_the_idle_limit_is_reached) {
  struct Case {
    const char* idle_since;
    std::int64_t limit;
    const char* want;
  };
  const Case cases[] = {
      // As-of 2026-11-20T00:00:00Z: 89 idle days, the limit reached later that day (today).
      {"2026-08-22T23:59:59Z", 90, "2026-11-20"},
      // Exactly 89 days before as-of: the limit is reached at midnight (tomorrow).
      {"2026-08-23T00:00:00Z", 90, "2026-11-21"},
      {"2026-08-22T00:00:00Z", 90, "2026-11-20"},
      // Across a leap day: 2027-12-01 + 90 days is 2028-02-29, + 91 days 2028-03-01.
      {"2027-12-01T12:00:00Z", 90, "2028-02-29"},
      {"2027-12-01T12:00:00Z", 91, "2028-03-01"},
      {"2028-02-28T23:59:59Z", 1, "2028-02-29"},
      {"2027-02-28T23:59:59Z", 1, "2027-03-01"},
      // Offsets were converted to UTC when read: the date is UTC.
      {"2026-08-22T23:30:00-05:00", 90, "2026-11-21"},
      {"1970-01-01T00:00:00Z", 0, "1970-01-01"},
      {"9999-12-01T00:00:00Z", 90, "10000-02-29"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.idle_since << " + " << c.limit) {
      BOOST_TEST(DateText(IdleDeadline(At(c.idle_since), c.limit)) == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(deadline_agrees_with_idle_days) {
  // The deadline is the first day on which an as-of makes idle_days reach the limit.
  const Instant since = At("2026-03-14T15:09:26Z");
  const Date deadline = IdleDeadline(since, 90);
  const Instant reached = since + days(90);
  BOOST_TEST(IdleDays(reached, since) == 90);
  BOOST_TEST(IdleDays(reached - seconds(1), since) == 89);
  BOOST_TEST((std::chrono::floor<days>(reached) == deadline));
  BOOST_TEST(IdleDays(Instant(deadline) - seconds(1), since) == 89);  // the day before
}

BOOST_AUTO_TEST_CASE(warn_gets_a_deadline_from_idle_since_and_the_policy) {
  const auto n = Build({{Line("a", Verdict::kWarn), nullptr}}, {}, 90);
  BOOST_REQUIRE(n.size() == 1u);
  BOOST_REQUIRE(n[0].users.size() == 1u);
  BOOST_TEST(DateText(*n[0].users[0].deadline) == "2026-11-30");
  const auto shorter = Build({{Line("a", Verdict::kWarn), nullptr}}, {}, 80);
  BOOST_TEST(DateText(*shorter[0].users[0].deadline) == "2026-11-20");
  for (const Verdict v : {Verdict::kDeactivate, Verdict::kPrune}) {
    BOOST_TEST(!Build({{Line("a", v), nullptr}})[0].users[0].deadline.has_value());
  }
}

BOOST_AUTO_TEST_CASE(credentials_named_per_verdict) {
  auto ids = [](Verdict v) {
    std::string s;
    const std::vector<Notice> n = Build({{Line("a", v), nullptr}});
    for (const auto& c : n[0].users[0].credentials) {
      s += std::string(CredentialName(c.id)) + " ";
    }
    return s;
  };
  BOOST_TEST(ids(Verdict::kWarn) == "password access_key_1 ");  // every active one
  BOOST_TEST(ids(Verdict::kDeactivate) == "password access_key_1 ");
  BOOST_TEST(ids(Verdict::kPrune) == "access_key_1 ");  // action deactivate only
}

BOOST_AUTO_TEST_CASE(owner_is_the_first_owner_tag_present) {
  const IamUserRecord both = Record({{"EMAIL", "e@example.com"}, {"Owner", "team-a"}});
  const std::vector<std::string> default_tags = {"owner", "email"};
  BOOST_TEST(FindOwner(&both, default_tags)->address == "team-a");
  BOOST_TEST(FindOwner(&both, default_tags)->tag_key == "Owner");
  const std::vector<std::string> email_first = {"email", "owner"};
  BOOST_TEST(FindOwner(&both, email_first)->address == "e@example.com");
  BOOST_TEST(FindOwner(&both, email_first)->tag_key == "EMAIL");
  const IamUserRecord email_only = Record({{"Team", "x"}, {"eMail", "e@example.com"}});
  BOOST_TEST(FindOwner(&email_only, default_tags)->address == "e@example.com");
  const IamUserRecord none = Record({{"Team", "x"}, {"owners", "y"}, {"own", "z"}});
  BOOST_TEST(!FindOwner(&none, default_tags).has_value());
  BOOST_TEST(!FindOwner(nullptr, default_tags).has_value());
  // Values are kept exactly; an empty value names nobody.
  const IamUserRecord empty_owner = Record({{"owner", ""}, {"email", " E@Example.com "}});
  BOOST_TEST(FindOwner(&empty_owner, default_tags)->address == " E@Example.com ");
  const std::vector<std::string> team = {"TEAM"};
  BOOST_TEST(FindOwner(&none, team)->address == "x");
}

BOOST_AUTO_TEST_CASE(routing_owner_fallback_and_undeliverable) {
  const IamUserRecord owned = Record({{"owner", "team-a@example.com"}});
  const std::vector<std::pair<UserLine, const IamUserRecord*>> users = {
      {Line("a", Verdict::kWarn), &owned},
      {Line("b", Verdict::kDeactivate), nullptr},
  };
  const auto without = Build(users);
  BOOST_REQUIRE(without.size() == 2u);
  BOOST_TEST(without[0].to == "");  // sorted first
  BOOST_TEST(without[0].users[0].user == "b");
  BOOST_TEST(without[0].users[0].owner_tag == "");
  BOOST_TEST(without[1].to == "team-a@example.com");
  BOOST_TEST(without[1].users[0].owner_tag == "owner");
  NoticeRouting routing;
  routing.fallback = "security@example.com";
  const auto with = Build(users, routing);
  BOOST_REQUIRE(with.size() == 2u);
  BOOST_TEST(with[0].to == "security@example.com");
  BOOST_TEST(with[1].to == "team-a@example.com");
  // The fallback may be an owner's address too: one notice holds both users.
  routing.fallback = "team-a@example.com";
  const auto merged = Build(users, routing);
  BOOST_REQUIRE(merged.size() == 1u);
  BOOST_TEST(merged[0].users.size() == 2u);
}

BOOST_AUTO_TEST_CASE(recipients_bytewise_users_by_arn) {
  const IamUserRecord upper = Record({{"owner", "Zed"}});
  const IamUserRecord lower = Record({{"owner", "alice"}});
  const IamUserRecord high = Record({{"owner", "\xc3\xa9ric"}});  // é: above every ASCII byte
  const auto n = Build({
      {Line("z", Verdict::kWarn, "444455556666"), &lower},
      {Line("m", Verdict::kPrune), &high},
      {Line("b", Verdict::kWarn), &lower},
      {Line("c", Verdict::kDeactivate), &upper},
      {Line("a", Verdict::kDeactivate), &lower},
  });
  BOOST_REQUIRE(n.size() == 3u);
  BOOST_TEST(n[0].to == "Zed");
  BOOST_TEST(n[1].to == "alice");
  BOOST_TEST(n[2].to == "\xc3\xa9ric");
  BOOST_REQUIRE(n[1].users.size() == 3u);
  BOOST_TEST(n[1].users[0].user == "a");
  BOOST_TEST(n[1].users[1].user == "b");
  BOOST_TEST(n[1].users[2].user == "z");
}

BOOST_AUTO_TEST_CASE(json_line_shape_and_escaping) {
  const IamUserRecord hostile = Record({{"owner", "a\"b\\c\n$(touch x)`id`\xe2\x98\x83"}});
  const auto n = Build({{Line("a", Verdict::kWarn), &hostile}});
  std::string line;
  AppendNoticeLine(line, n[0], {At("2026-11-20T00:00:00Z"), "policy.json"});
  const std::string to = R"({"to":"a\"b\\c\u000a$(touch x)`id`)"
                         "\xe2\x98\x83"
                         R"(","subject":)";
  BOOST_TEST(line.rfind(to, 0) == 0u);
  BOOST_TEST(
      line.find(
          R"(,"users":[{"arn":"arn:aws:iam::111122223333:user/people/a","verdict":"warn","deadline":"2026-11-30","credentials":["password","access_key_1"]}]})"
          "\n") != std::string::npos);
  BOOST_TEST(line.find('\n') == line.size() - 1);  // one line
}

BOOST_AUTO_TEST_CASE(text_says_what_when_and_how_to_keep_access) {
  const IamUserRecord owned = Record({{"Owner", "team-a"}});
  const auto n = Build({{Line("w", Verdict::kWarn), &owned},
                        {Line("d", Verdict::kDeactivate), nullptr},
                        {Line("p", Verdict::kPrune), &owned}},
                       {});
  BOOST_REQUIRE(n.size() == 2u);
  const NoticeContext context{At("2026-11-20T00:00:00Z"), "reviews/policy.json"};
  const std::string mixed = NoticeText(n[1], context);
  BOOST_TEST_MESSAGE(mixed);
  for (const char* want : {
           "Hello,\n",
           "will be deactivated on or after 2026-11-30 unless used",
           "scheduled to be deactivated when the reviewed plan runs",
           "undo script",
           "reviews/policy.json",
           "Reply to this message or ask your security team",
           "arn:aws:iam::111122223333:user/people/p",
           "access key 1 (access_key_1)",
           "IAM tag Owner",
       }) {
    BOOST_TEST_CONTEXT(want) { BOOST_TEST(mixed.find(want) != std::string::npos); }
  }
  BOOST_TEST(NoticeSubject(n[1]) ==
             "Unused AWS IAM access: 1 user scheduled for deactivation; 1 user to be "
             "deactivated on or after 2026-11-30 unless used");
  BOOST_TEST(NoticeSubject(n[0]) == "Unused AWS IAM access: 1 user scheduled for deactivation");
  const std::string unowned = NoticeText(n[0], {context.as_of, "default"});
  BOOST_TEST(unowned.find("name no owner") != std::string::npos);
  BOOST_TEST(unowned.find("built-in default policy") != std::string::npos);
  BOOST_TEST(unowned.find("on or after") == std::string::npos);  // no warned user in it
}

BOOST_AUTO_TEST_CASE(text_has_no_control_character_but_newlines) {
  const IamUserRecord hostile = Record({{"own\ner", "x"}});
  const std::vector<std::string> keys = {"own\ner"};
  NoticeRouting routing;
  routing.owner_tags = keys;
  const auto n = Build({{Line("a", Verdict::kWarn), &hostile}}, routing);
  const std::string text = NoticeText(n[0], {At("2026-11-20T00:00:00Z"), "p\x1b[31m.json"});
  for (const char c : text) {
    BOOST_TEST((c == '\n' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)));
  }
  BOOST_TEST(text.find("own\\u000aer") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
