// Decision-file serialisation (SPEC §6). Written into one string with appends: no
// streams, no locale, no floating point.
#include "dormant/decision_writer.h"

#include <charconv>

namespace dormant {
namespace {

void AppendInt(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendTime(std::string& out, std::optional<Instant> t) {
  if (!t) {
    out += "null";
    return;
  }
  out += '"';
  AppendTimestamp(out, *t);
  out += '"';
}

void AppendStringList(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, list[i]);
  }
  out += ']';
}

void AppendHeader(std::string& out, const Decisions& d, const InputSet& inputs,
                  const Policy& policy) {
  out += R"({"format":"dormant-decisions/1","as_of":)";
  AppendTime(out, d.as_of);
  out += R"(,"policy":{"source":)";
  AppendJsonString(out, policy.source);
  out += R"(,"sha256":)";
  AppendJsonString(out, policy.sha256);
  out += R"(},"inputs":[)";
  for (std::size_t i = 0; i < inputs.inputs.size(); ++i) {
    const InputSummary& in = inputs.inputs[i];
    if (i > 0) out += ',';
    out += R"({"path":)";
    AppendJsonString(out, in.path);
    out += R"(,"kind":)";
    AppendJsonString(out, KindName(in.kind));
    out += R"(,"sha256":)";
    AppendJsonString(out, in.sha256);
    out += R"(,"generated":)";
    AppendTime(out, in.generated);
    out += R"(,"records":)";
    AppendInt(out, static_cast<std::int64_t>(in.records));
    out += '}';
  }
  out += R"(],"counts":{)";
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    if (v > 0) out += ',';
    AppendJsonString(out, VerdictName(static_cast<Verdict>(v)));
    out += ':';
    AppendInt(out, static_cast<std::int64_t>(d.counts[v]));
  }
  out += R"(},"guardrails":[)";
  for (std::size_t i = 0; i < d.guardrails.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"scope":)";
    AppendJsonString(out, d.guardrails[i].scope);
    out += R"(,"actions":)";
    AppendInt(out, d.guardrails[i].actions);
    out += R"(,"limit":)";
    AppendInt(out, d.guardrails[i].limit);
    out += '}';
  }
  out += R"(],"stale":)";
  AppendStringList(out, d.stale);
  out += R"(,"exemptions":{"expired":)";
  AppendStringList(out, d.expired_exemptions);
  out += R"(,"expiring":)";
  AppendStringList(out, d.expiring_exemptions);
  out += R"(,"unused":)";
  AppendStringList(out, d.unused_exemptions);
  out += "}}\n";
}

void AppendUser(std::string& out, const UserDecision& u, const Policy& policy) {
  out += R"({"arn":)";
  AppendJsonString(out, u.row->arn);
  out += R"(,"account":)";
  AppendJsonString(out, u.account);
  out += R"(,"user":)";
  AppendJsonString(out, u.row->user);
  out += R"(,"verdict":")";
  out += VerdictName(u.verdict);
  out += R"(","reasons":[)";
  bool first = true;
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    if (!u.reasons.Has(reason)) continue;
    if (!first) out += ',';
    first = false;
    if (reason == Reason::kExempt) {
      AppendJsonString(out, "exempt:" + policy.exemptions[static_cast<std::size_t>(u.exemption)].id);
    } else {
      out += '"';
      out += ReasonName(reason);
      out += '"';
    }
  }
  out += R"(],"idle_days":)";
  AppendInt(out, u.idle_days);
  out += R"(,"idle_since":)";
  AppendTime(out, u.idle_since);
  out += R"(,"last_activity":)";
  AppendTime(out, u.last_activity);
  out += R"(,"credentials":[)";
  for (std::size_t i = 0; i < u.credential_count; ++i) {
    const CredentialDecision& c = u.credentials[i];
    if (i > 0) out += ',';
    out += R"({"id":")";
    out += CredentialName(c.id);
    out += R"(","status":")";
    out += c.active ? "active" : "inactive";
    out += R"(","issued":)";
    AppendTime(out, c.issued);
    out += R"(,"last_used":)";
    AppendTime(out, c.last_used);
    out += R"(,"idle_days":)";
    AppendInt(out, c.idle_days);
    out += R"(,"action":")";
    out += ActionName(c.action);
    out += R"("})";
  }
  out += "]}\n";
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

void WriteDecisions(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                    const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::string out;
  out.reserve(kBlock + 64 * 1024);
  AppendHeader(out, decisions, inputs, policy);
  for (const UserDecision& u : decisions.users) {
    AppendUser(out, u, policy);
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
