// Byte-level text helpers (see text.h).
#include "text.h"

#include <charconv>
#include <filesystem>

#include "dormant/error.h"

namespace dormant {

void AppendByteEscape(std::string& out, unsigned char b, ControlEscape style) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += style == ControlEscape::kUnicode ? "\\u00" : "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

void AppendEscapingControls(std::string& out, std::string_view text, ControlEscape style) {
  std::size_t plain = 0;  // start of the bytes not yet appended, which need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (!IsControl(b)) continue;
    out.append(text.data() + plain, i - plain);
    AppendByteEscape(out, b, style);
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
}

void RequireFileArgument(const std::string& path, const std::string& if_missing,
                         const std::string& if_directory) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) ThrowUsage(path, if_missing);
  if (std::filesystem::is_directory(path, ec)) ThrowUsage(path, if_directory);
}

void AppendCount(std::string& out, std::uint64_t n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

}  // namespace dormant
