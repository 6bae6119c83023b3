// The summaries of an evaluation (see summary.h). Built in one string with appends: no
// streams, no locale, no clock, no unordered iteration.
//
// Values are written as code spans by AppendCode (markdown.h explains the escaping).
#include "summary.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <string_view>
#include <vector>

#include "arn.h"
#include "dormant/evaluator.h"
#include "markdown.h"
#include "row_budget.h"
#include "text.h"

namespace dormant {
namespace {

constexpr std::size_t kShaPrefix = 12;
constexpr std::string_view kNone = "—";  // an empty cell

void AppendInt(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendTimeOr(std::string& out, const std::optional<Instant>& t, std::string_view absent) {
  if (t) {
    AppendTimestamp(out, *t);
  } else {
    out += absent;
  }
}

void AppendDate(std::string& out, Instant t) { out += FormatTimestamp(t).substr(0, 10); }

// The reasons of `u` in the order of the reason list, comma separated; the exemption id as a code
// span.
void AppendReasons(std::string& out, const UserDecision& u, const Policy& policy) {
  bool first = true;
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    const auto reason = static_cast<Reason>(r);
    if (!u.reasons.Has(reason)) continue;
    if (!first) out += ", ";
    first = false;
    out += ReasonName(reason);
    if (reason == Reason::kExempt) {
      out += ':';
      AppendCode(out, policy.exemptions[static_cast<std::size_t>(u.exemption)].id, true);
    }
  }
}

// "1 credential report", "2 credential reports".
void AppendCounted(std::string& out, std::uint64_t n, std::string_view one, std::string_view many) {
  AppendCount(out, n);
  out += ' ';
  out += n == 1 ? one : many;
}

// The credential reports read without a generation time (bare CSVs).
std::vector<std::string_view> UndatedReports(const InputSet& inputs) {
  std::vector<std::string_view> paths;
  for (const InputSummary& in : inputs.inputs) {
    if (in.kind == InputKind::kCredentialReport && !in.generated) paths.push_back(in.path);
  }
  return paths;
}

const InputSummary* FindInput(const InputSet& inputs, std::string_view path) {
  for (const InputSummary& in : inputs.inputs) {
    if (in.path == path) return &in;
  }
  return nullptr;
}

const Exemption* FindExemption(const Policy& policy, std::string_view id) {
  for (const Exemption& e : policy.exemptions) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

// One bold paragraph per tripped guardrail and per stale report.
void AppendSafetyStops(std::string& out, const Decisions& d, const InputSet& inputs,
                       const Policy& policy) {
  for (const GuardrailTrip& g : d.guardrails) {
    out += "**GUARDRAIL TRIPPED: ";
    out += g.scope;
    out += ": ";
    AppendInt(out, g.actions);
    out += " actions > limit ";
    AppendInt(out, g.limit);
    constexpr std::string_view kAccount = "account:";
    const std::string_view scope = g.scope;
    if (scope.substr(0, kAccount.size()) == kAccount) {
      const std::string_view rest = scope.substr(kAccount.size());
      const std::string_view account = rest.substr(0, rest.find(':'));
      if (account.size() != rest.size()) out += " among users without a password";
      out += ". Every action in account ";
      out += account;
      out += " is held.**\n\n";
    } else {
      out += " (max_actions_per_run). Every action of the run is held.**\n\n";
    }
  }
  for (const std::string& path : d.stale) {
    out += "**STALE CREDENTIAL REPORT: ";
    AppendCode(out, path, false);
    const InputSummary* in = FindInput(inputs, path);
    if (in != nullptr && in->generated) {
      out += " was generated ";
      AppendTimestamp(out, *in->generated);
      out += ',';
    }
    out += " more than ";
    AppendInt(out, policy.max_report_age_hours);
    out += " hours before as-of. The actions of its users are held.**\n\n";
  }
}

void AppendInputs(std::string& out, const InputSet& inputs) {
  out += "### Inputs\n\n";
  out += "| path | kind | sha256 | generated | records | unmatched |\n";
  out += "|---|---|---|---|--:|--:|\n";
  for (const InputSummary& in : inputs.inputs) {
    out += "| ";
    AppendCode(out, in.path, true);
    out += " | ";
    out += KindName(in.kind);
    out += " | `";
    out += std::string_view(in.sha256).substr(0, kShaPrefix);
    out += "` | ";
    AppendTimeOr(out, in.generated, kNone);
    out += " | ";
    AppendCount(out, in.records);
    out += " | ";
    AppendCount(out, in.unmatched);
    out += " |\n";
  }
  out += '\n';
}

void AppendCountRow(std::string& out, std::string_view label,
                    const std::array<std::uint64_t, kVerdictCount>& counts) {
  out += "| ";
  out += label;
  std::uint64_t users = 0;
  for (const std::uint64_t n : counts) {
    out += " | ";
    AppendCount(out, n);
    users += n;
  }
  out += " | ";
  AppendCount(out, users);
  out += " |\n";
}

void AppendCounts(std::string& out, const Decisions& d) {
  std::map<std::string_view, std::array<std::uint64_t, kVerdictCount>> per_account;
  for (const UserVerdict& v : d.users) {
    ++per_account[ParseIamArn(v.row->arn)->account][static_cast<std::size_t>(v.verdict)];
  }
  out += "### Verdicts per account\n\n| account";
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    out += " | ";
    out += VerdictName(static_cast<Verdict>(v));
  }
  out += " | users |\n|---";
  for (std::size_t v = 0; v <= kVerdictCount; ++v) out += "|--:";
  out += "|\n";
  for (const auto& [account, counts] : per_account) AppendCountRow(out, account, counts);
  AppendCountRow(out, "**total**", d.counts);
  out += '\n';
}

// A table whose rows may be cut to fit the budget: the heading and table head, the rows,
// and the line that says how many rows were left out and how to see them all.
struct CuttableSection {
  std::string title;       // the heading
  std::string table_head;  // the table's first two lines, left out with every row
  std::vector<std::string> rows;
  std::string empty;     // written instead of a table when there are no rows
  std::string verdicts;  // the `dormant show ... | grep` pattern for every row of the table
};

// "*12 of 3896 rows are not shown (...): `dormant show decisions.jsonl | grep -E '^(hold) '`
// lists them all.*", for a table cut to fit.
std::string RowsLeftOut(std::uint64_t left_out, std::uint64_t rows, std::string_view decisions,
                        std::string_view verdicts) {
  std::string command = "dormant show ";
  command += decisions;
  command += " | grep -E '^(";
  command += verdicts;
  command += ") '";
  return LeftOutLine(left_out, rows, "rows", command, " lists them all");
}

CuttableSection ActionsSection(const Decisions& d) {
  CuttableSection section;
  section.verdicts = "deactivate|prune";
  for (std::size_t n = 0; n < d.users.size(); ++n) {
    if (!IsAction(d.users[n].verdict)) continue;  // only they deactivate credentials
    const UserDecision u = ExpandDecision(d, n);
    for (std::size_t i = 0; i < u.credential_count; ++i) {
      const CredentialDecision& c = u.credentials[i];
      if (c.action != Action::kDeactivate) continue;
      std::string out = "| ";
      out += u.account;
      out += " | ";
      AppendCode(out, u.row->user(), true);
      out += " | ";
      AppendCode(out, u.row->arn, true);
      out += " | ";
      out += VerdictName(u.verdict);
      out += " | ";
      out += CredentialName(c.id);
      out += " | ";
      AppendInt(out, c.idle_days);
      out += " | ";
      AppendTimeOr(out, c.last_used, "never");
      out += " |\n";
      section.rows.push_back(std::move(out));
    }
  }
  const std::size_t actions = section.rows.size();
  section.title = "### Actions to apply (";
  AppendInt(section.title, static_cast<std::int64_t>(actions));
  section.title += actions == 1 ? " credential)\n\n" : " credentials)\n\n";
  section.table_head =
      "| account | user | ARN | verdict | credential | idle days | last used |\n"
      "|---|---|---|---|---|--:|---|\n";
  section.empty = "### Actions to apply (0 credentials)\n\nNo credential is to be deactivated.\n\n";
  return section;
}

CuttableSection HoldsSection(const Decisions& d, const Policy& policy) {
  CuttableSection section;
  section.verdicts = "hold";
  for (std::size_t n = 0; n < d.users.size(); ++n) {
    if (d.users[n].verdict != Verdict::kHold) continue;
    const UserDecision u = ExpandDecision(d, n);
    std::string out = "| ";
    out += u.account;
    out += " | ";
    AppendCode(out, u.row->user(), true);
    out += " | ";
    AppendReasons(out, u, policy);
    out += " | ";
    bool any = false;
    for (std::size_t i = 0; i < u.credential_count; ++i) {
      if (u.credentials[i].action != Action::kHold) continue;
      if (any) out += ", ";
      any = true;
      out += CredentialName(u.credentials[i].id);
    }
    if (!any) out += kNone;
    out += " |\n";
    section.rows.push_back(std::move(out));
  }
  const auto holds = d.counts[static_cast<std::size_t>(Verdict::kHold)];
  section.title = "### Holds (";
  AppendCount(section.title, holds);
  section.title += holds == 1 ? " user)\n\n" : " users)\n\n";
  section.table_head = "| account | user | reasons | held credentials |\n|---|---|---|---|\n";
  section.empty = "### Holds (0 users)\n\nNo user is held.\n\n";
  return section;
}

// The reasons of the held users with how many users carry each, most frequent first (a
// user held for several reasons counts under each). Never cut.
void AppendHoldReasons(std::string& out, const Decisions& d) {
  std::array<std::uint64_t, kReasonCount> users{};
  for (std::size_t n = 0; n < d.users.size(); ++n) {
    if (d.users[n].verdict != Verdict::kHold) continue;
    for (std::size_t r = 0; r < kReasonCount; ++r) {
      users[r] += d.users[n].reasons.Has(static_cast<Reason>(r)) ? 1u : 0u;
    }
  }
  std::vector<std::size_t> order;
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    if (users[r] != 0) order.push_back(r);
  }
  if (order.empty()) return;
  std::stable_sort(order.begin(), order.end(),
                   [&users](std::size_t a, std::size_t b) { return users[a] > users[b]; });
  out += "### Hold reasons\n\n| reason | users |\n|---|--:|\n";
  for (const std::size_t r : order) {
    out += "| ";
    out += ReasonName(static_cast<Reason>(r));
    out += " | ";
    AppendCount(out, users[r]);
    out += " |\n";
  }
  out += '\n';
}

// Appends the sections, each with as many rows as fit into `budget` bytes (what the rest of
// the summary leaves) and a line saying how many were left out.
void AppendCuttable(std::string& out, const std::vector<CuttableSection>& sections,
                    std::size_t budget, std::string_view decisions) {
  std::vector<std::vector<std::string>> tables;
  std::size_t fixed = 0;
  for (const CuttableSection& s : sections) {
    tables.push_back(s.rows);
    fixed += s.rows.empty()
                 ? s.empty.size()
                 : s.title.size() + s.table_head.size() + 1 +
                       RowsLeftOut(s.rows.size(), s.rows.size(), decisions, s.verdicts).size();
  }
  const std::vector<std::size_t> kept = RowsThatFit(tables, budget > fixed ? budget - fixed : 0);
  for (std::size_t k = 0; k < sections.size(); ++k) {
    const CuttableSection& s = sections[k];
    if (s.rows.empty()) {
      out += s.empty;
      continue;
    }
    out += s.title;
    if (kept[k] > 0) {
      out += s.table_head;
      for (std::size_t r = 0; r < kept[k]; ++r) out += s.rows[r];
      out += '\n';
    }
    if (kept[k] < s.rows.size()) {
      out += RowsLeftOut(s.rows.size() - kept[k], s.rows.size(), decisions, s.verdicts);
    }
  }
}

// One bullet per list of the decision file's `exemptions`; expiry dates where the policy has them.
void AppendExemptionList(std::string& out, std::string_view label,
                         const std::vector<std::string>& ids, const Policy& policy,
                         std::string_view date_word) {
  out += "- ";
  out += label;
  out += ": ";
  if (ids.empty()) {
    out += "none\n";
    return;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    AppendCode(out, ids[i], false);
    const Exemption* e = FindExemption(policy, ids[i]);
    if (!date_word.empty() && e != nullptr && e->expires) {
      out += " (";
      out += date_word;
      out += ' ';
      AppendDate(out, *e->expires);
      out += ')';
    }
  }
  out += '\n';
}

void AppendExemptions(std::string& out, const Decisions& d, const Policy& policy) {
  out += "### Exemptions\n\n";
  AppendExemptionList(out, "expired", d.expired_exemptions, policy, "expired");
  std::string expiring = "expiring within ";
  AppendInt(expiring, policy.warn_days);
  expiring += " days";
  AppendExemptionList(out, expiring, d.expiring_exemptions, policy, "expires");
  AppendExemptionList(out, "unused", d.unused_exemptions, policy, "");
}

}  // namespace

std::string MarkdownSummary(const Decisions& decisions, const InputSet& inputs,
                            const Policy& policy, const MarkdownBudget& budget) {
  std::string out;
  AppendSafetyStops(out, decisions, inputs, policy);

  out += "## dormant decisions as of ";
  AppendTimestamp(out, decisions.as_of);
  out += "\n\n";
  out += decisions.guardrails.empty() ? "No guardrail tripped." : "A guardrail tripped.";
  const std::size_t undated = UndatedReports(inputs).size();
  if (!decisions.stale.empty()) {
    out += " A credential report is stale.";
  } else if (undated == 0) {
    out += " No credential report is stale.";
  } else {
    out += " No credential report with a generation time is stale; the freshness of ";
    AppendCounted(out, undated, "report", "reports");
    out += " without one (a bare CSV) could not be checked.";
  }
  if (decisions.safety_stop()) {
    out += " **The run exits 3: review the holds below before applying anything.**";
  }
  out += "\n\nPolicy ";
  AppendCode(out, policy.source, false);
  out += " (sha256 `";
  out += std::string_view(policy.sha256).substr(0, kShaPrefix);
  out += "`). ";
  AppendInt(out, static_cast<std::int64_t>(decisions.users.size()));
  out += decisions.users.size() == 1 ? " user from " : " users from ";
  AppendInt(out, static_cast<std::int64_t>(inputs.inputs.size()));
  out += inputs.inputs.size() == 1 ? " input file.\n\n" : " input files.\n\n";

  AppendInputs(out, inputs);
  AppendCounts(out, decisions);
  AppendHoldReasons(out, decisions);
  std::string tail;
  AppendExemptions(tail, decisions, policy);
  const std::size_t fixed = out.size() + tail.size();
  AppendCuttable(out, {ActionsSection(decisions), HoldsSection(decisions, policy)},
                 budget.max_chars > fixed ? budget.max_chars - fixed : 0, budget.decisions);
  out += tail;
  return out;
}

namespace {

// "inputs: ..." and "unmatched records ...": the files of each kind and the records no
// report row matched.
void AppendInputCounts(std::string& s, const InputSet& inputs) {
  std::array<std::uint64_t, 4> files{};      // per InputKind
  std::array<std::uint64_t, 4> unmatched{};  // per InputKind
  for (const InputSummary& in : inputs.inputs) {
    ++files[static_cast<std::size_t>(in.kind)];
    unmatched[static_cast<std::size_t>(in.kind)] += in.unmatched;
  }
  constexpr auto kReport = static_cast<std::size_t>(InputKind::kCredentialReport);
  constexpr auto kAdvisor = static_cast<std::size_t>(InputKind::kAccessAdvisor);
  constexpr auto kIam = static_cast<std::size_t>(InputKind::kIamDetails);
  s += "\n  inputs: ";
  AppendCounted(s, files[kReport], "credential report", "credential reports");
  s += ", ";
  AppendCounted(s, files[kAdvisor], "access-advisor file", "access-advisor files");
  s += ", ";
  AppendCounted(s, files[kIam], "IAM-details file", "IAM-details files");
  s += "\n  unmatched records (no report row of exactly their ARN; ignored): ";
  if (unmatched[kAdvisor] + unmatched[kIam] == 0) s += "none";
  if (unmatched[kAdvisor] > 0) {
    AppendCounted(s, unmatched[kAdvisor], "access-advisor document", "access-advisor documents");
  }
  if (unmatched[kAdvisor] > 0 && unmatched[kIam] > 0) s += ", ";
  if (unmatched[kIam] > 0) {
    AppendCounted(s, unmatched[kIam], "IAM-details entry", "IAM-details entries");
  }
  s += '\n';
}

// The verdict counts, the guardrails tripped, the stale reports and the safety stop.
void AppendOutcome(std::string& s, const Decisions& d) {
  s += ' ';
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    s += ' ';
    s += VerdictName(static_cast<Verdict>(v));
    s += ' ';
    AppendCount(s, d.counts[v]);
  }
  s += '\n';
  if (d.guardrails.empty()) s += "  guardrails: none tripped\n";
  for (const GuardrailTrip& g : d.guardrails) {
    s += "  GUARDRAIL TRIPPED " + g.scope + ": ";
    AppendInt(s, g.actions);
    s += " actions > limit ";
    AppendInt(s, g.limit);
    s += "; its actions are held\n";
  }
  for (const std::string& path : d.stale) s += "  STALE credential report: " + path + "\n";
  if (d.safety_stop()) s += "  exit 3: a safety stop fired; review before applying anything\n";
}

}  // namespace

std::string HumanSummary(const Decisions& d, const InputSet& inputs, const Policy& policy,
                         std::size_t skipped_decision_files) {
  std::string s = "dormant: ";
  AppendCounted(s, d.users.size(), "user", "users");
  s += " from ";
  AppendCounted(s, inputs.inputs.size(), "input file", "input files");
  s += ", as of ";
  AppendTimestamp(s, d.as_of);
  s += "\n  policy: ";
  s += policy.source == "default" ? std::string_view("embedded default") : policy.source;
  AppendInputCounts(s, inputs);
  if (skipped_decision_files > 0) {
    s += "  skipped ";
    AppendCounted(s, skipped_decision_files, "decision file", "decision files");
    s += " found under the input directories (never inputs)\n";
  }
  const std::vector<std::string_view> undated = UndatedReports(inputs);
  if (!undated.empty()) {
    s += "  freshness not checked (no generation time): ";
    for (std::size_t i = 0; i < undated.size(); ++i) {
      if (i > 0) s += ", ";
      s += undated[i];
    }
    s += '\n';
  }
  AppendOutcome(s, d);
  return s;
}

}  // namespace dormant
