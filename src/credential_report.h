// dormant/credential_report.h — the IAM credential report.
//
// Parses the CSV text of a report into CredentialRows: columns found by header name,
// every read value validated (booleans, timestamps, `N/A`, `no_information`,
// `not_supported` on the root row), contradictions rejected. The JSON envelope printed by
// `aws iam get-credential-report` is unwrapped by the input reader, which hands the CSV
// text (after DecodeReportContent) to ParseCredentialReportCsv.
// Memory: the rows produced; the reader itself keeps one reusable field vector.
#ifndef DORMANT_CREDENTIAL_REPORT_H_
#define DORMANT_CREDENTIAL_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/records.h"

namespace dormant {

// Appends the rows of the report `csv` (an optional UTF-8 BOM first) to `rows`, tagging
// each with `file_index`; their ARNs are kept in `strings`. Returns the number of rows read (root
// included). Throws Error(kInput) on any defect, naming `file` and the physical line; when
// `embedded` is true (the CSV came from a JSON `Content` member) the message says
// "Content line N" instead of using FILE:LINE.
// REQUIRES: `csv` is valid UTF-8.
std::uint64_t ParseCredentialReportCsv(std::string_view csv, const std::string& file,
                                       std::uint32_t file_index, bool embedded,
                                       std::vector<CredentialRow>& rows, StringStore& strings);

// Decodes a `Content` member: text that contains a `,` is plain CSV and is returned as is;
// anything else must be standard base64 (padding required; space, tab, CR and LF ignored).
// Returns false if it is neither.
bool DecodeReportContent(std::string_view content, std::string& csv);

}  // namespace dormant

#endif  // DORMANT_CREDENTIAL_REPORT_H_
