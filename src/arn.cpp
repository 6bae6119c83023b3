// IAM ARN validation.
#include "arn.h"

namespace dormant {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ValidPartition(std::string_view p) {
  if (p == "aws") return true;
  if (p.size() <= 4 || p.substr(0, 4) != "aws-") return false;
  for (char c : p.substr(4)) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}

bool ValidAccount(std::string_view a) {
  if (a.size() != 12) return false;
  for (char c : a) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool ValidUserNameChar(char c) {
  return IsAlnum(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' ||
         c == '-';
}

}  // namespace

std::optional<IamArn> ParseIamArn(std::string_view arn) {
  // arn:PARTITION:iam::ACCOUNT:RESOURCE
  if (arn.substr(0, 4) != "arn:") return std::nullopt;
  std::string_view rest = arn.substr(4);
  const std::size_t p_end = rest.find(':');
  if (p_end == std::string_view::npos) return std::nullopt;
  IamArn out;
  out.partition = rest.substr(0, p_end);
  rest = rest.substr(p_end + 1);
  if (!ValidPartition(out.partition) || rest.substr(0, 5) != "iam::") return std::nullopt;
  rest = rest.substr(5);
  const std::size_t a_end = rest.find(':');
  if (a_end == std::string_view::npos) return std::nullopt;
  out.account = rest.substr(0, a_end);
  out.resource = rest.substr(a_end + 1);
  if (!ValidAccount(out.account) && out.account != "aws") return std::nullopt;
  if (out.resource.empty()) return std::nullopt;
  return out;
}

std::optional<UserArn> ParseUserArn(std::string_view arn, std::string& why) {
  const auto iam = ParseIamArn(arn);
  if (!iam || !ValidAccount(iam->account)) {
    why = "not an IAM ARN arn:PARTITION:iam::ACCOUNT:user/NAME with a 12-digit account";
    return std::nullopt;
  }
  if (iam->resource.substr(0, 5) != "user/") {
    why = "not an IAM user ARN (the resource must start with user/)";
    return std::nullopt;
  }
  const std::string_view path_and_name = iam->resource.substr(4);  // starts with '/'
  const std::size_t last = path_and_name.rfind('/');
  UserArn out{iam->account, path_and_name.substr(0, last + 1), path_and_name.substr(last + 1)};
  if (out.name.empty() || out.name.size() > 64) {
    why = "the user name in the ARN must be 1-64 characters";
    return std::nullopt;
  }
  for (char c : out.name) {
    if (!ValidUserNameChar(c)) {
      why = "the user name in the ARN contains a character IAM does not allow";
      return std::nullopt;
    }
  }
  if (out.path.size() > 512) {
    why = "the IAM path is longer than 512 characters";
    return std::nullopt;
  }
  for (char c : out.path) {
    if (c < 0x21 || c > 0x7e) {
      why = "the IAM path contains a character that is not printable ASCII";
      return std::nullopt;
    }
  }
  return out;
}

bool IsRootArn(std::string_view arn) {
  if (arn.size() < 5 || arn.substr(arn.size() - 5) != ":root") return false;
  const auto iam = ParseIamArn(arn);
  return iam && ValidAccount(iam->account) && iam->resource == "root";
}

}  // namespace dormant
