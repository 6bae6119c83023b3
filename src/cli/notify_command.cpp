// `dormant notify DECISIONS`: the notices a mailer sends for a decision file, one JSON line
// per recipient (notices.h, notice_format.h), written to --out or standard output.
//
// The policy and the IAM-details inputs named in the header are read again, their sha256
// checked first: a changed file is exit 1 and a missing one exit 2, after the whole
// decision file has been found valid (an invalid one is exit 4 in any case). Nothing is
// written unless every check passed. Memory: the IAM-details records and one NoticeUser per
// notified user; the decision file streams.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/error.h"
#include "dormant/notices.h"
#include "dormant/reevaluation.h"
#include "header_directory.h"
#include "notice_format.h"
#include "output.h"
#include "text.h"

namespace dormant {
namespace {

// Exit 2 for a key or address that cannot be meant: an empty one, or one with a control
// character (an address with a newline could add mail headers).
void CheckOptions(const NotifyOptions& o) {
  for (const std::string& key : o.owner_tags) {
    if (key.empty()) ThrowUsage("", "--owner-tag: a tag key cannot be empty");
  }
  if (o.fallback) {
    if (o.fallback->empty()) ThrowUsage("", "--fallback: the address cannot be empty");
    if (std::any_of(o.fallback->begin(), o.fallback->end(),
                    [](char c) { return IsControl(static_cast<unsigned char>(c)); })) {
      ThrowUsage("", "--fallback: the address cannot contain a control character");
    }
  }
}

// What notify reads of the header: the policy (unless the embedded one), then the
// IAM-details inputs, paths as the header writes them.
std::vector<HeaderPath> NotifyFiles(const DecisionHeader& h) {
  std::vector<HeaderPath> files;
  if (h.policy_source != "default") files.push_back({"policy", h.policy_source});
  for (const InputSummary& in : h.inputs) {
    if (in.kind == InputKind::kIamDetails) files.push_back({"input", in.path});
  }
  return files;
}

// Exit 2 when --out is the decision file, the policy or an IAM-details input (header paths
// resolved against -C DIR).
void RefuseToOverwriteSources(const NotifyOptions& o, const DecisionHeader& h) {
  std::vector<NamedFile> sources{{"the decision file", o.decisions_path}};
  for (const HeaderPath& f : NotifyFiles(h)) {
    sources.push_back({f.what == "policy" ? "the policy" : "the input",
                       (std::filesystem::path(o.directory) / f.path).string()});
  }
  RefuseOutputsOverSources({{"--out", o.out}}, sources);
}

// The notices of the file `reader` is at; kDiffers (with the message printed) when the
// policy or an IAM-details input changed. Reads the file to its end in every case.
std::optional<std::vector<Notice>> CollectNotices(DecisionReader& reader, const NotifyOptions& o) {
  const DecisionHeader& h = reader.header();
  // The one place where notify reads what the header names, resolved against -C DIR.
  HeaderFiles files = InHeaderDirectory(o.directory, o.decisions_path, NotifyFiles(h), [&] {
    return RereadHeaderFiles(h, o.jobs, HashCheck::kCompare, InputKind::kIamDetails);
  });
  if (files.changed) {
    reader.SkipRest();  // an invalid decision file is the error to report first
    PrintError(reader.path() + ": refusing to write notices: " + *files.changed +
               ": evaluate again");
    return std::nullopt;
  }
  NoticeRouting routing;
  if (!o.owner_tags.empty()) routing.owner_tags = o.owner_tags;
  routing.fallback = o.fallback;
  NoticeBuilder builder(std::move(routing), files.policy.idle_user);
  while (const UserLine* u = reader.Next()) {
    if (IsNotified(u->verdict)) builder.Add(*u, files.inputs.FindIamUser(u->arn));
  }
  return std::move(builder).Finish();
}

// One line on standard error: how many notices, and the users nobody will receive.
std::string Summary(const std::vector<Notice>& notices) {
  std::size_t users = 0, unowned = 0;
  for (const Notice& n : notices) {
    users += n.users.size();
    if (n.to.empty()) unowned = n.users.size();
  }
  std::string s = "notify: ";
  AppendCount(s, notices.size());
  s += notices.size() == 1 ? " notice for " : " notices for ";
  AppendCount(s, users);
  s += users == 1 ? " user" : " users";
  if (unowned != 0) {
    s += "; ";
    AppendCount(s, unowned);
    s += unowned == 1 ? " user has" : " users have";
    s += " no owner tag and there is no --fallback: recipient \"\" (undeliverable)";
  }
  s += "\n";
  return s;
}

}  // namespace

ExitCode RunNotify(const NotifyOptions& o) {
  CheckOptions(o);
  DecisionReader reader(o.decisions_path);
  std::optional<std::vector<Notice>> notices;
  try {
    RefuseToOverwriteSources(o, reader.header());
    notices = CollectNotices(reader, o);
  } catch (const Error&) {
    reader.SkipRest();  // an invalid decision file is the error to report first
    throw;
  }
  if (!notices) return ExitCode::kDiffers;
  const DecisionHeader& h = reader.header();
  const NoticeContext context{h.as_of, h.policy_source};
  std::string bytes;
  for (const Notice& n : *notices) AppendNoticeLine(bytes, n, context);
  WriteOutput(o.out, bytes);
  const std::string summary = Summary(*notices);
  (void)!::write(STDERR_FILENO, summary.data(), summary.size());
  return ExitCode::kSuccess;
}

}  // namespace dormant
