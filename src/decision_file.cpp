// Strict, streaming reader of decision files. Every line is parsed with simdjson and its
// members are checked in order; anything the writer would not have produced is rejected.
#include "dormant/decision_file.h"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>

#include "decision_coherence.h"
#include "dormant/decision_format.h"
#include "dormant/decisions.h"
#include "dormant/error.h"
#include "dormant/input_discovery.h"
#include "dormant/timestamp.h"
#include "file_source.h"
#include "sha256.h"
#include "text.h"

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
  for (InputKind k :
       {InputKind::kCredentialReport, InputKind::kAccessAdvisor, InputKind::kIamDetails}) {
    if (KindName(k) == name) return k;
  }
  r.Fail("inputs: unknown kind '" + name + "'");
}

DecisionHeader ReadHeader(element doc, const LineReader& r) {
  DecisionHeader h;
  const auto m = r.Members<8>(
      doc, {"format", "as_of", "policy", "inputs", "counts", "guardrails", "stale", "exemptions"},
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
    InputSummary& d = h.inputs.emplace_back();
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

// The position of a written reason in the order of the reason list.
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

void ReadUser(element doc, const LineReader& r, UserLine& u) {
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
      r.Fail("reasons must appear once each, in the order of the reason list");
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
    CredentialDecision& d = u.credentials.emplace_back();
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
  for (std::size_t i = 1; i < u.credentials.size(); ++i) {
    if (u.credentials[i - 1].id >= u.credentials[i].id) {
      r.Fail(
          "credentials must be listed once each in the order password, access_key_1, "
          "access_key_2, cert_1, cert_2");
    }
  }
}

// Bytes as a size for messages: `4 GiB`, `1 MiB` or a number of bytes.
std::string SizeText(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (std::uint64_t{1} << 30) == 0) {
    return std::to_string(bytes >> 30) + " GiB";
  }
  if (bytes != 0 && bytes % (std::uint64_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace

struct DecisionReader::Impl {
  Impl(const std::string& p, DecisionLimits l) : path(p), limits(l), check(header) {}
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  [[noreturn]] void Fail(std::uint64_t line, const std::string& what) const {
    ThrowInput(path, line, "not a valid dormant-decisions/1 file: " + what);
  }

  // Appends up to one chunk of the file to `buf`; returns false at the end of the file.
  bool Fill() {
    const std::size_t room = std::min(kChunkBytes, buf.capacity() - buf.size());
    std::size_t n = 0;
    if (fd < 0) {
      n = std::min(room, text.size());
      std::memcpy(buf.data() + buf.size(), text.data(), n);
      text.remove_prefix(n);
    } else {
      for (;;) {
        const ssize_t got = ::read(fd, buf.data() + buf.size(), room);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
          ThrowIo(path, std::string("cannot read the decision file: ") + std::strerror(errno));
        n = static_cast<std::size_t>(got);
        break;
      }
    }
    if (n == 0) return false;
    sha.Update(std::string_view(buf.data() + buf.size(), n));
    total += n;
    buf.Resize(buf.size() + n);
    if (total > limits.max_file_bytes) {
      // Name the line of the first byte beyond the limit.
      const std::size_t first_beyond =
          buf.size() - static_cast<std::size_t>(total - limits.max_file_bytes);
      const std::string_view before = buf.view().substr(begin, first_beyond - begin);
      const auto lines = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
      Fail(line_number + lines + 1, "the file is larger than " + SizeText(limits.max_file_bytes));
    }
    return true;
  }

  // The next line without its `\n`, valid (with simdjson's padding after it) until the next
  // call; nullopt at the end of the file. Counts the line.
  std::optional<std::string_view> NextLine() {
    for (;;) {
      const std::string_view pending = buf.view().substr(begin);
      const std::size_t nl = pending.find('\n', scanned);
      if (nl != std::string_view::npos || pending.size() > limits.max_line_bytes) {
        ++line_number;
        if (std::min(nl, pending.size()) > limits.max_line_bytes) {
          Fail(line_number, "the line is longer than " + SizeText(limits.max_line_bytes));
        }
        begin += nl + 1;
        scanned = 0;
        return pending.substr(0, nl);
      }
      scanned = pending.size();
      if (at_end) {
        if (pending.empty()) return std::nullopt;
        Fail(line_number + 1, "the last line does not end with a newline");
      }
      buf.Consume(begin);
      begin = 0;
      at_end = !Fill();
    }
  }

  void ReadHeaderLine() {
    const auto line = NextLine();
    if (!line) Fail(0, "the file is empty");
    const LineReader r(path, line_number);
    simdjson::dom::element doc;
    if (const auto e = parser.parse(line->data(), line->size(), false).get(doc)) {
      r.Fail(std::string("invalid JSON: ") + simdjson::error_message(e));
    }
    header = ReadHeader(doc, r);
    header_line = std::string(*line);
    Canonical(r, *line, [this] { AppendHeaderLine(canonical, header); });
    if (const std::string why = check.Header(); !why.empty()) r.Fail(why);
  }

  // After an error, every later call throws it again.
  const UserLine* Next() {
    if (failure) std::rethrow_exception(failure);
    try {
      return ReadUserLine();
    } catch (...) {
      failure = std::current_exception();
      throw;
    }
  }

  const UserLine* ReadUserLine() {
    if (done) return nullptr;
    const auto line = NextLine();
    if (!line) {
      // A count too high shows only at the end: named at the last line, where it shows.
      if (const std::string why = check.End(); !why.empty()) Fail(line_number, why);
      digest = sha.HexDigest();
      done = true;
      return nullptr;
    }
    const LineReader r(path, line_number);
    simdjson::dom::element doc;
    if (const auto e = parser.parse(line->data(), line->size(), false).get(doc)) {
      r.Fail(std::string("invalid JSON: ") + simdjson::error_message(e));
    }
    previous_arn.swap(user.arn);
    user.reasons.clear();
    user.credentials.clear();
    ReadUser(doc, r, user);
    user.line.assign(*line);
    user.line_number = line_number;
    Canonical(r, *line, [this] { AppendUserLine(canonical, user); });
    if (users > 0 && !(previous_arn < user.arn)) {
      r.Fail("user lines must be sorted by ARN, each ARN once");
    }
    if (const std::string why = check.User(user); !why.empty()) r.Fail(why);
    ++users;
    return &user;
  }

  // The reader accepts only what the writer produces: each parsed line is written back
  // with the format's functions (the writer's own) and must equal the line as read. Another
  // spelling of the same JSON (CRLF, spaces, `\u002e`, `-0`) is not a dormant-decisions/1 file.
  template <class Write>
  void Canonical(const LineReader& r, std::string_view line, Write write) {
    canonical.clear();
    write();
    if (canonical != line) r.Fail("the line is not written the way dormant writes it");
  }

  std::string path;
  DecisionLimits limits;
  int fd = -1;              // -1: reading `text`
  std::string_view text;    // the part of an in-memory file not yet in `buf`
  PaddedBuffer buf;         // the bytes read and not yet consumed
  std::size_t begin = 0;    // where the next line starts in `buf`
  std::size_t scanned = 0;  // bytes after `begin` known to hold no `\n`
  bool at_end = false;
  std::uint64_t total = 0;  // bytes read
  std::uint64_t line_number = 0;
  simdjson::dom::parser parser;
  std::string canonical;
  DecisionHeader header;
  std::string header_line;
  UserLine user;
  std::string previous_arn;
  std::uint64_t users = 0;
  CoherenceCheck check;
  Sha256 sha;
  std::string digest;
  bool done = false;
  std::exception_ptr failure;
};

DecisionReader::DecisionReader(const std::string& path, DecisionLimits limits)
    : impl_(std::make_unique<Impl>(path, limits)) {
  RequireFileArgument(path, "no such decision file", "is a directory, not a decision file");
  // Plain reads: a FIFO (`diff old <(...)`) works, and a read error is never an empty file.
  impl_->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl_->fd < 0) {
    ThrowIo(path, std::string("cannot open the decision file: ") + std::strerror(errno));
  }
  impl_->buf.Reserve(limits.max_line_bytes + 1 + kChunkBytes);
  impl_->ReadHeaderLine();
}

DecisionReader::DecisionReader(std::string_view text, const std::string& path,
                               DecisionLimits limits)
    : impl_(std::make_unique<Impl>(path, limits)) {
  impl_->text = text;
  impl_->buf.Reserve(limits.max_line_bytes + 1 + kChunkBytes);
  impl_->ReadHeaderLine();
}

DecisionReader::~DecisionReader() = default;

const std::string& DecisionReader::path() const { return impl_->path; }
const DecisionHeader& DecisionReader::header() const { return impl_->header; }
const std::string& DecisionReader::header_line() const { return impl_->header_line; }
const UserLine* DecisionReader::Next() { return impl_->Next(); }
void DecisionReader::SkipRest() {
  while (impl_->Next() != nullptr) {
  }
}
std::uint64_t DecisionReader::user_count() const { return impl_->users; }
const std::string& DecisionReader::sha256() const { return impl_->digest; }

DecisionFile ParseDecisionFile(std::string_view text, const std::string& path) {
  DecisionReader reader(text, path);
  DecisionFile file;
  file.path = path;
  file.header = reader.header();
  file.header_line = reader.header_line();
  while (const UserLine* u = reader.Next()) file.users.push_back(*u);
  return file;
}

}  // namespace dormant
