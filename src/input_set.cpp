// Loading all inputs: parallel reads, records kept per file and indexed by ARN, duplicate checks.
#include "dormant/input_set.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <exception>
#include <map>
#include <optional>
#include <thread>
#include <tuple>

#include "arn.h"
#include "dormant/error.h"
#include "input_reader.h"
#include "json_documents.h"
#include "progress.h"
#include "text.h"

namespace dormant {
std::string DocumentPlace(const std::string& path, std::uint64_t offset, std::int64_t element) {
  if (element >= 0) return path + " (array element " + std::to_string(element) + ")";
  return path + ":" + std::to_string(LineOfOffset(path, offset));
}

namespace {

// The order in which the files are read: with several threads, the largest first, so that
// none is left reading a big file alone at the end (the order of reading never shows:
// records are kept in path order). Sets `total_bytes` to the size of all files.
std::vector<std::size_t> ReadingOrder(const std::vector<InputFile>& files, unsigned threads,
                                      std::uint64_t& total_bytes) {
  const std::size_t n = files.size();
  total_bytes = 0;
  std::vector<std::uint64_t> sizes(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(files[i].path, ec);
    if (!ec) sizes[i] = size;
    total_bytes += sizes[i];
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  if (threads > 1) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  }
  return order;
}

// Reads every file with `threads` threads in `order`, each into its place of the result
// (path order); rethrows the error of the first failing file in path order. Files after
// the first failed one need not be read: the first error in path order wins.
std::vector<FileData> ReadFiles(const std::vector<InputFile>& files,
                                const std::vector<std::size_t>& order, unsigned threads,
                                StringStore& strings, std::atomic<std::uint64_t>* counter) {
  const std::size_t n = files.size();
  std::vector<FileData> data(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_error{n};
  auto worker = [&] {
    ReadScratch scratch;
    for (std::size_t k; (k = next.fetch_add(1)) < n;) {
      const std::size_t i = order[k];
      if (i > first_error.load()) continue;
      try {
        data[i] = ReadInputFile(files[i], static_cast<std::uint32_t>(i), scratch, strings, counter);
      } catch (...) {
        errors[i] = std::current_exception();
        for (std::size_t seen = first_error.load();
             i < seen && !first_error.compare_exchange_weak(seen, i);) {
        }
      }
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return data;
}

// Moves what each file yielded into `set`, in path order, with the latest time and whether
// a bare CSV was read. Returns the error of the first file (in path order) that holds ARNs
// of two accounts, if any.
std::optional<Error> MergeFiles(std::vector<FileData>& data, InputSet& set) {
  set.files.reserve(data.size());
  std::optional<Error> other_account;
  for (FileData& d : data) {
    if (d.other_account && !other_account) other_account = std::move(d.other_account);
    set.inputs.push_back(std::move(d.summary));
    const InputSummary& s = set.inputs.back();
    if (s.generated && (!set.latest_time || *s.generated > *set.latest_time)) {
      set.latest_time = s.generated;
    }
    set.has_undated_report = set.has_undated_report || d.undated_report;
    set.files.push_back(std::move(d.records));
  }
  return other_account;
}

}  // namespace

InputSet LoadInputs(const std::vector<InputFile>& files, unsigned jobs, bool show_progress) {
  const unsigned threads =
      std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(files.size())));
  std::uint64_t total_bytes = 0;
  const std::vector<std::size_t> order = ReadingOrder(files, threads, total_bytes);
  std::optional<ProgressLine> progress;
  if (show_progress) progress.emplace(total_bytes, true);
  InputSet set;
  std::vector<FileData> data =
      ReadFiles(files, order, threads, *set.strings, progress ? progress->counter() : nullptr);
  progress.reset();  // clears the line (so does unwinding, before any message)
  std::optional<Error> other_account = MergeFiles(data, set);
  data.clear();
  IndexRecords(set);
  if (other_account) throw *other_account;
  CheckAccounts(set);
#ifdef __GLIBC__
  // What the reading threads freed (chunk buffers, parsers, vector growth) stays mapped in
  // glibc's heaps; hand it back before the evaluation allocates the decisions.
  malloc_trim(0);
#endif
  return set;
}

namespace {

// Input order of records: file, then place in the file (a file holds one kind).
using InputPosition = std::tuple<std::uint32_t, std::uint64_t, std::int64_t, std::uint32_t>;
InputPosition Position(const CredentialRow& r) { return {r.file, r.line, 0, 0}; }
InputPosition Position(const AdvisorRecord& r) { return {r.file, r.offset, r.element, 0}; }
InputPosition Position(const IamUserRecord& r) { return {r.file, r.offset, r.element, r.entry}; }

// Where a record is, for messages.
std::string Place(const InputSet& set, const CredentialRow& r) {
  return set.inputs[r.file].path + ":" + std::to_string(r.line);
}
std::string Place(const InputSet& set, const AdvisorRecord& r) {
  return DocumentPlace(set.inputs[r.file].path, r.offset, r.element);
}
std::string Place(const InputSet& set, const IamUserRecord& r) {
  return DocumentPlace(set.inputs[r.file].path, r.offset, r.element) + " UserDetailList[" +
         std::to_string(r.entry) + "]";
}

// Points `index` at every record of one kind, sorted by ARN with input order kept among
// equal ARNs, and returns the first duplicate in input order as {first occurrence, second
// occurrence}, or {nullptr, nullptr}. The readers leave each file's records sorted (on
// their threads) and files of different accounts hold disjoint ARN ranges, so the runs
// usually just line up by their first ARN: no sort at all. Otherwise (overlapping or
// unsorted runs) the whole index is sorted.
template <class Record>
std::pair<const Record*, const Record*> IndexByArn(const std::vector<FileRecords>& files,
                                                   std::vector<Record> FileRecords::*kind,
                                                   std::vector<const Record*>& index) {
  std::vector<const std::vector<Record>*> runs;
  std::size_t total = 0;
  bool runs_sorted = true;
  for (const FileRecords& f : files) {
    const std::vector<Record>& run = f.*kind;
    if (run.empty()) continue;
    runs.push_back(&run);
    total += run.size();
    runs_sorted = runs_sorted &&
                  std::is_sorted(run.begin(), run.end(),
                                 [](const Record& a, const Record& b) { return a.arn < b.arn; });
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto* a, const auto* b) { return a->front().arn < b->front().arn; });
  bool disjoint = runs_sorted;
  for (std::size_t r = 1; r < runs.size() && disjoint; ++r) {
    disjoint = runs[r - 1]->back().arn < runs[r]->front().arn;
  }
  index.clear();
  index.reserve(total);
  if (disjoint) {
    for (const auto* run : runs) {
      for (const Record& r : *run) index.push_back(&r);
    }
  } else {
    for (const FileRecords& f : files) {
      for (const Record& r : f.*kind) index.push_back(&r);
    }
    std::stable_sort(index.begin(), index.end(),
                     [](const Record* a, const Record* b) { return a->arn < b->arn; });
  }
  std::pair<const Record*, const Record*> dup{nullptr, nullptr};
  for (std::size_t i = 1; i < index.size(); ++i) {
    if (index[i]->arn != index[i - 1]->arn) continue;
    const bool second = i < 2 || index[i - 2]->arn != index[i]->arn;
    if (second && (dup.second == nullptr || Position(*index[i]) < Position(*dup.second))) {
      dup = {index[i - 1], index[i]};
    }
  }
  return dup;
}

template <class Record>
const Record* FindByArn(const std::vector<const Record*>& index, std::string_view arn) {
  const auto it = std::lower_bound(index.begin(), index.end(), arn,
                                   [](const Record* r, std::string_view a) { return r->arn < a; });
  return it != index.end() && (*it)->arn == arn ? *it : nullptr;
}

}  // namespace

const AdvisorRecord* InputSet::FindAdvisor(std::string_view arn) const {
  return FindByArn(advisor, arn);
}

const IamUserRecord* InputSet::FindIamUser(std::string_view arn) const {
  return FindByArn(iam_users, arn);
}

void IndexRecords(InputSet& set) {
  if (const auto [first, row] = IndexByArn(set.files, &FileRecords::rows, set.rows);
      row != nullptr) {
    ThrowInput(set.inputs[row->file].path, row->line,
               "duplicate ARN " + std::string(row->arn) + " (also at " + Place(set, *first) + ")");
  }
  if (const auto [first, rec] = IndexByArn(set.files, &FileRecords::advisor, set.advisor);
      rec != nullptr) {
    throw Error(ErrorKind::kInput, Place(set, *rec), 0,
                "two access-advisor documents for " + std::string(rec->arn) + " (also at " +
                    Place(set, *first) + ")");
  }
  if (const auto [first, rec] = IndexByArn(set.files, &FileRecords::iam_users, set.iam_users);
      rec != nullptr) {
    throw Error(ErrorKind::kInput,
                DocumentPlace(set.inputs[rec->file].path, rec->offset, rec->element), 0,
                "UserDetailList[" + std::to_string(rec->entry) + "]: duplicate Arn " +
                    std::string(rec->arn) + " in IAM details (also at " + Place(set, *first) + ")");
  }
}

namespace {

void CheckReportsPerAccount(const InputSet& set) {
  // Each report's account (the reader has checked that all its rows share one), and its
  // first two root rows in line order.
  const std::size_t n = set.inputs.size();
  std::vector<std::string_view> account_of(n);
  std::vector<std::pair<const CredentialRow*, const CredentialRow*>> roots(n);
  for (const CredentialRow* row : set.rows) {
    if (account_of[row->file].empty()) account_of[row->file] = ParseIamArn(row->arn)->account;
    if (!row->root) continue;
    auto& [root, second] = roots[row->file];
    if (root == nullptr || row->line < root->line) {
      second = root;
      root = row;
    } else if (second == nullptr || row->line < second->line) {
      second = row;
    }
  }
  std::map<std::string_view, std::size_t> report_of;  // account -> input
  for (std::size_t i = 0; i < n; ++i) {
    if (account_of[i].empty()) continue;
    const auto [it, first] = report_of.emplace(account_of[i], i);
    if (!first) {
      ThrowInput(set.inputs[i].path, 0,
                 "a second credential report for account " + std::string(account_of[i]) +
                     " (the first is " + set.inputs[it->second].path +
                     "): give one report per account");
    }
  }
  for (const auto& [root, second] : roots) {
    if (second != nullptr) {
      ThrowInput(set.inputs[second->file].path, second->line,
                 "a second root row " + std::string(second->arn) + " (the first is " +
                     Place(set, *root) + "): a credential report has one root row");
    }
  }
}

// The account and user name of a user ARN (views into it).
struct UserName {
  std::string_view account;
  std::string_view name;
};

UserName NameOf(std::string_view arn) {
  const std::size_t account_at = arn.find("::") + 2;  // arn:PARTITION:iam::ACCOUNT:user/...
  return {arn.substr(account_at, 12), arn.substr(arn.rfind('/') + 1)};
}

// Orders by account, then by user name ignoring ASCII case.
bool NameLess(const UserName& a, const UserName& b) {
  if (a.account != b.account) return a.account < b.account;
  const std::size_t n = std::min(a.name.size(), b.name.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = AsciiLower(a.name[i]), y = AsciiLower(b.name[i]);
    if (x != y) return x < y;
  }
  return a.name.size() < b.name.size();
}

// FNV-1a of the account and the lower-cased name: equal names have equal hashes.
std::uint64_t NameHash(const UserName& u) {
  std::uint64_t h = 14695981039346656037ull;
  auto add = [&h](char c) { h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull; };
  for (const char c : u.account) add(c);
  add('/');
  for (const char c : u.name) add(AsciiLower(c));
  return h;
}

// A user ARN in the name check: the hash of its name, and the record it is from (kind 0: a
// row, 1: an advisor record, 2: an IAM entry; `index` into the set's index of that kind).
struct NamedUser {
  std::uint64_t hash = 0;
  std::uint32_t index = 0;
  std::uint8_t kind = 0;
};

// The records of the name check. Sorting 16-byte entries by hash is cheap; names are
// compared only among the (few) entries that share a hash.
class NameCheck {
 public:
  explicit NameCheck(const InputSet& set) : set_(set) {}

  void Add(std::string_view arn, std::uint8_t kind, std::size_t index) {
    users_.push_back({NameHash(NameOf(arn)), static_cast<std::uint32_t>(index), kind});
  }

  // Throws for the first (in input order) user ARN whose name is that of another ARN.
  void Run() {
    std::sort(users_.begin(), users_.end(),
              [](const NamedUser& a, const NamedUser& b) { return a.hash < b.hash; });
    for (std::size_t r = 0, end; r < users_.size(); r = end) {
      end = r + 1;
      while (end < users_.size() && users_[end].hash == users_[r].hash) ++end;
      if (end - r > 1)
        CheckRun(users_.begin() + static_cast<std::ptrdiff_t>(r),
                 users_.begin() + static_cast<std::ptrdiff_t>(end));
    }
    if (later_ == nullptr) return;
    throw Error(ErrorKind::kInput, PlaceOf(*later_), 0,
                std::string(Arn(*later_)) + " and " + std::string(Arn(*earlier_)) + " (at " +
                    PlaceOf(*earlier_) +
                    ") name the same user: IAM user names are unique in an account regardless "
                    "of case and path, so the exports disagree about who the user is");
  }

 private:
  using Iterator = std::vector<NamedUser>::iterator;

  // Entries of one hash: sorted by name, each group of one name checked.
  void CheckRun(Iterator begin, Iterator end) {
    auto less = [this](const NamedUser& a, const NamedUser& b) {
      return NameLess(NameOf(Arn(a)), NameOf(Arn(b)));
    };
    std::sort(begin, end, less);
    for (Iterator g = begin, group_end; g != end; g = group_end) {
      group_end = g + 1;
      while (group_end != end && !less(*g, *group_end)) ++group_end;
      CheckGroup(g, group_end);
    }
  }

  // One name: keeps the clash whose later place comes first in input order.
  void CheckGroup(Iterator begin, Iterator end) {
    const NamedUser* first = &*begin;  // in input order
    for (Iterator i = begin; i != end; ++i) {
      if (Position(*i) < Position(*first)) first = &*i;
    }
    const NamedUser* other = nullptr;  // the first with another ARN
    for (Iterator i = begin; i != end; ++i) {
      if (Arn(*i) != Arn(*first) && (other == nullptr || Position(*i) < Position(*other))) {
        other = &*i;
      }
    }
    if (other != nullptr && (later_ == nullptr || Position(*other) < Position(*later_))) {
      later_ = other;
      earlier_ = first;
    }
  }

  template <class F>
  auto Visit(const NamedUser& u, const F& f) const {
    if (u.kind == 0) return f(*set_.rows[u.index]);
    if (u.kind == 1) return f(*set_.advisor[u.index]);
    return f(*set_.iam_users[u.index]);
  }
  std::string_view Arn(const NamedUser& u) const {
    return Visit(u, [](const auto& r) { return r.arn; });
  }
  InputPosition Position(const NamedUser& u) const {
    return Visit(u, [](const auto& r) { return dormant::Position(r); });
  }
  std::string PlaceOf(const NamedUser& u) const {
    return Visit(u, [this](const auto& r) { return Place(set_, r); });
  }

  const InputSet& set_;
  std::vector<NamedUser> users_;
  const NamedUser* later_ = nullptr;  // the clash to report: `later_` and `earlier_`
  const NamedUser* earlier_ = nullptr;
};

// Sets `matched[i]` when record i of `index` (sorted by ARN) has a row of exactly its ARN.
template <class Record>
std::vector<bool> MatchRows(const std::vector<const CredentialRow*>& rows,
                            const std::vector<const Record*>& index) {
  std::vector<bool> matched(index.size());
  std::size_t r = 0;
  for (std::size_t i = 0; i < index.size(); ++i) {
    while (r < rows.size() && rows[r]->arn < index[i]->arn) ++r;
    matched[i] = r < rows.size() && rows[r]->arn == index[i]->arn;
  }
  return matched;
}

}  // namespace

void CheckAccounts(InputSet& set) {
  CheckReportsPerAccount(set);
  const std::vector<bool> advisor_matched = MatchRows(set.rows, set.advisor);
  const std::vector<bool> iam_matched = MatchRows(set.rows, set.iam_users);
  // A record with the ARN of a row can clash only where that row does: rows and the
  // unmatched records are enough.
  NameCheck names(set);
  for (std::size_t i = 0; i < set.rows.size(); ++i) {
    if (!set.rows[i]->root) names.Add(set.rows[i]->arn, 0, i);
  }
  for (std::size_t i = 0; i < set.advisor.size(); ++i) {
    if (!advisor_matched[i]) names.Add(set.advisor[i]->arn, 1, i);
  }
  for (std::size_t i = 0; i < set.iam_users.size(); ++i) {
    if (!iam_matched[i]) names.Add(set.iam_users[i]->arn, 2, i);
  }
  names.Run();
  for (std::size_t i = 0; i < set.advisor.size(); ++i) {
    if (!advisor_matched[i]) ++set.inputs[set.advisor[i]->file].unmatched;
  }
  for (std::size_t i = 0; i < set.iam_users.size(); ++i) {
    if (!iam_matched[i]) ++set.inputs[set.iam_users[i]->file].unmatched;
  }
}

}  // namespace dormant
