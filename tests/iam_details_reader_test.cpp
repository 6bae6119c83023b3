// Reading IAM-details pages through the public API: ARN, CreateDate and tags of each
// user entry, and malformed pages as input errors.
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

BOOST_AUTO_TEST_SUITE(iam_details_reader)

// ---- IAM details ----

BOOST_AUTO_TEST_CASE(iam_details_read_arn_create_date_and_tags) {
  const std::string page1 = IamPage({IamEntry("no-tags"), IamEntry("empty-tags", R"(, "Tags": [])"),
                                     IamEntry("null-tags", R"(, "Tags": null)")});
  const std::string page2 = IamPage({IamEntry(
      "tagged",
      R"(, "Tags": [{"Key": "Team", "Value": "platform"}, {"Key": "owner", "Value": ""}])")});
  const TempDir dir;
  const InputSet set = Load({dir.Write("details.json", page1 + "\n" + page2 + "\n")});
  BOOST_TEST(KindName(set.inputs[0].kind) == KindName(InputKind::kIamDetails));
  BOOST_TEST(set.inputs[0].records == 4u);
  BOOST_TEST(!set.inputs[0].generated.has_value());
  BOOST_TEST(!set.latest_time.has_value());
  BOOST_REQUIRE(set.iam_users.size() == 4u);
  for (const char* name : {"no-tags", "empty-tags", "null-tags"}) {
    BOOST_TEST_CONTEXT(name) {
      const IamUserRecord* rec = set.FindIamUser(UserArn(name));
      BOOST_REQUIRE(rec != nullptr);
      BOOST_TEST(rec->tags.empty());
      BOOST_TEST(FormatTimestamp(rec->create_date) == "2025-01-01T00:00:00Z");
    }
  }
  BOOST_REQUIRE(set.FindIamUser(UserArn("tagged")) != nullptr);
  const IamUserRecord& tagged = *set.FindIamUser(UserArn("tagged"));
  BOOST_REQUIRE(tagged.tags.size() == 2u);
  BOOST_TEST(tagged.tags[0].first == "Team");
  BOOST_TEST(tagged.tags[0].second == "platform");
  BOOST_TEST(tagged.tags[1].first == "owner");
  BOOST_TEST(tagged.tags[1].second == "");
}

BOOST_AUTO_TEST_CASE(malformed_iam_details_are_input_errors) {
  struct Case {
    const char* name;
    std::string bytes;
    const char* mentions;
  };
  const Case cases[] = {
      {"duplicate Arn in one page", IamPage({IamEntry("alice"), IamEntry("alice")}), "alice"},
      {"duplicate Arn across pages",
       IamPage({IamEntry("alice")}) + "\n" + IamPage({IamEntry("alice")}), "alice"},
      {"missing CreateDate",
       IamPage({R"({"UserName": "alice", "Arn": ")" + UserArn("alice") + R"("})"}), "CreateDate"},
      {"missing Arn", IamPage({R"({"UserName": "alice", "CreateDate": "2025-01-01T00:00:00Z"})"}),
       "Arn"},
      {"Tags not an array", IamPage({IamEntry("alice", R"(, "Tags": {})")}), "Tags"},
      {"bad CreateDate",
       IamPage({R"({"Arn": ")" + UserArn("alice") + R"(", "CreateDate": "2025-01-01"})"}),
       "CreateDate"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string message = InputErrorOf("details.json", c.bytes);
      BOOST_TEST(message.find(c.mentions) != std::string::npos, message);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
