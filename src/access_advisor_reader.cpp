// One access-advisor document (see access_advisor_reader.h).
#include "access_advisor_reader.h"

#include "arn.h"
#include "dormant/error.h"
#include "input_text.h"

namespace dormant {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// `Arn`: required, an IAM ARN; noted as the file's account. Returns the parsed ARN.
IamArn ReadArn(element value, bool present, const DocumentContext& ctx, FileData& out,
               std::string_view& arn) {
  if (!present) {
    ctx.Fail(
        "Arn: missing (each access-advisor document names the IAM entity it was "
        "generated for in an \"Arn\" member)");
  }
  arn = String(value, ctx, "Arn");
  const auto iam = ParseIamArn(arn);
  if (!iam) ctx.Fail("Arn: not an IAM ARN: " + Quoted(arn));
  out.NoteAccount(arn, iam->account, [&](const std::string& what) {
    return InputErrorAt(ctx.path, ctx.pos, "Arn: " + what);
  });
  return *iam;
}

// `ServicesLastAccessed`: the number of services and the latest `LastAuthenticated` among
// them (null: never). The hot loop of the whole program: hundreds of entries per document.
// Messages are built only on the error path.
void ReadServices(element value, const DocumentContext& ctx, AdvisorRecord& rec) {
  array services;
  if (value.get_array().get(services)) {
    ctx.Fail("ServicesLastAccessed: expected an array");
  }
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
        ctx.Fail(where() +
                 ".LastAuthenticated: expected a timestamp like "
                 "2026-11-20T00:00:00Z, got " +
                 Quoted(text));
      }
      KeepLatest(rec.activity, *t);
    }
    ++i;
  }
  rec.services = i;
}

}  // namespace

// The members in order of the checks: the ARN (every document), the completion time
// (every document: it counts for the as-of), then, for a user's document only, the record:
// job status, truncation, error, services.
void ReadAdvisorDocument(element doc, const DocumentContext& ctx, std::uint32_t file_index,
                         StringStore& strings, FileData& out) {
  const object obj = Object(doc, ctx, "an access-advisor document");
  const auto m = ReadMembers<6>(
      obj,
      {"Arn", "JobStatus", "JobCompletionDate", "IsTruncated", "Error", "ServicesLastAccessed"},
      ctx, "");
  ++out.summary.records;
  std::string_view arn;
  const IamArn iam = ReadArn(m.value[0], m.present[0], ctx, out, arn);
  std::optional<Instant> completion;
  if (m.present[2]) {
    completion = Timestamp(m.value[2], ctx, "JobCompletionDate");
    KeepLatest(out.summary.generated, *completion);
  }
  // Documents for roles, groups, policies and the root count only for the as-of time.
  if (iam.resource.substr(0, 5) != "user/") return;
  std::string why;
  if (!ParseUserArn(arn, why)) ctx.Fail("Arn: " + Quoted(arn) + ": " + why);

  AdvisorRecord& rec = out.records.advisor.emplace_back();
  rec.arn = strings.Intern(arn);
  rec.file = file_index;
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
  if (m.present[5]) ReadServices(m.value[5], ctx, rec);
}

}  // namespace dormant
