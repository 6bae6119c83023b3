// `dormant show DECISIONS`: a decision file as text a person (and git) can read.
//
// The header's run-level facts come first, one per line; then one line per user, in the
// file's (ARN) order: `VERDICT ARN reasons=R,... CREDENTIAL=STATUS/ACTION ...`. Idle days and
// times are left out on purpose: they change with every export, while a reviewer of
// `git diff` or `git log -p` wants the lines whose verdict, reasons or actions changed. It
// reads one file (unlike `diff`), which is what git's textconv hands a program. Values from
// the file are written with control characters escaped (`\u00xx`). The text is built in one
// string and written once the whole file was found valid, so an invalid file prints nothing.
#include <string>

#include "commands.h"
#include "dormant/decision_file.h"
#include "markdown.h"
#include "output.h"
#include "text.h"

namespace dormant {
namespace {

void AppendList(std::string& out, std::string_view label, const std::vector<std::string>& ids) {
  out += ' ';
  out += label;
  out += '=';
  if (ids.empty()) out += '-';
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (k > 0) out += ',';
    AppendPlain(out, ids[k]);
  }
}

void AppendHeader(std::string& out, const DecisionHeader& h) {
  out += "dormant-decisions/1 as-of ";
  AppendTimestamp(out, h.as_of);
  out += "\npolicy ";
  AppendPlain(out, h.policy_source);
  out += " sha256 " + h.policy_sha256 + '\n';
  for (const InputSummary& in : h.inputs) {
    out += "input ";
    AppendPlain(out, in.path);
    out += ' ';
    out += KindName(in.kind);
    out += " sha256 " + in.sha256 + " generated ";
    if (in.generated) {
      AppendTimestamp(out, *in.generated);
    } else {
      out += '-';
    }
    out += " records ";
    AppendCount(out, in.records);
    out += " unmatched ";
    AppendCount(out, in.unmatched);
    out += '\n';
  }
  out += "counts";
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    out += ' ';
    out += VerdictName(static_cast<Verdict>(v));
    out += ' ';
    AppendCount(out, h.counts[v]);
  }
  out += '\n';
  for (const GuardrailTrip& g : h.guardrails) {
    out += "guardrail tripped ";
    AppendPlain(out, g.scope);
    out += " actions " + std::to_string(g.actions) + " limit " + std::to_string(g.limit) + '\n';
  }
  for (const std::string& path : h.stale) {
    out += "stale ";
    AppendPlain(out, path);
    out += '\n';
  }
  out += "exemptions";
  AppendList(out, "expired", h.expired_exemptions);
  AppendList(out, "expiring", h.expiring_exemptions);
  AppendList(out, "unused", h.unused_exemptions);
  out += "\n\n";
}

void AppendUser(std::string& out, const UserLine& u) {
  out += VerdictName(u.verdict);
  out += ' ';
  AppendPlain(out, u.arn);
  AppendList(out, "reasons", u.reasons);
  for (const CredentialDecision& c : u.credentials) {
    out += ' ';
    out += CredentialName(c.id);
    out += '=';
    out += c.active ? "active/" : "inactive/";
    out += ActionName(c.action);
  }
  out += '\n';
}

}  // namespace

ExitCode RunShow(const std::string& decisions_path) {
  DecisionReader reader(decisions_path);
  std::string out;
  AppendHeader(out, reader.header());
  while (const UserLine* u = reader.Next()) AppendUser(out, *u);
  WriteOutput("", out);
  return ExitCode::kSuccess;
}

}  // namespace dormant
