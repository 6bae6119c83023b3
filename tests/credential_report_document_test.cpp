// Reading the JSON envelope of a credential report through the public API: base64 or plain
// CSV content, a report without a generation time, exactly one object per file.
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/input_set.h"
#include "input_builders.h"

namespace dormant {
namespace {
using namespace testing;  // NOLINT(google-build-using-namespace): the shared builders

BOOST_AUTO_TEST_SUITE(credential_report_document)

// ---- the credential-report JSON envelope ----

BOOST_AUTO_TEST_CASE(report_content_is_base64_or_plain_csv) {
  const std::string csv = Csv({"alice", "bob"});
  std::string wrapped = Base64(csv);
  for (std::size_t i = 76; i < wrapped.size(); i += 77) wrapped.insert(i, "\n");  // CLI-style
  struct Case {
    const char* name;
    std::string content;
  };
  const Case cases[] = {
      {"base64", Base64(csv)},
      {"base64 with line breaks", wrapped},
      {"plain CSV text", csv},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const TempDir dir;
      const InputSet set =
          Load({dir.Write("report.json", ReportJson(c.content, "2026-11-19T22:10:04Z"))});
      BOOST_TEST(KindName(set.inputs[0].kind) == KindName(InputKind::kCredentialReport));
      BOOST_TEST(set.inputs[0].records == 2u);
      BOOST_REQUIRE(set.rows.size() == 2u);
      BOOST_TEST(set.rows[0]->arn == UserArn("alice"));
      BOOST_TEST(set.rows[1]->user() == "bob");
      BOOST_TEST(Format(set.inputs[0].generated) == "2026-11-19T22:10:04Z");
      BOOST_TEST(Format(set.latest_time) == "2026-11-19T22:10:04Z");
      BOOST_TEST(!set.has_undated_report);
    }
  }
}

BOOST_AUTO_TEST_CASE(report_without_generated_time_counts_as_bare_csv) {
  const TempDir dir;
  const InputSet json = Load({dir.Write("report.json", ReportJson(Base64(Csv({"alice"})), {}))});
  BOOST_TEST(json.has_undated_report);
  BOOST_TEST(!json.inputs[0].generated.has_value());
  BOOST_TEST(json.rows.size() == 1u);

  const InputSet null_time = Load({dir.Write(
      "null.json", R"({"Content": ")" + Base64(Csv({"bob"})) + R"(", "GeneratedTime": null})")});
  BOOST_TEST(null_time.has_undated_report);

  const InputSet bare = Load({dir.Write("report.csv", Csv({"carol"}))});
  BOOST_TEST(bare.has_undated_report);
  BOOST_TEST(!bare.latest_time.has_value());
}

BOOST_AUTO_TEST_CASE(report_json_must_be_exactly_one_object) {
  const std::string report = ReportJson(Base64(Csv({"alice"})), "2026-11-19T00:00:00Z");
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"two objects", report + ReportJson(Base64(Csv({"bob"})), "2026-11-19T00:00:00Z")},
      {"an array", "[" + report + "]"},
      {"Content twice", R"({"Content": "a,b", "Content": "a,b"})"},
      {"Content not base64", R"({"Content": "not base64!"})"},
      {"bad GeneratedTime",
       R"({"Content": ")" + Base64(Csv({"alice"})) + R"(", "GeneratedTime": "2026-11-19"})"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) { InputErrorOf("report.json", c.bytes); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
