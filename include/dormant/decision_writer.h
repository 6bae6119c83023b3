// dormant/decision_writer.h — the decision file of an evaluation: each user's decision turned
// into a user line and written in the form of decision_format.h. The output depends only on
// its arguments.
#ifndef DORMANT_DECISION_WRITER_H_
#define DORMANT_DECISION_WRITER_H_

#include <functional>
#include <string>
#include <string_view>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

// Writes the decision file: the header line, then one line per user, handing it to
// `sink` in blocks of about 1 MiB (memory does not grow with the file).
void WriteDecisions(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                    const std::function<void(std::string_view)>& sink);

// Returns the whole decision file as one string.
std::string WriteDecisions(const Decisions& decisions, const InputSet& inputs,
                           const Policy& policy);

}  // namespace dormant

#endif  // DORMANT_DECISION_WRITER_H_
