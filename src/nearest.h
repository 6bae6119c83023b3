// nearest.h (private) — "did you mean": the candidate nearest to a mistyped word.
//
// Used for a mistyped subcommand, option, policy key or user name. A candidate is near
// when its edit distance to the word is at most max(2, length of the word / 3), or when the
// word is a non-empty prefix of it (`alice` for `alice.nguyen`). Of the near candidates the
// one with the smallest distance wins; ties go to the bytewise smallest candidate, so the
// answer never depends on the order in which candidates are offered.
#ifndef DORMANT_NEAREST_H_
#define DORMANT_NEAREST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dormant {

// The Levenshtein distance (insertions, deletions, substitutions of one byte each).
std::size_t EditDistance(std::string_view a, std::string_view b);

// Keeps the nearest candidate offered so far; memory is one candidate.
class Nearest {
 public:
  explicit Nearest(std::string_view word) : word_(word) {}

  void Offer(std::string_view candidate);

  // The nearest candidate, or nullopt when none was near.
  const std::optional<std::string>& best() const { return best_; }

 private:
  std::string word_;
  std::optional<std::string> best_;
  std::size_t best_distance_ = 0;
};

}  // namespace dormant

#endif  // DORMANT_NEAREST_H_
