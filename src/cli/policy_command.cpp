// `dormant policy default` and `dormant policy check FILE`.
#include "commands.h"
#include "dormant/output.h"
#include "dormant/policy.h"

namespace dormant {

int RunPolicyDefault() {
  WriteOutput("", kDefaultPolicyText);
  return 0;
}

int RunPolicyCheck(const std::string& path) {
  const Policy policy = LoadPolicy(path);
  WriteOutput("", path + ": valid policy, " + std::to_string(policy.exemptions.size()) +
                      " exemptions, sha256 " + policy.sha256 + "\n");
  return 0;
}

}  // namespace dormant
