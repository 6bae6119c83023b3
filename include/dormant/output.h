// dormant/output.h — writing a finished output without ever leaving a partial file.
#ifndef DORMANT_OUTPUT_H_
#define DORMANT_OUTPUT_H_

#include <string>
#include <string_view>

namespace dormant {

// Writes `bytes` to `path`, or to standard output when `path` is empty (SPEC §1).
// A path that is a regular file or does not exist yet is written to a temporary file in
// the same directory and renamed into place, so an existing file is replaced only by a
// complete one. A path that exists but is not a regular file (a FIFO, a device such as
// /dev/stdout) is opened and written directly. A symbolic link to a regular file is
// replaced at its target. Throws Error(kIo) on any failure, after removing the temporary.
void WriteOutput(const std::string& path, std::string_view bytes);

}  // namespace dormant

#endif  // DORMANT_OUTPUT_H_
