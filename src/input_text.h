// input_text.h (private) — small text helpers shared by the input readers.
#ifndef DORMANT_INPUT_TEXT_H_
#define DORMANT_INPUT_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dormant {

// JSON and CSV white space between values: space, tab, LF, CR.
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The UTF-8 byte order mark, which a file or a decoded report may begin with.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// `text` without a leading UTF-8 byte order mark.
constexpr std::string_view WithoutBom(std::string_view text) {
  return text.substr(0, kUtf8Bom.size()) == kUtf8Bom ? text.substr(kUtf8Bom.size()) : text;
}

// Quotes a value for a message, cut to a readable length (60 bytes, then "...").
inline std::string Quoted(std::string_view v) {
  constexpr std::size_t kMax = 60;
  std::string out = "'";
  out.append(v.substr(0, kMax));
  if (v.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace dormant

#endif  // DORMANT_INPUT_TEXT_H_
