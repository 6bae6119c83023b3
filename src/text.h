// text.h — byte-level text helpers shared by the writers and the CLI: ASCII case folding,
// control-character escapes and decimal counts. Locale-free: the same bytes in, the same
// bytes out, on every machine.
#ifndef DORMANT_TEXT_H_
#define DORMANT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dormant {

// `c` with A-Z mapped to a-z; every other byte unchanged.
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// How a control character is written.
enum class ControlEscape {
  kUnicode,  // `\u00xx`, as JSON spells it (decision file, Markdown, plan comments)
  kHex,      // `\xNN`, as the error line on stderr spells it
};

// True for the bytes a terminal or a line-based reader would act on: below 0x20, and DEL.
constexpr bool IsControl(unsigned char b) { return b < 0x20 || b == 0x7f; }

// Appends byte `b` escaped in `style`, with lower-case hex digits.
void AppendByteEscape(std::string& out, unsigned char b, ControlEscape style);

// Appends `text` with every control character (see IsControl) escaped in `style`; other
// bytes as they are.
void AppendEscapingControls(std::string& out, std::string_view text, ControlEscape style);

// Throws Error(kUsage) on `path` with `if_missing` when nothing exists there, with
// `if_directory` when it is a directory: the two usage errors of a file argument.
void RequireFileArgument(const std::string& path, const std::string& if_missing,
                         const std::string& if_directory);

// Appends `n` in decimal.
void AppendCount(std::string& out, std::uint64_t n);

}  // namespace dormant

#endif  // DORMANT_TEXT_H_
