// credential_report_document.h (private) — a credential report as a file: a bare CSV, or
// the JSON envelope of get-credential-report (`Content`, `GeneratedTime`).
#ifndef DORMANT_CREDENTIAL_REPORT_DOCUMENT_H_
#define DORMANT_CREDENTIAL_REPORT_DOCUMENT_H_

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "dormant/string_store.h"
#include "file_data.h"
#include "json_documents.h"

namespace dormant {

// Reads the report `csv` of file `file_index` (`embedded`: it is a JSON `Content`) into
// `out`: its rows, their count, and the account of their ARNs.
// REQUIRES: `csv` is valid UTF-8.
void ReadReportCsv(std::string_view csv, const std::string& path, std::uint32_t file_index,
                   bool embedded, StringStore& strings, FileData& out);

// Reads the JSON envelope `doc`: `Content` (CSV text or base64, decoded into `csv_scratch`)
// and the optional `GeneratedTime` (without it the report counts as a bare CSV), then its
// rows as ReadReportCsv. Fails through `ctx` on any defect.
void ReadReportDocument(simdjson::dom::element doc, const DocumentContext& ctx,
                        std::uint32_t file_index, std::string& csv_scratch, StringStore& strings,
                        FileData& out);

// The CSV text of the credential report at `path`: the file itself (BOM removed), or the
// decoded `Content` of its JSON envelope (`embedded`). For `explain`, which shows the raw
// values of a row. Throws Error like ReadInputFile.
struct ReportText {
  std::string csv;
  bool embedded = false;
};
ReportText ReadCredentialReportText(const std::string& path);

}  // namespace dormant

#endif  // DORMANT_CREDENTIAL_REPORT_DOCUMENT_H_
