// `dormant policy default` and `dormant policy check FILE`.
#include "commands.h"
#include "dormant/policy.h"
#include "output.h"

namespace dormant {

ExitCode RunPolicyDefault() {
  WriteOutput("", kDefaultPolicyText);
  return ExitCode::kSuccess;
}

ExitCode RunPolicyCheck(const std::string& path) {
  const Policy policy = LoadPolicy(path);
  WriteOutput("", path + ": valid policy, " + std::to_string(policy.exemptions.size()) +
                      " exemptions, sha256 " + policy.sha256 + "\n");
  return ExitCode::kSuccess;
}

}  // namespace dormant
