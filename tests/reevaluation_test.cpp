// Reevaluate: what verify, explain and plan recompute a decision file from. A file that
// changed is a difference (with HashCheck::kCompare), never an error; a file that is gone is
// a usage error (a wrong directory, a moved export), never a difference.
#include "dormant/reevaluation.h"

#include <zlib.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "dormant/error.h"
#include "sha256.h"
#include "test_support.h"

namespace dormant {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::TestdataDir;

const std::string kExports = "golden/verify-ok/exports/111122223333/";

// The inputs of the verify-ok case, copied to `dir` (the advisor file gzip-compressed),
// and the header of a decision file made from them under the default policy.
DecisionHeader CopiedInputs(const TempDir& dir) {
  const std::string report = ReadFile(TestdataDir() / (kExports + "credential-report.json"));
  const std::string advisor = ReadFile(TestdataDir() / (kExports + "access-advisor.ndjson"));
  const std::string gz_path = (dir.path() / "access-advisor.ndjson.gz").string();
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  gzwrite(gz, advisor.data(), static_cast<unsigned>(advisor.size()));
  gzclose(gz);
  DecisionHeader h;
  h.as_of = *ParseTimestamp("2026-11-20T00:00:00Z");
  h.policy_source = "default";
  h.policy_sha256 = DefaultPolicy().sha256;
  InputSummary in;
  in.path = gz_path;
  in.kind = InputKind::kAccessAdvisor;
  in.sha256 = Sha256Hex(ReadFile(gz_path));
  h.inputs.push_back(in);
  in.path = dir.Write("credential-report.json", report);
  in.kind = InputKind::kCredentialReport;
  in.sha256 = Sha256Hex(report);
  h.inputs.push_back(in);
  return h;
}

BOOST_AUTO_TEST_SUITE(reevaluation)

BOOST_AUTO_TEST_CASE(unchanged_inputs_are_evaluated_at_the_header_as_of) {
  const TempDir dir;
  const DecisionHeader h = CopiedInputs(dir);
  const Reevaluation r = Reevaluate(h, 1, HashCheck::kCompare);
  BOOST_TEST(!r.changed.has_value());
  BOOST_TEST(r.decisions.users.size() == 8u);
  BOOST_TEST((r.decisions.as_of == h.as_of));
  BOOST_TEST(r.policy.sha256 == h.policy_sha256);
}

bool IsUsage(const Error& e) { return e.kind() == ErrorKind::kUsage; }

BOOST_AUTO_TEST_CASE(a_gone_input_is_a_usage_error_not_a_difference) {
  const TempDir dir;
  const DecisionHeader h = CopiedInputs(dir);
  std::filesystem::remove(h.inputs[1].path);
  BOOST_CHECK_EXCEPTION(Reevaluate(h, 1, HashCheck::kCompare), Error, IsUsage);
  BOOST_CHECK_EXCEPTION(Reevaluate(h, 1, HashCheck::kNone), Error, IsUsage);
}

// The hash is of the bytes as stored: a gzip input changed into corrupt gzip data is a
// changed input, not an invalid one.
BOOST_AUTO_TEST_CASE(a_gzip_input_changed_into_corrupt_data_is_a_difference) {
  const TempDir dir;
  const DecisionHeader h = CopiedInputs(dir);
  dir.Write("access-advisor.ndjson.gz", ReadFile(h.inputs[0].path) + "garbage");
  const Reevaluation r = Reevaluate(h, 1, HashCheck::kCompare);
  BOOST_TEST(
      r.changed.value_or("").rfind(
          "input " + h.inputs[0].path + " has changed: sha256 was " + h.inputs[0].sha256 + ", is ",
          0) == 0,
      r.changed.value_or("(none)"));
}

BOOST_AUTO_TEST_CASE(a_changed_policy_is_a_difference_a_gone_one_a_usage_error) {
  const TempDir dir;
  DecisionHeader h = CopiedInputs(dir);
  h.policy_sha256 = std::string(64, '0');
  BOOST_TEST(Reevaluate(h, 1, HashCheck::kCompare).changed.value_or("") ==
             "policy default has changed: sha256 was " + h.policy_sha256 + ", is " +
                 DefaultPolicy().sha256);
  h.policy_source = (dir.path() / "policy.json").string();
  BOOST_CHECK_EXCEPTION(Reevaluate(h, 1, HashCheck::kCompare), Error, IsUsage);
}

BOOST_AUTO_TEST_CASE(without_the_check_the_files_are_read_as_they_are) {
  const TempDir dir;
  DecisionHeader h = CopiedInputs(dir);
  h.inputs[1].sha256 = std::string(64, '0');
  const Reevaluation r = Reevaluate(h, 1, HashCheck::kNone);
  BOOST_TEST(!r.changed.has_value());
  BOOST_TEST(r.decisions.users.size() == 8u);
}

// notify reads the policy and the IAM-details inputs only: the other inputs are neither
// checked nor read, and a file that is gone is an error, not a change.
BOOST_AUTO_TEST_CASE(reread_reads_and_checks_only_the_inputs_of_one_kind) {
  const TempDir dir;
  DecisionHeader h = CopiedInputs(dir);
  InputSummary iam;
  const std::string details =
      R"({"UserDetailList":[{"Arn":"arn:aws:iam::111122223333:user/people/a",)"
      R"("CreateDate":"2020-01-01T00:00:00Z","Tags":[{"Key":"owner","Value":"x"}]}]})";
  iam.path = dir.Write("iam-details.json", details);
  iam.kind = InputKind::kIamDetails;
  iam.sha256 = Sha256Hex(details);
  h.inputs.push_back(iam);
  std::filesystem::remove(h.inputs[0].path);  // the advisor file: not wanted
  h.inputs[1].sha256 = std::string(64, '0');  // the report: not wanted either
  HeaderFiles r = RereadHeaderFiles(h, 1, HashCheck::kCompare, InputKind::kIamDetails);
  BOOST_TEST(!r.changed.has_value());
  BOOST_TEST(r.inputs.inputs.size() == 1u);
  BOOST_TEST(r.inputs.iam_users.size() == 1u);
  BOOST_TEST(r.inputs.rows.empty());
  BOOST_TEST(r.policy.sha256 == h.policy_sha256);

  dir.Write("iam-details.json", details + "\n");
  r = RereadHeaderFiles(h, 1, HashCheck::kCompare, InputKind::kIamDetails);
  BOOST_TEST(r.changed.value_or("").rfind("input " + iam.path + " has changed", 0) == 0u);
  // A file that is gone is a usage error (a wrong directory, a moved export), not a change.
  std::filesystem::remove(iam.path);
  BOOST_CHECK_EXCEPTION(RereadHeaderFiles(h, 1, HashCheck::kCompare, InputKind::kIamDetails), Error,
                        IsUsage);
  // Every input, as Reevaluate reads them: the advisor file that is gone is an error too.
  dir.Write("iam-details.json", details);
  BOOST_CHECK_EXCEPTION(RereadHeaderFiles(h, 1, HashCheck::kCompare), Error, IsUsage);
  // A policy file that is gone likewise.
  h.policy_source = (dir.path() / "policy.json").string();
  BOOST_CHECK_EXCEPTION(RereadHeaderFiles(h, 1, HashCheck::kCompare, InputKind::kIamDetails), Error,
                        IsUsage);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
