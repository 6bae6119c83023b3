// One IAM-details document (see iam_details_reader.h).
#include "iam_details_reader.h"

#include "arn.h"
#include "dormant/error.h"
#include "input_text.h"

namespace dormant {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

void ReadIamDocument(element doc, const DocumentContext& ctx, std::uint32_t file_index,
                     StringStore& strings, FileData& out) {
  const object obj = Object(doc, ctx, "an IAM details document");
  const auto m = ReadMembers<1>(obj, {"UserDetailList"}, ctx, "");
  if (!m.present[0])
    ctx.Fail("UserDetailList: missing (expected get-account-authorization-details)");
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
    out.NoteAccount(arn, user_arn->account, [&](const std::string& what) {
      return InputErrorAt(ctx.path, ctx.pos, where + ".Arn: " + what);
    });
    IamUserRecord& rec = out.records.iam_users.emplace_back();
    rec.arn = strings.Intern(arn);
    rec.file = file_index;
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
        rec.tags.emplace_back(strings.Intern(String(kv.value[0], ctx, tag_where + ".Key")),
                              strings.Intern(String(kv.value[1], ctx, tag_where + ".Value")));
        ++t;
      }
    }
    ++out.summary.records;
    ++i;
  }
}

}  // namespace dormant
