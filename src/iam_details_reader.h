// iam_details_reader.h (private) — one IAM-details document (the output of
// get-account-authorization-details).
#ifndef DORMANT_IAM_DETAILS_READER_H_
#define DORMANT_IAM_DETAILS_READER_H_

#include <simdjson.h>

#include <cstdint>

#include "dormant/string_store.h"
#include "file_data.h"
#include "json_documents.h"

namespace dormant {

// Reads the `UserDetailList` of `doc` (file `file_index`): one IamUserRecord (ARN,
// CreateDate, tags) per entry appended to `out.records.iam_users`, counted in
// `out.summary.records`, its account noted. Fails through `ctx` on any defect.
void ReadIamDocument(simdjson::dom::element doc, const DocumentContext& ctx,
                     std::uint32_t file_index, StringStore& strings, FileData& out);

}  // namespace dormant

#endif  // DORMANT_IAM_DETAILS_READER_H_
