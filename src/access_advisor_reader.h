// access_advisor_reader.h (private) — one access-advisor document (the output of
// get-service-last-accessed-details with the entity's `Arn` added).
#ifndef DORMANT_ACCESS_ADVISOR_READER_H_
#define DORMANT_ACCESS_ADVISOR_READER_H_

#include <simdjson.h>

#include <cstdint>

#include "dormant/string_store.h"
#include "file_data.h"
#include "json_documents.h"

namespace dormant {

// Reads the document `doc` of file `file_index`: counts it in `out.summary.records`, keeps
// the latest JobCompletionDate in `out.summary.generated`, notes the account of its `Arn`,
// and, for a user, appends an AdvisorRecord (its latest LastAuthenticated over all
// services) to `out.records.advisor`. Documents for roles, groups, policies and the root
// count only for the time. Fails through `ctx` on any defect.
void ReadAdvisorDocument(simdjson::dom::element doc, const DocumentContext& ctx,
                         std::uint32_t file_index, StringStore& strings, FileData& out);

}  // namespace dormant

#endif  // DORMANT_ACCESS_ADVISOR_READER_H_
