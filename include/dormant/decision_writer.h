// dormant/decision_writer.h — the bytes of the decision file (SPEC §6).
//
// JSON Lines, keys in a fixed order, no spaces, `"` and `\` escaped, control characters as
// \u00xx, everything else written as is. The output depends only on its arguments.
#ifndef DORMANT_DECISION_WRITER_H_
#define DORMANT_DECISION_WRITER_H_

#include <functional>
#include <string>
#include <string_view>

#include "dormant/decision_file.h"
#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

// Appends `text` to `out` as a JSON string literal (with quotes).
void AppendJsonString(std::string& out, std::string_view text);

// Appends the header line / one user line (without its `\n`) in the exact form of SPEC §6.
// The writer and the strict reader (which writes back what it read) share them.
void AppendHeaderLine(std::string& out, const DecisionHeader& header);
void AppendUserLine(std::string& out, const DecisionUser& user);

// Writes the decision file: the header line, then one line per user, handing it to
// `sink` in blocks of about 1 MiB (memory does not grow with the file).
void WriteDecisions(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                    const std::function<void(std::string_view)>& sink);

// Returns the whole decision file as one string.
std::string WriteDecisions(const Decisions& decisions, const InputSet& inputs,
                           const Policy& policy);

}  // namespace dormant

#endif  // DORMANT_DECISION_WRITER_H_
