// evaluated.h — an evaluation with every user's full decision, for tests: Decisions keeps
// a compact verdict per user; the tests inspect (and the property suite's mutations break)
// the full decisions that ExpandDecision rebuilds.
#ifndef DORMANT_TESTS_EVALUATED_H_
#define DORMANT_TESTS_EVALUATED_H_

#include <utility>
#include <vector>

#include "dormant/decisions.h"
#include "dormant/evaluator.h"

namespace dormant {

struct Evaluated : Decisions {
  explicit Evaluated(Decisions d) : Decisions(std::move(d)) {
    for (std::size_t i = 0; i < Decisions::users.size(); ++i) {
      users.push_back(ExpandDecision(*this, i));
    }
  }
  std::vector<UserDecision> users;  // hides Decisions::users
};

}  // namespace dormant

#endif  // DORMANT_TESTS_EVALUATED_H_
