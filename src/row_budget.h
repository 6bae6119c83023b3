// row_budget.h — fitting Markdown tables into a size budget, for `evaluate --summary` and
// `diff --format markdown`: a pull-request comment holds at most 65,536 characters.
//
// A renderer writes what is never cut (safety stops, counts) in full, then asks how many
// rows of each table fit into what is left. Sizes are in bytes, so a text that fits in N
// bytes never has more than N characters.
#ifndef DORMANT_ROW_BUDGET_H_
#define DORMANT_ROW_BUDGET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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

// The line that ends a table cut to fit: "*3 of 3896 users are not shown (to stay within the
// size limit): `COMMAND`AFTER.*" and a blank line; `things` is the plural noun of the rows,
// `command` (a code span) prints them all.
std::string LeftOutLine(std::uint64_t left_out, std::uint64_t total, std::string_view things,
                        std::string_view command, std::string_view after);

}  // namespace dormant

#endif  // DORMANT_ROW_BUDGET_H_
