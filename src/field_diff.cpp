// Field-by-field differences of two JSON lines (see field_diff.h).
#include "field_diff.h"

#include <simdjson.h>

#include <algorithm>

#include "text.h"

namespace dormant {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string Show(element e) {
  std::string_view s;
  if (!e.get_string().get(s)) {
    std::string out;
    AppendEscapingControls(out, s, ControlEscape::kUnicode);
    return out;
  }
  return simdjson::minify(e);
}

bool IsContainer(element e) {
  return e.type() == element_type::OBJECT || e.type() == element_type::ARRAY;
}

bool HoldsContainers(array a) {
  for (const element e : a) {
    if (IsContainer(e)) return true;
  }
  return false;
}

class Differ {
 public:
  explicit Differ(std::vector<std::string>& out) : out_(out) {}

  void Compare(const std::string& path, element a, element b) {
    object oa, ob;
    if (!a.get_object().get(oa) && !b.get_object().get(ob)) {
      for (const simdjson::dom::key_value_pair m : oa) {
        element other;
        const std::string p = Member(path, m.key);
        if (ob.at_key(m.key).get(other)) {
          Add(p, Show(m.value), "(absent)");
        } else {
          Compare(p, m.value, other);
        }
      }
      for (const simdjson::dom::key_value_pair m : ob) {
        element other;
        if (oa.at_key(m.key).get(other)) Add(Member(path, m.key), "(absent)", Show(m.value));
      }
      return;
    }
    array aa, ab;
    if (!a.get_array().get(aa) && !b.get_array().get(ab) &&
        (HoldsContainers(aa) || HoldsContainers(ab))) {
      const std::size_t n = std::max(aa.size(), ab.size());
      for (std::size_t i = 0; i < n; ++i) {
        const std::string p = path + "[" + std::to_string(i) + "]";
        if (i >= ab.size()) {
          Add(p, Show(aa.at(i).value_unsafe()), "(absent)");
        } else if (i >= aa.size()) {
          Add(p, "(absent)", Show(ab.at(i).value_unsafe()));
        } else {
          Compare(p, aa.at(i).value_unsafe(), ab.at(i).value_unsafe());
        }
      }
      return;
    }
    const std::string x = simdjson::minify(a), y = simdjson::minify(b);
    if (x != y) Add(path, Show(a), Show(b));
  }

 private:
  static std::string Member(const std::string& path, std::string_view key) {
    std::string p = path.empty() ? std::string() : path + ".";
    AppendEscapingControls(p, key, ControlEscape::kUnicode);
    return p;
  }

  void Add(const std::string& path, const std::string& before, const std::string& after) {
    out_.push_back((path.empty() ? std::string("(line)") : path) + ": " + before + " -> " + after);
  }

  std::vector<std::string>& out_;
};

}  // namespace

std::vector<std::string> FieldDifferences(std::string_view before, std::string_view after) {
  simdjson::dom::parser pa, pb;
  element a, b;
  std::vector<std::string> out;
  if (pa.parse(before.data(), before.size()).get(a) ||
      pb.parse(after.data(), after.size()).get(b)) {
    return out;
  }
  Differ(out).Compare("", a, b);
  return out;
}

}  // namespace dormant
