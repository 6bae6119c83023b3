// json_locate.h (private) — where something is in a JSON text, as a line number for
// messages: the line of a syntax error, and the line of a member named by its path.
#ifndef DORMANT_JSON_LOCATE_H_
#define DORMANT_JSON_LOCATE_H_

#include <cstdint>
#include <string_view>

namespace dormant {

// The 1-based line of byte `offset` of `text`.
std::uint64_t LineAt(std::string_view text, std::size_t offset);

// The 1-based line where a JSON syntax error in `text` is (the first byte that cannot
// continue a valid document), or 0 when none is found (a problem the checker does not
// look for: UTF-8, number range, depth).
std::uint64_t SyntaxErrorLine(std::string_view text);

// In the valid JSON `text`: the 1-based line of the member or array element at `path`,
// spelled as the policy's messages spell it (`idle_days.user`, `exemptions[0].match.tag`;
// keys compared after unescaping), counting its `occurrence`-th appearance (1: the first; a
// duplicate key is the second). When nothing is there (a missing member), the line of the
// nearest enclosing member that is; 0 when even the first component is not found.
std::uint64_t MemberLine(std::string_view text, std::string_view path, int occurrence = 1);

}  // namespace dormant

#endif  // DORMANT_JSON_LOCATE_H_
