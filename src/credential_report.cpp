// Credential report CSV parsing and validation.
#include "credential_report.h"

#include <array>

#include "arn.h"
#include "csv_reader.h"
#include "dormant/error.h"
#include "input_text.h"

namespace dormant {
namespace {

// The columns dormant reads. Required ones first, in the order of the documented column list.
enum Column : int {
  kUser,
  kArn,
  kUserCreationTime,
  kPasswordEnabled,
  kPasswordLastUsed,
  kKey1Active,
  kKey1LastRotated,
  kKey1LastUsedDate,
  kKey2Active,
  kKey2LastRotated,
  kKey2LastUsedDate,
  kRequiredCount,
  kPasswordLastChanged = kRequiredCount,
  kCert1Active,
  kCert1LastRotated,
  kCert2Active,
  kCert2LastRotated,
  kColumnCount,
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "password_last_changed",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
};

constexpr std::string_view kRootUser = "<root_account>";
constexpr int kAbsent = -1;

// True when `a` equals the lowercase ASCII word `lower` in any case. OR-ing 0x20 folds
// exactly the letters: no other byte maps onto a lowercase letter that way.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((static_cast<unsigned char>(a[i]) | 0x20u) != static_cast<unsigned char>(lower[i])) {
      return false;
    }
  }
  return true;
}

class RowParser {
 public:
  RowParser(const std::string& file, bool embedded) : file_(file), embedded_(embedded) {}

  [[noreturn]] void Fail(std::uint64_t line, const std::string& what) const {
    if (embedded_) ThrowInput(file_, 0, "Content line " + std::to_string(line) + ": " + what);
    ThrowInput(file_, line, what);
  }

  void ReadHeader(const std::vector<std::string_view>& header, std::uint64_t line) {
    index_.fill(kAbsent);
    for (std::size_t i = 0; i < header.size(); ++i) {
      for (int c = 0; c < kColumnCount; ++c) {
        if (header[i] != kColumnNames[static_cast<std::size_t>(c)]) continue;
        if (index_[static_cast<std::size_t>(c)] != kAbsent) {
          Fail(line, "column '" + std::string(header[i]) + "' appears twice in the header");
        }
        index_[static_cast<std::size_t>(c)] = static_cast<int>(i);
      }
    }
    for (int c = 0; c < kRequiredCount; ++c) {
      if (index_[static_cast<std::size_t>(c)] == kAbsent) {
        Fail(line, "required column '" + std::string(kColumnNames[static_cast<std::size_t>(c)]) +
                       "' is missing from the header (a report from before 2015 has 16 columns: "
                       "export a current one)");
      }
    }
    // A certificate needs both of its columns, so that an existing certificate is never
    // silently dropped.
    for (int c : {kCert1Active, kCert2Active}) {
      const bool has_active = index_[static_cast<std::size_t>(c)] != kAbsent;
      const bool has_rotated = index_[static_cast<std::size_t>(c + 1)] != kAbsent;
      if (has_active != has_rotated) {
        Fail(line, "column '" +
                       std::string(kColumnNames[static_cast<std::size_t>(has_active ? c + 1 : c)]) +
                       "' is missing while '" +
                       std::string(kColumnNames[static_cast<std::size_t>(has_active ? c : c + 1)]) +
                       "' is present");
      }
    }
    columns_ = header.size();
  }

  // One row, field group by field group, in the order of the checks: the field count, who
  // the row is about, when the user was created, the password, the access keys, the
  // certificates.
  void ReadRow(const std::vector<std::string_view>& f, std::uint64_t line, CredentialRow& row,
               StringStore& strings) {
    fields_ = &f;
    line_ = line;
    if (f.size() != columns_) {
      Fail(line, "row has " + std::to_string(f.size()) + " fields, the header has " +
                     std::to_string(columns_));
    }
    row.line = line;
    ReadIdentity(row, strings);
    ReadCreationTime(row);
    ReadPassword(row);
    ReadKeys(row);
    ReadCerts(row);
  }

 private:
  // `user` and `arn`: the root row is named <root_account> and has the root ARN, every
  // other row a user ARN whose name is the user's.
  void ReadIdentity(CredentialRow& row, StringStore& strings) const {
    const std::string_view user = Field(kUser);
    const std::string_view arn_text = Field(kArn);
    const bool root_name = user == kRootUser;
    const bool root_arn = IsRootArn(arn_text);
    if (root_name != root_arn) {
      Fail(line_, root_name
                      ? "user <root_account> must have the ARN arn:PARTITION:iam::ACCOUNT:root, "
                        "got " +
                            Quoted(arn_text)
                      : "ARN " + Quoted(arn_text) + " is the root ARN but the user is " +
                            Quoted(user) + ", not <root_account>");
    }
    row.root = root_arn;
    if (!row.root) {
      std::string why;
      const auto arn = ParseUserArn(arn_text, why);
      if (!arn) Fail(line_, "column 'arn': " + Quoted(arn_text) + ": " + why);
      if (arn->name != user) {
        Fail(line_, "column 'user': " + Quoted(user) + " differs from the name in the ARN " +
                        Quoted(arn->name));
      }
    }
    row.arn = strings.Copy(arn_text);
  }

  void ReadCreationTime(CredentialRow& row) const {
    const std::string_view v = Field(kUserCreationTime);
    const auto t = ParseTimestamp(v);
    if (!t) Fail(line_, "column 'user_creation_time': expected a timestamp, got " + Quoted(v));
    row.user_creation_time = *t;
  }

  // password_enabled (not_supported only on the root row), then its times.
  // password_enabled=false means the user has no console password: its columns are N/A,
  // and a timestamp there contradicts the row.
  void ReadPassword(CredentialRow& row) const {
    const std::string_view v = Field(kPasswordEnabled);
    if (EqualsIgnoreAsciiCase(v, "true")) {
      row.password_enabled = CredentialRow::PasswordEnabled::kTrue;
    } else if (EqualsIgnoreAsciiCase(v, "false")) {
      row.password_enabled = CredentialRow::PasswordEnabled::kFalse;
    } else if (v == "not_supported" && row.root) {
      row.password_enabled = CredentialRow::PasswordEnabled::kNotSupported;
    } else {
      Fail(line_, "column 'password_enabled': expected true or false, got " + Quoted(v));
    }
    row.password_last_used = Time(kPasswordLastUsed, row.root);
    row.password_last_changed = Time(kPasswordLastChanged, row.root);
    if (row.password_enabled == CredentialRow::PasswordEnabled::kFalse) {
      for (int c : {kPasswordLastUsed, kPasswordLastChanged}) {
        const ReportTime& t =
            c == kPasswordLastUsed ? row.password_last_used : row.password_last_changed;
        if (t.is_time()) {
          Fail(line_, "column '" + std::string(kColumnNames[static_cast<std::size_t>(c)]) +
                          "' has a timestamp but password_enabled is false");
        }
      }
    }
  }

  // Access keys 1 and 2: a key that does not exist (not active, no last_rotated) has no use.
  void ReadKeys(CredentialRow& row) const {
    for (int k = 0; k < 2; ++k) {
      const int base = k == 0 ? kKey1Active : kKey2Active;
      CredentialSlot key;
      key.active = Bool(base);
      key.last_rotated = Time(base + 1, false);
      key.last_used = Time(base + 2, false);
      if (!key.exists() && key.last_used.is_time()) {
        Fail(line_, "column '" + std::string(kColumnNames[static_cast<std::size_t>(base + 2)]) +
                        "' has a timestamp but the key does not exist (not active, no "
                        "last_rotated)");
      }
      row.SetKey(k, key);
    }
  }

  // Signing certificates 1 and 2; absent columns: no certificate.
  void ReadCerts(CredentialRow& row) const {
    for (int k = 0; k < 2; ++k) {
      const int base = k == 0 ? kCert1Active : kCert2Active;
      CredentialSlot cert;
      if (index_[static_cast<std::size_t>(base)] != kAbsent) {
        cert.active = Bool(base);
        cert.last_rotated = Time(base + 1, false);
      }
      row.SetCert(k, cert);
    }
  }

  std::string_view Field(int column) const {
    const int i = index_[static_cast<std::size_t>(column)];
    return i == kAbsent ? std::string_view() : (*fields_)[static_cast<std::size_t>(i)];
  }

  bool Bool(int column) const {
    const std::string_view v = Field(column);
    if (EqualsIgnoreAsciiCase(v, "true")) return true;
    if (EqualsIgnoreAsciiCase(v, "false")) return false;
    Fail(line_, "column '" + std::string(kColumnNames[static_cast<std::size_t>(column)]) +
                    "': expected true or false, got " + Quoted(v));
  }

  // A time column; an absent optional column reads as N/A.
  ReportTime Time(int column, bool root) const {
    if (index_[static_cast<std::size_t>(column)] == kAbsent) return ReportTime();
    const std::string_view v = Field(column);
    if (v == "N/A") return ReportTime::Word(ReportTime::Kind::kNotAvailable);
    if (v == "no_information") return ReportTime::Word(ReportTime::Kind::kNoInformation);
    if (v == "not_supported" && root) return ReportTime::Word(ReportTime::Kind::kNotSupported);
    if (const auto t = ParseTimestamp(v)) return ReportTime::At(*t);
    Fail(line_, "column '" + std::string(kColumnNames[static_cast<std::size_t>(column)]) +
                    "': expected a timestamp, N/A or no_information, got " + Quoted(v));
  }

  const std::string& file_;
  bool embedded_;
  std::array<int, kColumnCount> index_{};
  std::size_t columns_ = 0;
  const std::vector<std::string_view>* fields_ = nullptr;
  std::uint64_t line_ = 0;
};

// The value of each byte as a base64 symbol, or 0xFF.
constexpr std::array<std::uint8_t, 256> kBase64 = [] {
  std::array<std::uint8_t, 256> t{};
  t.fill(0xFF);
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return t;
}();

}  // namespace

std::uint64_t ParseCredentialReportCsv(std::string_view csv, const std::string& file,
                                       std::uint32_t file_index, bool embedded,
                                       std::vector<CredentialRow>& rows, StringStore& strings) {
  csv = WithoutBom(csv);
  RowParser parser(file, embedded);
  CsvReader reader(csv, file);
  std::vector<std::string_view> fields;
  std::uint64_t count = 0;
  rows.reserve(rows.size() + csv.size() / 160);  // real rows are 200-300 bytes
  try {
    if (!reader.Next(fields)) parser.Fail(1, "the credential report is empty (no header)");
    parser.ReadHeader(fields, 1);
    while (reader.Next(fields)) {
      CredentialRow& row = rows.emplace_back();
      row.file = file_index;
      parser.ReadRow(fields, reader.record_line(), row, strings);
      ++count;
    }
  } catch (const Error& e) {
    if (!embedded || e.line() == 0) throw;
    parser.Fail(e.line(), e.what());  // a CSV syntax error inside Content
  }
  return count;
}

bool DecodeReportContent(std::string_view content, std::string& csv) {
  csv.assign(content.size() / 4 * 3 + 3, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(content.data());
  const std::size_t n = content.size();
  char* out = csv.data();
  std::uint32_t accumulator = 0;
  int bits = 0;
  std::size_t symbols = 0;  // base64 symbols including '='
  std::size_t padding = 0;
  bool valid = true;
  for (std::size_t i = 0; i < n;) {
    // Fast path: whole groups of four data symbols (all of a report but its end).
    if (bits == 0 && padding == 0) {
      for (; i + 4 <= n; i += 4) {
        const std::uint32_t a = kBase64[in[i]], b = kBase64[in[i + 1]], c = kBase64[in[i + 2]],
                            d = kBase64[in[i + 3]];
        if (((a | b | c | d) & 0xC0u) != 0) break;  // padding, whitespace or not base64
        const std::uint32_t v = a << 18 | b << 12 | c << 6 | d;
        out[0] = static_cast<char>(v >> 16);
        out[1] = static_cast<char>(v >> 8);
        out[2] = static_cast<char>(v);
        out += 3;
        symbols += 4;
      }
      if (i == n) break;
    }
    // One symbol at a time: whitespace, padding, a group cut by whitespace, errors.
    const char c = static_cast<char>(in[i++]);
    if (IsBlank(c)) continue;
    ++symbols;
    if (c == '=') {
      ++padding;
      continue;
    }
    const std::uint32_t v = kBase64[static_cast<unsigned char>(c)];
    if (v > 63 || padding > 0) {  // a bad symbol, or data after padding
      valid = false;
      break;
    }
    accumulator = (accumulator << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *out++ = static_cast<char>((accumulator >> bits) & 0xFF);
    }
  }
  if (!valid) {
    // Base64 has no ',': a Content with one is plain CSV text, returned as is.
    if (content.find(',') == std::string_view::npos) return false;
    csv.assign(content);
    return true;
  }
  if (symbols % 4 != 0) return false;
  // Padding must complete the last group exactly: 2 data symbols + "==", or 3 + "=".
  const std::size_t last_group = (symbols - padding) % 4;
  if (last_group == 1 || (last_group == 0 && padding != 0) || (last_group == 2 && padding != 2) ||
      (last_group == 3 && padding != 1)) {
    return false;
  }
  // The bits left over must be zero padding bits of the last group.
  if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0) return false;
  csv.resize(static_cast<std::size_t>(out - csv.data()));
  return true;
}

}  // namespace dormant
