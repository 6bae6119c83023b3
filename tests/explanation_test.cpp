// The predicates that `dormant explain` asks instead of deciding again (evaluator.h): each
// test sits on the boundary of one rule, so that it fails if the rule or its threshold
// breaks. Evaluate applies the same predicates (evaluator_test checks the verdicts).
#include "dormant/explanation.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "dormant/evaluator.h"
#include "dormant/string_store.h"
#include "exemption_match.h"

namespace dormant {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

Instant AsOf() {
  using namespace std::chrono;
  return Instant(sys_days(year_month_day(year(2026), month(11), day(20))));
}

CredentialDecision Credential(CredentialId id, bool active, std::int32_t idle_days) {
  CredentialDecision c;
  c.id = id;
  c.active = active;
  c.idle_days = idle_days;
  return c;
}

Policy Thresholds() {
  Policy p;
  p.idle_user = 90;
  p.idle_password = 30;
  p.idle_access_key = 60;
  p.warn_days = 14;
  p.max_report_age_hours = 24;
  return p;
}

GuardrailTrip Trip(const std::string& scope) { return {scope, 10, 3}; }

BOOST_AUTO_TEST_SUITE(explanation)

BOOST_AUTO_TEST_CASE(user_dormant_from_idle_days_user) {
  const Policy p = Thresholds();
  BOOST_TEST(!IsUserDormant(89, p));
  BOOST_TEST(IsUserDormant(90, p));
}

BOOST_AUTO_TEST_CASE(credential_threshold_by_kind) {
  const Policy p = Thresholds();
  BOOST_TEST(CredentialIdleThreshold(CredentialId::kPassword, p) == 30);
  BOOST_TEST(CredentialIdleThreshold(CredentialId::kAccessKey1, p) == 60);
  BOOST_TEST(CredentialIdleThreshold(CredentialId::kAccessKey2, p) == 60);
}

BOOST_AUTO_TEST_CASE(credential_idle_at_its_threshold) {
  const Policy p = Thresholds();
  BOOST_TEST(!IsCredentialIdle(Credential(CredentialId::kPassword, true, 29), p));
  BOOST_TEST(IsCredentialIdle(Credential(CredentialId::kPassword, true, 30), p));
  BOOST_TEST(!IsCredentialIdle(Credential(CredentialId::kAccessKey2, true, 59), p));
  BOOST_TEST(IsCredentialIdle(Credential(CredentialId::kAccessKey2, true, 60), p));
}

BOOST_AUTO_TEST_CASE(inactive_credentials_and_certificates_are_never_idle) {
  const Policy p = Thresholds();
  BOOST_TEST(!IsCredentialIdle(Credential(CredentialId::kAccessKey1, false, 1000), p));
  BOOST_TEST(!IsCredentialIdle(Credential(CredentialId::kCert1, true, 1000), p));
  BOOST_TEST(!IsCredentialIdle(Credential(CredentialId::kCert2, true, 1000), p));
  BOOST_TEST(IsSigningCertificate(CredentialId::kCert1));
  BOOST_TEST(IsSigningCertificate(CredentialId::kCert2));
  BOOST_TEST(!IsSigningCertificate(CredentialId::kPassword));
  BOOST_TEST(!IsSigningCertificate(CredentialId::kAccessKey1));
  BOOST_TEST(!IsSigningCertificate(CredentialId::kAccessKey2));
}

BOOST_AUTO_TEST_CASE(active_credentials_and_signing_certificates) {
  UserDecision d;
  BOOST_TEST(!HasActiveCredential(d));
  BOOST_TEST(!HasActiveSigningCertificate(d));
  d.credentials[d.credential_count++] = Credential(CredentialId::kAccessKey1, false, 0);
  d.credentials[d.credential_count++] = Credential(CredentialId::kCert2, false, 0);
  BOOST_TEST(!HasActiveCredential(d));
  BOOST_TEST(!HasActiveSigningCertificate(d));
  d.credentials[1].active = true;
  BOOST_TEST(HasActiveCredential(d));
  BOOST_TEST(HasActiveSigningCertificate(d));
  d.credentials[1].active = false;
  d.credentials[0].active = true;
  BOOST_TEST(HasActiveCredential(d));
  BOOST_TEST(!HasActiveSigningCertificate(d));
  // Only the credentials that exist count.
  d.credentials[2] = Credential(CredentialId::kCert1, true, 0);
  BOOST_TEST(!HasActiveSigningCertificate(d));
}

BOOST_AUTO_TEST_CASE(warned_from_idle_days_user_minus_warn_days) {
  const Policy p = Thresholds();
  BOOST_TEST(WarnThreshold(p) == 76);
  BOOST_TEST(!IsApproachingIdleLimit(75, p));
  BOOST_TEST(IsApproachingIdleLimit(76, p));
}

BOOST_AUTO_TEST_CASE(exemption_expires_at_its_instant) {
  Exemption x;
  BOOST_TEST(!IsExemptionExpired(x, AsOf()));  // no expiry
  x.expires = AsOf() + seconds(1);
  BOOST_TEST(!IsExemptionExpired(x, AsOf()));
  x.expires = AsOf();
  BOOST_TEST(IsExemptionExpired(x, AsOf()));
}

BOOST_AUTO_TEST_CASE(report_stale_after_max_report_age_hours) {
  const Policy p = Thresholds();
  InputSummary report;
  report.kind = InputKind::kCredentialReport;
  BOOST_TEST(!IsReportStale(report, p, AsOf()));  // bare CSV: as-of asserts its time
  report.generated = AsOf() - hours(24);
  BOOST_TEST(!IsReportStale(report, p, AsOf()));
  report.generated = AsOf() - hours(24) - seconds(1);
  BOOST_TEST(IsReportStale(report, p, AsOf()));
}

BOOST_AUTO_TEST_CASE(guardrail_scopes) {
  BOOST_TEST(AccountGuardrailScope("111122223333", false) == "account:111122223333");
  BOOST_TEST(AccountGuardrailScope("111122223333", true) == "account:111122223333:no_password");
}

BOOST_AUTO_TEST_CASE(run_guardrail_covers_every_account) {
  BOOST_TEST(GuardrailCovers(Trip("run"), "111122223333"));
  BOOST_TEST(GuardrailCovers(Trip("run"), "444455556666"));
}

BOOST_AUTO_TEST_CASE(account_guardrail_covers_its_account_only) {
  for (const std::string scope : {"account:111122223333", "account:111122223333:no_password"}) {
    BOOST_TEST(GuardrailCovers(Trip(scope), "111122223333"));
    BOOST_TEST(!GuardrailCovers(Trip(scope), "444455556666"));
    // Exact comparison: a part of the account id, or of the scope, is not the account.
    BOOST_TEST(!GuardrailCovers(Trip(scope), "11112222"));
    BOOST_TEST(!GuardrailCovers(Trip(scope), "account"));
    BOOST_TEST(!GuardrailCovers(Trip(scope), ""));
  }
}

BOOST_AUTO_TEST_CASE(exemption_subject_of_a_row) {
  CredentialRow row;
  row.arn = "arn:aws:iam::111122223333:user/ops/ci/deploy";
  row.user_creation_time = AsOf() - hours(1000);
  const ExemptionSubject s = ExemptionSubjectOf(row, nullptr);
  BOOST_TEST(s.user == "deploy");
  BOOST_TEST(s.arn == row.arn);
  BOOST_TEST(s.account == "111122223333");
  BOOST_TEST(s.path == "/ops/ci/");
  BOOST_TEST((s.user_creation_time == row.user_creation_time));
  BOOST_TEST(s.iam == nullptr);
}

BOOST_AUTO_TEST_CASE(iam_record_usable_only_with_the_user_creation_time) {
  CredentialRow row;
  row.arn = "arn:aws:iam::111122223333:user/alice";
  row.user_creation_time = AsOf() - hours(1000);
  IamUserRecord iam;
  iam.arn = row.arn;
  iam.create_date = row.user_creation_time;
  BOOST_TEST(!HasUsableIamRecord(ExemptionSubjectOf(row, nullptr)));
  BOOST_TEST(HasUsableIamRecord(ExemptionSubjectOf(row, &iam)));
  iam.create_date = row.user_creation_time - seconds(1);  // an earlier user of the name
  BOOST_TEST(!HasUsableIamRecord(ExemptionSubjectOf(row, &iam)));
}

// Every reason that can hold a user says what clears the hold; no other reason does.
BOOST_AUTO_TEST_CASE(hold_reasons_say_what_clears_them) {
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    const bool holds = IsHoldOnly(reason) || reason == Reason::kTimestampAfterAsOf;
    BOOST_TEST(HowHoldClears(reason).empty() == !holds, ReasonName(reason));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
