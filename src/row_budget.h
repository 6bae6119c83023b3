// row_budget.h — fitting Markdown tables into a size budget, for `evaluate --summary` and
// `diff --format markdown`: a pull-request comment holds at most 65,536 characters.
//
// A renderer writes what is never cut (safety stops, counts) in full, then asks how many
// rows of each table fit into what is left. Sizes are in bytes, so a text that fits in N
// bytes never has more than N characters.
#ifndef DORMANT_ROW_BUDGET_H_
#define DORMANT_ROW_BUDGET_H_

#include <cstddef>
#include <string>
#include <vector>

namespace dormant {

// The budget of a Markdown report when no --max-chars is given, and the smallest one
// accepted (below it, not even the table heads of a small report fit).
inline constexpr std::size_t kDefaultMaxChars = 60000;
inline constexpr std::size_t kMinMaxChars = 2000;

// How many leading rows of each table fit into `budget` bytes together. The budget is
// shared fairly: tables are served from the smallest to the largest, each getting at most an
// equal share of what is left, and what a small table does not use goes to the larger ones.
// Rows are kept in order (a table's first k rows), so the cut is the same on every run.
std::vector<std::size_t> RowsThatFit(const std::vector<std::vector<std::string>>& tables,
                                     std::size_t budget);

}  // namespace dormant

#endif  // DORMANT_ROW_BUDGET_H_
