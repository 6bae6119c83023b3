// notice_format.h — the bytes of `dormant notify`: one JSON line per notice (notices.h),
//
//   {"to":"…","subject":"…","text":"…","users":[{"arn":"…","verdict":"warn",
//    "deadline":"2026-11-30","credentials":["password"]}]}
//
// keys in this order, no spaces outside strings, strings escaped as in the decision file.
// `text` is a plain-text mail body for a person: which users and credentials, what happens
// and when, how to keep access and whom to ask. Every byte depends only on the notice and
// the context: no clock, no locale.
#ifndef DORMANT_NOTICE_FORMAT_H_
#define DORMANT_NOTICE_FORMAT_H_

#include <string>
#include <string_view>

#include "dormant/notices.h"
#include "dormant/timestamp.h"

namespace dormant {

// What every notice of one decision file says about the review.
struct NoticeContext {
  Instant as_of{};
  std::string policy_source;  // `default` or the policy path, as the header names it
};

// The subject line of `notice`.
std::string NoticeSubject(const Notice& notice);

// The plain-text body of `notice`: lines ending in `\n`, no other control character.
std::string NoticeText(const Notice& notice, const NoticeContext& context);

// Appends the JSON line of `notice` to `out`, with its `\n`.
void AppendNoticeLine(std::string& out, const Notice& notice, const NoticeContext& context);

}  // namespace dormant

#endif  // DORMANT_NOTICE_FORMAT_H_
