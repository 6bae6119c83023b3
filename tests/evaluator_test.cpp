// The rules (evidence, policy, verdicts, decision-file facts) as Evaluate() and DetermineAsOf()
// apply them, on InputSets built by hand. Every test sits on a boundary of one rule, so that it
// fails if the rule breaks.
#include "dormant/evaluator.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "evaluated.h"

namespace dormant {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const std::string kAccount = "111122223333";

// 2026-11-20T00:00:00Z, the as-of of most tests.
Instant AsOf() {
  using namespace std::chrono;
  return Instant(sys_days(year_month_day(year(2026), month(11), day(20))));
}

Instant DaysAgo(std::int64_t days) { return AsOf() - seconds(days * 86400); }

Instant At(std::string_view text) {
  const auto t = ParseTimestamp(text);
  if (!t) throw std::logic_error("bad test timestamp " + std::string(text));
  return *t;
}

ReportTime Time(Instant t) { return ReportTime::At(t); }
ReportTime NotAvailable() { return ReportTime{}; }
ReportTime NoInformation() { return ReportTime::Word(ReportTime::Kind::kNoInformation); }
ReportTime TimeOrNotAvailable(std::optional<Instant> t) { return t ? Time(*t) : NotAvailable(); }

// Keeps the records' strings (ARNs, tags) for the whole test run.
std::string_view Keep(const std::string& s) {
  static StringStore strings;
  return strings.Copy(s);
}

std::string UserArn(const std::string& name, const std::string& account = kAccount) {
  return "arn:aws:iam::" + account + ":user/" + name;
}

// A credential-report row, built credential by credential. By default the user was
// created 1000 days before as-of and has no credential at all.
class Row {
 public:
  explicit Row(const std::string& name, const std::string& account = kAccount) : name_(name) {
    row_.arn = Keep(UserArn(name, account));
    row_.user_creation_time = DaysAgo(1000);
  }
  static Row Root(const std::string& account = kAccount) {
    Row r("root", account);
    r.row_.arn = Keep("arn:aws:iam::" + account + ":root");
    r.row_.root = true;
    r.row_.password_enabled = CredentialRow::PasswordEnabled::kNotSupported;
    r.row_.password_last_used = ReportTime::Word(ReportTime::Kind::kNotSupported);
    r.row_.password_last_changed = ReportTime::Word(ReportTime::Kind::kNotSupported);
    return r;
  }
  // An IAM path such as `/ops/ci/`.
  Row& Path(const std::string& path, const std::string& account = kAccount) {
    row_.arn = Keep("arn:aws:iam::" + account + ":user" + path + name_);
    return *this;
  }
  Row& Created(Instant t) {
    row_.user_creation_time = t;
    return *this;
  }
  // password_enabled=true.
  Row& Password(std::optional<Instant> last_used, std::optional<Instant> last_changed = {}) {
    row_.password_enabled = CredentialRow::PasswordEnabled::kTrue;
    row_.password_last_used = TimeOrNotAvailable(last_used);
    row_.password_last_changed = TimeOrNotAvailable(last_changed);
    return *this;
  }
  // password_enabled=false with the given (non-timestamp) password_last_used.
  Row& NoPassword(ReportTime last_used) {
    row_.password_enabled = CredentialRow::PasswordEnabled::kFalse;
    row_.password_last_used = last_used;
    row_.password_last_changed = last_used;
    return *this;
  }
  // access_key_N (N = 1 or 2).
  Row& Key(int n, bool active, std::optional<Instant> rotated,
           std::optional<Instant> last_used = {}) {
    row_.SetKey(n - 1, {active, TimeOrNotAvailable(rotated), TimeOrNotAvailable(last_used)});
    return *this;
  }
  // cert_N (N = 1 or 2).
  Row& Cert(int n, bool active, std::optional<Instant> rotated) {
    row_.SetCert(n - 1, {active, TimeOrNotAvailable(rotated), ReportTime()});
    return *this;
  }
  Row& InFile(std::uint32_t file) {
    row_.file = file;
    return *this;
  }
  CredentialRow& raw() { return row_; }
  const CredentialRow& row() const { return row_; }

 private:
  std::string name_;
  CredentialRow row_;
};

// Shorthands for the users most tests need.
// deactivate (never used): one active key issued 200 days ago, no password.
Row DormantKeyUser(const std::string& name, const std::string& account = kAccount) {
  return std::move(Row(name, account).Key(1, true, DaysAgo(200)));
}
// deactivate (never used): a password set 200 days ago.
Row DormantPasswordUser(const std::string& name, const std::string& account = kAccount) {
  return std::move(Row(name, account).Password(std::nullopt, DaysAgo(200)));
}
// keep: a password used yesterday.
Row FreshPasswordUser(const std::string& name, const std::string& account = kAccount) {
  return std::move(Row(name, account).Password(DaysAgo(1), DaysAgo(500)));
}
// keep: an access key used yesterday, no password.
Row FreshKeyUser(const std::string& name, const std::string& account = kAccount) {
  return std::move(Row(name, account).Key(1, true, DaysAgo(500), DaysAgo(1)));
}
// prune: a password used yesterday, an access key issued 200 days ago and never used.
Row PrunableUser(const std::string& name, const std::string& account = kAccount) {
  return std::move(
      Row(name, account).Password(DaysAgo(1), DaysAgo(500)).Key(1, true, DaysAgo(200)));
}

// An access-advisor document that is evidence at AsOf() (completed an hour before, with
// services listed) and has the given activity.
AdvisorRecord Evidence(const std::string& arn, std::optional<Instant> activity = {}) {
  AdvisorRecord rec;
  rec.arn = Keep(arn);
  rec.completed = true;
  rec.completion = AsOf() - hours(1);
  rec.services = 3;
  rec.activity = activity;
  return rec;
}

Exemption ExemptUser(const std::string& id, const std::string& user_glob) {
  Exemption x;
  x.id = id;
  x.reason = "test";
  x.match.user = user_glob;
  return x;
}

// The inputs and policy of one evaluation. By default one credential report
// `report.json`, generated an hour before AsOf(), and the default policy.
class World {
 public:
  World() { Report("report.json", AsOf() - hours(1)); }

  // Adds a credential-report summary; returns its index for Row::InFile.
  std::uint32_t Report(const std::string& path, std::optional<Instant> generated,
                       InputKind kind = InputKind::kCredentialReport) {
    InputSummary s;
    s.path = path;
    s.kind = kind;
    s.generated = generated;
    set_.inputs.push_back(s);
    return static_cast<std::uint32_t>(set_.inputs.size() - 1);
  }
  void SetReportGenerated(std::optional<Instant> generated) {
    set_.inputs[0].generated = generated;
  }
  // For tests of other rules that need more actions than the guardrails allow.
  void NoGuardrails() {
    policy.min_actions_before_percent = 1000000;
    policy.max_actions_per_run = 1000000;
  }
  World& Add(const Row& row) {
    Records().rows.push_back(row.row());
    return *this;
  }
  World& Advisor(const AdvisorRecord& rec) {
    Records().advisor.push_back(rec);
    return *this;
  }
  World& Iam(const std::string& arn, Instant create_date,
             std::vector<std::pair<std::string, std::string>> tags) {
    IamUserRecord rec;
    rec.arn = Keep(arn);
    rec.create_date = create_date;
    for (const auto& [key, value] : tags) rec.tags.emplace_back(Keep(key), Keep(value));
    Records().iam_users.push_back(rec);
    return *this;
  }

  // Sorts the records by ARN, as LoadInputs does, then evaluates.
  Evaluated Run(Instant as_of = AsOf()) {
    IndexRecords(set_);
    return Evaluated(Evaluate(set_, policy, as_of));
  }

  Policy policy;

 private:
  // All records of a world sit in one FileRecords; `file` says which input they are from.
  FileRecords& Records() {
    if (set_.files.empty()) set_.files.emplace_back();
    return set_.files[0];
  }

  InputSet set_;
};

const UserDecision& UserNamed(const Evaluated& d, std::string_view name) {
  for (const UserDecision& u : d.users) {
    if (u.row->user() == name) return u;
  }
  BOOST_FAIL("no decision for user " << name);
  throw std::logic_error("unreachable");
}

// "user_idle,never_used" (exempt is written `exempt`).
std::string Reasons(const UserDecision& u) {
  std::string out;
  for (std::size_t i = 0; i < kReasonCount; ++i) {
    const auto r = static_cast<Reason>(i);
    if (!u.reasons.Has(r)) continue;
    if (!out.empty()) out += ',';
    out += ReasonName(r);
  }
  return out;
}

// "password:deactivate access_key_1:none", in credential order.
std::string Actions(const UserDecision& u) {
  std::string out;
  for (std::size_t i = 0; i < u.credential_count; ++i) {
    if (!out.empty()) out += ' ';
    out += CredentialName(u.credentials[i].id);
    out += ':';
    out += ActionName(u.credentials[i].action);
  }
  return out;
}

const CredentialDecision& Credential(const UserDecision& u, CredentialId id) {
  for (std::size_t i = 0; i < u.credential_count; ++i) {
    if (u.credentials[i].id == id) return u.credentials[i];
  }
  BOOST_FAIL("user " << u.row->user() << " has no credential " << CredentialName(id));
  throw std::logic_error("unreachable");
}

// "account:111122223333/5/4 run/6/5".
std::string Trips(const Decisions& d) {
  std::string out;
  for (const GuardrailTrip& t : d.guardrails) {
    if (!out.empty()) out += ' ';
    out += t.scope + "/" + std::to_string(t.actions) + "/" + std::to_string(t.limit);
  }
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::uint64_t Count(const Decisions& d, Verdict v) { return d.counts[static_cast<std::size_t>(v)]; }

BOOST_AUTO_TEST_SUITE(evaluator)

// ---------------------------------------------------------------------------------------
// Evidence: the credentials that exist and the idle fields.

BOOST_AUTO_TEST_CASE(password_disabled_means_no_password_credential_whatever_last_used_says) {
  // The incident: password_enabled=false with password_last_used N/A or no_information
  // must not become a "never used" password.
  World w;
  w.Add(Row("svc-na").NoPassword(NotAvailable()).Key(1, true, DaysAgo(400), DaysAgo(2)));
  w.Add(Row("svc-noinfo").NoPassword(NoInformation()).Key(1, true, DaysAgo(400), DaysAgo(2)));
  w.Add(Row("nothing").NoPassword(NotAvailable()));
  const Evaluated d = w.Run();
  for (const char* name : {"svc-na", "svc-noinfo"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(Actions(u) == "access_key_1:none");
      BOOST_TEST(!u.has_password);
      BOOST_TEST(u.verdict == Verdict::kKeep);
      BOOST_TEST(Reasons(u) == "recent_activity");
    }
  }
  const UserDecision& nothing = UserNamed(d, "nothing");
  BOOST_TEST(nothing.credential_count == 0);
  BOOST_TEST(nothing.verdict == Verdict::kAlreadyInactive);
  BOOST_TEST(Reasons(nothing) == "no_active_credentials");
}

BOOST_AUTO_TEST_CASE(password_issued_is_last_changed_else_user_creation) {
  World w;
  w.Add(Row("changed").Password(DaysAgo(3), DaysAgo(10)));
  w.Add(Row("unchanged").Created(DaysAgo(20)).Password(std::nullopt));
  Row noinfo("noinfo");
  noinfo.Password(std::nullopt).raw().password_last_used = NoInformation();
  w.Add(noinfo);
  const Evaluated d = w.Run();

  const CredentialDecision& changed = Credential(UserNamed(d, "changed"), CredentialId::kPassword);
  BOOST_TEST(changed.active);
  BOOST_TEST(FormatTimestamp(changed.issued) == FormatTimestamp(DaysAgo(10)));
  BOOST_TEST((changed.last_used == DaysAgo(3)));
  BOOST_TEST(changed.idle_days == 3);

  const CredentialDecision& unchanged =
      Credential(UserNamed(d, "unchanged"), CredentialId::kPassword);
  BOOST_TEST(FormatTimestamp(unchanged.issued) == FormatTimestamp(DaysAgo(20)));
  BOOST_TEST(!unchanged.last_used.has_value());
  BOOST_TEST(unchanged.idle_days == 20);

  // no_information means "never used", not a time.
  const UserDecision& n = UserNamed(d, "noinfo");
  BOOST_TEST(!Credential(n, CredentialId::kPassword).last_used.has_value());
  BOOST_TEST(!n.last_activity.has_value());
}

BOOST_AUTO_TEST_CASE(key_exists_when_active_or_rotated_and_inactive_keys_get_no_action) {
  World w;
  // key_2 inactive but rotated: listed, inactive. cert_2 inactive without rotation: absent.
  w.Add(Row("mixed")
            .Password(DaysAgo(1), DaysAgo(500))
            .Key(2, false, DaysAgo(300), DaysAgo(250))
            .Cert(2, false, std::nullopt));
  // A dormant user: the active key is deactivated, the inactive one is left alone.
  w.Add(Row("dormant").Key(1, true, DaysAgo(300)).Key(2, false, DaysAgo(300)));
  const Evaluated d = w.Run();

  const UserDecision& mixed = UserNamed(d, "mixed");
  BOOST_TEST(Actions(mixed) == "password:none access_key_2:none");
  const CredentialDecision& key2 = Credential(mixed, CredentialId::kAccessKey2);
  BOOST_TEST(!key2.active);
  BOOST_TEST((key2.last_used == DaysAgo(250)));
  BOOST_TEST(mixed.verdict == Verdict::kKeep);  // an inactive key is never pruned

  const UserDecision& dormant = UserNamed(d, "dormant");
  BOOST_TEST(dormant.verdict == Verdict::kDeactivate);
  BOOST_TEST(Actions(dormant) == "access_key_1:deactivate access_key_2:none");
}

BOOST_AUTO_TEST_CASE(active_key_without_rotation_time_is_issued_at_user_creation) {
  World w;
  w.Add(Row("fallback").Created(DaysAgo(40)).Key(1, true, std::nullopt));
  w.Add(Row("inactive-na").Password(DaysAgo(1)).Key(1, false, std::nullopt));
  const Evaluated d = w.Run();
  const CredentialDecision& key = Credential(UserNamed(d, "fallback"), CredentialId::kAccessKey1);
  BOOST_TEST(FormatTimestamp(key.issued) == FormatTimestamp(DaysAgo(40)));
  BOOST_TEST(key.idle_days == 40);
  // Inactive with N/A rotation: the key does not exist.
  BOOST_TEST(Actions(UserNamed(d, "inactive-na")) == "password:none");
}

BOOST_AUTO_TEST_CASE(certificates_have_no_last_use_and_fall_back_like_keys) {
  World w;
  w.Add(Row("certs")
            .Created(DaysAgo(50))
            .Key(1, true, DaysAgo(500), DaysAgo(1))
            .Cert(1, true, DaysAgo(10))
            .Cert(2, true, std::nullopt));
  const Evaluated d = w.Run();
  const UserDecision& u = UserNamed(d, "certs");
  const CredentialDecision& cert1 = Credential(u, CredentialId::kCert1);
  BOOST_TEST(!cert1.last_used.has_value());
  BOOST_TEST(cert1.idle_days == 10);
  const CredentialDecision& cert2 = Credential(u, CredentialId::kCert2);
  BOOST_TEST(!cert2.last_used.has_value());
  BOOST_TEST(FormatTimestamp(cert2.issued) == FormatTimestamp(DaysAgo(50)));
  BOOST_TEST((u.last_activity == DaysAgo(1)));  // the certificates add no activity
}

BOOST_AUTO_TEST_CASE(credential_idle_since_is_the_later_of_last_used_and_issued) {
  World w;
  // Used 50 days ago but rotated 10 days ago: idle 10 days.
  w.Add(Row("rotated-after-use").Key(1, true, DaysAgo(10), DaysAgo(50)));
  // Rotated 100 days ago, used 30 days ago: idle 30 days.
  w.Add(Row("used-after-rotation").Key(1, true, DaysAgo(100), DaysAgo(30)));
  const Evaluated d = w.Run();
  BOOST_TEST(Credential(UserNamed(d, "rotated-after-use"), CredentialId::kAccessKey1).idle_days ==
             10);
  BOOST_TEST(Credential(UserNamed(d, "used-after-rotation"), CredentialId::kAccessKey1).idle_days ==
             30);
}

BOOST_AUTO_TEST_CASE(user_idle_since_counts_issue_times_of_active_credentials_only) {
  World w;
  // An inactive key issued yesterday does not refresh the user.
  w.Add(Row("inactive-new").Key(1, true, DaysAgo(300)).Key(2, false, DaysAgo(1)));
  // An active key issued yesterday does.
  w.Add(Row("active-new").Key(1, true, DaysAgo(300)).Key(2, true, DaysAgo(1)));
  // Creation counts; activity older than creation does not lower it.
  w.Add(Row("recreated").Created(DaysAgo(20)).Key(1, true, DaysAgo(300), DaysAgo(250)));
  // Advisor activity counts.
  w.Add(Row("advisor-active").Key(1, true, DaysAgo(300)));
  w.Advisor(Evidence(UserArn("advisor-active"), DaysAgo(5)));
  const Evaluated d = w.Run();

  const UserDecision& inactive_new = UserNamed(d, "inactive-new");
  BOOST_TEST(FormatTimestamp(inactive_new.idle_since) == FormatTimestamp(DaysAgo(300)));
  BOOST_TEST(inactive_new.idle_days == 300);
  BOOST_TEST(inactive_new.verdict == Verdict::kDeactivate);
  BOOST_TEST(Reasons(inactive_new) == "user_idle,never_used");

  const UserDecision& active_new = UserNamed(d, "active-new");
  BOOST_TEST(FormatTimestamp(active_new.idle_since) == FormatTimestamp(DaysAgo(1)));
  BOOST_TEST(active_new.idle_days == 1);

  const UserDecision& recreated = UserNamed(d, "recreated");
  BOOST_TEST(FormatTimestamp(recreated.idle_since) == FormatTimestamp(DaysAgo(20)));
  BOOST_TEST((recreated.last_activity == DaysAgo(250)));

  const UserDecision& advisor_active = UserNamed(d, "advisor-active");
  BOOST_TEST((advisor_active.last_activity == DaysAgo(5)));
  BOOST_TEST(advisor_active.idle_days == 5);
}

BOOST_AUTO_TEST_CASE(root_password_use_is_activity_but_root_has_no_password_credential) {
  World w;
  Row root = Row::Root();
  root.raw().password_last_used = Time(DaysAgo(3));
  root.Key(1, true, DaysAgo(500)).Key(2, false, DaysAgo(600));
  w.Add(root);
  // Another account's root claims password_enabled=true: still no password credential.
  Row root2 = Row::Root("222233334444");
  root2.raw().password_enabled = CredentialRow::PasswordEnabled::kTrue;
  root2.raw().password_last_used = Time(DaysAgo(400));
  root2.Key(1, false, DaysAgo(600));
  w.Add(root2);
  const Evaluated d = w.Run();

  const UserDecision& r = d.users[0];
  BOOST_REQUIRE(r.row->arn == "arn:aws:iam::111122223333:root");
  BOOST_TEST(r.verdict == Verdict::kRoot);
  BOOST_TEST(Reasons(r) == "root_account,root_access_key_active");
  BOOST_TEST(Actions(r) == "access_key_1:none access_key_2:none");
  BOOST_TEST((r.last_activity == DaysAgo(3)));
  BOOST_TEST(r.idle_days == 3);
  BOOST_TEST(!r.has_password);

  const UserDecision& r2 = d.users[1];
  BOOST_REQUIRE(r2.row->arn == "arn:aws:iam::222233334444:root");
  BOOST_TEST(Reasons(r2) == "root_account");  // its only key is inactive
  BOOST_TEST(Actions(r2) == "access_key_1:none");
  BOOST_TEST((r2.last_activity == DaysAgo(400)));
}

// ---------------------------------------------------------------------------------------
// Verdicts: the order of the rules.

BOOST_AUTO_TEST_CASE(root_verdict_wins_even_over_a_matching_exemption) {
  World w;
  Exemption everyone;
  everyone.id = "everyone";
  everyone.reason = "test";
  everyone.match.arn = "*";
  w.policy.exemptions.push_back(everyone);
  w.Add(Row::Root().Key(1, true, DaysAgo(900)));
  const Evaluated d = w.Run();
  BOOST_TEST(d.users[0].verdict == Verdict::kRoot);
  BOOST_TEST(d.users[0].exemption == -1);
  BOOST_TEST(Actions(d.users[0]) == "access_key_1:none");
  BOOST_TEST(Join(d.unused_exemptions) == "everyone");  // the root row is never matched
}

BOOST_AUTO_TEST_CASE(exempt_beats_inactive_future_and_dormant_users) {
  World w;
  w.policy.exemptions.push_back(ExemptUser("other", "nobody"));
  w.policy.exemptions.push_back(ExemptUser("x-users", "x-*"));
  w.Add(Row("x-inactive").Key(1, false, DaysAgo(300)));
  w.Add(Row("x-future").Key(1, true, DaysAgo(300), AsOf() + hours(1)));
  w.Add(DormantKeyUser("x-dormant"));
  w.Add(PrunableUser("x-prunable"));
  const Evaluated d = w.Run();
  for (const char* name : {"x-inactive", "x-future", "x-dormant", "x-prunable"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kExempt);
      BOOST_TEST(Reasons(u) == "exempt");
      BOOST_TEST(u.exemption == 1);
      BOOST_TEST(Actions(u).find("deactivate") == std::string::npos);
      BOOST_TEST(Actions(u).find("hold") == std::string::npos);
    }
  }
  BOOST_TEST(Count(d, Verdict::kExempt) == 4u);
}

BOOST_AUTO_TEST_CASE(already_inactive_beats_timestamp_after_as_of) {
  World w;
  w.Add(Row("inactive-future").Key(1, false, AsOf() + hours(5)));
  const Evaluated d = w.Run();
  const UserDecision& u = UserNamed(d, "inactive-future");
  BOOST_TEST(u.verdict == Verdict::kAlreadyInactive);
  BOOST_TEST(Reasons(u) == "no_active_credentials");
}

BOOST_AUTO_TEST_CASE(any_timestamp_after_as_of_holds_without_hold_actions) {
  // Each case is a dormant user (an active key issued 300 days ago, never used) with one
  // timestamp after as-of.
  const Instant future = AsOf() + seconds(1);
  struct Case {
    const char* name;
    void (*apply)(Row&, Instant);
  };
  const Case cases[] = {
      {"user_creation_time", [](Row& r, Instant t) { r.Created(t); }},
      {"password_last_used", [](Row& r, Instant t) { r.Password(t, DaysAgo(400)); }},
      {"password_last_changed", [](Row& r, Instant t) { r.Password(std::nullopt, t); }},
      {"access_key_1_last_used_date", [](Row& r, Instant t) { r.Key(1, true, DaysAgo(300), t); }},
      {"access_key_2_last_rotated (inactive key)", [](Row& r, Instant t) { r.Key(2, false, t); }},
      {"access_key_2_last_used_date (inactive key)",
       [](Row& r, Instant t) { r.Key(2, false, DaysAgo(400), t); }},
      {"cert_1_last_rotated (inactive certificate)",
       [](Row& r, Instant t) { r.Cert(1, false, t); }},
      {"cert_2_last_rotated (active certificate)", [](Row& r, Instant t) { r.Cert(2, true, t); }},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      World w;
      Row row("u");
      row.Key(1, true, DaysAgo(300));
      c.apply(row, future);
      w.Add(row);
      const Evaluated d = w.Run();
      const UserDecision& u = d.users[0];
      BOOST_TEST(u.verdict == Verdict::kHold);
      BOOST_TEST(Reasons(u) == "timestamp_after_as_of");
      BOOST_TEST(Actions(u).find("deactivate") == std::string::npos);
      BOOST_TEST(Actions(u).find("hold") == std::string::npos);
    }
  }
  // Advisor activity after as-of, and the same with every timestamp exactly at as-of.
  {
    World w;
    w.Add(DormantKeyUser("advisor-future"));
    w.Advisor(Evidence(UserArn("advisor-future"), future));
    const Evaluated d = w.Run();
    const UserDecision& u = d.users[0];
    BOOST_TEST(u.verdict == Verdict::kHold);
    BOOST_TEST(Reasons(u) == "timestamp_after_as_of");
    BOOST_TEST(Actions(u) == "access_key_1:none");
  }
  {
    World w;
    w.Add(Row("at-as-of").Created(AsOf()).Key(1, true, AsOf(), AsOf()).Cert(1, false, AsOf()));
    w.Advisor(Evidence(UserArn("at-as-of"), AsOf()));
    const Evaluated d = w.Run();
    const UserDecision& u = d.users[0];
    BOOST_TEST(u.verdict == Verdict::kKeep);
    BOOST_TEST(Reasons(u) == "recent_activity");
  }
}

BOOST_AUTO_TEST_CASE(deactivate_starts_at_exactly_idle_days_user) {
  World w;
  w.Add(Row("ninety").Key(1, true, DaysAgo(90)));
  w.Add(Row("eighty-nine").Key(1, true, DaysAgo(90) + seconds(1)));
  const Evaluated d = w.Run();
  const UserDecision& ninety = UserNamed(d, "ninety");
  BOOST_TEST(ninety.idle_days == 90);
  BOOST_TEST(ninety.verdict == Verdict::kDeactivate);
  BOOST_TEST(Reasons(ninety) == "user_idle,never_used");
  BOOST_TEST(Actions(ninety) == "access_key_1:deactivate");
  const UserDecision& eighty_nine = UserNamed(d, "eighty-nine");
  BOOST_TEST(eighty_nine.idle_days == 89);
  BOOST_TEST(eighty_nine.verdict == Verdict::kWarn);
  BOOST_TEST(Actions(eighty_nine) == "access_key_1:none");
}

BOOST_AUTO_TEST_CASE(never_used_only_when_there_is_no_last_activity) {
  World w;
  w.Add(Row("used-long-ago").Key(1, true, DaysAgo(400), DaysAgo(200)));
  w.Add(Row("advisor-only").Key(1, true, DaysAgo(400)));
  w.Advisor(Evidence(UserArn("advisor-only"), DaysAgo(150)));
  w.Add(Row("never").Key(1, true, DaysAgo(400)));
  const Evaluated d = w.Run();
  BOOST_TEST(Reasons(UserNamed(d, "used-long-ago")) == "user_idle");
  BOOST_TEST(Reasons(UserNamed(d, "advisor-only")) == "user_idle");
  BOOST_TEST(Reasons(UserNamed(d, "never")) == "user_idle,never_used");
  BOOST_TEST(!UserNamed(d, "never").last_activity.has_value());
}

BOOST_AUTO_TEST_CASE(dormant_user_deactivates_every_active_credential) {
  World w;
  w.Add(Row("all")
            .Password(DaysAgo(300), DaysAgo(400))
            .Key(1, true, DaysAgo(400))
            .Key(2, false, DaysAgo(400))
            .Cert(1, true, DaysAgo(400))
            .Cert(2, false, DaysAgo(400)));
  w.Advisor(Evidence(UserArn("all")));  // evidence, so the certificate does not hold it
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kDeactivate);
  BOOST_TEST(Actions(u) ==
             "password:deactivate access_key_1:deactivate access_key_2:none "
             "cert_1:deactivate cert_2:none");
}

BOOST_AUTO_TEST_CASE(prune_at_exactly_each_credential_threshold) {
  // Distinct thresholds, so that using the wrong one fails.
  World w;
  w.NoGuardrails();
  w.policy.idle_user = 200;
  w.policy.idle_password = 60;
  w.policy.idle_access_key = 120;
  // Each user also has a second key used yesterday, so it is not dormant.
  auto user = [](const std::string& name) {
    return std::move(Row(name).Key(2, true, DaysAgo(900), DaysAgo(1)));
  };
  w.Add(user("pw-60").Password(DaysAgo(60), DaysAgo(900)));
  w.Add(user("pw-59").Password(DaysAgo(60) + seconds(1), DaysAgo(900)));
  w.Add(user("pw-issued-60").Password(std::nullopt, DaysAgo(60)));
  w.Add(user("key-120").Key(1, true, DaysAgo(900), DaysAgo(120)));
  w.Add(user("key-119").Key(1, true, DaysAgo(900), DaysAgo(120) + seconds(1)));
  w.Add(user("key-issued-120").Key(1, true, DaysAgo(120)));
  w.Add(user("key-inactive").Key(1, false, DaysAgo(900), DaysAgo(800)));
  const Evaluated d = w.Run();

  for (const char* name : {"pw-60", "pw-issued-60"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kPrune);
      BOOST_TEST(Reasons(u) == "credential_idle");
      BOOST_TEST(Actions(u) == "password:deactivate access_key_2:none");
    }
  }
  for (const char* name : {"key-120", "key-issued-120"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kPrune);
      BOOST_TEST(Actions(u) == "access_key_1:deactivate access_key_2:none");
    }
  }
  for (const char* name : {"pw-59", "key-119", "key-inactive"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kKeep);
      BOOST_TEST(Actions(u).find("deactivate") == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(signing_certificates_are_never_pruned) {
  World w;
  w.Add(Row("cert").Key(1, true, DaysAgo(900), DaysAgo(1)).Cert(1, true, DaysAgo(900)));
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kKeep);
  BOOST_TEST(Actions(u) == "access_key_1:none cert_1:none");
}

BOOST_AUTO_TEST_CASE(warn_starts_at_exactly_idle_days_user_minus_warn_days) {
  World w;  // 90 - 14 = 76
  w.Add(Row("seventy-six").Key(1, true, DaysAgo(900), DaysAgo(76)));
  w.Add(Row("seventy-five").Key(1, true, DaysAgo(900), DaysAgo(76) + seconds(1)));
  const Evaluated d = w.Run();
  const UserDecision& warn = UserNamed(d, "seventy-six");
  BOOST_TEST(warn.verdict == Verdict::kWarn);
  BOOST_TEST(Reasons(warn) == "approaching_idle_limit");
  BOOST_TEST(Actions(warn) == "access_key_1:none");
  const UserDecision& keep = UserNamed(d, "seventy-five");
  BOOST_TEST(keep.verdict == Verdict::kKeep);
  BOOST_TEST(Reasons(keep) == "recent_activity");
}

// ---------------------------------------------------------------------------------------
// The access-advisor gate.

BOOST_AUTO_TEST_CASE(required_advisor_holds_with_the_first_reason_that_applies) {
  struct Case {
    const char* name;
    bool has_document;
    void (*apply)(AdvisorRecord&);
    const char* want;  // the added reason, or "" for no hold
  };
  const Case cases[] = {
      {"no document", false, [](AdvisorRecord&) {}, "access_advisor_missing"},
      {"evidence", true, [](AdvisorRecord&) {}, ""},
      {"not COMPLETED", true, [](AdvisorRecord& a) { a.completed = false; },
       "access_advisor_incomplete"},
      {"no completion time", true, [](AdvisorRecord& a) { a.completion.reset(); },
       "access_advisor_incomplete"},
      {"truncated", true, [](AdvisorRecord& a) { a.truncated = true; },
       "access_advisor_incomplete"},
      {"Error member", true, [](AdvisorRecord& a) { a.has_error = true; },
       "access_advisor_incomplete"},
      {"incomplete, stale and empty", true,
       [](AdvisorRecord& a) {
         a.completed = false;
         a.completion = AsOf() - hours(500);
         a.services = 0;
       },
       "access_advisor_incomplete"},
      {"one second too old", true,
       [](AdvisorRecord& a) { a.completion = AsOf() - hours(72) - seconds(1); },
       "access_advisor_stale"},
      {"exactly max_access_advisor_age_hours old", true,
       [](AdvisorRecord& a) { a.completion = AsOf() - hours(72); }, ""},
      {"stale and empty", true,
       [](AdvisorRecord& a) {
         a.completion = AsOf() - hours(73);
         a.services = 0;
       },
       "access_advisor_stale"},
      {"no service listed", true, [](AdvisorRecord& a) { a.services = 0; }, "access_advisor_empty"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      World w;
      w.policy.require_access_advisor = true;
      w.Add(DormantKeyUser("dormant"));
      w.Add(PrunableUser("prunable"));
      if (c.has_document) {
        for (const char* name : {"dormant", "prunable"}) {
          AdvisorRecord a = Evidence(UserArn(name));
          c.apply(a);
          w.Advisor(a);
        }
      }
      const Evaluated d = w.Run();
      const UserDecision& dormant = UserNamed(d, "dormant");
      const UserDecision& prunable = UserNamed(d, "prunable");
      if (std::string(c.want).empty()) {
        BOOST_TEST(dormant.verdict == Verdict::kDeactivate);
        BOOST_TEST(Reasons(dormant) == "user_idle,never_used");
        BOOST_TEST(prunable.verdict == Verdict::kPrune);
      } else {
        BOOST_TEST(dormant.verdict == Verdict::kHold);
        BOOST_TEST(Reasons(dormant) == "user_idle,never_used," + std::string(c.want));
        BOOST_TEST(Actions(dormant) == "access_key_1:hold");
        BOOST_TEST(prunable.verdict == Verdict::kHold);
        BOOST_TEST(Reasons(prunable) == "credential_idle," + std::string(c.want));
        BOOST_TEST(Actions(prunable) == "password:none access_key_1:hold");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(advisor_not_required_non_evidence_holds_nobody_but_activity_counts) {
  World w;  // require_access_advisor false
  w.Add(Row("in-progress").Key(1, true, DaysAgo(400)));
  AdvisorRecord a = Evidence(UserArn("in-progress"), DaysAgo(100));
  a.completed = false;
  a.completion.reset();
  a.truncated = true;
  w.Advisor(a);
  w.Add(DormantKeyUser("no-document"));
  const Evaluated d = w.Run();
  const UserDecision& u = UserNamed(d, "in-progress");
  BOOST_TEST(u.verdict == Verdict::kDeactivate);
  BOOST_TEST(Reasons(u) == "user_idle");  // not never_used: the activity counts
  BOOST_TEST((u.last_activity == DaysAgo(100)));
  BOOST_TEST(u.idle_days == 100);
  BOOST_TEST(UserNamed(d, "no-document").verdict == Verdict::kDeactivate);
}

// ---------------------------------------------------------------------------------------
// Signing certificates.

BOOST_AUTO_TEST_CASE(dormant_user_with_active_certificate_needs_advisor_evidence) {
  World w;
  auto user = [](const std::string& name) {
    return std::move(Row(name).Key(1, true, DaysAgo(400)).Cert(1, true, DaysAgo(400)));
  };
  w.Add(user("no-document"));
  w.Add(user("evidence"));
  w.Advisor(Evidence(UserArn("evidence")));
  w.Add(user("stale-document"));
  AdvisorRecord stale = Evidence(UserArn("stale-document"));
  stale.completion = AsOf() - hours(73);
  w.Advisor(stale);
  w.Add(Row("inactive-cert").Key(1, true, DaysAgo(400)).Cert(1, false, DaysAgo(400)));
  // Not dormant: prune is not checked for certificates.
  w.Add(Row("prunable-cert")
            .Password(DaysAgo(1))
            .Key(1, true, DaysAgo(400))
            .Cert(1, true, DaysAgo(400)));
  const Evaluated d = w.Run();

  for (const char* name : {"no-document", "stale-document"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kHold);
      BOOST_TEST(Reasons(u) == "user_idle,never_used,signing_certificate_usage_unknown");
      BOOST_TEST(Actions(u) == "access_key_1:hold cert_1:hold");
    }
  }
  const UserDecision& evidence = UserNamed(d, "evidence");
  BOOST_TEST(evidence.verdict == Verdict::kDeactivate);
  BOOST_TEST(Actions(evidence) == "access_key_1:deactivate cert_1:deactivate");
  BOOST_TEST(UserNamed(d, "inactive-cert").verdict == Verdict::kDeactivate);
  const UserDecision& prunable = UserNamed(d, "prunable-cert");
  BOOST_TEST(prunable.verdict == Verdict::kPrune);
  BOOST_TEST(Actions(prunable) == "password:none access_key_1:deactivate cert_1:none");
}

// ---------------------------------------------------------------------------------------
// Idle credentials: attribution of recent advisor activity.

// key_1 idle (used 150 days ago); key_2 issued 10 days ago and never used, so the user is
// not dormant; advisor activity 5 days ago.
Row AttributionUser(const std::string& name) {
  return std::move(Row(name).Key(1, true, DaysAgo(400), DaysAgo(150)).Key(2, true, DaysAgo(10)));
}
const Instant kActivity = AsOf() - seconds(5 * 86400);

BOOST_AUTO_TEST_CASE(unexplained_recent_activity_holds_the_prune) {
  World w;
  w.Add(AttributionUser("u"));
  w.Advisor(Evidence(UserArn("u"), kActivity));
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(u) == "credential_idle,unattributed_recent_activity");
  BOOST_TEST(Actions(u) == "access_key_1:hold access_key_2:none");
}

BOOST_AUTO_TEST_CASE(activity_is_explained_by_another_credential_within_the_slack) {
  World w;
  // password used exactly attribution_slack_hours before the activity: explained.
  w.Add(AttributionUser("exact").Password(kActivity - hours(24), DaysAgo(500)));
  w.Advisor(Evidence(UserArn("exact"), kActivity));
  // One second earlier: not explained.
  w.Add(AttributionUser("too-early").Password(kActivity - hours(24) - seconds(1), DaysAgo(500)));
  w.Advisor(Evidence(UserArn("too-early"), kActivity));
  // An inactive key used at the time of the activity explains it.
  Row inactive("inactive-explains");
  inactive.Key(1, true, DaysAgo(400), DaysAgo(150)).Key(2, false, DaysAgo(400), kActivity);
  inactive.Password(std::nullopt, DaysAgo(10));  // keeps the user from being dormant
  w.Add(inactive);
  w.Advisor(Evidence(UserArn("inactive-explains"), kActivity));
  const Evaluated d = w.Run();

  const UserDecision& exact = UserNamed(d, "exact");
  BOOST_TEST(exact.verdict == Verdict::kPrune);
  BOOST_TEST(Reasons(exact) == "credential_idle");
  BOOST_TEST(Actions(exact) == "password:none access_key_1:deactivate access_key_2:none");

  const UserDecision& too_early = UserNamed(d, "too-early");
  BOOST_TEST(too_early.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(too_early) == "credential_idle,unattributed_recent_activity");
  BOOST_TEST(Actions(too_early) == "password:none access_key_1:hold access_key_2:none");

  const UserDecision& by_inactive = UserNamed(d, "inactive-explains");
  BOOST_TEST(by_inactive.verdict == Verdict::kPrune);
  BOOST_TEST(Actions(by_inactive) == "password:none access_key_1:deactivate access_key_2:none");
}

BOOST_AUTO_TEST_CASE(the_idle_credential_cannot_explain_the_activity_itself) {
  // key_1 was last used 90 days ago (idle), the activity is 12 hours later (89 idle days):
  // within the slack of key_1's own use, but only *another* credential may explain it.
  World w;
  w.Add(Row("u").Key(1, true, DaysAgo(400), DaysAgo(90)).Key(2, true, DaysAgo(10)));
  w.Advisor(Evidence(UserArn("u"), DaysAgo(90) + hours(12)));
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(u) == "credential_idle,unattributed_recent_activity");
  BOOST_TEST(Actions(u) == "access_key_1:hold access_key_2:none");
}

BOOST_AUTO_TEST_CASE(activity_older_than_the_threshold_needs_no_explanation) {
  World w;
  w.Add(AttributionUser("ninety"));
  w.Advisor(Evidence(UserArn("ninety"), DaysAgo(90)));
  w.Add(AttributionUser("eighty-nine"));
  w.Advisor(Evidence(UserArn("eighty-nine"), DaysAgo(90) + seconds(1)));
  const Evaluated d = w.Run();
  BOOST_TEST(UserNamed(d, "ninety").verdict == Verdict::kPrune);
  BOOST_TEST(UserNamed(d, "eighty-nine").verdict == Verdict::kHold);
}

BOOST_AUTO_TEST_CASE(attribution_uses_the_idle_credentials_own_threshold) {
  World w;
  w.policy.idle_user = 365;
  w.policy.idle_password = 60;
  w.policy.idle_access_key = 120;
  // Idle password (threshold 60); activity 65 days ago is older than that: prune.
  w.Add(Row("password-idle").Password(DaysAgo(70), DaysAgo(500)).Key(1, true, DaysAgo(10)));
  w.Advisor(Evidence(UserArn("password-idle"), DaysAgo(65)));
  // Idle key (threshold 120); activity 100 days ago is more recent than that: hold.
  w.Add(
      Row("key-idle").Password(std::nullopt, DaysAgo(10)).Key(1, true, DaysAgo(500), DaysAgo(130)));
  w.Advisor(Evidence(UserArn("key-idle"), DaysAgo(100)));
  const Evaluated d = w.Run();
  BOOST_TEST(UserNamed(d, "password-idle").verdict == Verdict::kPrune);
  const UserDecision& key_idle = UserNamed(d, "key-idle");
  BOOST_TEST(key_idle.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(key_idle) == "credential_idle,unattributed_recent_activity");
}

// ---------------------------------------------------------------------------------------
// Data gates.

BOOST_AUTO_TEST_CASE(report_is_stale_strictly_after_max_report_age_hours) {
  {
    World w;
    w.SetReportGenerated(AsOf() - hours(24) - seconds(1));
    w.Add(DormantKeyUser("dormant"));
    w.Add(PrunableUser("prunable"));
    w.Add(FreshKeyUser("fresh"));
    const Evaluated d = w.Run();
    BOOST_TEST(Reasons(UserNamed(d, "dormant")) == "user_idle,never_used,stale_report");
    BOOST_TEST(UserNamed(d, "dormant").verdict == Verdict::kHold);
    BOOST_TEST(Actions(UserNamed(d, "dormant")) == "access_key_1:hold");
    BOOST_TEST(Reasons(UserNamed(d, "prunable")) == "credential_idle,stale_report");
    BOOST_TEST(UserNamed(d, "fresh").verdict == Verdict::kKeep);  // only actions are held
    BOOST_TEST(Join(d.stale) == "report.json");
    BOOST_TEST(d.safety_stop());
  }
  {
    World w;
    w.SetReportGenerated(AsOf() - hours(24));
    w.Add(DormantKeyUser("dormant"));
    const Evaluated d = w.Run();
    BOOST_TEST(UserNamed(d, "dormant").verdict == Verdict::kDeactivate);
    BOOST_TEST(d.stale.empty());
    BOOST_TEST(!d.safety_stop());
  }
}

BOOST_AUTO_TEST_CASE(stale_reports_are_listed_even_when_they_hold_nobody) {
  World w;
  w.SetReportGenerated(AsOf() - hours(1));  // report.json: fresh
  const std::uint32_t b = w.Report("b/report.json", AsOf() - hours(30));
  const std::uint32_t a = w.Report("a/report.json", AsOf() - hours(48));
  w.Report("b/advisor.json", AsOf() - hours(500), InputKind::kAccessAdvisor);  // not a report
  w.Add(FreshKeyUser("in-b").InFile(b));
  w.Add(FreshKeyUser("in-a").InFile(a));
  w.Add(DormantKeyUser("in-fresh-report"));
  const Evaluated d = w.Run();
  BOOST_TEST(Join(d.stale) == "a/report.json b/report.json");
  BOOST_TEST(d.safety_stop());
  BOOST_TEST(d.guardrails.empty());
  BOOST_TEST(Count(d, Verdict::kHold) == 0u);
  BOOST_TEST(UserNamed(d, "in-fresh-report").verdict == Verdict::kDeactivate);
}

BOOST_AUTO_TEST_CASE(undated_report_is_never_stale) {
  World w;
  w.SetReportGenerated(std::nullopt);
  w.Add(DormantKeyUser("dormant"));
  const Evaluated d = w.Run();
  BOOST_TEST(UserNamed(d, "dormant").verdict == Verdict::kDeactivate);
  BOOST_TEST(d.stale.empty());
  BOOST_TEST(!d.safety_stop());
}

Exemption TagExemption(const std::string& id, const std::string& user_glob) {
  Exemption x = ExemptUser(id, user_glob);
  x.match.tag_key = "team";
  x.match.tag_value = "platform";
  return x;
}

BOOST_AUTO_TEST_CASE(undecidable_exemption_holds_action_verdicts_only) {
  World w;
  w.policy.exemptions.push_back(TagExemption("platform", "svc-*"));
  w.Add(DormantKeyUser("svc-dormant"));    // no IAM details
  w.Add(PrunableUser("svc-prunable"));     // no IAM details
  w.Add(FreshKeyUser("svc-fresh"));        // no IAM details: keep stays keep
  w.Add(DormantKeyUser("svc-recreated"));  // IAM record of an earlier user
  w.Iam(UserArn("svc-recreated"), DaysAgo(2000), {{"team", "platform"}});
  w.Add(DormantKeyUser("svc-tagged"));  // usable record, tag matches
  w.Iam(UserArn("svc-tagged"), DaysAgo(1000), {{"TEAM", "platform"}});
  w.Add(DormantKeyUser("svc-other-team"));  // usable record, tag differs
  w.Iam(UserArn("svc-other-team"), DaysAgo(1000), {{"team", "Platform"}});
  w.Add(DormantKeyUser("web-dormant"));  // other fields do not match
  const Evaluated d = w.Run();

  for (const char* name : {"svc-dormant", "svc-recreated"}) {
    BOOST_TEST_CONTEXT(name) {
      const UserDecision& u = UserNamed(d, name);
      BOOST_TEST(u.verdict == Verdict::kHold);
      BOOST_TEST(Reasons(u) == "user_idle,never_used,exemption_undecidable");
      BOOST_TEST(Actions(u) == "access_key_1:hold");
    }
  }
  BOOST_TEST(Reasons(UserNamed(d, "svc-prunable")) == "credential_idle,exemption_undecidable");
  BOOST_TEST(UserNamed(d, "svc-fresh").verdict == Verdict::kKeep);
  BOOST_TEST(Reasons(UserNamed(d, "svc-fresh")) == "recent_activity");
  BOOST_TEST(UserNamed(d, "svc-tagged").verdict == Verdict::kExempt);
  BOOST_TEST(UserNamed(d, "svc-other-team").verdict == Verdict::kDeactivate);
  BOOST_TEST(UserNamed(d, "web-dormant").verdict == Verdict::kDeactivate);
  BOOST_TEST(d.unused_exemptions.empty());  // svc-tagged matched it
}

BOOST_AUTO_TEST_CASE(later_exemption_matches_when_an_earlier_one_is_undecidable) {
  World w;
  w.policy.exemptions.push_back(TagExemption("by-tag", "svc-*"));
  w.policy.exemptions.push_back(ExemptUser("by-name", "svc-*"));
  w.Add(DormantKeyUser("svc-a"));
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kExempt);
  BOOST_TEST(u.exemption == 1);
  BOOST_TEST(Reasons(u) == "exempt");
  // Being undecidable is not matching.
  BOOST_TEST(Join(d.unused_exemptions) == "by-tag");
}

BOOST_AUTO_TEST_CASE(all_failing_gates_are_reported_together_in_spec_order) {
  World w;
  w.SetReportGenerated(AsOf() - hours(25));
  w.policy.require_access_advisor = true;
  w.policy.exemptions.push_back(TagExemption("by-tag", "*"));
  w.Add(Row("everything").Key(1, true, DaysAgo(400)).Cert(1, true, DaysAgo(400)));
  const Evaluated d = w.Run();
  const UserDecision& u = d.users[0];
  BOOST_TEST(u.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(u) ==
             "user_idle,never_used,stale_report,access_advisor_missing,"
             "signing_certificate_usage_unknown,exemption_undecidable");
  BOOST_TEST(Actions(u) == "access_key_1:hold cert_1:hold");
}

// ---------------------------------------------------------------------------------------
// The guardrail per account.

void AddMany(World& w, Row (*make)(const std::string&, const std::string&),
             const std::string& prefix, int n, const std::string& account = kAccount) {
  for (int i = 0; i < n; ++i) w.Add(make(prefix + std::to_string(i), account));
}

BOOST_AUTO_TEST_CASE(account_limit_is_the_floor_of_the_percentage) {
  // 19 eligible x 25% = 4.75 -> limit 4.
  {
    World w;
    AddMany(w, DormantPasswordUser, "dormant-", 4);
    AddMany(w, FreshPasswordUser, "fresh-", 15);
    const Evaluated d = w.Run();
    BOOST_TEST(d.guardrails.empty());
    BOOST_TEST(Count(d, Verdict::kDeactivate) == 4u);
  }
  {
    World w;
    AddMany(w, DormantPasswordUser, "dormant-", 5);
    AddMany(w, FreshPasswordUser, "fresh-", 14);
    const Evaluated d = w.Run();
    BOOST_TEST(Trips(d) == "account:111122223333/5/4");
    BOOST_TEST(Count(d, Verdict::kDeactivate) == 0u);
    BOOST_TEST(Count(d, Verdict::kHold) == 5u);
    const UserDecision& u = UserNamed(d, "dormant-0");
    BOOST_TEST(Reasons(u) == "user_idle,never_used,guardrail_account");
    BOOST_TEST(Actions(u) == "password:hold");
    BOOST_TEST(d.safety_stop());
  }
}

BOOST_AUTO_TEST_CASE(account_limit_is_at_least_min_actions_before_percent) {
  // 8 eligible x 25% = 2, min 3 -> limit 3.
  {
    World w;
    AddMany(w, DormantPasswordUser, "dormant-", 3);
    AddMany(w, FreshPasswordUser, "fresh-", 5);
    BOOST_TEST(w.Run().guardrails.empty());
  }
  {
    World w;
    AddMany(w, DormantPasswordUser, "dormant-", 4);
    AddMany(w, FreshPasswordUser, "fresh-", 4);
    BOOST_TEST(Trips(w.Run()) == "account:111122223333/4/3");
  }
}

BOOST_AUTO_TEST_CASE(eligible_excludes_root_exempt_and_already_inactive) {
  // 5 actions among 16 eligible -> limit 4: trips. Counting the 9 others would give 6.
  World w;
  w.policy.min_actions_before_percent = 0;
  w.policy.exemptions.push_back(ExemptUser("vip", "vip-*"));
  AddMany(w, DormantPasswordUser, "dormant-", 5);
  AddMany(w, FreshPasswordUser, "fresh-", 11);
  w.Add(Row::Root().Key(1, true, DaysAgo(900)));
  AddMany(w, DormantPasswordUser, "vip-", 4);
  for (int i = 0; i < 4; ++i) w.Add(Row("gone-" + std::to_string(i)).Key(1, false, DaysAgo(900)));
  const Evaluated d = w.Run();
  BOOST_TEST(Trips(d) == "account:111122223333/5/4");
  BOOST_TEST(Count(d, Verdict::kExempt) == 4u);
  BOOST_TEST(Count(d, Verdict::kAlreadyInactive) == 4u);
  BOOST_TEST(Count(d, Verdict::kRoot) == 1u);
}

BOOST_AUTO_TEST_CASE(eligible_includes_held_users) {
  // 4 actions among 16 eligible (12 of them held) -> limit 4: no trip. Without the held
  // users the limit would be 1.
  World w;
  w.policy.min_actions_before_percent = 0;
  w.policy.exemptions.push_back(TagExemption("by-tag", "undecidable-*"));
  AddMany(w, DormantPasswordUser, "dormant-", 4);
  AddMany(w, DormantPasswordUser, "undecidable-", 6);
  for (int i = 0; i < 6; ++i) {
    w.Add(Row("future-" + std::to_string(i)).Password(AsOf() + hours(1), DaysAgo(300)));
  }
  const Evaluated d = w.Run();
  BOOST_TEST(d.guardrails.empty());
  BOOST_TEST(Count(d, Verdict::kDeactivate) == 4u);
  BOOST_TEST(Count(d, Verdict::kHold) == 12u);
}

BOOST_AUTO_TEST_CASE(actions_equal_to_the_limit_do_not_trip) {
  World w;  // 16 eligible -> limit 4, min 3
  AddMany(w, DormantPasswordUser, "dormant-", 2);
  AddMany(w, PrunableUser, "prunable-", 2);
  AddMany(w, FreshPasswordUser, "fresh-", 12);
  const Evaluated d = w.Run();
  BOOST_TEST(d.guardrails.empty());
  BOOST_TEST(Count(d, Verdict::kDeactivate) == 2u);
  BOOST_TEST(Count(d, Verdict::kPrune) == 2u);
}

BOOST_AUTO_TEST_CASE(no_password_class_trips_alone) {
  // All users: 4 actions of 16 eligible -> limit 4, no trip. Without a password: 4 of 4
  // -> limit max(3, 1) = 3: trips.
  World w;
  AddMany(w, DormantKeyUser, "svc-", 4);
  AddMany(w, FreshPasswordUser, "human-", 12);
  const Evaluated d = w.Run();
  BOOST_TEST(Trips(d) == "account:111122223333:no_password/4/3");
  const UserDecision& u = UserNamed(d, "svc-0");
  BOOST_TEST(u.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(u) == "user_idle,never_used,guardrail_account");
  BOOST_TEST(Actions(u) == "access_key_1:hold");
  BOOST_TEST(UserNamed(d, "human-0").verdict == Verdict::kKeep);
  BOOST_TEST(Count(d, Verdict::kHold) == 4u);
}

BOOST_AUTO_TEST_CASE(tripped_account_holds_all_its_actions_and_trips_are_ordered) {
  World w;
  w.policy.max_actions_per_run = 2;
  // Account 222... first in input order; trips both checks (5 of 5, 4 of 4 -> limit 3).
  AddMany(w, DormantKeyUser, "b-svc-", 4, "222222222222");
  w.Add(PrunableUser("b-prunable", "222222222222"));
  // Account 111... trips both checks (4 of 4).
  AddMany(w, DormantKeyUser, "a-svc-", 4, "111111111111");
  // Account 333...: 3 actions of 12 eligible -> limit 3, no trip; then the run trips.
  AddMany(w, DormantPasswordUser, "c-dormant-", 3, "333333333333");
  AddMany(w, FreshPasswordUser, "c-fresh-", 9, "333333333333");
  const Evaluated d = w.Run();
  BOOST_TEST(Trips(d) ==
             "account:111111111111/4/3 account:111111111111:no_password/4/3 "
             "account:222222222222/5/3 account:222222222222:no_password/4/3 run/3/2");

  const UserDecision& prunable = UserNamed(d, "b-prunable");
  BOOST_TEST(prunable.verdict == Verdict::kHold);
  BOOST_TEST(Reasons(prunable) == "credential_idle,guardrail_account");
  BOOST_TEST(Actions(prunable) == "password:none access_key_1:hold");
  BOOST_TEST(Reasons(UserNamed(d, "a-svc-0")) == "user_idle,never_used,guardrail_account");
  // The run guardrail holds only what was still an action.
  const UserDecision& c = UserNamed(d, "c-dormant-0");
  BOOST_TEST(Reasons(c) == "user_idle,never_used,guardrail_run");
  BOOST_TEST(Actions(c) == "password:hold");
  BOOST_TEST(Count(d, Verdict::kHold) == 12u);
  BOOST_TEST(Count(d, Verdict::kKeep) == 9u);
}

BOOST_AUTO_TEST_CASE(other_accounts_are_untouched_by_an_account_trip) {
  World w;
  AddMany(w, DormantKeyUser, "a-", 4, "111111111111");
  AddMany(w, DormantPasswordUser, "b-", 2, "222222222222");
  const Evaluated d = w.Run();
  BOOST_TEST(Trips(d) == "account:111111111111/4/3 account:111111111111:no_password/4/3");
  BOOST_TEST(UserNamed(d, "b-0").verdict == Verdict::kDeactivate);
  BOOST_TEST(Actions(UserNamed(d, "b-0")) == "password:deactivate");
  BOOST_TEST(Reasons(UserNamed(d, "b-1")) == "user_idle,never_used");
}

// ---------------------------------------------------------------------------------------
// The guardrail per run.

BOOST_AUTO_TEST_CASE(run_guardrail_trips_strictly_above_max_actions_per_run) {
  {
    World w;
    w.policy.max_actions_per_run = 5;
    AddMany(w, DormantPasswordUser, "a-", 3, "111111111111");
    AddMany(w, FreshPasswordUser, "a-fresh-", 9, "111111111111");
    AddMany(w, DormantPasswordUser, "b-", 2, "222222222222");
    AddMany(w, FreshPasswordUser, "b-fresh-", 6, "222222222222");
    const Evaluated d = w.Run();
    BOOST_TEST(d.guardrails.empty());
    BOOST_TEST(Count(d, Verdict::kDeactivate) == 5u);
  }
  {
    World w;
    w.policy.max_actions_per_run = 5;
    AddMany(w, DormantPasswordUser, "a-", 3, "111111111111");
    AddMany(w, FreshPasswordUser, "a-fresh-", 9, "111111111111");
    AddMany(w, DormantPasswordUser, "b-", 3, "222222222222");
    AddMany(w, FreshPasswordUser, "b-fresh-", 9, "222222222222");
    const Evaluated d = w.Run();
    BOOST_TEST(Trips(d) == "run/6/5");
    BOOST_TEST(Count(d, Verdict::kDeactivate) == 0u);
    BOOST_TEST(Count(d, Verdict::kHold) == 6u);
    BOOST_TEST(Reasons(UserNamed(d, "b-2")) == "user_idle,never_used,guardrail_run");
    BOOST_TEST(Actions(UserNamed(d, "b-2")) == "password:hold");
  }
}

BOOST_AUTO_TEST_CASE(run_guardrail_counts_what_the_account_guardrails_left) {
  World w;
  w.policy.max_actions_per_run = 3;
  AddMany(w, DormantKeyUser, "a-", 4, "111111111111");  // trips its account
  AddMany(w, DormantPasswordUser, "b-", 3, "222222222222");
  AddMany(w, FreshPasswordUser, "b-fresh-", 9, "222222222222");
  const Evaluated d = w.Run();
  BOOST_TEST(Trips(d) == "account:111111111111/4/3 account:111111111111:no_password/4/3");
  BOOST_TEST(Count(d, Verdict::kDeactivate) == 3u);
  BOOST_TEST(UserNamed(d, "b-0").verdict == Verdict::kDeactivate);
}

// ---------------------------------------------------------------------------------------
// The decision file: exemption lists, counts, order.

BOOST_AUTO_TEST_CASE(exemption_expiry_is_by_date_at_midnight_utc) {
  World w;
  const Instant as_of = At("2026-11-20T15:00:00Z");
  auto expiring = [](const std::string& id, const char* date) {
    Exemption x = ExemptUser(id, id);  // matches the user with the same name
    x.expires = ParseDate(date);
    return x;
  };
  w.policy.exemptions.push_back(expiring("today", "2026-11-20"));       // expired at 00:00Z
  w.policy.exemptions.push_back(expiring("yesterday", "2026-11-19"));   // expired
  w.policy.exemptions.push_back(expiring("tomorrow", "2026-11-21"));    // expiring
  w.policy.exemptions.push_back(expiring("in-14-days", "2026-12-04"));  // expiring (warn_days)
  w.policy.exemptions.push_back(expiring("in-15-days", "2026-12-05"));  // not yet
  w.policy.exemptions.push_back(ExemptUser("forever", "forever"));
  for (const char* name :
       {"today", "yesterday", "tomorrow", "in-14-days", "in-15-days", "forever"}) {
    w.Add(DormantPasswordUser(name));
  }
  const Evaluated d = w.Run(as_of);
  BOOST_TEST(Join(d.expired_exemptions) == "today yesterday");
  BOOST_TEST(Join(d.expiring_exemptions) == "in-14-days tomorrow");
  BOOST_TEST(d.unused_exemptions.empty());  // expired ones are not listed as unused
  BOOST_TEST(UserNamed(d, "today").verdict == Verdict::kDeactivate);
  BOOST_TEST(UserNamed(d, "yesterday").verdict == Verdict::kDeactivate);
  for (const char* name : {"tomorrow", "in-14-days", "in-15-days", "forever"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(UserNamed(d, name).verdict == Verdict::kExempt); }
  }
}

BOOST_AUTO_TEST_CASE(exemption_expires_at_exactly_midnight_of_its_date) {
  World w;  // as-of 2026-11-20T00:00:00Z
  Exemption today = ExemptUser("today", "today");
  today.expires = ParseDate("2026-11-20");
  Exemption tomorrow = ExemptUser("tomorrow", "tomorrow");
  tomorrow.expires = ParseDate("2026-11-21");
  w.policy.exemptions = {today, tomorrow};
  w.Add(DormantKeyUser("today"));
  w.Add(DormantKeyUser("tomorrow"));
  const Evaluated d = w.Run();
  BOOST_TEST(Join(d.expired_exemptions) == "today");
  BOOST_TEST(UserNamed(d, "today").verdict == Verdict::kDeactivate);
  BOOST_TEST(UserNamed(d, "tomorrow").verdict == Verdict::kExempt);
  // One second before midnight the exemption still applies.
  const Evaluated before = w.Run(AsOf() - seconds(1));
  BOOST_TEST(before.expired_exemptions.empty());
  BOOST_TEST(UserNamed(before, "today").verdict == Verdict::kExempt);
  BOOST_TEST(Join(before.expiring_exemptions) == "today tomorrow");
}

BOOST_AUTO_TEST_CASE(unused_lists_exemptions_that_matched_no_row) {
  World w;
  w.policy.exemptions.push_back(ExemptUser("alice-exact", "alice"));  // wins for alice
  w.policy.exemptions.push_back(ExemptUser("alice-glob", "ALI*"));    // shadowed: still used
  w.policy.exemptions.push_back(ExemptUser("nobody", "nobody"));      // unused
  w.policy.exemptions.push_back(TagExemption("bob-tag", "bob"));      // undecidable: unused
  Exemption root;
  root.id = "root-arn";
  root.reason = "test";
  root.match.arn = "*:root";  // only the root row: unused
  w.policy.exemptions.push_back(root);
  Exemption expired = ExemptUser("expired", "nobody");
  expired.expires = ParseDate("2026-01-01");
  w.policy.exemptions.push_back(expired);
  w.Add(DormantKeyUser("alice"));
  w.Add(FreshKeyUser("bob"));
  w.Add(Row::Root().Key(1, true, DaysAgo(10)));
  const Evaluated d = w.Run();
  BOOST_TEST(UserNamed(d, "alice").exemption == 0);
  BOOST_TEST(Join(d.unused_exemptions) == "bob-tag nobody root-arn");
  BOOST_TEST(Join(d.expired_exemptions) == "expired");
}

BOOST_AUTO_TEST_CASE(counts_cover_every_verdict) {
  World w;
  w.policy.exemptions.push_back(ExemptUser("vip", "vip"));
  w.Add(Row::Root().Key(1, false, DaysAgo(900)));
  w.Add(DormantKeyUser("vip"));
  w.Add(Row("gone").Key(1, false, DaysAgo(900)));
  w.Add(DormantKeyUser("dormant"));
  w.Add(PrunableUser("prunable"));
  w.Add(Row("warned").Key(1, true, DaysAgo(900), DaysAgo(80)));
  w.Add(FreshKeyUser("fresh-1"));
  w.Add(FreshPasswordUser("fresh-2"));
  w.Add(Row("future").Key(1, true, DaysAgo(900), AsOf() + hours(1)));
  const Evaluated d = w.Run();
  const std::array<std::uint64_t, kVerdictCount> want{1, 1, 1, 1, 1, 1, 2, 1};
  for (std::size_t i = 0; i < kVerdictCount; ++i) {
    BOOST_TEST_CONTEXT(VerdictName(static_cast<Verdict>(i))) { BOOST_TEST(d.counts[i] == want[i]); }
  }
  BOOST_TEST(d.users.size() == 9u);
}

BOOST_AUTO_TEST_CASE(users_are_sorted_bytewise_by_arn) {
  World w;
  w.Add(FreshKeyUser("a", "999999999999"));
  w.Add(FreshKeyUser("alice").Path("/z/"));
  w.Add(FreshKeyUser("bob"));
  w.Add(Row::Root().Key(1, true, DaysAgo(1), DaysAgo(1)));
  w.Add(FreshKeyUser("Zed"));
  const Evaluated d = w.Run();
  std::vector<std::string> arns;
  for (const UserDecision& u : d.users) arns.emplace_back(u.row->arn);
  const std::vector<std::string> want{
      "arn:aws:iam::111122223333:root",     "arn:aws:iam::111122223333:user/Zed",
      "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:user/z/alice",
      "arn:aws:iam::999999999999:user/a",
  };
  BOOST_TEST(arns == want, boost::test_tools::per_element());
  BOOST_TEST(d.users[1].account == "111122223333");
  BOOST_TEST(d.users[4].account == "999999999999");
}

// ---------------------------------------------------------------------------------------
// The as-of time.

BOOST_AUTO_TEST_CASE(as_of_is_derived_from_the_latest_input_time) {
  InputSet inputs;
  inputs.latest_time = At("2026-11-19T22:10:04Z");
  BOOST_TEST(FormatTimestamp(DetermineAsOf(inputs, std::nullopt)) == "2026-11-19T22:10:04Z");
  // A given as-of equal to or later than the latest time is taken as is.
  BOOST_TEST(FormatTimestamp(DetermineAsOf(inputs, At("2026-11-19T22:10:04Z"))) ==
             "2026-11-19T22:10:04Z");
  BOOST_TEST(FormatTimestamp(DetermineAsOf(inputs, At("2026-12-01T00:00:00Z"))) ==
             "2026-12-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(as_of_errors_are_usage_errors) {
  auto kind_of = [](const InputSet& inputs, std::optional<Instant> given) {
    try {
      DetermineAsOf(inputs, given);
    } catch (const Error& e) {
      return static_cast<int>(e.kind());
    }
    return 0;
  };
  const int usage = static_cast<int>(ErrorKind::kUsage);

  InputSet dated;
  dated.latest_time = At("2026-11-19T22:10:04Z");
  BOOST_TEST(kind_of(dated, At("2026-11-19T22:10:03Z")) == usage);  // earlier than the inputs

  InputSet undated;  // a bare CSV only
  undated.has_undated_report = true;
  BOOST_TEST(kind_of(undated, std::nullopt) == usage);
  BOOST_TEST(kind_of(undated, At("2026-11-20T00:00:00Z")) == 0);

  InputSet mixed;  // a bare CSV next to dated inputs still needs --as-of
  mixed.latest_time = dated.latest_time;
  mixed.has_undated_report = true;
  BOOST_TEST(kind_of(mixed, std::nullopt) == usage);

  const InputSet timeless;  // nothing carries a time
  BOOST_TEST(kind_of(timeless, std::nullopt) == usage);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
