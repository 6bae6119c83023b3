// field_diff.h (private) — which fields of two JSON lines differ, for `verify`'s report.
//
// Two lines of a decision file (two headers, or two user lines) are compared member by
// member, in the first line's member order; one entry per differing field, path-style:
// `idle_days: 4 -> 3`, `credentials[1].action: none -> deactivate`, `counts.keep: 15 -> 14`.
// Objects are compared member by member and arrays of objects element by element; an array
// of plain values (`reasons`) is one field, shown whole. A string is shown without quotes
// (control characters as \u00XX), anything else as compact JSON; a member or element one side
// lacks is `(absent)`.
#ifndef DORMANT_FIELD_DIFF_H_
#define DORMANT_FIELD_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

namespace dormant {

// The differing fields of `before` and `after`, each `PATH: BEFORE -> AFTER`; empty when
// they are equal as JSON, or when either is not valid JSON (nothing to compare field by
// field).
std::vector<std::string> FieldDifferences(std::string_view before, std::string_view after);

}  // namespace dormant

#endif  // DORMANT_FIELD_DIFF_H_
