// Exemption matching: case-insensitive globs and prefixes, exact tag values.
#include "exemption_match.h"

#include "text.h"

namespace dormant {

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool GlobMatches(std::string_view pattern, std::string_view text) {
  // Iterative matching with backtracking to the last `*`: linear space, no recursion.
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || AsciiLower(pattern[p]) == AsciiLower(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool HasUsableIamRecord(const ExemptionSubject& s) {
  return s.iam != nullptr && s.iam->create_date == s.user_creation_time;
}

MatchResult MatchExemption(const Exemption::Match& m, const ExemptionSubject& s) {
  if (m.user && !GlobMatches(*m.user, s.user)) return MatchResult::kNoMatch;
  if (m.arn && !GlobMatches(*m.arn, s.arn)) return MatchResult::kNoMatch;
  if (m.account && !EqualsIgnoringAsciiCase(*m.account, s.account)) return MatchResult::kNoMatch;
  if (m.path_prefix &&
      !(m.path_prefix->size() <= s.path.size() &&
        EqualsIgnoringAsciiCase(*m.path_prefix, s.path.substr(0, m.path_prefix->size())))) {
    return MatchResult::kNoMatch;
  }
  if (!m.tag_key) return MatchResult::kMatch;
  if (!HasUsableIamRecord(s)) return MatchResult::kUndecidable;
  for (const auto& [key, value] : s.iam->tags) {
    if (EqualsIgnoringAsciiCase(key, *m.tag_key) && (!m.tag_value || value == *m.tag_value)) {
      return MatchResult::kMatch;
    }
  }
  return MatchResult::kNoMatch;
}

}  // namespace dormant
