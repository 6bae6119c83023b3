// The decision file of an evaluation: the evaluator's decisions turned into the lines of
// decision_format.h, written in blocks.
#include "dormant/decision_writer.h"

#include "dormant/decision_format.h"
#include "dormant/evaluator.h"

namespace dormant {
namespace {

// The reader's model of a user line, filled from the evaluator's decision.
void ToUserLine(const UserDecision& u, const Policy& policy, UserLine& line) {
  line.arn = u.row->arn;
  line.account = u.account;
  line.user = u.row->user();
  line.verdict = u.verdict;
  std::size_t n = 0;  // the strings of `line.reasons` are reused: no allocation per user
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    if (!u.reasons.Has(reason)) continue;
    if (n == line.reasons.size()) line.reasons.emplace_back();
    std::string& text = line.reasons[n++];
    text = ReasonName(reason);
    if (reason == Reason::kExempt) {
      text += ':';
      text += policy.exemptions[static_cast<std::size_t>(u.exemption)].id;
    }
  }
  line.reasons.resize(n);
  line.idle_days = u.idle_days;
  line.idle_since = u.idle_since;
  line.last_activity = u.last_activity;
  line.credentials.assign(u.credentials.begin(), u.credentials.begin() + u.credential_count);
}

}  // namespace

void WriteDecisions(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                    const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::string out;
  out.reserve(kBlock + 64 * 1024);
  DecisionHeader header;
  header.as_of = decisions.as_of;
  header.policy_source = policy.source;
  header.policy_sha256 = policy.sha256;
  header.inputs = inputs.inputs;
  header.counts = decisions.counts;
  header.guardrails = decisions.guardrails;
  header.stale = decisions.stale;
  header.expired_exemptions = decisions.expired_exemptions;
  header.expiring_exemptions = decisions.expiring_exemptions;
  header.unused_exemptions = decisions.unused_exemptions;
  AppendHeaderLine(out, header);
  out += '\n';
  UserLine line;  // reused: its strings and vectors keep their capacity
  for (std::size_t i = 0; i < decisions.users.size(); ++i) {
    ToUserLine(ExpandDecision(decisions, i), policy, line);
    AppendUserLine(out, line);
    out += '\n';
    if (out.size() >= kBlock) {
      sink(out);
      out.clear();
    }
  }
  sink(out);
}

std::string WriteDecisions(const Decisions& decisions, const InputSet& inputs,
                           const Policy& policy) {
  std::string all;
  WriteDecisions(decisions, inputs, policy, [&](std::string_view block) { all += block; });
  return all;
}

}  // namespace dormant
