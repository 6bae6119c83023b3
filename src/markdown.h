// dormant/markdown.h — writing untrusted values into Markdown for pull requests (GitHub's
// cmark-gfm), shared by `evaluate --summary` and `diff --format markdown`.
//
// Every value that comes from the inputs or the policy (paths, ARNs, user names, exemption
// ids) is written as a code span, so that Markdown syntax inside it (`*`, `_`, `<`, `[`) is
// shown literally. Two things can still break such a span: a backtick, handled by a fence
// longer than any backtick run of the value, and, inside a table, a `|`, which GitHub splits
// cells on before it parses code spans: it is written `\|`, which the table parser turns
// back into `|` whatever precedes it. Control characters (possible in file names, never in
// IAM names) would end a table row or move a terminal's cursor: they are written `\u00xx`.
#ifndef DORMANT_MARKDOWN_H_
#define DORMANT_MARKDOWN_H_

#include <string>
#include <string_view>

namespace dormant {

// Appends `value` with control characters (below 0x20, and 0x7f) written `\u00xx`.
void AppendPlain(std::string& out, std::string_view value);

// Appends `value` as a code span (an empty value as `—`). `in_table` escapes `|`.
void AppendCode(std::string& out, std::string_view value, bool in_table);

}  // namespace dormant

#endif  // DORMANT_MARKDOWN_H_
