// Reading one input file: kind detection, hashing, validation, record extraction.
// Only this file and json_documents.cpp know simdjson.
#include "input_reader.h"

#include <algorithm>
#include <array>

#include "dormant/arn.h"
#include "dormant/credential_report.h"
#include "dormant/error.h"
#include "json_documents.h"

namespace dormant {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Quoted(std::string_view v) {
  constexpr std::size_t kMax = 60;
  std::string out = "'";
  out.append(v.substr(0, kMax));
  if (v.size() > kMax) out += "...";
  return out + "'";
}

// Where in the file a document is; every message about it goes through Fail().
struct DocumentContext {
  const std::string& path;
  DocumentPosition pos;
  [[noreturn]] void Fail(const std::string& what) const { FailAt(path, pos, what); }
};

// The members of an object that dormant reads. A read member appearing twice is an error
// (SPEC §2); a null value counts as absent.
template <std::size_t N>
struct Members {
  std::array<element, N> value{};
  std::array<bool, N> present{};
};

template <std::size_t N>
Members<N> ReadMembers(object obj, const std::array<std::string_view, N>& names,
                       const DocumentContext& ctx, std::string_view where) {
  Members<N> out;
  std::array<bool, N> seen{};
  for (const simdjson::dom::key_value_pair field : obj) {
    for (std::size_t i = 0; i < N; ++i) {
      if (field.key != names[i]) continue;
      if (seen[i]) ctx.Fail(std::string(where) + std::string(names[i]) + ": member appears twice");
      seen[i] = true;
      if (!field.value.is_null()) {
        out.value[i] = field.value;
        out.present[i] = true;
      }
    }
  }
  return out;
}

std::string_view String(element e, const DocumentContext& ctx, const std::string& name) {
  std::string_view s;
  if (e.get_string().get(s)) ctx.Fail(name + ": expected a string");
  return s;
}

Instant Timestamp(element e, const DocumentContext& ctx, const std::string& name) {
  const std::string_view s = String(e, ctx, name);
  const auto t = ParseTimestamp(s);
  if (!t) ctx.Fail(name + ": expected a timestamp like 2026-11-20T00:00:00Z, got " + Quoted(s));
  return *t;
}

object Object(element e, const DocumentContext& ctx, const std::string& what) {
  object obj;
  if (e.get_object().get(obj)) ctx.Fail(what + " must be a JSON object");
  return obj;
}

// Stable: records with the same ARN keep their order in the file (for duplicate messages).
template <class Record>
void ShrinkAndSortByArn(std::vector<Record>& records) {
  records.shrink_to_fit();
  std::stable_sort(records.begin(), records.end(),
                   [](const Record& a, const Record& b) { return a.arn < b.arn; });
}

template <class Optional>  // std::optional<Instant> or MaybeInstant
void KeepLatest(Optional& latest, Instant t) {
  if (!latest || t > *latest) latest = t;
}

class FileReader {
 public:
  FileReader(const InputFile& input, std::uint32_t index, ReadScratch& scratch,
             StringStore& strings, std::atomic<std::uint64_t>* progress)
      : input_(input), index_(index), scratch_(scratch), strings_(strings), progress_(progress) {
    out_.summary.path = input.path;
  }

  FileData Read() {
    if (!simdjson::validate_utf8(input_.path.data(), input_.path.size())) {
      ThrowUsage(path(), "the file name is not valid UTF-8, so the decision file could not name "
                         "this input: rename the file");
    }
    FileSource source(input_.path, progress_);
    PaddedBuffer& buf = scratch_.buf;
    buf.Clear();
    bool at_end = false;
    while (!at_end && buf.size() < 3) at_end = source.ReadMore(buf, kChunkBytes) == 0;
    std::size_t start = buf.view().substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (;;) {
      while (start < buf.size() && IsBlank(buf.data()[start])) ++start;
      if (start < buf.size() || at_end) break;
      at_end = source.ReadMore(buf, kChunkBytes) == 0;
    }
    const bool json = start < buf.size() && (buf.data()[start] == '{' || buf.data()[start] == '[');
    if (json) {
      ReadJson(source, buf, start);
    } else {
      ReadCsv(source, buf);
    }
    out_.summary.sha256 = source.HexDigest();
    // Vectors grow by doubling: give back the slack before the next file is read. Sorted
    // by ARN here, on the reading thread, the records need little work from IndexRecords.
    ShrinkAndSortByArn(out_.records.rows);
    ShrinkAndSortByArn(out_.records.advisor);
    ShrinkAndSortByArn(out_.records.iam_users);
    return std::move(out_);
  }

 private:
  const std::string& path() const { return input_.path; }

  void ReadCsv(FileSource& source, PaddedBuffer& buf) {
    if (input_.kind != InputKind::kDetect && input_.kind != InputKind::kCredentialReport) {
      ThrowInput(path(), 1,
                 "expected JSON (" + std::string(KindName(input_.kind)) + "), but the file does "
                 "not start with '{' or '['");
    }
    source.ReadAll(buf);
    if (!simdjson::validate_utf8(buf.data(), buf.size())) {
      ThrowInput(path(), 0, "the file is not valid UTF-8");
    }
    out_.summary.kind = InputKind::kCredentialReport;
    out_.undated_report = true;
    out_.summary.records =
        ParseCredentialReportCsv(buf.view(), path(), index_, false, out_.records.rows, strings_);
    NoteRowAccounts(false);
  }

  void ReadJson(FileSource& source, PaddedBuffer& buf, std::size_t start) {
    out_.summary.kind = input_.kind;
    std::uint64_t documents = 0;
    ForEachDocument(source, buf, start, scratch_.parser,
                    [&](element doc, const DocumentPosition& pos) {
                      const DocumentContext ctx{path(), pos};
                      if (out_.summary.kind == InputKind::kDetect) out_.summary.kind = Detect(doc);
                      switch (out_.summary.kind) {
                        case InputKind::kCredentialReport:
                          if (pos.index >= 0 || documents > 0) {
                            ctx.Fail("a credential report must be exactly one JSON object");
                          }
                          ReadReportDocument(doc, ctx);
                          break;
                        case InputKind::kIamDetails:
                          ReadIamDocument(doc, ctx);
                          break;
                        default:
                          ReadAdvisorDocument(doc, ctx);
                          break;
                      }
                      ++documents;
                    });
    // `[]` and files whose kind was not detected from a first document: access advisor.
    if (out_.summary.kind == InputKind::kDetect) out_.summary.kind = InputKind::kAccessAdvisor;
    if (out_.summary.kind == InputKind::kCredentialReport && documents == 0) {
      ThrowInput(path(), 0, "a credential report must be exactly one JSON object, not an array");
    }
  }

  // SPEC §1: a first object with `Content` is a credential report, with `UserDetailList`
  // IAM details, anything else access advisor.
  static InputKind Detect(element doc) {
    object obj;
    if (doc.get_object().get(obj)) return InputKind::kAccessAdvisor;
    element v;
    if (!obj.at_key("Content").get(v) && !v.is_null()) return InputKind::kCredentialReport;
    if (!obj.at_key("UserDetailList").get(v) && !v.is_null()) return InputKind::kIamDetails;
    return InputKind::kAccessAdvisor;
  }

  void ReadReportDocument(element doc, const DocumentContext& ctx) {
    const object obj = Object(doc, ctx, "a credential report");
    const auto m = ReadMembers<2>(obj, {"Content", "GeneratedTime"}, ctx, "");
    if (!m.present[0]) ctx.Fail("Content: missing (expected the output of aws iam get-credential-report)");
    const std::string_view content = String(m.value[0], ctx, "Content");
    if (m.present[1]) {
      out_.summary.generated = Timestamp(m.value[1], ctx, "GeneratedTime");
    } else {
      out_.undated_report = true;  // SPEC §2.1: counts as a bare CSV
    }
    std::string& csv = scratch_.report_csv;
    if (!DecodeReportContent(content, csv)) {
      ctx.Fail("Content: neither CSV text (with a ',') nor valid base64");
    }
    if (!simdjson::validate_utf8(csv.data(), csv.size())) {
      ctx.Fail("Content: the decoded report is not valid UTF-8");
    }
    out_.summary.records =
        ParseCredentialReportCsv(csv, path(), index_, true, out_.records.rows, strings_);
    NoteRowAccounts(true);
  }

  // Notes the account of `arn` (see FileData::account). `error(what)` makes the error for
  // an ARN of a second account, placed where the ARN is; it is called once at most.
  template <class MakeError>
  void NoteAccount(std::string_view arn, std::string_view account, const MakeError& error) {
    if (account == "aws" || out_.other_account) return;
    if (out_.account.empty()) {
      out_.account = account;
    } else if (account != out_.account) {
      const std::string what = std::string(arn) + " is in account " + std::string(account) +
                               ", but this file's first ARN is in account " + out_.account +
                               ": an input file speaks for one account";
      out_.other_account.emplace(error(what));
    }
  }

  // The report's rows, in line order; `embedded` when they come from a JSON `Content`.
  void NoteRowAccounts(bool embedded) {
    for (const CredentialRow& row : out_.records.rows) {
      if (out_.other_account) return;
      NoteAccount(row.arn, ParseIamArn(row.arn)->account, [&](const std::string& what) {
        if (!embedded) return Error(ErrorKind::kInput, path(), row.line, "column 'arn': " + what);
        return Error(ErrorKind::kInput, path(), 0,
                     "Content line " + std::to_string(row.line) + ": column 'arn': " + what);
      });
    }
  }

  void ReadAdvisorDocument(element doc, const DocumentContext& ctx) {
    const object obj = Object(doc, ctx, "an access-advisor document");
    const auto m = ReadMembers<6>(
        obj, {"Arn", "JobStatus", "JobCompletionDate", "IsTruncated", "Error", "ServicesLastAccessed"},
        ctx, "");
    ++out_.summary.records;
    if (!m.present[0]) {
      ctx.Fail("Arn: missing (each access-advisor document names the IAM entity it was "
               "generated for in an \"Arn\" member)");
    }
    const std::string_view arn = String(m.value[0], ctx, "Arn");
    const auto iam = ParseIamArn(arn);
    if (!iam) ctx.Fail("Arn: not an IAM ARN: " + Quoted(arn));
    NoteAccount(arn, iam->account, [&](const std::string& what) {
      return InputErrorAt(path(), ctx.pos, "Arn: " + what);
    });
    std::optional<Instant> completion;
    if (m.present[2]) {
      completion = Timestamp(m.value[2], ctx, "JobCompletionDate");
      KeepLatest(out_.summary.generated, *completion);
    }
    // Documents for roles, groups, policies and the root count only for the as-of time.
    if (iam->resource.substr(0, 5) != "user/") return;
    std::string why;
    if (!ParseUserArn(arn, why)) ctx.Fail("Arn: " + Quoted(arn) + ": " + why);

    AdvisorRecord& rec = out_.records.advisor.emplace_back();
    rec.arn = strings_.Intern(arn);
    rec.file = index_;
    rec.offset = ctx.pos.offset;
    rec.element = static_cast<std::int32_t>(ctx.pos.index);  // < 2^31 (ForEachDocument)
    rec.completion = completion;
    if (m.present[1]) rec.completed = String(m.value[1], ctx, "JobStatus") == "COMPLETED";
    if (m.present[3]) {
      bool truncated = false;
      if (m.value[3].get_bool().get(truncated)) ctx.Fail("IsTruncated: expected true or false");
      rec.truncated = truncated;
    }
    rec.has_error = m.present[4];
    if (m.present[5]) {
      array services;
      if (m.value[5].get_array().get(services)) {
        ctx.Fail("ServicesLastAccessed: expected an array");
      }
      // The hot loop of the whole program: hundreds of entries per document. Messages are
      // built only on the error path.
      std::uint32_t i = 0;
      for (const element service : services) {
        auto where = [i] { return "ServicesLastAccessed[" + std::to_string(i) + "]"; };
        object entry;
        if (service.get_object().get(entry)) ctx.Fail(where() + " must be a JSON object");
        bool seen = false;
        for (const simdjson::dom::key_value_pair field : entry) {
          if (field.key != "LastAuthenticated") continue;
          if (seen) ctx.Fail(where() + ".LastAuthenticated: member appears twice");
          seen = true;
          if (field.value.is_null()) continue;
          std::string_view text;
          if (field.value.get_string().get(text)) {
            ctx.Fail(where() + ".LastAuthenticated: expected a string");
          }
          const std::optional<Instant> t = ParseTimestamp(text);
          if (!t) {
            ctx.Fail(where() + ".LastAuthenticated: expected a timestamp like "
                     "2026-11-20T00:00:00Z, got " + Quoted(text));
          }
          KeepLatest(rec.activity, *t);
        }
        ++i;
      }
      rec.services = i;
    }
  }

  void ReadIamDocument(element doc, const DocumentContext& ctx) {
    const object obj = Object(doc, ctx, "an IAM details document");
    const auto m = ReadMembers<1>(obj, {"UserDetailList"}, ctx, "");
    if (!m.present[0]) ctx.Fail("UserDetailList: missing (expected get-account-authorization-details)");
    array users;
    if (m.value[0].get_array().get(users)) ctx.Fail("UserDetailList: expected an array");
    std::uint32_t i = 0;
    for (const element user : users) {
      const std::string where = "UserDetailList[" + std::to_string(i) + "]";
      const object entry = Object(user, ctx, where);
      const auto u = ReadMembers<3>(entry, {"Arn", "CreateDate", "Tags"}, ctx, where + ".");
      if (!u.present[0]) ctx.Fail(where + ".Arn: missing");
      if (!u.present[1]) ctx.Fail(where + ".CreateDate: missing");
      const std::string_view arn = String(u.value[0], ctx, where + ".Arn");
      std::string why;
      const auto user_arn = ParseUserArn(arn, why);
      if (!user_arn) ctx.Fail(where + ".Arn: " + Quoted(arn) + ": " + why);
      NoteAccount(arn, user_arn->account, [&](const std::string& what) {
        return InputErrorAt(path(), ctx.pos, where + ".Arn: " + what);
      });
      IamUserRecord& rec = out_.records.iam_users.emplace_back();
      rec.arn = strings_.Intern(arn);
      rec.file = index_;
      rec.offset = ctx.pos.offset;
      rec.element = static_cast<std::int32_t>(ctx.pos.index);  // < 2^31 (ForEachDocument)
      rec.entry = i;
      rec.create_date = Timestamp(u.value[1], ctx, where + ".CreateDate");
      if (u.present[2]) {
        array tags;
        if (u.value[2].get_array().get(tags)) ctx.Fail(where + ".Tags: expected an array");
        std::uint32_t t = 0;
        for (const element tag : tags) {
          const std::string tag_where = where + ".Tags[" + std::to_string(t) + "]";
          const object tag_obj = Object(tag, ctx, tag_where);
          const auto kv = ReadMembers<2>(tag_obj, {"Key", "Value"}, ctx, tag_where + ".");
          if (!kv.present[0]) ctx.Fail(tag_where + ".Key: missing");
          if (!kv.present[1]) ctx.Fail(tag_where + ".Value: missing");
          rec.tags.emplace_back(strings_.Intern(String(kv.value[0], ctx, tag_where + ".Key")),
                                strings_.Intern(String(kv.value[1], ctx, tag_where + ".Value")));
          ++t;
        }
      }
      ++out_.summary.records;
      ++i;
    }
  }

  const InputFile& input_;
  std::uint32_t index_;
  ReadScratch& scratch_;
  StringStore& strings_;
  std::atomic<std::uint64_t>* progress_;
  FileData out_;
};

}  // namespace

void ReadScratch::Trim() {
  constexpr std::size_t kKeep = 4 * kChunkBytes;
  if (buf.capacity() > kKeep) buf = PaddedBuffer();
  if (parser.capacity() > kKeep) parser = simdjson::dom::parser();
  if (report_csv.capacity() > kKeep) report_csv = std::string();
}

FileData ReadInputFile(const InputFile& input, std::uint32_t file_index, ReadScratch& scratch,
                       StringStore& strings, std::atomic<std::uint64_t>* progress) {
  FileData data = FileReader(input, file_index, scratch, strings, progress).Read();
  scratch.Trim();
  return data;
}

ReportText ReadCredentialReportText(const std::string& path) {
  FileSource source(path);
  PaddedBuffer buf;
  source.ReadAll(buf);
  std::string_view text = buf.view();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return {std::string(text), false};
  simdjson::dom::parser parser;
  element doc;
  object obj;
  std::string_view content;
  std::string csv;
  if (parser.parse(text.data() + first, text.size() - first, false).get(doc) ||
      doc.get_object().get(obj) || obj["Content"].get_string().get(content) ||
      !DecodeReportContent(content, csv)) {
    ThrowInput(path, 0, "not a readable credential report");
  }
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.erase(0, 3);
  return {std::move(csv), true};
}

}  // namespace dormant
