// `dormant diff OLD NEW`: what changed between two decision files (SPEC §7).
//
// Users are matched by ARN with a merge join over the two files, read as streams (both are
// sorted by ARN, which the reader checks), so the work is linear in the number of users and
// every group comes out sorted by ARN without a sort. Each user with a change lands in
// exactly one group, the first of kGroupNames that applies; a user whose verdict, actions
// and (for `hold` and `exempt`) reasons are unchanged but whose line differs in evidence
// only (idle days, times) is counted, not listed. Memory: one line of each file at a time,
// plus what is shown of each listed user (about 200 bytes per side); the report is built in
// one string and written at once, after both files have been read to their end and found
// valid (an invalid file prints nothing).
//
// Output: nothing at all when the files are identical (same header and user lines).
// Otherwise the header changes as context, the counts per group and per account, then one
// table per non-empty group. `text` aligns columns for a terminal and is ASCII apart from
// the values themselves; `markdown` is a pull-request comment in the conventions of
// summary.cpp (values from the files as code spans, `|` escaped). Control characters in
// values are written `\u00xx` in both.
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "dormant/arn.h"
#include "dormant/decision_file.h"
#include "dormant/error.h"
#include "dormant/markdown.h"
#include "dormant/output.h"

namespace dormant {
namespace {

constexpr std::size_t kShaPrefix = 12;

// The groups of SPEC §7, in the order in which they are tried and shown.
enum class Group : std::uint8_t {
  kAdded,
  kRemoved,
  kNewlyDeactivated,
  kNewlyPruned,
  kNewlyHeld,
  kReleased,
  kBackToKeep,
  kOtherVerdict,
  kChangedActions,
};
constexpr std::size_t kGroupCount = 9;
constexpr std::array<std::string_view, kGroupCount> kGroupNames = {"added",
                                                                   "removed",
                                                                   "newly deactivated",
                                                                   "newly pruned",
                                                                   "newly held",
                                                                   "released",
                                                                   "back to keep",
                                                                   "other verdict changes",
                                                                   "changed actions or reasons"};

using GroupCounts = std::array<std::uint64_t, kGroupCount>;

// The action of each credential slot of a user; nullopt where the user has no such
// credential.
using Actions = std::array<std::optional<Action>, 5>;
Actions ActionsOf(const UserLine& u) {
  Actions out{};
  for (const CredentialDecision& c : u.credentials) out[static_cast<std::size_t>(c.id)] = c.action;
  return out;
}

// What the report shows of one user of one file, kept from its line as the files stream by.
struct Side {
  std::string arn;
  std::string account;
  std::string user;
  Verdict verdict = Verdict::kKeep;
  Actions actions{};
  std::vector<std::string> reasons;  // only when the report shows them (ReasonsMatter)
};

// One listed user: `before` is empty for an added user, `after` for a removed one.
struct UserChange {
  std::optional<Side> before;
  std::optional<Side> after;
};

struct Diff {
  std::array<std::vector<UserChange>, kGroupCount> groups;
  std::map<std::string, GroupCounts> per_account;
  GroupCounts counts{};
  std::uint64_t listed = 0;
  std::uint64_t evidence_only = 0;
  bool users_differ = false;  // a user line differs, or a user was added or removed
  std::uint64_t old_users = 0;
  std::uint64_t new_users = 0;
};

// Reasons are compared (and shown) only for these verdicts: a hold's reasons say what stops
// the action, an exemption's which exemption protects the user. For the other verdicts the
// reasons follow from the verdict and the evidence.
bool ReasonsMatter(Verdict v) { return v == Verdict::kHold || v == Verdict::kExempt; }

// A credential that appears or disappears with action `none` changes no action.
bool SameAction(const std::optional<Action>& a, const std::optional<Action>& b) {
  return a.value_or(Action::kNone) == b.value_or(Action::kNone);
}

// The group of a user present in both files whose line differs, or nullopt when only its
// evidence changed.
std::optional<Group> Classify(const UserLine& before, const UserLine& after) {
  const Verdict was = before.verdict, is = after.verdict;
  const auto action_verdict = [](Verdict v) {
    return v == Verdict::kHold || v == Verdict::kDeactivate || v == Verdict::kPrune;
  };
  if (is == Verdict::kDeactivate && was != is) return Group::kNewlyDeactivated;
  if (is == Verdict::kPrune && was != is) return Group::kNewlyPruned;
  if (is == Verdict::kHold && was != is) return Group::kNewlyHeld;
  if (was == Verdict::kHold && !action_verdict(is)) return Group::kReleased;
  if (is == Verdict::kKeep && was != Verdict::kKeep && was != Verdict::kHold) {
    return Group::kBackToKeep;
  }
  if (was != is) return Group::kOtherVerdict;
  const Actions a = ActionsOf(before), b = ActionsOf(after);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!SameAction(a[i], b[i])) return Group::kChangedActions;
  }
  if (ReasonsMatter(is) && before.reasons != after.reasons) return Group::kChangedActions;
  return std::nullopt;
}

Side SideOf(const UserLine& u, bool with_reasons) {
  Side out{u.arn, u.account, u.user, u.verdict, ActionsOf(u), {}};
  if (with_reasons) out.reasons = u.reasons;
  return out;
}

// Merges the two files' user lines. Reading stops at the first invalid line; if NEW is
// invalid, OLD is still read to its end so that OLD's error, if any, is the one reported
// (as if the files were read one after the other).
Diff ComputeDiff(DecisionReader& old_file, DecisionReader& new_file) {
  Diff d;
  const auto list = [&d](Group g, std::optional<Side> before, std::optional<Side> after) {
    const auto i = static_cast<std::size_t>(g);
    ++d.per_account[(after ? after : before)->account][i];
    ++d.counts[i];
    ++d.listed;
    d.groups[i].push_back({std::move(before), std::move(after)});
  };
  const auto next_new = [&old_file, &new_file]() {
    try {
      return new_file.Next();
    } catch (const Error&) {
      old_file.SkipRest();
      throw;
    }
  };
  const UserLine* a = old_file.Next();
  const UserLine* b = next_new();
  while (a != nullptr || b != nullptr) {
    if (b == nullptr || (a != nullptr && a->arn < b->arn)) {
      list(Group::kRemoved, SideOf(*a, ReasonsMatter(a->verdict)), std::nullopt);
      d.users_differ = true;
      a = old_file.Next();
    } else if (a == nullptr || b->arn < a->arn) {
      list(Group::kAdded, std::nullopt, SideOf(*b, ReasonsMatter(b->verdict)));
      d.users_differ = true;
      b = next_new();
    } else {
      if (a->line != b->line) {
        d.users_differ = true;
        if (const auto g = Classify(*a, *b)) {
          const bool reasons = ReasonsMatter(a->verdict) || ReasonsMatter(b->verdict);
          list(*g, SideOf(*a, reasons), SideOf(*b, reasons));
        } else {
          ++d.evidence_only;
        }
      }
      a = old_file.Next();
      b = next_new();
    }
  }
  d.old_users = old_file.user_count();
  d.new_users = new_file.user_count();
  return d;
}

// ---- Header context --------------------------------------------------------------------

// One line of context: a label and what it says, e.g. {"as-of", "X -> Y"}. Values from the
// files (paths, scopes) are kept apart so that each format can quote them its own way.
struct ContextPart {
  std::string text;
  bool is_value = false;
};
struct ContextLine {
  std::string label;
  std::vector<ContextPart> parts;
};

ContextPart Value(std::string_view v) { return {std::string(v), true}; }
ContextPart Words(std::string s) { return {std::move(s), false}; }

std::string ShaPrefix(const std::string& sha) { return sha.substr(0, kShaPrefix); }

void AddInputLines(std::vector<ContextLine>& lines, const DecisionHeader& old_h,
                   const DecisionHeader& new_h, std::string_view arrow) {
  const auto& a = old_h.inputs;
  const auto& b = new_h.inputs;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].path < b[j].path)) {
      lines.push_back(
          {"input removed", {Value(a[i].path), Words(" (" + ShaPrefix(a[i].sha256) + ")")}});
      ++i;
    } else if (i == a.size() || b[j].path < a[i].path) {
      lines.push_back(
          {"input added", {Value(b[j].path), Words(" (" + ShaPrefix(b[j].sha256) + ")")}});
      ++j;
    } else {
      const InputSummary& x = a[i++];
      const InputSummary& y = b[j++];
      if (x.sha256 == y.sha256 && x.kind == y.kind) continue;
      std::string what = " (" + ShaPrefix(x.sha256);
      what += arrow;
      what += ShaPrefix(y.sha256);
      if (x.kind != y.kind) {
        what += ", ";
        what += KindName(x.kind);
        what += arrow;
        what += KindName(y.kind);
      }
      what += ')';
      lines.push_back({"input changed", {Value(y.path), Words(std::move(what))}});
    }
  }
}

// The header changes: as-of, policy, user totals, inputs added, removed or changed, and the
// run-level safety stops of NEW (tripped guardrails, stale reports). `arrow` separates an
// old and a new value (" -> " or " → ").
std::vector<ContextLine> HeaderContext(const Diff& d, const DecisionHeader& a,
                                       const DecisionHeader& b, std::string_view arrow_view) {
  const std::string arrow(arrow_view);
  std::vector<ContextLine> lines;
  lines.push_back(
      {"as-of",
       {Words(a.as_of == b.as_of ? FormatTimestamp(b.as_of) + ", unchanged"
                                 : FormatTimestamp(a.as_of) + arrow + FormatTimestamp(b.as_of))}});
  if (a.policy_source == b.policy_source && a.policy_sha256 == b.policy_sha256) {
    lines.push_back(
        {"policy",
         {Value(b.policy_source), Words(" (" + ShaPrefix(b.policy_sha256) + "), unchanged")}});
  } else {
    lines.push_back(
        {"policy",
         {Value(a.policy_source), Words(" (" + ShaPrefix(a.policy_sha256) + ")" + arrow),
          Value(b.policy_source), Words(" (" + ShaPrefix(b.policy_sha256) + ")")}});
  }
  const std::uint64_t before = d.old_users, after = d.new_users;
  lines.push_back(
      {"users",
       {Words(before == after ? std::to_string(after) + ", unchanged"
                              : std::to_string(before) + arrow + std::to_string(after))}});
  AddInputLines(lines, a, b, arrow);
  for (const GuardrailTrip& g : b.guardrails) {
    lines.push_back({"guardrail in NEW",
                     {Value(g.scope), Words(": " + std::to_string(g.actions) + " actions > limit " +
                                            std::to_string(g.limit))}});
  }
  for (const std::string& path : b.stale) lines.push_back({"stale in NEW", {Value(path)}});
  return lines;
}

// ---- Cell text shared by both formats --------------------------------------------------

void AppendCount(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// How one format writes values from the files and arrows.
struct Style {
  bool markdown = false;
  std::string_view arrow;  // between an old and a new value, with its spaces

  void Value(std::string& out, std::string_view v) const {
    if (markdown) {
      AppendCode(out, v, true);
    } else {
      AppendPlain(out, v);
    }
  }
  // A reason as written in the file; the id of `exempt:<id>` is a value.
  void ReasonText(std::string& out, std::string_view reason) const {
    constexpr std::string_view kExempt = "exempt:";
    if (reason.substr(0, kExempt.size()) == kExempt) {
      out += kExempt;
      Value(out, reason.substr(kExempt.size()));
    } else {
      out += reason;
    }
  }
};

// The IAM path of a user ARN (`/ops/`), or empty for the root row.
std::string_view UserPath(const std::string& arn) {
  std::string why;
  if (const auto parts = ParseUserArn(arn, why)) return parts->path;
  return {};
}

std::string VerdictCell(const UserChange& c, const Style& style) {
  if (!c.before) return std::string(VerdictName(c.after->verdict));
  if (!c.after) return std::string(VerdictName(c.before->verdict));
  std::string out(VerdictName(c.before->verdict));
  if (c.before->verdict != c.after->verdict) {
    out += style.arrow;
    out += VerdictName(c.after->verdict);
  }
  return out;
}

// What changed besides the verdict: the credential actions that differ
// (`password: none -> deactivate`; `absent` for a credential only one file lists) and,
// where a side is `hold` or `exempt`, the reasons added (+) and removed (-). For an added or
// removed user: its actions other than `none`, and its reasons if they matter.
std::string ChangesCell(const UserChange& c, const Style& style) {
  std::string out;
  const auto separate = [&out](std::string_view sep) {
    if (!out.empty()) out += sep;
  };
  const Side* only = !c.before ? &*c.after : !c.after ? &*c.before : nullptr;
  if (only != nullptr) {
    for (std::size_t k = 0; k < only->actions.size(); ++k) {
      if (only->actions[k].value_or(Action::kNone) == Action::kNone) continue;
      separate(", ");
      out += CredentialName(static_cast<CredentialId>(k));
      out += ": ";
      out += ActionName(*only->actions[k]);
    }
    if (ReasonsMatter(only->verdict)) {
      separate("; ");
      out += "reasons: ";
      for (std::size_t k = 0; k < only->reasons.size(); ++k) {
        if (k > 0) out += ", ";
        style.ReasonText(out, only->reasons[k]);
      }
    }
    return out;
  }
  const Actions& a = c.before->actions;
  const Actions& b = c.after->actions;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (SameAction(a[k], b[k])) continue;
    separate(", ");
    out += CredentialName(static_cast<CredentialId>(k));
    out += ": ";
    out += a[k] ? ActionName(*a[k]) : "absent";
    out += style.arrow;
    out += b[k] ? ActionName(*b[k]) : "absent";
  }
  if ((ReasonsMatter(c.before->verdict) || ReasonsMatter(c.after->verdict)) &&
      c.before->reasons != c.after->reasons) {
    separate("; ");
    out += "reasons: ";
    bool first = true;
    const auto list = [&](const std::vector<std::string>& from,
                          const std::vector<std::string>& other, char sign) {
      for (const std::string& r : from) {
        if (std::find(other.begin(), other.end(), r) != other.end()) continue;
        if (!first) out += ", ";
        first = false;
        out += sign;
        style.ReasonText(out, r);
      }
    };
    list(c.after->reasons, c.before->reasons, '+');
    list(c.before->reasons, c.after->reasons, '-');
  }
  return out;
}

std::string Plural(std::uint64_t n, std::string_view one, std::string_view many) {
  std::string out;
  AppendCount(out, n);
  out += ' ';
  out += n == 1 ? one : many;
  return out;
}

std::string EvidenceOnlyLine(std::uint64_t n) {
  return Plural(n, "user", "users") + " with only evidence changes (idle days, times), not listed.";
}

// ---- Text --------------------------------------------------------------------------------

// A table whose columns are padded to their widest cell (in UTF-8 code points), separated by
// two spaces; the last column is not padded, so no line ends in spaces.
class TextTable {
 public:
  explicit TextTable(std::vector<bool> right_aligned) : right_(std::move(right_aligned)) {
    widths_.assign(right_.size(), 0);
  }
  void AddRow(std::vector<std::string> cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      widths_[k] = std::max(widths_[k], Width(cells[k]));
    }
    rows_.push_back(std::move(cells));
  }
  void AppendTo(std::string& out, std::string_view indent) const {
    for (const auto& row : rows_) {
      std::string line(indent);
      for (std::size_t k = 0; k < row.size(); ++k) {
        if (k > 0) line += "  ";
        const std::size_t pad = widths_[k] - Width(row[k]);
        const bool last = k + 1 == row.size();
        if (right_[k]) line.append(pad, ' ');
        line += row[k];
        if (!right_[k] && !last) line.append(pad, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line;
      out += '\n';
    }
  }

 private:
  static std::size_t Width(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  }
  std::vector<bool> right_;
  std::vector<std::size_t> widths_;
  std::vector<std::vector<std::string>> rows_;
};

// The groups with at least one user, in display order.
std::vector<std::size_t> NonEmptyGroups(const Diff& d) {
  std::vector<std::size_t> out;
  for (std::size_t g = 0; g < kGroupCount; ++g) {
    if (d.counts[g] != 0) out.push_back(g);
  }
  return out;
}

std::string RenderText(const Diff& d, const DecisionHeader& old_h, const DecisionHeader& new_h) {
  const Style style{false, " -> "};
  std::string out;
  out.reserve(4096 + d.listed * 160);

  TextTable context({false, false});
  for (const ContextLine& line : HeaderContext(d, old_h, new_h, style.arrow)) {
    std::string value;
    for (const ContextPart& p : line.parts) {
      if (p.is_value) {
        style.Value(value, p.text);
      } else {
        value += p.text;
      }
    }
    context.AddRow({line.label, std::move(value)});
  }
  context.AppendTo(out, "");
  out += '\n';

  const std::vector<std::size_t> groups = NonEmptyGroups(d);
  if (groups.empty()) {
    out += "No verdict, credential action or hold reason changed.\n";
  } else {
    TextTable summary({false, true});
    summary.AddRow({"change", "users"});
    for (const std::size_t g : groups) {
      std::string n;
      AppendCount(n, d.counts[g]);
      summary.AddRow({std::string(kGroupNames[g]), std::move(n)});
    }
    summary.AppendTo(out, "");
  }
  if (d.evidence_only != 0) out += EvidenceOnlyLine(d.evidence_only) + "\n";
  if (groups.empty()) return out;

  out += '\n';
  std::vector<bool> right(groups.size() + 1, true);
  right[0] = false;
  TextTable accounts(right);
  std::vector<std::string> head{"account"};
  for (const std::size_t g : groups) head.emplace_back(kGroupNames[g]);
  accounts.AddRow(std::move(head));
  for (const auto& [account, counts] : d.per_account) {
    std::vector<std::string> row(1);
    AppendPlain(row[0], account);
    for (const std::size_t g : groups) {
      std::string n;
      AppendCount(n, counts[g]);
      row.push_back(std::move(n));
    }
    accounts.AddRow(std::move(row));
  }
  accounts.AppendTo(out, "");

  for (const std::size_t g : groups) {
    out += '\n';
    out += kGroupNames[g];
    out += " (";
    AppendCount(out, d.counts[g]);
    out += ")\n";
    TextTable table({false, false, false, false, false});
    table.AddRow({"account", "user", "path", "verdict", "changes"});
    for (const UserChange& c : d.groups[g]) {
      const Side& u = c.after ? *c.after : *c.before;
      std::string account, user, path;
      AppendPlain(account, u.account);
      AppendPlain(user, u.user);
      const std::string_view arn_path = UserPath(u.arn);
      AppendPlain(path, arn_path.empty() ? "-" : arn_path);
      table.AddRow({std::move(account), std::move(user), std::move(path), VerdictCell(c, style),
                    ChangesCell(c, style)});
    }
    table.AppendTo(out, "  ");
  }
  return out;
}

// ---- Markdown ----------------------------------------------------------------------------

std::string RenderMarkdown(const Diff& d, const DecisionHeader& old_h, const DecisionHeader& new_h,
                           const DiffOptions& options) {
  const Style style{true, " → "};
  std::string out;
  out.reserve(4096 + d.listed * 200);
  out += "### dormant diff ";
  AppendCode(out, options.old_path, false);
  out += " → ";
  AppendCode(out, options.new_path, false);
  out += "\n\n";

  const std::vector<std::size_t> groups = NonEmptyGroups(d);
  if (groups.empty()) {
    out += "No verdict, credential action or hold reason changed.\n\n";
  } else {
    out += "| change | users |\n|---|--:|\n";
    for (const std::size_t g : groups) {
      out += "| ";
      out += kGroupNames[g];
      out += " | ";
      AppendCount(out, d.counts[g]);
      out += " |\n";
    }
    out += '\n';
  }
  if (d.evidence_only != 0) out += EvidenceOnlyLine(d.evidence_only) + "\n\n";

  if (!groups.empty()) {
    out += "| account";
    for (const std::size_t g : groups) {
      out += " | ";
      out += kGroupNames[g];
    }
    out += " |\n|---";
    for (std::size_t k = 0; k < groups.size(); ++k) out += "|--:";
    out += "|\n";
    for (const auto& [account, counts] : d.per_account) {
      out += "| ";
      style.Value(out, account);
      for (const std::size_t g : groups) {
        out += " | ";
        AppendCount(out, counts[g]);
      }
      out += " |\n";
    }
    out += '\n';
  }

  for (const ContextLine& line : HeaderContext(d, old_h, new_h, style.arrow)) {
    out += "- ";
    out += line.label;
    out += ": ";
    for (const ContextPart& p : line.parts) {
      if (p.is_value) {
        AppendCode(out, p.text, false);
      } else {
        out += p.text;
      }
    }
    out += '\n';
  }

  for (const std::size_t g : groups) {
    out += "\n<details><summary>";
    out += kGroupNames[g];
    out += " (";
    AppendCount(out, d.counts[g]);
    out += ")</summary>\n\n";
    out += "| account | user | path | verdict | changes |\n|---|---|---|---|---|\n";
    for (const UserChange& c : d.groups[g]) {
      const Side& u = c.after ? *c.after : *c.before;
      out += "| ";
      style.Value(out, u.account);
      out += " | ";
      style.Value(out, u.user);
      out += " | ";
      style.Value(out, UserPath(u.arn));
      out += " | ";
      out += VerdictCell(c, style);
      out += " | ";
      const std::string changes = ChangesCell(c, style);
      out += changes.empty() ? "—" : changes;
      out += " |\n";
    }
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace

int RunDiff(const DiffOptions& options) {
  // OLD is opened (and its header checked) first; if NEW's header is invalid, the rest of
  // OLD is still checked, so that an invalid OLD is the error reported.
  DecisionReader old_file(options.old_path);
  std::optional<DecisionReader> new_file;
  try {
    new_file.emplace(options.new_path);
  } catch (const Error&) {
    old_file.SkipRest();
    throw;
  }
  const Diff d = ComputeDiff(old_file, *new_file);
  // Nothing changed at all (identical files): no output.
  if (!d.users_differ && old_file.header_line() == new_file->header_line()) return 0;
  WriteOutput("", options.format == "markdown"
                      ? RenderMarkdown(d, old_file.header(), new_file->header(), options)
                      : RenderText(d, old_file.header(), new_file->header()));
  return options.exit_code && d.users_differ ? 1 : 0;
}

}  // namespace dormant
