// dormant/arn.h — validation of the IAM ARNs of credential reports and access-advisor documents.
#ifndef DORMANT_ARN_H_
#define DORMANT_ARN_H_

#include <optional>
#include <string>
#include <string_view>

namespace dormant {

// An IAM ARN `arn:PARTITION:iam::ACCOUNT:RESOURCE` split into its parts (views into the
// ARN text). ACCOUNT is 12 digits or `aws` (for AWS managed policies).
struct IamArn {
  std::string_view partition;
  std::string_view account;
  std::string_view resource;
};

// Returns the parts of an IAM ARN, or nullopt if `arn` is not one. PARTITION is `aws` or
// `aws-` followed by letters, digits and `-`.
std::optional<IamArn> ParseIamArn(std::string_view arn);

// A valid IAM user ARN `arn:PARTITION:iam::ACCOUNT:user/PATH...NAME`.
struct UserArn {
  std::string_view account;  // 12 digits
  std::string_view path;     // from the `/` after `user` up to and including the last `/`
  std::string_view name;     // after the last `/`
};

// Returns the parts of a user ARN, or nullopt with `why` set to what is wrong.
// The name is 1-64 of `A-Z a-z 0-9 + = , . @ _ -`; the path at most 512 printable ASCII
// characters (0x21-0x7E).
std::optional<UserArn> ParseUserArn(std::string_view arn, std::string& why);

// True when `arn` is `arn:PARTITION:iam::ACCOUNT:root` with a 12-digit ACCOUNT.
bool IsRootArn(std::string_view arn);

}  // namespace dormant

#endif  // DORMANT_ARN_H_
