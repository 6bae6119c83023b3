// The bytes of decision-file lines (see decision_format.h). Written into one string with
// appends: no streams, no locale, no floating point.
#include "dormant/decision_format.h"

#include <charconv>

#include "text.h"

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

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain = 0;  // start of the bytes not yet appended, which need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    if (u >= 0x20) {
      out += '\\';
      out += c;
    } else {
      AppendByteEscape(out, u, ControlEscape::kUnicode);
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void AppendHeaderLine(std::string& out, const DecisionHeader& h) {
  out += R"({"format":"dormant-decisions/1","as_of":)";
  AppendTime(out, h.as_of);
  out += R"(,"policy":{"source":)";
  AppendJsonString(out, h.policy_source);
  out += R"(,"sha256":)";
  AppendJsonString(out, h.policy_sha256);
  out += R"(},"inputs":[)";
  for (std::size_t i = 0; i < h.inputs.size(); ++i) {
    const InputSummary& in = h.inputs[i];
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
    out += R"(,"unmatched":)";
    AppendInt(out, static_cast<std::int64_t>(in.unmatched));
    out += '}';
  }
  out += R"(],"counts":{)";
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    if (v > 0) out += ',';
    AppendJsonString(out, VerdictName(static_cast<Verdict>(v)));
    out += ':';
    AppendInt(out, static_cast<std::int64_t>(h.counts[v]));
  }
  out += R"(},"guardrails":[)";
  for (std::size_t i = 0; i < h.guardrails.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"scope":)";
    AppendJsonString(out, h.guardrails[i].scope);
    out += R"(,"actions":)";
    AppendInt(out, h.guardrails[i].actions);
    out += R"(,"limit":)";
    AppendInt(out, h.guardrails[i].limit);
    out += '}';
  }
  out += R"(],"stale":)";
  AppendStringList(out, h.stale);
  out += R"(,"exemptions":{"expired":)";
  AppendStringList(out, h.expired_exemptions);
  out += R"(,"expiring":)";
  AppendStringList(out, h.expiring_exemptions);
  out += R"(,"unused":)";
  AppendStringList(out, h.unused_exemptions);
  out += "}}";
}

void AppendUserLine(std::string& out, const UserLine& u) {
  out += R"({"arn":)";
  AppendJsonString(out, u.arn);
  out += R"(,"account":)";
  AppendJsonString(out, u.account);
  out += R"(,"user":)";
  AppendJsonString(out, u.user);
  out += R"(,"verdict":)";
  AppendJsonString(out, VerdictName(u.verdict));
  out += R"(,"reasons":)";
  AppendStringList(out, u.reasons);
  out += R"(,"idle_days":)";
  AppendInt(out, u.idle_days);
  out += R"(,"idle_since":)";
  AppendTime(out, u.idle_since);
  out += R"(,"last_activity":)";
  AppendTime(out, u.last_activity);
  out += R"(,"credentials":[)";
  for (std::size_t i = 0; i < u.credentials.size(); ++i) {
    const CredentialDecision& c = u.credentials[i];
    if (i > 0) out += ',';
    out += R"({"id":)";
    AppendJsonString(out, CredentialName(c.id));
    out += R"(,"status":)";
    AppendJsonString(out, c.active ? "active" : "inactive");
    out += R"(,"issued":)";
    AppendTime(out, c.issued);
    out += R"(,"last_used":)";
    AppendTime(out, c.last_used);
    out += R"(,"idle_days":)";
    AppendInt(out, c.idle_days);
    out += R"(,"action":)";
    AppendJsonString(out, ActionName(c.action));
    out += '}';
  }
  out += "]}";
}
}  // namespace dormant
