// Reading one input file: kind detection and dispatch to the reader of its kind, hashing.
#include "input_reader.h"

#include <algorithm>
#include <array>

#include "access_advisor_reader.h"
#include "credential_report_document.h"
#include "dormant/error.h"
#include "iam_details_reader.h"
#include "input_text.h"
#include "json_documents.h"

namespace dormant {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Stable: records with the same ARN keep their order in the file (for duplicate messages).
template <class Record>
void ShrinkAndSortByArn(std::vector<Record>& records) {
  records.shrink_to_fit();
  std::stable_sort(records.begin(), records.end(),
                   [](const Record& a, const Record& b) { return a.arn < b.arn; });
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
      ThrowUsage(path(),
                 "the file name is not valid UTF-8, so the decision file could not name "
                 "this input: rename the file");
    }
    FileSource source(input_.path, progress_);
    PaddedBuffer& buf = scratch_.buf;
    buf.Clear();
    bool at_end = false;
    while (!at_end && buf.size() < 3) at_end = source.ReadMore(buf, kChunkBytes) == 0;
    std::size_t start = buf.size() - WithoutBom(buf.view()).size();
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
                 "expected JSON (" + std::string(KindName(input_.kind)) +
                     "), but the file does "
                     "not start with '{' or '['");
    }
    source.ReadAll(buf);
    if (!simdjson::validate_utf8(buf.data(), buf.size())) {
      ThrowInput(path(), 0, "the file is not valid UTF-8");
    }
    out_.summary.kind = InputKind::kCredentialReport;
    out_.undated_report = true;
    ReadReportCsv(buf.view(), path(), index_, false, strings_, out_);
  }

  void ReadJson(FileSource& source, PaddedBuffer& buf, std::size_t start) {
    out_.summary.kind = input_.kind;
    std::uint64_t documents = 0;
    ForEachDocument(source, buf, start, scratch_.parser,
                    [&](element doc, const DocumentPosition& pos) {
                      const DocumentContext ctx{path(), pos};
                      if (out_.summary.kind == InputKind::kDetect) {
                        out_.summary.kind = Detect(doc, ctx);
                      }
                      switch (out_.summary.kind) {
                        case InputKind::kCredentialReport:
                          if (pos.index >= 0 || documents > 0) {
                            ctx.Fail("a credential report must be exactly one JSON object");
                          }
                          ReadReportDocument(doc, ctx, index_, scratch_.report_csv, strings_, out_);
                          break;
                        case InputKind::kIamDetails:
                          ReadIamDocument(doc, ctx, index_, strings_, out_);
                          break;
                        default:
                          ReadAdvisorDocument(doc, ctx, index_, strings_, out_);
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

  // The kind of a file from its first document (or first array element): a credential
  // report has `Content`, IAM details `UserDetailList`, an access-advisor document `Arn`,
  // `JobStatus` or `ServicesLastAccessed` (a null member counts as absent). Any other JSON
  // (a manifest beside the exports, say) is none of them: an input error, not a guess.
  static InputKind Detect(element doc, const DocumentContext& ctx) {
    object obj;
    if (!doc.get_object().get(obj)) {
      const auto has = [&obj](const char* name) {
        element v;
        return !obj.at_key(name).get(v) && !v.is_null();
      };
      if (has("Content")) return InputKind::kCredentialReport;
      if (has("UserDetailList")) return InputKind::kIamDetails;
      if (has("Arn") || has("JobStatus") || has("ServicesLastAccessed")) {
        return InputKind::kAccessAdvisor;
      }
    }
    ctx.Fail(
        "JSON of none of the three input kinds: a credential report starts with a \"Content\" "
        "member, IAM details with \"UserDetailList\", access advisor with \"Arn\", "
        "\"JobStatus\" or \"ServicesLastAccessed\" (skip other files with --exclude)");
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

}  // namespace dormant
