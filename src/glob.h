// glob.h (private) — the patterns of `evaluate --exclude`.
//
// `*` matches any run of characters except `/`, `**` any run including `/`, `?` one
// character other than `/`; every other byte matches itself. The whole path must match:
// `*.json` matches `manifest.json` but not `archive/manifest.json`, `**.json` matches
// both, and `archive` matches the directory `archive` (whose files are then never walked).
// There are no character classes and no escapes. A slash in `**/` is a slash like any other:
// `**/x.json` does not match a top-level `x.json`.
#ifndef DORMANT_GLOB_H_
#define DORMANT_GLOB_H_

#include <string_view>

namespace dormant {

// True when `path` (relative, `/`-separated) matches `pattern` in full.
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace dormant

#endif  // DORMANT_GLOB_H_
