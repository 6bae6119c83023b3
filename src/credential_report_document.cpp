// Credential report files: the bare CSV and the JSON envelope (see
// credential_report_document.h). The rows themselves are parsed by credential_report.cpp.
#include "credential_report_document.h"

#include "arn.h"
#include "credential_report.h"
#include "dormant/error.h"
#include "file_source.h"
#include "input_text.h"

namespace dormant {

void ReadReportCsv(std::string_view csv, const std::string& path, std::uint32_t file_index,
                   bool embedded, StringStore& strings, FileData& out) {
  out.summary.records =
      ParseCredentialReportCsv(csv, path, file_index, embedded, out.records.rows, strings);
  // The rows in line order: the first ARN of another account is the one reported.
  for (const CredentialRow& row : out.records.rows) {
    if (out.other_account) return;
    out.NoteAccount(row.arn, ParseIamArn(row.arn)->account, [&](const std::string& what) {
      if (!embedded) return Error(ErrorKind::kInput, path, row.line, "column 'arn': " + what);
      return Error(ErrorKind::kInput, path, 0,
                   "Content line " + std::to_string(row.line) + ": column 'arn': " + what);
    });
  }
}

void ReadReportDocument(simdjson::dom::element doc, const DocumentContext& ctx,
                        std::uint32_t file_index, std::string& csv_scratch, StringStore& strings,
                        FileData& out) {
  const simdjson::dom::object obj = Object(doc, ctx, "a credential report");
  const auto m = ReadMembers<2>(obj, {"Content", "GeneratedTime"}, ctx, "");
  if (!m.present[0])
    ctx.Fail("Content: missing (expected the output of aws iam get-credential-report)");
  const std::string_view content = String(m.value[0], ctx, "Content");
  if (m.present[1]) {
    out.summary.generated = Timestamp(m.value[1], ctx, "GeneratedTime");
  } else {
    out.undated_report = true;  // counts as a bare CSV
  }
  if (!DecodeReportContent(content, csv_scratch)) {
    ctx.Fail("Content: neither CSV text (with a ',') nor valid base64");
  }
  if (!simdjson::validate_utf8(csv_scratch.data(), csv_scratch.size())) {
    ctx.Fail("Content: the decoded report is not valid UTF-8");
  }
  ReadReportCsv(csv_scratch, ctx.path, file_index, true, strings, out);
}

ReportText ReadCredentialReportText(const std::string& path) {
  FileSource source(path);
  PaddedBuffer buf;
  source.ReadAll(buf);
  const std::string_view text = WithoutBom(buf.view());
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return {std::string(text), false};
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  std::string_view content;
  std::string csv;
  if (parser.parse(text.data() + first, text.size() - first, false).get(doc) ||
      doc.get_object().get(obj) || obj["Content"].get_string().get(content) ||
      !DecodeReportContent(content, csv)) {
    ThrowInput(path, 0, "not a readable credential report");
  }
  return {std::string(WithoutBom(csv)), true};
}

}  // namespace dormant
