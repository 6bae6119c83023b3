// The credential report: columns by name, value vocabulary, contradictions,
// ARN checks, exact line numbers in messages, and the `Content` decoding of the JSON form.
#include "credential_report.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/timestamp.h"

namespace dormant {
namespace {

// The current 22-column header, verbatim (reference doc §1.2).
const std::string kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

// Real decoded sample (reference doc §1.9 a): no trailing newline.
const std::string kSampleA =
    kHeader + "\n" +
    "<root_account>,arn:aws:iam::976168295228:root,2016-07-23T07:07:49+00:00,not_supported,"
    "2017-07-20T15:18:29+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,"
    "N/A,N/A,N/A,false,N/A,false,N/A\n"
    "robert.jackson,arn:aws:iam::976168295228:user/robert.jackson,2017-07-18T21:41:36+00:00,"
    "true,2017-08-07T15:58:16+00:00,2017-07-18T21:58:17+00:00,2017-09-01T21:58:17+00:00,true,"
    "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
    "robert.jackson.cli,arn:aws:iam::976168295228:user/robert.jackson.cli,"
    "2017-07-19T13:34:01+00:00,false,N/A,N/A,N/A,false,true,2017-07-19T13:34:01+00:00,"
    "2017-08-10T14:16:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

// Real Cloud Custodian capture (reference doc §1.9 b), with a trailing newline.
const std::string kSampleB =
    kHeader + "\n" +
    "<root_account>,arn:aws:iam::619193117841:root,2007-10-13T16:49:50+00:00,not_supported,"
    "2016-11-25T14:19:48+00:00,not_supported,not_supported,false,true,2011-08-19T05:12:23+00:00,"
    "2015-07-04T15:09:00+00:00,us-east-1,s3,false,2007-10-13T16:49:50+00:00,N/A,N/A,N/A,true,"
    "2008-06-25T02:07:10+00:00,false,N/A\n"
    "charmworld,arn:aws:iam::619193117841:user/charmworld,2012-01-29T21:54:13+00:00,false,N/A,"
    "N/A,N/A,false,true,2012-01-29T21:54:13+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,"
    "false,N/A\n"
    "kaleb,arn:aws:iam::619193117841:user/kaleb,2016-07-05T23:57:09+00:00,true,no_information,"
    "2016-07-05T23:59:36+00:00,N/A,false,true,2016-07-05T23:57:09+00:00,N/A,N/A,N/A,false,N/A,"
    "N/A,N/A,N/A,false,N/A,false,N/A\n"
    "syracuse,arn:aws:iam::619193117841:user/syracuse,2016-11-25T14:21:05+00:00,false,N/A,N/A,"
    "N/A,false,true,2016-11-25T14:21:05+00:00,2016-11-25T14:22:00+00:00,N/A,s3,false,N/A,N/A,"
    "N/A,N/A,false,N/A,false,N/A\n";

// A row as column -> value, written in the order of a header.
using Fields = std::map<std::string, std::string>;

std::vector<std::string> Split(const std::string& header) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = header.find(',', start);
    out.push_back(header.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// A key-only service user (like `charmworld`), with `overrides` applied.
Fields KeyUser(const std::string& name, const Fields& overrides = {}) {
  Fields f = {
      {"user", name},
      {"arn", "arn:aws:iam::111122223333:user/" + name},
      {"user_creation_time", "2024-01-10T09:00:00+00:00"},
      {"password_enabled", "false"},
      {"password_last_used", "N/A"},
      {"password_last_changed", "N/A"},
      {"password_next_rotation", "N/A"},
      {"mfa_active", "false"},
      {"access_key_1_active", "true"},
      {"access_key_1_last_rotated", "2024-01-10T09:00:00+00:00"},
      {"access_key_1_last_used_date", "2026-10-01T12:34:00+00:00"},
      {"access_key_1_last_used_region", "us-east-1"},
      {"access_key_1_last_used_service", "s3"},
      {"access_key_2_active", "false"},
      {"access_key_2_last_rotated", "N/A"},
      {"access_key_2_last_used_date", "N/A"},
      {"access_key_2_last_used_region", "N/A"},
      {"access_key_2_last_used_service", "N/A"},
      {"cert_1_active", "false"},
      {"cert_1_last_rotated", "N/A"},
      {"cert_2_active", "false"},
      {"cert_2_last_rotated", "N/A"},
  };
  for (const auto& [k, v] : overrides) f[k] = v;
  return f;
}

// The root row of account 111122223333, with `overrides` applied.
Fields RootRow(const Fields& overrides = {}) {
  Fields f = KeyUser("x", {{"user", "<root_account>"},
                           {"arn", "arn:aws:iam::111122223333:root"},
                           {"password_enabled", "not_supported"},
                           {"password_last_used", "no_information"},
                           {"password_last_changed", "not_supported"},
                           {"password_next_rotation", "not_supported"},
                           {"access_key_1_active", "false"},
                           {"access_key_1_last_rotated", "N/A"},
                           {"access_key_1_last_used_date", "N/A"}});
  for (const auto& [k, v] : overrides) f[k] = v;
  return f;
}

std::string Line(const Fields& f, const std::string& header = kHeader) {
  std::string out;
  for (const std::string& column : Split(header)) {
    if (!out.empty()) out += ',';
    const auto it = f.find(column);
    out += it == f.end() ? "N/A" : it->second;
  }
  return out;
}

// A report: the header, then one line per row, each ending in "\n".
std::string Report(const std::vector<Fields>& rows, const std::string& header = kHeader) {
  std::string out = header + "\n";
  for (const Fields& f : rows) out += Line(f, header) + "\n";
  return out;
}

// Keeps the rows' strings for the whole test run.
StringStore& TestStrings() {
  static StringStore strings;
  return strings;
}

std::vector<CredentialRow> Parse(const std::string& csv, std::uint64_t* count = nullptr) {
  std::vector<CredentialRow> rows;
  const std::uint64_t n =
      ParseCredentialReportCsv(csv, "report.csv", 7, false, rows, TestStrings());
  if (count) *count = n;
  return rows;
}

// Instants are compared as text, which Boost.Test can print.
std::string F(Instant t) { return FormatTimestamp(t); }

using Kind = ReportTime::Kind;
using Pw = CredentialRow::PasswordEnabled;

int K(Kind k) { return static_cast<int>(k); }
int P(Pw p) { return static_cast<int>(p); }

// Expects ParseCredentialReportCsv to throw Error(kInput) at `line` with every one of
// `texts` in its message; then, with embedded=true, "Content line <line>" instead.
void ExpectInputError(const std::string& csv, std::uint64_t line,
                      const std::vector<std::string>& texts) {
  for (const bool embedded : {false, true}) {
    BOOST_TEST_CONTEXT("embedded " << embedded) {
      std::vector<CredentialRow> rows;
      const std::string file = embedded ? "report.json" : "report.csv";
      bool threw = false;
      try {
        ParseCredentialReportCsv(csv, file, 0, embedded, rows, TestStrings());
      } catch (const Error& e) {
        threw = true;
        const std::string what = e.what();
        const std::string described = e.Describe();
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kInput));
        BOOST_TEST(e.file() == file);
        if (embedded) {
          const std::string content_line = "Content line " + std::to_string(line);
          BOOST_TEST(what.find(content_line) != std::string::npos, "message: " << described);
          // Not a line of the JSON file.
          BOOST_TEST(described.find(file + ":" + std::to_string(line)) == std::string::npos,
                     "message: " << described);
        } else {
          BOOST_TEST(e.line() == line, "message: " << described);
        }
        for (const std::string& t : texts) {
          BOOST_TEST(what.find(t) != std::string::npos, "want '" << t << "' in: " << what);
        }
      }
      BOOST_TEST(threw);
    }
  }
}

std::string Base64(const std::string& bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16 |
                       unsigned{static_cast<unsigned char>(bytes[i + 1])} << 8 |
                       unsigned{static_cast<unsigned char>(bytes[i + 2])};
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16 |
                       unsigned{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(credential_report)

BOOST_AUTO_TEST_CASE(real_sample_with_root_console_and_key_only_users) {
  std::uint64_t count = 0;
  const auto rows = Parse(kSampleA, &count);
  BOOST_TEST(count == 3u);
  BOOST_TEST_REQUIRE(rows.size() == 3u);

  const CredentialRow& root = rows[0];
  BOOST_TEST(root.root);
  BOOST_TEST(root.user() == "<root_account>");
  BOOST_TEST(root.arn == "arn:aws:iam::976168295228:root");
  BOOST_TEST(root.file == 7u);
  BOOST_TEST(root.line == 2u);
  BOOST_TEST(F(root.user_creation_time) == "2016-07-23T07:07:49Z");
  BOOST_TEST(P(root.password_enabled) == P(Pw::kNotSupported));
  BOOST_TEST(K(root.password_last_used.kind()) == K(Kind::kTimestamp));
  BOOST_TEST(F(root.password_last_used.time()) == "2017-07-20T15:18:29Z");
  BOOST_TEST(K(root.password_last_changed.kind()) == K(Kind::kNotSupported));
  for (int k = 0; k < 2; ++k) {
    BOOST_TEST(!root.key(k).exists());
    BOOST_TEST(!root.cert(k).exists());
  }

  const CredentialRow& console = rows[1];
  BOOST_TEST(!console.root);
  BOOST_TEST(console.user() == "robert.jackson");
  BOOST_TEST(console.line == 3u);
  BOOST_TEST(P(console.password_enabled) == P(Pw::kTrue));
  BOOST_TEST(F(console.password_last_used.time()) == "2017-08-07T15:58:16Z");
  BOOST_TEST(K(console.password_last_changed.kind()) == K(Kind::kTimestamp));
  BOOST_TEST(F(console.password_last_changed.time()) == "2017-07-18T21:58:17Z");
  BOOST_TEST(!console.key(0).exists());
  BOOST_TEST(K(console.key(0).last_used.kind()) == K(Kind::kNotAvailable));

  // password_enabled=false: the user has no console password; N/A is "no password".
  const CredentialRow& cli = rows[2];
  BOOST_TEST(cli.user() == "robert.jackson.cli");
  BOOST_TEST(cli.line == 4u);
  BOOST_TEST(F(cli.user_creation_time) == "2017-07-19T13:34:01Z");
  BOOST_TEST(P(cli.password_enabled) == P(Pw::kFalse));
  BOOST_TEST(K(cli.password_last_used.kind()) == K(Kind::kNotAvailable));
  BOOST_TEST(K(cli.password_last_changed.kind()) == K(Kind::kNotAvailable));
  BOOST_TEST(cli.key(0).active);
  BOOST_TEST(cli.key(0).exists());
  BOOST_TEST(F(cli.key(0).last_rotated.time()) == "2017-07-19T13:34:01Z");
  BOOST_TEST(K(cli.key(0).last_used.kind()) == K(Kind::kTimestamp));
  BOOST_TEST(F(cli.key(0).last_used.time()) == "2017-08-10T14:16:00Z");  // minute-truncated
  BOOST_TEST(!cli.key(1).active);
  BOOST_TEST(!cli.key(1).exists());
}

BOOST_AUTO_TEST_CASE(real_sample_with_inactive_key_cert_and_no_information) {
  const auto rows = Parse(kSampleB);
  BOOST_TEST_REQUIRE(rows.size() == 4u);

  const CredentialRow& root = rows[0];
  BOOST_TEST(root.root);
  BOOST_TEST(root.key(0).active);
  BOOST_TEST(F(root.key(0).last_rotated.time()) == "2011-08-19T05:12:23Z");
  BOOST_TEST(F(root.key(0).last_used.time()) == "2015-07-04T15:09:00Z");
  // An inactive key with a last_rotated date exists (already deactivated).
  BOOST_TEST(!root.key(1).active);
  BOOST_TEST(K(root.key(1).last_rotated.kind()) == K(Kind::kTimestamp));
  BOOST_TEST(F(root.key(1).last_rotated.time()) == "2007-10-13T16:49:50Z");
  BOOST_TEST(root.key(1).exists());
  BOOST_TEST(K(root.key(1).last_used.kind()) == K(Kind::kNotAvailable));
  BOOST_TEST(root.cert(0).active);
  BOOST_TEST(F(root.cert(0).last_rotated.time()) == "2008-06-25T02:07:10Z");
  BOOST_TEST(!root.cert(1).exists());

  const CredentialRow& charmworld = rows[1];
  BOOST_TEST(charmworld.key(0).active);
  BOOST_TEST(K(charmworld.key(0).last_used.kind()) == K(Kind::kNotAvailable));

  const CredentialRow& kaleb = rows[2];
  BOOST_TEST(P(kaleb.password_enabled) == P(Pw::kTrue));
  BOOST_TEST(K(kaleb.password_last_used.kind()) == K(Kind::kNoInformation));
  BOOST_TEST(!kaleb.password_last_used.value().has_value());

  const CredentialRow& syracuse = rows[3];
  BOOST_TEST(F(syracuse.key(0).last_used.time()) == "2016-11-25T14:22:00Z");
  BOOST_TEST(syracuse.line == 5u);
}

BOOST_AUTO_TEST_CASE(booleans_in_any_case) {
  struct Case {
    std::string value;
    bool want;
  };
  const Case cases[] = {
      {"true", true},   {"TRUE", true},   {"True", true},   {"tRuE", true},
      {"false", false}, {"FALSE", false}, {"False", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("value " << c.value) {
      const auto rows =
          Parse(Report({KeyUser("svc", {{"password_enabled", c.value},
                                        {"access_key_2_active", c.value},
                                        {"access_key_2_last_rotated", "2024-01-10T09:00:00+00:00"},
                                        {"cert_1_active", c.value},
                                        {"cert_1_last_rotated", "2024-01-11T09:00:00+00:00"}})}));
      BOOST_TEST_REQUIRE(rows.size() == 1u);
      BOOST_TEST(P(rows[0].password_enabled) == P(c.want ? Pw::kTrue : Pw::kFalse));
      BOOST_TEST(rows[0].key(1).active == c.want);
      BOOST_TEST(rows[0].cert(0).active == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(bom_is_skipped) {
  const auto rows = Parse("\xEF\xBB\xBF" + kSampleA);
  BOOST_TEST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].user() == "<root_account>");  // the first column is still `user`
}

BOOST_AUTO_TEST_CASE(columns_found_by_name_in_any_order_extra_ignored) {
  const std::string header =
      "cert_2_last_rotated,access_key_2_last_used_date,extra_future_column,arn,"
      "access_key_1_last_used_date,password_last_used,user,access_key_2_active,"
      "access_key_1_active,cert_1_active,password_enabled,access_key_2_last_rotated,"
      "user_creation_time,access_key_1_last_rotated,cert_1_last_rotated,cert_2_active,"
      "password_last_changed";
  Fields f = KeyUser("svc", {{"password_enabled", "true"},
                             {"password_last_used", "2026-09-01T08:00:00+00:00"},
                             {"password_last_changed", "2025-02-01T08:00:00+00:00"},
                             {"cert_2_active", "true"},
                             {"cert_2_last_rotated", "2025-03-01T08:00:00+00:00"}});
  f["extra_future_column"] = "\"anything, \"\"goes\"\"\"";  // a quoted value
  const auto rows = Parse(Report({f}, header));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  const CredentialRow& r = rows[0];
  BOOST_TEST(r.user() == "svc");
  BOOST_TEST(r.arn == "arn:aws:iam::111122223333:user/svc");
  BOOST_TEST(F(r.user_creation_time) == "2024-01-10T09:00:00Z");
  BOOST_TEST(P(r.password_enabled) == P(Pw::kTrue));
  BOOST_TEST(F(r.password_last_used.time()) == "2026-09-01T08:00:00Z");
  BOOST_TEST(F(r.password_last_changed.time()) == "2025-02-01T08:00:00Z");
  BOOST_TEST(r.key(0).active);
  BOOST_TEST(F(r.key(0).last_used.time()) == "2026-10-01T12:34:00Z");
  BOOST_TEST(!r.key(1).exists());
  BOOST_TEST(!r.cert(0).exists());
  BOOST_TEST(r.cert(1).active);
  BOOST_TEST(F(r.cert(1).last_rotated.time()) == "2025-03-01T08:00:00Z");
}

BOOST_AUTO_TEST_CASE(unread_columns_may_repeat_and_hold_anything) {
  const std::string header = kHeader + ",mfa_active,note";
  const auto rows =
      Parse(Report({KeyUser("svc", {{"mfa_active", "maybe"}, {"note", "not_supported"}})}, header));
  BOOST_TEST(rows.size() == 1u);
}

BOOST_AUTO_TEST_CASE(optional_columns_may_be_absent) {
  const std::string header =
      "user,arn,user_creation_time,password_enabled,password_last_used,access_key_1_active,"
      "access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,"
      "access_key_2_last_rotated,access_key_2_last_used_date";
  const auto rows = Parse(Report(
      {KeyUser("svc", {{"password_enabled", "true"}, {"password_last_used", "no_information"}})},
      header));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  const CredentialRow& r = rows[0];
  BOOST_TEST(P(r.password_enabled) == P(Pw::kTrue));
  BOOST_TEST(!r.password_last_changed.is_time());
  BOOST_TEST(!r.cert(0).exists());
  BOOST_TEST(!r.cert(1).exists());
  BOOST_TEST(r.key(0).active);
}

BOOST_AUTO_TEST_CASE(header_only_report_has_no_rows) {
  std::uint64_t count = 99;
  BOOST_TEST(Parse(kHeader, &count).empty());
  BOOST_TEST(count == 0u);
  BOOST_TEST(Parse(kHeader + "\n", &count).empty());
  BOOST_TEST(count == 0u);
}

BOOST_AUTO_TEST_CASE(crlf_report_and_line_numbers) {
  std::string csv;
  for (char c : kSampleB) {
    if (c == '\n') csv += '\r';
    csv += c;
  }
  const auto rows = Parse(csv);
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows[3].user() == "syracuse");  // no CR left in a value
  BOOST_TEST(K(rows[3].key(1).last_rotated.kind()) == K(Kind::kNotAvailable));
  BOOST_TEST(rows[3].line == 5u);
}

BOOST_AUTO_TEST_CASE(quoted_name_with_comma_and_unusual_paths) {
  struct Case {
    std::string user_field, arn_field, want_user, want_arn;
  };
  const Case cases[] = {
      {"\"a,b\"", "\"arn:aws:iam::111122223333:user/a,b\"", "a,b",
       "arn:aws:iam::111122223333:user/a,b"},
      {"deploy", "arn:aws:iam::111122223333:user/ops/ci/deploy", "deploy",
       "arn:aws:iam::111122223333:user/ops/ci/deploy"},
      {"x+=.@_-", "\"arn:aws:iam::111122223333:user/we\"\"ird\\$`;/x+=.@_-\"", "x+=.@_-",
       "arn:aws:iam::111122223333:user/we\"ird\\$`;/x+=.@_-"},
      {"cn", "arn:aws-cn:iam::111122223333:user/cn", "cn", "arn:aws-cn:iam::111122223333:user/cn"},
      {"gov", "arn:aws-us-gov:iam::111122223333:user/gov", "gov",
       "arn:aws-us-gov:iam::111122223333:user/gov"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("arn " << c.want_arn) {
      const auto rows =
          Parse(Report({KeyUser("x", {{"user", c.user_field}, {"arn", c.arn_field}})}));
      BOOST_TEST_REQUIRE(rows.size() == 1u);
      BOOST_TEST(rows[0].user() == c.want_user);
      BOOST_TEST(rows[0].arn == c.want_arn);
      BOOST_TEST(!rows[0].root);
    }
  }
}

BOOST_AUTO_TEST_CASE(root_in_other_partitions) {
  const auto rows = Parse(Report({RootRow({{"arn", "arn:aws-cn:iam::111122223333:root"}})}));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].root);
}

BOOST_AUTO_TEST_CASE(no_information_and_na_mean_no_time) {
  const auto rows = Parse(
      Report({KeyUser("svc", {{"password_enabled", "true"},
                              {"password_last_used", "no_information"},
                              {"password_last_changed", "N/A"},
                              {"access_key_1_last_used_date", "no_information"},
                              {"access_key_2_active", "false"},
                              {"access_key_2_last_rotated", "2024-05-05T05:05:05+00:00"},
                              {"access_key_2_last_used_date", "2024-06-06T06:06:00+00:00"}})}));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  const CredentialRow& r = rows[0];
  BOOST_TEST(K(r.password_last_used.kind()) == K(Kind::kNoInformation));
  BOOST_TEST(K(r.password_last_changed.kind()) == K(Kind::kNotAvailable));
  BOOST_TEST(K(r.key(0).last_used.kind()) == K(Kind::kNoInformation));
  // An inactive key with a rotation time exists, so it may have a last-used date.
  BOOST_TEST(r.key(1).exists());
  BOOST_TEST(F(r.key(1).last_used.time()) == "2024-06-06T06:06:00Z");
}

BOOST_AUTO_TEST_CASE(timestamps_in_other_accepted_forms) {
  const auto rows =
      Parse(Report({KeyUser("svc", {{"user_creation_time", "2024-01-10T10:00:00.750+01:00"},
                                    {"access_key_1_last_used_date", "2026-10-01 12:34:00Z"}})}));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(F(rows[0].user_creation_time) == "2024-01-10T09:00:00Z");
  BOOST_TEST(F(rows[0].key(0).last_used.time()) == "2026-10-01T12:34:00Z");
}

BOOST_AUTO_TEST_CASE(rows_are_appended) {
  std::vector<CredentialRow> rows(2);
  const std::uint64_t n =
      ParseCredentialReportCsv(kSampleA, "r.csv", 3, false, rows, TestStrings());
  BOOST_TEST(n == 3u);
  BOOST_TEST_REQUIRE(rows.size() == 5u);
  BOOST_TEST(rows[2].root);
  BOOST_TEST(rows[4].file == 3u);
}

BOOST_AUTO_TEST_CASE(header_errors) {
  const std::string header16 =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
      "access_key_2_active,access_key_2_last_rotated,cert_1_active,cert_1_last_rotated,"
      "cert_2_active,cert_2_last_rotated";
  const std::string row16 =
      "aagrawal,arn:aws:iam::509284790694:user/aagrawal,2014-09-01T22:28:48+00:00,true,"
      "2014-11-12T23:36:49+00:00,2014-09-03T18:59:00+00:00,N/A,false,true,"
      "2014-09-01T22:28:48+00:00,false,N/A,false,N/A,false,N/A";
  BOOST_TEST_CONTEXT("pre-2015 16-column header") {
    ExpectInputError(header16 + "\n" + row16 + "\n", 1, {"access_key_1_last_used_date"});
  }
  BOOST_TEST_CONTEXT("required column missing") {
    std::string header = kHeader;
    header.replace(header.find(",user_creation_time"), 19, "");
    ExpectInputError(header + "\n", 1, {"user_creation_time"});
  }
  BOOST_TEST_CONTEXT("a required read column twice") {
    ExpectInputError(kHeader + ",password_last_used\n", 1, {"password_last_used"});
  }
  BOOST_TEST_CONTEXT("an optional read column twice") {
    ExpectInputError(kHeader + ",cert_1_last_rotated\n", 1, {"cert_1_last_rotated"});
  }
  BOOST_TEST_CONTEXT("header names are case-sensitive") {
    std::string header = kHeader;
    header.replace(0, 4, "User");
    ExpectInputError(header + "\n", 1, {"'user'"});
  }
  BOOST_TEST_CONTEXT("empty report") { ExpectInputError("", 1, {"empty"}); }
  BOOST_TEST_CONTEXT("BOM only") { ExpectInputError("\xEF\xBB\xBF", 1, {"empty"}); }
}

BOOST_AUTO_TEST_CASE(row_errors_name_line_and_column) {
  struct Case {
    std::string name;
    std::string csv;
    std::uint64_t line;
    std::vector<std::string> texts;
  };
  const Fields ok = KeyUser("ok");
  std::string short_row = Line(KeyUser("short"));
  short_row.erase(short_row.rfind(','));
  const std::string long_name(65, 'n');
  const std::string long_path = "/" + std::string(511, 'p') + "/";  // 513 characters
  const Case cases[] = {
      {"wrong field count (one short)", Report({ok}) + short_row + "\n", 3, {"21", "22"}},
      {"wrong field count (one extra)",
       Report({ok}) + Line(KeyUser("long")) + ",x\n",
       3,
       {"23", "22"}},
      {"blank line is a row of one field",
       Report({ok}) + "\n" + Line(KeyUser("b")) + "\n",
       3,
       {"1"}},
      {"invalid boolean in password_enabled",
       Report({ok, KeyUser("b", {{"password_enabled", "yes"}})}),
       3,
       {"password_enabled", "yes"}},
      {"boolean is not trimmed",
       Report({KeyUser("b", {{"access_key_1_active", " true"}})}),
       2,
       {"access_key_1_active"}},
      {"1 is not a boolean",
       Report({KeyUser("b", {{"access_key_2_active", "1"}})}),
       2,
       {"access_key_2_active"}},
      {"empty boolean", Report({KeyUser("b", {{"cert_2_active", ""}})}), 2, {"cert_2_active"}},
      {"N/A in user_creation_time",
       Report({KeyUser("b", {{"user_creation_time", "N/A"}})}),
       2,
       {"user_creation_time", "N/A"}},
      {"no_information in user_creation_time",
       Report({KeyUser("b", {{"user_creation_time", "no_information"}})}),
       2,
       {"user_creation_time"}},
      {"timestamp without offset",
       Report({KeyUser("b", {{"access_key_1_last_rotated", "2024-01-10T09:00:00"}})}),
       2,
       {"access_key_1_last_rotated"}},
      {"garbage in a time column",
       Report({KeyUser("b", {{"access_key_1_last_used_date", "never"}})}),
       2,
       {"access_key_1_last_used_date", "never"}},
      {"not_supported in a user's password_enabled",
       Report({KeyUser("b", {{"password_enabled", "not_supported"}})}),
       2,
       {"password_enabled"}},
      {"not_supported in a user's password_last_used",
       Report(
           {KeyUser("b", {{"password_enabled", "true"}, {"password_last_used", "not_supported"}})}),
       2,
       {"password_last_used"}},
      {"not_supported in a user's password_last_changed",
       Report({KeyUser("b", {{"password_last_changed", "not_supported"}})}),
       2,
       {"password_last_changed"}},
      {"not_supported in the root's key column",
       Report({RootRow({{"access_key_1_last_used_date", "not_supported"}})}),
       2,
       {"access_key_1_last_used_date"}},
      {"not_supported in the root's cert column",
       Report({RootRow({{"cert_1_last_rotated", "not_supported"}})}),
       2,
       {"cert_1_last_rotated"}},
      {"not_supported in the root's user_creation_time",
       Report({RootRow({{"user_creation_time", "not_supported"}})}),
       2,
       {"user_creation_time"}},
      {"timestamp in password_last_used when password_enabled=false",
       Report({ok, KeyUser("b", {{"password_last_used", "2026-01-01T00:00:00+00:00"}})}),
       3,
       {"password_last_used"}},
      {"timestamp in password_last_changed when password_enabled=false",
       Report({KeyUser("b", {{"password_last_changed", "2026-01-01T00:00:00+00:00"}})}),
       2,
       {"password_last_changed"}},
      {"last_used_date for a key that does not exist",
       Report({KeyUser("b", {{"access_key_2_active", "false"},
                             {"access_key_2_last_rotated", "N/A"},
                             {"access_key_2_last_used_date", "2026-01-01T00:00:00+00:00"}})}),
       2,
       {"access_key_2_last_used_date"}},
      {"<root_account> with a user ARN",
       Report({RootRow({{"arn", "arn:aws:iam::111122223333:user/root"}})}),
       2,
       {"<root_account>"}},
      {"root ARN with another user name",
       Report({ok, RootRow({{"user", "root"}})}),
       3,
       {"<root_account>"}},
      {"<root_account> with a malformed root ARN",
       Report({RootRow({{"arn", "arn:aws:iam::11112222333:root"}})}),
       2,
       {"<root_account>"}},
      {"user name differs from the ARN",
       Report({KeyUser("alice", {{"arn", "arn:aws:iam::111122223333:user/bob"}})}),
       2,
       {"user", "alice", "bob"}},
      {"user name differs from the ARN in case",
       Report({KeyUser("alice", {{"arn", "arn:aws:iam::111122223333:user/Alice"}})}),
       2,
       {"user"}},
      {"bad partition",
       Report({KeyUser("b", {{"arn", "arn:amazon:iam::111122223333:user/b"}})}),
       2,
       {"arn"}},
      {"partition with an underscore",
       Report({KeyUser("b", {{"arn", "arn:aws_cn:iam::111122223333:user/b"}})}),
       2,
       {"arn"}},
      {"11-digit account",
       Report({KeyUser("b", {{"arn", "arn:aws:iam::11112222333:user/b"}})}),
       2,
       {"arn"}},
      {"not an IAM ARN",
       Report({KeyUser("b", {{"arn", "arn:aws:sts::111122223333:user/b"}})}),
       2,
       {"arn"}},
      {"role ARN in a credential report",
       Report({KeyUser("b", {{"arn", "arn:aws:iam::111122223333:role/b"}})}),
       2,
       {"arn"}},
      {"illegal character in the name",
       Report({KeyUser("b!", {{"arn", "arn:aws:iam::111122223333:user/b!"}})}),
       2,
       {"arn"}},
      {"name of 65 characters", Report({KeyUser(long_name)}), 2, {"arn"}},
      {"path of 513 characters",
       Report({KeyUser("b", {{"arn", "arn:aws:iam::111122223333:user" + long_path + "b"}})}),
       2,
       {"arn"}},
      {"space in the path",
       Report({KeyUser("b", {{"arn", "\"arn:aws:iam::111122223333:user/a b/b\""}})}),
       2,
       {"arn"}},
      {"error after a quoted newline counts physical lines",
       Report({KeyUser("a", {{"mfa_active", "\"multi\nline\""}}),
               KeyUser("b", {{"password_enabled", "maybe"}})}),
       4,
       {"password_enabled"}},
      {"CSV syntax error inside the report", kHeader + "\n" + Line(ok) + "\nb\"ad\n", 3, {"\""}},
      {"unterminated quote in the report",
       kHeader + "\n" + Line(ok) + "\n\"open\n",
       3,
       {"unterminated"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) { ExpectInputError(c.csv, c.line, c.texts); }
  }
}

BOOST_AUTO_TEST_CASE(valid_limits_are_accepted) {
  const std::string name64(64, 'n');
  const std::string path512 = "/" + std::string(510, 'p') + "/";
  const auto rows =
      Parse(Report({KeyUser(name64),
                    KeyUser("b", {{"arn", "arn:aws:iam::111122223333:user" + path512 + "b"}})}));
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].user() == name64);
}

BOOST_AUTO_TEST_CASE(decode_plain_content_passes_through) {
  // Contains a comma: plain CSV, returned as is (even bytes that are not base64).
  std::string csv = "stale";
  BOOST_TEST(DecodeReportContent(kSampleA, csv));
  BOOST_TEST(csv == kSampleA);
  BOOST_TEST(DecodeReportContent("user,arn\n==!", csv));
  BOOST_TEST(csv == "user,arn\n==!");
}

BOOST_AUTO_TEST_CASE(decode_base64_content) {
  struct Case {
    std::string name, content;
    bool ok;
    std::string want;
  };
  const Case cases[] = {
      {"padding ==", "dXNlcixhcm4K", true, "user,arn\n"},
      {"two padding symbols", "QQ==", true, "A"},
      {"one padding symbol", "QUI=", true, "AB"},
      {"no padding needed", "QUJD", true, "ABC"},
      {"longer", "aGVsbG8gd29ybGQ=", true, "hello world"},
      {"line breaks inside", "dXNl\ncixh\r\ncm4K\n", true, "user,arn\n"},
      {"spaces and tabs inside", " dX Nl\tcixhcm4K ", true, "user,arn\n"},
      {"whitespace inside the padding", "QQ=\n=", true, "A"},
      {"missing padding (==)", "QQ", false, ""},
      {"missing padding (=)", "QUI", false, ""},
      {"one stray symbol", "QUJDR", false, ""},
      {"too much padding", "QQ===", false, ""},
      {"padding after a full group", "QUJD====", false, ""},
      {"only padding", "====", false, ""},
      {"invalid symbol", "QU!D", false, ""},
      {"url-safe symbol -", "QU-D", false, ""},
      {"url-safe symbol _", "QU_D", false, ""},
      {"non-ASCII byte", "QUJ\xC3\xA9", false, ""},
      {"data after '='", "QQ==QUJD", false, ""},
      {"data right after one '='", "QQ=A", false, ""},
      {"leftover bits not zero", "QR==", false, ""},
      {"groups after a line break", "QUJD\nQUJDQUJD\nQQ==", true, "ABCABCABCA"},
      {"a group cut by a line break", "QU\nJDQUJD", true, "ABCABC"},
      {"bad symbol after fast groups", "QUJDQUJD!UJD", false, ""},
      {"a comma after fast groups", "QUJDQUJD,UJD", true, "QUJDQUJD,UJD"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      std::string csv;
      BOOST_TEST(DecodeReportContent(c.content, csv) == c.ok);
      if (c.ok) BOOST_TEST(csv == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(decoded_base64_report_parses) {
  std::string wrapped;
  const std::string b64 = Base64(kSampleA);
  for (std::size_t i = 0; i < b64.size(); i += 76) wrapped += b64.substr(i, 76) + "\n";
  std::string csv;
  BOOST_TEST_REQUIRE(DecodeReportContent(wrapped, csv));
  BOOST_TEST(csv == kSampleA);
  std::vector<CredentialRow> rows;
  BOOST_TEST(ParseCredentialReportCsv(csv, "r.json", 0, true, rows, TestStrings()) == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
