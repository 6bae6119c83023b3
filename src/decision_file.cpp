// Strict reader of decision files (SPEC §6). Every line is parsed with simdjson and its
// members are checked in order; anything the writer would not have produced is rejected.
#include "dormant/decision_file.h"

#include <simdjson.h>

#include <filesystem>

#include "dormant/arn.h"
#include "dormant/decision_writer.h"
#include "dormant/error.h"
#include "file_source.h"

namespace dormant {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

class LineReader {
 public:
  LineReader(const std::string& path, std::uint64_t line) : path_(path), line_(line) {}

  [[noreturn]] void Fail(const std::string& what) const {
    ThrowInput(path_, line_, "not a valid dormant-decisions/1 file: " + what);
  }

  // The members of `e`, which must be an object with exactly `keys` in this order.
  template <std::size_t N>
  std::array<element, N> Members(element e, const std::array<std::string_view, N>& keys,
                                 std::string_view what) const {
    object obj;
    if (e.get_object().get(obj)) Fail(std::string(what) + " must be an object");
    std::array<element, N> out{};
    std::size_t i = 0;
    for (const simdjson::dom::key_value_pair field : obj) {
      if (i == N || field.key != keys[i]) {
        Fail(std::string(what) + ": expected " +
             (i == N ? std::string("no more keys") : "key \"" + std::string(keys[i]) + "\"") +
             ", found \"" + std::string(field.key) + "\"");
      }
      out[i++] = field.value;
    }
    if (i != N) Fail(std::string(what) + ": key \"" + std::string(keys[i]) + "\" is missing");
    return out;
  }

  std::string String(element e, std::string_view what) const {
    std::string_view s;
    if (e.get_string().get(s)) Fail(std::string(what) + " must be a string");
    return std::string(s);
  }

  std::int64_t Integer(element e, std::string_view what) const {
    std::int64_t v = 0;
    if (e.type() != simdjson::dom::element_type::INT64 || e.get_int64().get(v) || v < 0) {
      Fail(std::string(what) + " must be a non-negative integer");
    }
    return v;
  }

  Instant Time(element e, std::string_view what) const {
    const std::string s = String(e, what);
    const auto t = ParseTimestamp(s);
    if (!t || FormatTimestamp(*t) != s) {
      Fail(std::string(what) + " must be a UTC time YYYY-MM-DDTHH:MM:SSZ, got '" + s + "'");
    }
    return *t;
  }

  std::optional<Instant> OptionalTime(element e, std::string_view what) const {
    if (e.is_null()) return std::nullopt;
    return Time(e, what);
  }

  std::vector<std::string> Strings(element e, std::string_view what) const {
    array list;
    if (e.get_array().get(list)) Fail(std::string(what) + " must be an array");
    std::vector<std::string> out;
    for (const element item : list) out.push_back(String(item, what));
    return out;
  }

  std::vector<std::string> SortedStrings(element e, std::string_view what) const {
    std::vector<std::string> out = Strings(e, what);
    for (std::size_t i = 1; i < out.size(); ++i) {
      if (!(out[i - 1] < out[i])) Fail(std::string(what) + " must be sorted and unique");
    }
    return out;
  }

  template <typename Enum, std::size_t N>
  Enum Vocabulary(element e, std::string_view what, std::string_view (*name)(Enum)) const {
    const std::string s = String(e, what);
    for (std::size_t i = 0; i < N; ++i) {
      if (name(static_cast<Enum>(i)) == s) return static_cast<Enum>(i);
    }
    Fail(std::string(what) + ": unknown value '" + s + "'");
  }

 private:
  const std::string& path_;
  std::uint64_t line_;
};

InputKind KindFromName(const LineReader& r, const std::string& name) {
  for (InputKind k : {InputKind::kCredentialReport, InputKind::kAccessAdvisor, InputKind::kIamDetails}) {
    if (KindName(k) == name) return k;
  }
  r.Fail("inputs: unknown kind '" + name + "'");
}

DecisionHeader ReadHeader(element doc, const LineReader& r) {
  DecisionHeader h;
  const auto m = r.Members<8>(doc,
                              {"format", "as_of", "policy", "inputs", "counts", "guardrails",
                               "stale", "exemptions"},
                              "header");
  if (r.String(m[0], "format") != "dormant-decisions/1") {
    r.Fail("format must be \"dormant-decisions/1\"");
  }
  h.as_of = r.Time(m[1], "as_of");
  const auto policy = r.Members<2>(m[2], {"source", "sha256"}, "policy");
  h.policy_source = r.String(policy[0], "policy.source");
  h.policy_sha256 = r.String(policy[1], "policy.sha256");
  array inputs;
  if (m[3].get_array().get(inputs)) r.Fail("inputs must be an array");
  for (const element e : inputs) {
    const auto in = r.Members<6>(e, {"path", "kind", "sha256", "generated", "records", "unmatched"},
                                 "inputs[]");
    DecisionInput& d = h.inputs.emplace_back();
    d.path = r.String(in[0], "inputs[].path");
    d.kind = KindFromName(r, r.String(in[1], "inputs[].kind"));
    d.sha256 = r.String(in[2], "inputs[].sha256");
    d.generated = r.OptionalTime(in[3], "inputs[].generated");
    d.records = static_cast<std::uint64_t>(r.Integer(in[4], "inputs[].records"));
    d.unmatched = static_cast<std::uint64_t>(r.Integer(in[5], "inputs[].unmatched"));
  }
  for (std::size_t i = 1; i < h.inputs.size(); ++i) {
    if (h.inputs[i].path < h.inputs[i - 1].path) r.Fail("inputs must be sorted by path");
  }
  const auto counts = r.Members<kVerdictCount>(
      m[4], {"root", "exempt", "already_inactive", "deactivate", "prune", "warn", "keep", "hold"},
      "counts");
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    h.counts[v] = static_cast<std::uint64_t>(r.Integer(counts[v], "counts"));
  }
  array guardrails;
  if (m[5].get_array().get(guardrails)) r.Fail("guardrails must be an array");
  for (const element e : guardrails) {
    const auto g = r.Members<3>(e, {"scope", "actions", "limit"}, "guardrails[]");
    h.guardrails.push_back({r.String(g[0], "guardrails[].scope"),
                            r.Integer(g[1], "guardrails[].actions"),
                            r.Integer(g[2], "guardrails[].limit")});
  }
  h.stale = r.SortedStrings(m[6], "stale");
  const auto ex = r.Members<3>(m[7], {"expired", "expiring", "unused"}, "exemptions");
  h.expired_exemptions = r.SortedStrings(ex[0], "exemptions.expired");
  h.expiring_exemptions = r.SortedStrings(ex[1], "exemptions.expiring");
  h.unused_exemptions = r.SortedStrings(ex[2], "exemptions.unused");
  return h;
}

// The position of a written reason in the order of SPEC §5.7.
std::size_t ReasonRank(const LineReader& r, const std::string& reason) {
  if (reason.rfind("exempt:", 0) == 0 && reason.size() > 7) {
    return static_cast<std::size_t>(Reason::kExempt);
  }
  for (std::size_t i = 0; i < kReasonCount; ++i) {
    const auto reason_enum = static_cast<Reason>(i);
    if (reason_enum != Reason::kExempt && ReasonName(reason_enum) == reason) return i;
  }
  r.Fail("reasons: unknown reason '" + reason + "'");
}

void ReadUser(element doc, const LineReader& r, DecisionUser& u) {
  const auto m = r.Members<9>(doc,
                              {"arn", "account", "user", "verdict", "reasons", "idle_days",
                               "idle_since", "last_activity", "credentials"},
                              "user line");
  u.arn = r.String(m[0], "arn");
  u.account = r.String(m[1], "account");
  u.user = r.String(m[2], "user");
  u.verdict = r.Vocabulary<Verdict, kVerdictCount>(m[3], "verdict", &VerdictName);
  u.reasons = r.Strings(m[4], "reasons");
  if (u.reasons.empty()) r.Fail("reasons must not be empty");
  for (std::size_t i = 1; i < u.reasons.size(); ++i) {
    if (ReasonRank(r, u.reasons[i - 1]) >= ReasonRank(r, u.reasons[i])) {
      r.Fail("reasons must appear once each, in the order of SPEC §5");
    }
  }
  ReasonRank(r, u.reasons[0]);
  u.idle_days = r.Integer(m[5], "idle_days");
  if (u.idle_days > kMaxIdleDays) r.Fail("idle_days is larger than any possible");
  u.idle_since = r.Time(m[6], "idle_since");
  u.last_activity = r.OptionalTime(m[7], "last_activity");
  array credentials;
  if (m[8].get_array().get(credentials)) r.Fail("credentials must be an array");
  for (const element e : credentials) {
    const auto c = r.Members<6>(e, {"id", "status", "issued", "last_used", "idle_days", "action"},
                                "credentials[]");
    DecisionCredential& d = u.credentials.emplace_back();
    d.id = r.Vocabulary<CredentialId, 5>(c[0], "credentials[].id", &CredentialName);
    const std::string status = r.String(c[1], "credentials[].status");
    if (status != "active" && status != "inactive") {
      r.Fail("credentials[].status must be active or inactive");
    }
    d.active = status == "active";
    d.issued = r.Time(c[2], "credentials[].issued");
    d.last_used = r.OptionalTime(c[3], "credentials[].last_used");
    const std::int64_t idle_days = r.Integer(c[4], "credentials[].idle_days");
    // No two timestamps of years 1-9999 are further apart.
    if (idle_days > kMaxIdleDays) r.Fail("credentials[].idle_days is larger than any possible");
    d.idle_days = static_cast<std::int32_t>(idle_days);
    d.action = r.Vocabulary<Action, 3>(c[5], "credentials[].action", &ActionName);
  }
  // The line must be consistent with itself: what the writer can never produce is not a
  // decision file (an applier must not act on a hand-made action).
  std::string why;
  const bool root = IsRootArn(u.arn);
  const auto user_arn = root ? std::nullopt : ParseUserArn(u.arn, why);
  if (!root && !user_arn) r.Fail("arn: " + why);
  if (u.account != ParseIamArn(u.arn)->account) r.Fail("account does not match the ARN");
  if (u.user != (root ? std::string("<root_account>") : std::string(user_arn->name))) {
    r.Fail("user does not match the ARN");
  }
  if ((u.verdict == Verdict::kRoot) != root) r.Fail("only the root ARN has verdict root");
  for (const DecisionCredential& c : u.credentials) {
    const bool action_verdict = IsAction(u.verdict);
    if ((c.action == Action::kDeactivate && (!c.active || !action_verdict)) ||
        (c.action == Action::kHold && (!c.active || u.verdict != Verdict::kHold))) {
      r.Fail("credentials[].action " + std::string(ActionName(c.action)) + " on " +
             std::string(CredentialName(c.id)) + " contradicts its status or the verdict");
    }
  }
  for (std::size_t i = 1; i < u.credentials.size(); ++i) {
    if (u.credentials[i - 1].id >= u.credentials[i].id) {
      r.Fail("credentials must be listed once each in the order password, access_key_1, "
             "access_key_2, cert_1, cert_2");
    }
  }
}


// Parses `padded` (which holds the file's bytes followed by simdjson's padding).
DecisionFile ParsePadded(const simdjson::padded_string& padded, const std::string& path) {
  const std::string_view text(padded.data(), padded.size());
  DecisionFile file;
  file.path = path;
  simdjson::dom::parser parser;
  std::array<std::uint64_t, kVerdictCount> tally{};
  std::size_t pos = 0;
  std::uint64_t line_number = 0;
  // The reader accepts only what the writer produces: each parsed line is written back
  // with the writer's own functions and must equal the line as read. Another spelling of
  // the same JSON (CRLF, spaces, `\u002e`, `-0`) is not a dormant-decisions/1 file.
  std::string canonical;
  while (pos < text.size()) {
    ++line_number;
    const LineReader r(path, line_number);
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) r.Fail("the last line does not end with a newline");
    const std::string_view line = text.substr(pos, nl - pos);
    element doc;
    if (const auto e = parser.parse(padded.data() + pos, line.size(), false).get(doc)) {
      r.Fail(std::string("invalid JSON: ") + simdjson::error_message(e));
    }
    if (line_number == 1) {
      file.header = ReadHeader(doc, r);
      file.header_line = std::string(line);
      canonical.clear();
      AppendHeaderLine(canonical, file.header);
      if (canonical != line) {
        r.Fail("the line is not written the way dormant writes it (SPEC §6)");
      }
    } else {
      DecisionUser& u = file.users.emplace_back();
      ReadUser(doc, r, u);
      u.line = std::string(line);
      u.line_number = line_number;
      canonical.clear();
      AppendUserLine(canonical, u);
      if (canonical != line) {
        r.Fail("the line is not written the way dormant writes it (SPEC §6)");
      }
      if (file.users.size() > 1 && !(file.users[file.users.size() - 2].arn < u.arn)) {
        r.Fail("user lines must be sorted by ARN, each ARN once");
      }
      ++tally[static_cast<std::size_t>(u.verdict)];
    }
    pos = nl + 1;
  }
  if (line_number == 0) ThrowInput(path, 0, "not a valid dormant-decisions/1 file: the file is empty");
  if (tally != file.header.counts) {
    ThrowInput(path, 1, "not a valid dormant-decisions/1 file: counts do not match the user lines");
  }
  return file;
}

}  // namespace

DecisionFile ParseDecisionFile(std::string_view text, const std::string& path) {
  return ParsePadded(simdjson::padded_string(text), path);
}

DecisionFile ReadDecisionFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) ThrowUsage(path, "no such decision file");
  if (std::filesystem::is_directory(path, ec)) ThrowUsage(path, "is a directory, not a decision file");
  // Plain reads rather than padded_string::load, which needs a seekable file (so refused
  // `diff old <(...)`) and took a read error (EIO) for an empty file (exit 4, not 5).
  const std::string text = ReadFileBytes(path, "the decision file");
  return ParseDecisionFile(text, path);
}

}  // namespace dormant
