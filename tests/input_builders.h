// input_builders.h — what the input-reading suites share: builders of credential reports,
// access-advisor documents and IAM-details pages in the real AWS shapes, and loading them
// through the public API (discovery, then LoadInputs) with the error a load throws.
#ifndef DORMANT_TESTS_INPUT_BUILDERS_H_
#define DORMANT_TESTS_INPUT_BUILDERS_H_

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/error.h"
#include "dormant/input_discovery.h"
#include "dormant/input_set.h"
#include "dormant/timestamp.h"
#include "test_support.h"

namespace dormant::testing {

inline const std::string kAccount = "111122223333";

// The ARN of user `name` in kAccount; a `name` that is already an ARN (of another
// account, say) is kept as it is, here and in the builders below.
inline std::string UserArn(const std::string& name) {
  if (name.rfind("arn:", 0) == 0) return name;
  return "arn:aws:iam::" + kAccount + ":user/" + name;
}

// An ARN of user `name` in `account`.
inline std::string ArnIn(const std::string& account, const std::string& name) {
  return "arn:aws:iam::" + account + ":user/" + name;
}

// ---- Input builders ----------------------------------------------------------------------

inline const std::string kCsvHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n";

inline std::string CsvRow(const std::string& name) {
  return name.substr(name.rfind('/') + 1) + "," + UserArn(name) +
         ",2025-01-01T00:00:00Z,false,N/A,N/A,true,2025-01-01T00:00:00Z,N/A,false,N/A,N/A\n";
}

// A bare credential-report CSV with one row per name.
inline std::string Csv(const std::vector<std::string>& names) {
  std::string out = kCsvHeader;
  for (const std::string& n : names) out += CsvRow(n);
  return out;
}

inline std::string Base64(std::string_view in) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16 |
                       static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16 |
                       static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    for (int shift : {18, 12, 6}) out += kAlphabet[(v >> shift) & 63];
    out += '=';
  }
  return out;
}

// JSON string escaping for the CSV text inside `Content`.
inline std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The JSON printed by `aws iam get-credential-report`.
inline std::string ReportJson(const std::string& content, std::optional<std::string> generated) {
  std::string out = "{\"Content\": " + JsonString(content) + ", \"ReportFormat\": \"text/csv\"";
  if (generated) out += ", \"GeneratedTime\": \"" + *generated + "\"";
  return out + "}\n";
}

// A completed single-line access-advisor document for user `name`.
inline std::string AdvisorDoc(const std::string& name,
                              const std::string& completion = "2026-11-19T00:00:00Z",
                              const std::string& last_authenticated = "2026-11-01T10:00:00Z") {
  return R"({"Arn": ")" + UserArn(name) +
         R"(", "JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL", "JobCreationDate": "2026-11-18T23:59:00Z", "JobCompletionDate": ")" +
         completion +
         R"(", "IsTruncated": false, "ServicesLastAccessed": [{"ServiceName": "Amazon S3", "ServiceNamespace": "s3", "LastAuthenticated": ")" +
         last_authenticated + R"(", "TotalAuthenticatedEntities": 1}]})";
}

// A page of `get-account-authorization-details` with the given UserDetailList entries.
inline std::string IamPage(const std::vector<std::string>& entries) {
  std::string out = R"({"UserDetailList": [)";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? ", " : "") + entries[i];
  return out +
         R"(], "GroupDetailList": [], "RoleDetailList": [], "Policies": [], "IsTruncated": false})";
}

inline std::string IamEntry(const std::string& name, const std::string& tags_member = "") {
  return R"({"UserName": ")" + name.substr(name.rfind('/') + 1) + R"(", "Arn": ")" + UserArn(name) +
         R"(", "CreateDate": "2025-01-01T00:00:00Z")" + tags_member + "}";
}

// ---- Loading -----------------------------------------------------------------------------

inline std::vector<InputFile> Discover(const std::vector<std::string>& paths) {
  InputArguments args;
  args.paths = paths;
  return DiscoverInputs(args);
}

inline InputSet Load(const std::vector<std::string>& paths, unsigned jobs = 1) {
  return LoadInputs(Discover(paths), jobs);
}

// The error `f` throws, or nullopt.
template <typename F>
inline std::optional<Error> ErrorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

// The exit code an error maps to: 2 usage, 4 input, 5 I/O.
inline int ExitCode(const Error& e) { return static_cast<int>(e.kind()); }

// Writes `bytes` as `name` in a fresh directory and loads it: the load must fail with an
// input error (exit 4) whose message starts with the file's path. Returns the message.
inline std::string InputErrorOf(const std::string& name, const std::string& bytes) {
  const TempDir dir;
  const std::string path = dir.Write(name, bytes);
  const auto e = ErrorOf([&] { Load({path}); });
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(ExitCode(*e) == 4);
  BOOST_TEST(e->Describe().find(path) == 0u, e->Describe());
  return e->Describe();
}

inline std::vector<std::string> Paths(const std::vector<InputFile>& files) {
  std::vector<std::string> out;
  for (const InputFile& f : files) out.push_back(f.path);
  return out;
}

inline const AdvisorRecord& AdvisorFor(const InputSet& set, const std::string& name) {
  const AdvisorRecord* rec = set.FindAdvisor(UserArn(name));
  BOOST_REQUIRE_MESSAGE(rec != nullptr, "no advisor record for " << name);
  return *rec;
}

inline std::string Format(const std::optional<Instant>& t) {
  return t ? FormatTimestamp(*t) : "none";
}

// Changes the working directory for the lifetime of the object.
class ScopedCwd {
 public:
  explicit ScopedCwd(const std::filesystem::path& dir) : old_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~ScopedCwd() { std::filesystem::current_path(old_); }
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;

 private:
  std::filesystem::path old_;
};

}  // namespace dormant::testing

#endif  // DORMANT_TESTS_INPUT_BUILDERS_H_
