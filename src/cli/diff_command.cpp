// `dormant diff OLD NEW`: renders what changed between two decision files as text or
// Markdown. The model (which user moved to which group, the counts, the header changes) is
// decision_diff.h; this file only writes it.
//
// Output: nothing at all when the files are identical (same header and user lines).
// Otherwise the header changes as context, the counts per group and per account, then one
// table per non-empty group. `text` aligns columns for a terminal and is ASCII apart from
// the values themselves; `markdown` is a pull-request comment in the conventions of
// summary.cpp (values from the files as code spans, `|` escaped): NEW's tripped guardrails
// and stale reports first in bold, then the counts (never cut), then as many users of each
// group as fit into --max-chars (row_budget.h), a cut group ending in a line that says how
// many users were left out. Control characters in
// values are written `\u00xx` in both. The report is built in one string and written at
// once, after both files have been read to their end and found valid (an invalid file
// prints nothing).
#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "arn.h"
#include "commands.h"
#include "dormant/decision_diff.h"
#include "dormant/error.h"
#include "markdown.h"
#include "output.h"
#include "row_budget.h"
#include "text.h"

namespace dormant {
namespace {

constexpr std::size_t kShaPrefix = 12;

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

void AddInputLines(std::vector<ContextLine>& lines, const DecisionDiff& d,
                   const std::string& arrow) {
  for (const InputChange& c : ChangedInputs(d.old_header, d.new_header)) {
    if (!c.after) {
      lines.push_back({"input removed",
                       {Value(c.before->path), Words(" (" + ShaPrefix(c.before->sha256) + ")")}});
    } else if (!c.before) {
      lines.push_back(
          {"input added", {Value(c.after->path), Words(" (" + ShaPrefix(c.after->sha256) + ")")}});
    } else {
      const InputSummary& x = *c.before;
      const InputSummary& y = *c.after;
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
std::vector<ContextLine> HeaderContext(const DecisionDiff& d, std::string_view arrow_view) {
  const std::string arrow(arrow_view);
  const DecisionHeader& a = d.old_header;
  const DecisionHeader& b = d.new_header;
  std::vector<ContextLine> lines;
  lines.push_back(
      {"as-of",
       {Words(!d.as_of_changed() ? FormatTimestamp(b.as_of) + ", unchanged"
                                 : FormatTimestamp(a.as_of) + arrow + FormatTimestamp(b.as_of))}});
  if (!d.policy_changed()) {
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
  AddInputLines(lines, d, arrow);
  for (const GuardrailTrip& g : b.guardrails) {
    lines.push_back({"guardrail in NEW",
                     {Value(g.scope), Words(": " + std::to_string(g.actions) + " actions > limit " +
                                            std::to_string(g.limit))}});
  }
  for (const std::string& path : b.stale) lines.push_back({"stale in NEW", {Value(path)}});
  return lines;
}

// ---- Cell text shared by both formats --------------------------------------------------

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

std::uint64_t Count(const GroupCounts& counts, TransitionGroup g) {
  return counts[static_cast<std::size_t>(g)];
}

// The IAM path of a user ARN (`/ops/`), or empty for the root row.
std::string_view UserPath(const std::string& arn) {
  std::string why;
  if (const auto parts = ParseUserArn(arn, why)) return parts->path;
  return {};
}

std::string VerdictCell(const Transition& c, const Style& style) {
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
std::string ChangesCell(const Transition& c, const Style& style) {
  std::string out;
  const auto separate = [&out](std::string_view sep) {
    if (!out.empty()) out += sep;
  };
  const bool both = c.before && c.after;
  for (const ActionChange& a : ChangedActions(c)) {
    separate(", ");
    out += CredentialName(a.credential);
    out += ": ";
    if (both) {
      out += a.before ? ActionName(*a.before) : "absent";
      out += style.arrow;
      out += a.after ? ActionName(*a.after) : "absent";
    } else {
      out += ActionName(a.before ? *a.before : *a.after);
    }
  }
  if (!both) {
    const UserSide& only = c.user();
    if (ReasonsMatter(only.verdict)) {
      separate("; ");
      out += "reasons: ";
      for (std::size_t k = 0; k < only.reasons.size(); ++k) {
        if (k > 0) out += ", ";
        style.ReasonText(out, only.reasons[k]);
      }
    }
    return out;
  }
  const ReasonChanges reasons = ChangedReasons(c);
  if (reasons.differ) {
    separate("; ");
    out += "reasons: ";
    bool first = true;
    const auto list = [&](const std::vector<std::string>& which, char sign) {
      for (const std::string& r : which) {
        if (!first) out += ", ";
        first = false;
        out += sign;
        style.ReasonText(out, r);
      }
    };
    list(reasons.added, '+');
    list(reasons.removed, '-');
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

// The reasons of the newly held users (NEW's side) with how many users carry each, most
// frequent first, then by name; a user held for several reasons counts under each.
std::vector<std::pair<std::string, std::uint64_t>> NewlyHeldReasons(const DecisionDiff& d) {
  std::map<std::string, std::uint64_t> users;
  for (const Transition& t : d.groups[static_cast<std::size_t>(TransitionGroup::kNewlyHeld)]) {
    for (const std::string& r : t.after->reasons) ++users[r];
  }
  std::vector<std::pair<std::string, std::uint64_t>> out(users.begin(), users.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

constexpr std::string_view kNothingListed = "No verdict, credential action or hold reason changed.";

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

void AppendTextContext(std::string& out, const DecisionDiff& d, const Style& style) {
  TextTable context({false, false});
  for (const ContextLine& line : HeaderContext(d, style.arrow)) {
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
}

// The users of each non-empty group, one row per group.
void AppendTextGroupCounts(std::string& out, const DecisionDiff& d,
                           const std::vector<TransitionGroup>& groups) {
  TextTable summary({false, true});
  summary.AddRow({"change", "users"});
  for (const TransitionGroup g : groups) {
    std::string n;
    AppendCount(n, Count(d.counts, g));
    summary.AddRow({std::string(TransitionGroupName(g)), std::move(n)});
  }
  summary.AppendTo(out, "");
}

// One row per account, one column per non-empty group.
void AppendTextAccountCounts(std::string& out, const DecisionDiff& d,
                             const std::vector<TransitionGroup>& groups) {
  std::vector<bool> right(groups.size() + 1, true);
  right[0] = false;
  TextTable accounts(right);
  std::vector<std::string> head{"account"};
  for (const TransitionGroup g : groups) head.emplace_back(TransitionGroupName(g));
  accounts.AddRow(std::move(head));
  for (const auto& [account, counts] : d.per_account) {
    std::vector<std::string> row(1);
    AppendPlain(row[0], account);
    for (const TransitionGroup g : groups) {
      std::string n;
      AppendCount(n, Count(counts, g));
      row.push_back(std::move(n));
    }
    accounts.AddRow(std::move(row));
  }
  accounts.AppendTo(out, "");
}

// `GROUP (N)` and the table of its users, indented.
void AppendTextGroup(std::string& out, const DecisionDiff& d, TransitionGroup g,
                     const Style& style) {
  out += TransitionGroupName(g);
  out += " (";
  AppendCount(out, Count(d.counts, g));
  out += ")\n";
  TextTable table({false, false, false, false, false});
  table.AddRow({"account", "user", "path", "verdict", "changes"});
  for (const Transition& c : d.groups[static_cast<std::size_t>(g)]) {
    const UserSide& u = c.user();
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

std::string RenderText(const DecisionDiff& d) {
  const Style style{false, " -> "};
  std::string out;
  out.reserve(4096 + d.listed * 160);
  AppendTextContext(out, d, style);
  out += '\n';
  const std::vector<TransitionGroup> groups = d.NonEmptyGroups();
  if (groups.empty()) {
    out += kNothingListed;
    out += '\n';
  } else {
    AppendTextGroupCounts(out, d, groups);
  }
  if (d.evidence_only != 0) out += EvidenceOnlyLine(d.evidence_only) + "\n";
  if (groups.empty()) return out;
  out += '\n';
  AppendTextAccountCounts(out, d, groups);
  if (const auto reasons = NewlyHeldReasons(d); !reasons.empty()) {
    out += '\n';
    TextTable table({false, true});
    table.AddRow({"reasons of the newly held", "users"});
    for (const auto& [reason, n] : reasons) {
      std::string r, count;
      style.ReasonText(r, reason);
      AppendCount(count, n);
      table.AddRow({std::move(r), std::move(count)});
    }
    table.AppendTo(out, "");
  }
  for (const TransitionGroup g : groups) {
    out += '\n';
    AppendTextGroup(out, d, g, style);
  }
  return out;
}

// ---- Markdown ----------------------------------------------------------------------------

// The names of OLD and NEW in titles: the --label values, else the paths.
std::string_view OldName(const DiffOptions& o) {
  return o.labels.empty() ? std::string_view(o.old_path) : std::string_view(o.labels[0]);
}
std::string_view NewName(const DiffOptions& o) {
  return o.labels.size() < 2 ? std::string_view(o.new_path) : std::string_view(o.labels[1]);
}

// NEW's run-level safety stops, one bold paragraph each: what a reviewer must see first.
void AppendMarkdownAlarms(std::string& out, const DecisionDiff& d) {
  for (const GuardrailTrip& g : d.new_header.guardrails) {
    out += "**GUARDRAIL TRIPPED in NEW: ";
    AppendCode(out, g.scope, false);
    out += ": ";
    AppendCount(out, static_cast<std::uint64_t>(g.actions));
    out += " actions > limit ";
    AppendCount(out, static_cast<std::uint64_t>(g.limit));
    out += ". Its actions are held.**\n\n";
  }
  for (const std::string& path : d.new_header.stale) {
    out += "**STALE CREDENTIAL REPORT in NEW: ";
    AppendCode(out, path, false);
    out += ". The actions of its users are held.**\n\n";
  }
}

void AppendMarkdownTitle(std::string& out, const DiffOptions& options) {
  out += "### dormant diff ";
  AppendCode(out, OldName(options), false);
  out += " → ";
  AppendCode(out, NewName(options), false);
  out += "\n\n";
}

// `| change | users |`: one row per non-empty group.
void AppendMarkdownGroupCounts(std::string& out, const DecisionDiff& d,
                               const std::vector<TransitionGroup>& groups) {
  out += "| change | users |\n|---|--:|\n";
  for (const TransitionGroup g : groups) {
    out += "| ";
    out += TransitionGroupName(g);
    out += " | ";
    AppendCount(out, Count(d.counts, g));
    out += " |\n";
  }
}

// `| account | GROUP... |`: one row per account, one column per non-empty group.
void AppendMarkdownAccountCounts(std::string& out, const DecisionDiff& d,
                                 const std::vector<TransitionGroup>& groups, const Style& style) {
  out += "| account";
  for (const TransitionGroup g : groups) {
    out += " | ";
    out += TransitionGroupName(g);
  }
  out += " |\n|---";
  for (std::size_t k = 0; k < groups.size(); ++k) out += "|--:";
  out += "|\n";
  for (const auto& [account, counts] : d.per_account) {
    out += "| ";
    style.Value(out, account);
    for (const TransitionGroup g : groups) {
      out += " | ";
      AppendCount(out, Count(counts, g));
    }
    out += " |\n";
  }
}

// The header changes as a list, `- label: what`.
void AppendMarkdownContext(std::string& out, const DecisionDiff& d, const Style& style) {
  for (const ContextLine& line : HeaderContext(d, style.arrow)) {
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
}

// `| reason | users |` of the newly held users, when there are any.
void AppendMarkdownHeldReasons(std::string& out, const DecisionDiff& d, const Style& style) {
  const auto reasons = NewlyHeldReasons(d);
  if (reasons.empty()) return;
  out += "| reasons of the newly held | users |\n|---|--:|\n";
  for (const auto& [reason, n] : reasons) {
    out += "| ";
    style.ReasonText(out, reason);
    out += " | ";
    AppendCount(out, n);
    out += " |\n";
  }
  out += '\n';
}

// A group's table row of one user.
std::string MarkdownRow(const Transition& c, const Style& style) {
  const UserSide& u = c.user();
  std::string out = "| ";
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
  return out;
}

// The opening of a collapsed `<details>` section holding the table of a group's users.
std::string MarkdownGroupHead(const DecisionDiff& d, TransitionGroup g) {
  std::string out = "\n<details><summary>";
  out += TransitionGroupName(g);
  out += " (";
  AppendCount(out, Count(d.counts, g));
  out += ")</summary>\n\n";
  return out;
}

constexpr std::string_view kGroupTableHead =
    "| account | user | path | verdict | changes |\n|---|---|---|---|---|\n";

// "*3 of 3896 users are not shown (...): `dormant diff OLD NEW` (text format) lists them
// all.*", for a group cut to fit.
std::string UsersLeftOut(std::uint64_t left_out, std::uint64_t users, const DiffOptions& options) {
  std::string command = "dormant diff ";
  command += OldName(options);
  command += ' ';
  command += NewName(options);
  return LeftOutLine(left_out, users, "users", command, " (text format) lists them all");
}

constexpr std::string_view kGroupEnd = "\n</details>\n";

// The groups' sections, each with as many users as fit into `budget` bytes.
void AppendMarkdownGroups(std::string& out, const DecisionDiff& d,
                          const std::vector<TransitionGroup>& groups, const Style& style,
                          const DiffOptions& options, std::size_t budget) {
  std::vector<std::vector<std::string>> rows;
  std::size_t fixed = 0;
  for (const TransitionGroup g : groups) {
    std::vector<std::string> group_rows;
    for (const Transition& c : d.groups[static_cast<std::size_t>(g)]) {
      group_rows.push_back(MarkdownRow(c, style));
    }
    fixed += MarkdownGroupHead(d, g).size() + kGroupTableHead.size() + kGroupEnd.size() +
             UsersLeftOut(group_rows.size(), group_rows.size(), options).size();
    rows.push_back(std::move(group_rows));
  }
  const std::vector<std::size_t> kept = RowsThatFit(rows, budget > fixed ? budget - fixed : 0);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    out += MarkdownGroupHead(d, groups[k]);
    if (kept[k] > 0) out += kGroupTableHead;
    for (std::size_t r = 0; r < kept[k]; ++r) out += rows[k][r];
    if (kept[k] < rows[k].size()) {
      if (kept[k] > 0) out += '\n';
      out += UsersLeftOut(rows[k].size() - kept[k], rows[k].size(), options);
      out += "</details>\n";
    } else {
      out += kGroupEnd;
    }
  }
}

std::string RenderMarkdown(const DecisionDiff& d, const DiffOptions& options) {
  const Style style{true, " → "};
  std::string out;
  AppendMarkdownAlarms(out, d);
  AppendMarkdownTitle(out, options);
  const std::vector<TransitionGroup> groups = d.NonEmptyGroups();
  if (groups.empty()) {
    out += kNothingListed;
    out += "\n\n";
  } else {
    AppendMarkdownGroupCounts(out, d, groups);
    out += '\n';
  }
  if (d.evidence_only != 0) out += EvidenceOnlyLine(d.evidence_only) + "\n\n";
  if (!groups.empty()) {
    AppendMarkdownAccountCounts(out, d, groups, style);
    out += '\n';
  }
  AppendMarkdownHeldReasons(out, d, style);
  AppendMarkdownContext(out, d, style);
  const std::size_t max_chars = options.max_chars.value_or(kDefaultMaxChars);
  AppendMarkdownGroups(out, d, groups, style, options,
                       max_chars > out.size() ? max_chars - out.size() : 0);
  return out;
}

}  // namespace

ExitCode RunDiff(const DiffOptions& options) {
  if (options.max_chars && options.format != "markdown") {
    throw Error(ErrorKind::kUsage, "", 0,
                "--max-chars: only --format markdown is cut to a size; the text format lists "
                "every user");
  }
  const DecisionDiff d = DiffDecisionFiles(options.old_path, options.new_path);
  if (d.identical()) return ExitCode::kSuccess;  // no output
  WriteOutput("", options.format == "markdown" ? RenderMarkdown(d, options) : RenderText(d));
  return options.exit_code && d.users_differ ? ExitCode::kDiffers : ExitCode::kSuccess;
}

}  // namespace dormant
