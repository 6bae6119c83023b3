// IAM ARN validation of credential-report and access-advisor ARNs: partitions, accounts, user paths
// and names, the root ARN.
#include "arn.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace dormant {
namespace {

BOOST_AUTO_TEST_SUITE(arn)

BOOST_AUTO_TEST_CASE(parse_iam_arn_accepts_iam_arns) {
  struct Case {
    std::string input, partition, account, resource;
  };
  const Case cases[] = {
      {"arn:aws:iam::111122223333:user/alice", "aws", "111122223333", "user/alice"},
      {"arn:aws-cn:iam::111122223333:user/ops/bob", "aws-cn", "111122223333", "user/ops/bob"},
      {"arn:aws-us-gov:iam::111122223333:role/Admin", "aws-us-gov", "111122223333", "role/Admin"},
      {"arn:aws-iso-b:iam::000000000000:group/g", "aws-iso-b", "000000000000", "group/g"},
      {"arn:aws:iam::aws:policy/AdministratorAccess", "aws", "aws", "policy/AdministratorAccess"},
      {"arn:aws:iam::111122223333:role/service-role/x", "aws", "111122223333",
       "role/service-role/x"},
      {"arn:aws:iam::111122223333:root", "aws", "111122223333", "root"},
      {"arn:aws:iam::111122223333:user/a:b", "aws", "111122223333", "user/a:b"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("arn " << c.input) {
      const auto a = ParseIamArn(c.input);
      BOOST_TEST_REQUIRE(a.has_value());
      BOOST_TEST(a->partition == c.partition);
      BOOST_TEST(a->account == c.account);
      BOOST_TEST(a->resource == c.resource);
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_iam_arn_rejects_others) {
  const std::string cases[] = {
      "",
      "arn",
      "arn:aws:iam::111122223333",                   // no resource
      "arn:aws:iam::111122223333:",                  // empty resource
      "arn:aws:sts::111122223333:assumed-role/r/s",  // not IAM
      "arn:aws:s3:::bucket",
      "arn:aws:iam:us-east-1:111122223333:user/a",  // IAM ARNs have no region
      "arn::iam::111122223333:user/a",              // empty partition
      "arn:amazon:iam::111122223333:user/a",
      "arn:aws-:iam::111122223333:user/a",  // nothing after `aws-`
      "arn:aws_cn:iam::111122223333:user/a",
      "arn:aws-c n:iam::111122223333:user/a",
      "arn:AWS:iam::111122223333:user/a",
      "arn:aws:IAM::111122223333:user/a",
      "ARN:aws:iam::111122223333:user/a",
      "arn:aws:iam::11112222333:user/a",    // 11 digits
      "arn:aws:iam::1111222233334:user/a",  // 13 digits
      "arn:aws:iam::11112222333a:user/a",
      "arn:aws:iam:::user/a",       // empty account
      "arn:aws:iam::AWS:policy/p",  // `aws` is lowercase only
      " arn:aws:iam::111122223333:user/a",
  };
  for (const std::string& c : cases) {
    BOOST_TEST_CONTEXT("arn '" << c << "'") { BOOST_TEST(!ParseIamArn(c).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(parse_user_arn_splits_path_and_name) {
  struct Case {
    std::string input, account, path, name;
  };
  const Case cases[] = {
      {"arn:aws:iam::111122223333:user/alice", "111122223333", "/", "alice"},
      {"arn:aws:iam::111122223333:user/ops/ci/deploy", "111122223333", "/ops/ci/", "deploy"},
      {"arn:aws-cn:iam::444455556666:user/ops/bob", "444455556666", "/ops/", "bob"},
      {"arn:aws-us-gov:iam::111122223333:user/gov", "111122223333", "/", "gov"},
      {"arn:aws:iam::111122223333:user/a\"b/c\\d/$x;`/n", "111122223333", "/a\"b/c\\d/$x;`/", "n"},
      {"arn:aws:iam::111122223333:user/~!#%^&*()[]{}<>?|'/n", "111122223333",
       "/~!#%^&*()[]{}<>?|'/", "n"},
      {"arn:aws:iam::111122223333:user/Svc+Name=x,y.z@corp_1-2", "111122223333", "/",
       "Svc+Name=x,y.z@corp_1-2"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("arn " << c.input) {
      std::string why;
      const auto a = ParseUserArn(c.input, why);
      BOOST_TEST_REQUIRE(a.has_value(), "why: " << why);
      BOOST_TEST(a->account == c.account);
      BOOST_TEST(a->path == c.path);
      BOOST_TEST(a->name == c.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_user_arn_limits) {
  const std::string base = "arn:aws:iam::111122223333:user";
  const std::string name64(64, 'n');
  const std::string path512 = "/" + std::string(510, 'p') + "/";
  std::string why;
  const auto a = ParseUserArn(base + "/" + name64, why);
  BOOST_TEST_REQUIRE(a.has_value(), "why: " << why);
  BOOST_TEST(a->name.size() == 64u);
  const auto b = ParseUserArn(base + path512 + "n", why);
  BOOST_TEST_REQUIRE(b.has_value(), "why: " << why);
  BOOST_TEST(b->path.size() == 512u);
  const auto c = ParseUserArn(base + "/!/~/n", why);  // 0x21 and 0x7E are printable
  BOOST_TEST(c.has_value(), "why: " << why);
}

BOOST_AUTO_TEST_CASE(parse_user_arn_rejects_with_reason) {
  const std::string base = "arn:aws:iam::111122223333:user";
  const std::string cases[] = {
      "",
      "arn:aws:iam::111122223333:root",
      "arn:aws:iam::111122223333:role/alice",
      "arn:aws:iam::111122223333:group/alice",
      "arn:aws:iam::aws:user/alice",  // managed-policy account is not a user account
      "arn:aws:iam::11112222333:user/alice",
      "arn:aws:iam::111122223333:users/alice",
      "arn:aws:iam::111122223333:user",
      "arn:aws:iam::111122223333:user/",      // empty name
      "arn:aws:iam::111122223333:user/ops/",  // empty name after a path
      "arn:aws:iam::111122223333:User/alice",
      "arn:aws:sts::111122223333:user/alice",
      "arn:foo:iam::111122223333:user/alice",
      base + "/" + std::string(65, 'n'),          // name of 65 characters
      base + "/" + std::string(511, 'p') + "/n",  // path of 513 characters
      base + "/al!ce",                            // `!` not allowed in a name
      base + "/al ice",
      base + "/al:ice",
      base + "/al\"ice",
      base + "/al$ice",
      base + "/caf\xC3\xA9",  // non-ASCII name
      base + "/a b/alice",    // space in the path
      base + "/a\tb/alice",   // control character in the path
      base +
          "/a\x7F"
          "b/alice",                // DEL in the path
      base + "/caf\xC3\xA9/alice",  // non-ASCII path
  };
  for (const std::string& c : cases) {
    BOOST_TEST_CONTEXT("arn '" << c << "'") {
      std::string why;
      BOOST_TEST(!ParseUserArn(c, why).has_value());
      BOOST_TEST(!why.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(is_root_arn) {
  struct Case {
    std::string input;
    bool want;
  };
  const Case cases[] = {
      {"arn:aws:iam::111122223333:root", true},
      {"arn:aws-cn:iam::111122223333:root", true},
      {"arn:aws-us-gov:iam::111122223333:root", true},
      {"arn:aws:iam::aws:root", false},
      {"arn:aws:iam::11112222333:root", false},
      {"arn:aws:iam::111122223333:root/", false},
      {"arn:aws:iam::111122223333:user/root", false},
      {"arn:aws:iam::111122223333:Root", false},
      {"arn:aws:iam::111122223333:root ", false},
      {"arn:aws:sts::111122223333:root", false},
      {"arn:amazon:iam::111122223333:root", false},
      {"<root_account>", false},
      {"", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("arn '" << c.input << "'") { BOOST_TEST(IsRootArn(c.input) == c.want); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
