#!/usr/bin/env python3
"""Writes the bad-input corpus of testdata/bad/ (one file per defect).

Each file is a small valid input with exactly one defect. EXPECTED (next to this script)
lists, per file, the command that reads it, the exit code and the exact stderr line; the
`bad_inputs` test suite (tests/bad_inputs_test.cpp) runs them. Run this script to
regenerate the files after changing it; the files are committed, so that the big ones
(10,000 levels of nesting, a 100 KB field) need not be typed by hand.
"""
import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DECISIONS = os.path.join(HERE, "..", "golden", "verify-ok", "decisions.jsonl")

HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
ROOT = ("<root_account>,arn:aws:iam::111122223333:root,2023-02-14T09:30:07+00:00,not_supported,"
        "no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,"
        "N/A,false,N/A,false,N/A")
ALICE = ("alice,arn:aws:iam::111122223333:user/people/alice,2024-02-01T10:00:00+00:00,true,"
         "2026-11-16T14:03:51+00:00,2026-05-04T07:30:18+00:00,N/A,true,false,N/A,N/A,N/A,N/A,"
         "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
DEPLOY = ("deploy,arn:aws:iam::111122223333:user/ci/deploy,2023-04-03T11:27:45+00:00,false,N/A,N/A,"
          "N/A,false,true,2026-04-01T11:30:02+00:00,2026-11-19T04:10:00+00:00,eu-west-1,ec2,false,"
          "N/A,N/A,N/A,N/A,false,N/A,false,N/A")


def csv(*rows, header=HEADER, end="\n"):
    return (end.join((header,) + rows) + end).encode()


def report_json(content, generated="2026-11-19T22:10:04+00:00"):
    text = '{\n  "Content": "%s",\n  "ReportFormat": "text/csv"' % content
    if generated is not None:
        text += ',\n  "GeneratedTime": "%s"' % generated
    return (text + "\n}\n").encode()


def b64(data):
    return base64.b64encode(data).decode()


GOOD_CSV = csv(ROOT, ALICE, DEPLOY)


def advisor(arn="arn:aws:iam::111122223333:user/people/alice", status='"COMPLETED"',
            completion='"2026-11-19T21:40:00Z"', services=None, extra=""):
    if services is None:
        services = ('[{"ServiceName":"Amazon S3","ServiceNamespace":"s3",'
                    '"LastAuthenticated":"2026-11-16T14:05:00Z"},'
                    '{"ServiceName":"AWS IAM","ServiceNamespace":"iam"}]')
    return ('{"Arn":%s,"JobId":"5e1f2c1a-0000-4000-8000-000000000001","JobStatus":%s,'
            '"JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-19T21:39:30Z",'
            '"JobCompletionDate":%s,"IsTruncated":false,"ServicesLastAccessed":%s%s}'
            % (arn if arn.startswith('"') or arn[0].isdigit() else '"%s"' % arn, status,
               completion, services, extra))


DEPLOY_ARN = "arn:aws:iam::111122223333:user/ci/deploy"


def iam(users):
    return ('{\n  "UserDetailList": [\n    %s\n  ],\n  "GroupDetailList": [],\n'
            '  "IsTruncated": false\n}\n' % ",\n    ".join(users)).encode()


def iam_user(arn='"arn:aws:iam::111122223333:user/people/alice"',
             create='"2024-02-01T10:00:00Z"',
             tags='[{"Key":"team","Value":"ops"}]'):
    parts = ['"Path":"/people/"', '"UserName":"alice"']
    if arn is not None:
        parts.append('"Arn":' + arn)
    if create is not None:
        parts.append('"CreateDate":' + create)
    if tags is not None:
        parts.append('"Tags":' + tags)
    return "{" + ",".join(parts) + "}"


def policy(body):
    return ('{\n  "version": 1,\n%s\n}\n' % body).encode()


EXEMPTION = ('{"id": "ci", "reason": "deploy keys rotate by hand", '
             '"match": {"path_prefix": "/ci/"}}')


def decisions():
    with open(GOLDEN_DECISIONS, "rb") as f:
        return f.read()


def replace_once(data, old, new):
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


def decision_lines():
    return decisions().split(b"\n")[:-1]


def join_lines(lines):
    return b"\n".join(lines) + b"\n"


FILES = {}


def add(name, data):
    assert name not in FILES, name
    FILES[name] = data if isinstance(data, bytes) else data.encode()


# --- credential report, CSV ----------------------------------------------------------
add("csv-nul-in-header.csv", csv(ROOT, ALICE, header=HEADER.replace("user,arn", "user\0,arn", 1)))
add("csv-lone-cr-line-end.csv", (HEADER + "\n" + ROOT + "\r" + ALICE + "\n").encode())
add("csv-cr-only.csv", csv(ROOT, ALICE, DEPLOY, end="\r"))
add("csv-bom-twice.csv", b"\xef\xbb\xbf\xef\xbb\xbf" + GOOD_CSV)
add("csv-bom-mid-file.csv", csv(ROOT, "\ufeff" + ALICE, DEPLOY))
add("csv-overlong-utf8.csv", GOOD_CSV.replace(b"eu-west-1", b"eu\xc0\xafwest-1", 1))
add("csv-surrogate-utf8.csv", GOOD_CSV.replace(b"eu-west-1", b"eu-\xed\xa0\x80west-1", 1))
add("csv-utf8-cut-at-end.csv", GOOD_CSV + b"\xe2\x82")
add("csv-latin1.csv", GOOD_CSV.replace(b"eu-west-1", b"eu-w\xe9st-1", 1))
add("csv-100kb-field.csv",
    csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "2024-02-01T10:00:00+00:00" + "0" * 102400),
        DEPLOY))
add("csv-arn-path-513.csv",
    csv(ROOT, "deploy,arn:aws:iam::111122223333:user/" + "p" * 511 + "/deploy" +
        DEPLOY[len("deploy,arn:aws:iam::111122223333:user/ci/deploy"):]))
add("csv-blank-line-between-rows.csv", csv(ROOT, "", ALICE))
add("csv-trailing-blank-line.csv", GOOD_CSV + b"\n")
add("csv-cert-column-without-pair.csv",
    csv(ROOT[: ROOT.rindex(",false,N/A")], ALICE[: ALICE.rindex(",false,N/A")],
        header=HEADER[: HEADER.rindex(",cert_2_active")] + ",cert_2_active"))
add("csv-not-supported-in-key.csv",
    csv(ROOT.replace("true,false,N/A,N/A", "true,false,N/A,not_supported", 1), ALICE))
add("csv-ts-lowercase-t.csv", csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "2024-02-01t10:00:00z")))
add("csv-ts-offset-no-colon.csv", csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "2024-02-01T10:00:00+0000")))
add("csv-ts-trailing-space.csv", csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "2024-02-01T10:00:00Z ")))
add("csv-ts-minute-60.csv", csv(ROOT, ALICE.replace("2026-11-16T14:03:51+00:00", "2026-11-16T14:60:51+00:00")))
add("csv-ts-offset-24h.csv", csv(ROOT, ALICE.replace("2026-11-16T14:03:51+00:00", "2026-11-16T14:03:51+24:00")))
add("csv-ts-fraction-no-digits.csv", csv(ROOT, ALICE.replace("2026-11-16T14:03:51+00:00", "2026-11-16T14:03:51.+00:00")))
add("csv-ts-year-0000.csv", csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "0000-02-01T10:00:00+00:00")))
add("csv-ts-offset-before-year-1.csv",
    csv(ROOT, ALICE.replace("2024-02-01T10:00:00+00:00", "0001-01-01T00:00:00+00:01")))
add("csv-ts-offset-after-year-9999.csv",
    csv(ROOT, ALICE.replace("2026-11-16T14:03:51+00:00", "9999-12-31T23:59:59-00:01")))
add("csv-active-yes.csv", csv(ROOT, DEPLOY.replace(",false,true,2026", ",false,yes,2026", 1)))
add("csv-field-count-short-last-row.csv", GOOD_CSV[:-1][: GOOD_CSV[:-1].rindex(b",")] + b"\n")
add("csv-newline-in-user.csv", csv(ROOT, ALICE.replace("alice,arn", '"ali\nce",arn', 1)))
add("csv-escape-sequence-in-user.csv",
    csv(ROOT, ALICE.replace("alice,arn", '"\x1b[31mALERT\x1b[0m",arn', 1)))
add("csv-quoted-field-cut-at-end.csv", csv(ROOT, ALICE) + b'deploy,"arn:aws:iam::111122223333:user/ci/deploy')

# --- credential report, JSON ---------------------------------------------------------
GOOD_REPORT = report_json(b64(GOOD_CSV))
add("report-truncated.json", GOOD_REPORT[: len(GOOD_REPORT) // 2])
add("report-content-number.json", b'{"Content": 42, "GeneratedTime": "2026-11-19T22:10:04Z"}\n')
add("report-generated-date-only.json", report_json(b64(GOOD_CSV), generated="2026-11-19"))
add("report-embedded-csv-bad-row.json",
    ('{"Content": %s, "GeneratedTime": "2026-11-19T22:10:04Z"}\n'
     % json.dumps(csv(ROOT, ALICE.replace(",true,", ",yes,", 1)).decode())).encode())
add("report-content-decodes-to-latin1.json",
    report_json(b64(GOOD_CSV.replace(b"eu-west-1", b"eu-w\xe9st-1", 1))))
add("report-in-array.json", b"[\n" + GOOD_REPORT.rstrip(b"\n") + b"\n]\n")
add("report-trailing-garbage.json", GOOD_REPORT + b"x\n")
add("report-raw-control-char-in-string.json",
    b'{"Content": "' + b64(GOOD_CSV).encode() + b'", "ReportFormat": "text/\x01csv", '
    b'"GeneratedTime": "2026-11-19T22:10:04Z"}\n')
add("report-lone-surrogate-escape.json",
    b'{"Content": "' + b64(GOOD_CSV).encode() + b'", "ReportFormat": "text/csv\\ud800", '
    b'"GeneratedTime": "2026-11-19T22:10:04Z"}\n')
add("report-as-advisor.json", GOOD_REPORT)  # named with --access-advisor: no Arn
add("report-generated-after-as-of.json", report_json(b64(GOOD_CSV), generated="2026-11-21T00:00:00Z"))

# --- access advisor ------------------------------------------------------------------
add("advisor-deep-nesting.json",
    ("[" + advisor(extra=',"Deep":' + "[" * 10000 + "]" * 10000) + "]\n").encode())
add("advisor-ndjson-trailing-comma.ndjson",
    advisor() + ",\n" + advisor(arn=DEPLOY_ARN) + "\n")
add("advisor-array-trailing-garbage.json", "[" + advisor() + "]\n]\n")
add("advisor-two-arrays.json", "[" + advisor() + "]\n[" + advisor(arn=DEPLOY_ARN) + "]\n")
add("advisor-completion-after-as-of.ndjson",
    advisor(completion='"2026-11-21T09:00:00Z"') + "\n")
add("advisor-last-authenticated-number.ndjson",
    advisor(services='[{"ServiceNamespace":"s3","LastAuthenticated":1763391900}]') + "\n")
add("advisor-is-truncated-string.ndjson", advisor().replace('"IsTruncated":false', '"IsTruncated":"false"') + "\n")
add("advisor-services-object.ndjson", advisor(services='{"ServiceNamespace":"s3"}') + "\n")
add("advisor-job-status-number.ndjson", advisor(status="1") + "\n")
add("advisor-arn-number.ndjson", advisor(arn="111122223333") + "\n")
add("advisor-last-authenticated-twice.ndjson",
    advisor(services='[{"LastAuthenticated":"2026-11-16T14:05:00Z","ServiceNamespace":"s3",'
                     '"LastAuthenticated":"2026-11-17T14:05:00Z"}]') + "\n")
add("advisor-not-json.json", b"Arn,JobStatus\narn:aws:iam::111122223333:user/people/alice,COMPLETED\n")
add("advisor-array-of-numbers.json", b"[1, 2]\n")
add("advisor-ndjson-second-doc-invalid.ndjson",
    advisor() + "\n" + advisor(arn=DEPLOY_ARN).replace('"JobStatus":', '"JobStatus" ') + "\n")
add("advisor-ndjson-duplicate-user.ndjson", advisor() + "\n" + advisor() + "\n")
add("advisor-utf16.json", b"\xff\xfe" + ("[" + advisor() + "]\n").encode("utf-16-le"))
add("advisor-number-too-large.ndjson", advisor(extra=',"TotalAuthenticatedEntities":1e999') + "\n")
add("advisor-ndjson-cut-in-string.ndjson", advisor() + "\n" + advisor(arn=DEPLOY_ARN)[:60])
add("advisor-last-authenticated-no-offset.ndjson",
    advisor(services='[{"ServiceNamespace":"s3","LastAuthenticated":"2026-11-16T14:05:00"}]') + "\n")

# --- IAM details ---------------------------------------------------------------------
add("iam-tags-object.json", iam([iam_user(tags='{"team":"ops"}')]))
add("iam-tag-without-value.json", iam([iam_user(tags='[{"Key":"team"}]')]))
add("iam-tag-key-number.json", iam([iam_user(tags='[{"Key":7,"Value":"ops"}]')]))
add("iam-user-detail-list-object.json", b'{"UserDetailList": {"Arn": "x"}}\n')
add("iam-create-date-date-only.json", iam([iam_user(create='"2024-02-01"')]))
add("iam-role-arn.json", iam([iam_user(arn='"arn:aws:iam::111122223333:role/people/alice"')]))
add("iam-entry-number.json", iam([iam_user(), "7"]))
add("iam-advisor-named-as-details.ndjson", advisor() + "\n")
add("iam-no-arn.json", iam([iam_user(arn=None)]))
add("iam-tag-key-twice.json", iam([iam_user(tags='[{"Key":"team","Key":"owner","Value":"ops"}]')]))

# --- policies (policy check FILE) --------------------------------------------------------
add("policy-truncated.json", b'{\n  "version": 1,\n  "idle_days": { "user": 90, ')
add("policy-deep-nesting.json", ('{"version": 1, "x": ' + "[" * 10000 + "]" * 10000 + "}\n").encode())
add("policy-not-utf8.json",
    policy('  "exemptions": [{"id": "ci", "reason": "d\xe9ploiement", "match": {"user": "ci"}}]'
           ).replace("\xe9".encode(), b"\xe9"))
add("policy-duplicate-exemption-id.json", policy('  "exemptions": [%s, %s]' % (EXEMPTION, EXEMPTION)))
add("policy-expires-with-time.json",
    policy('  "exemptions": [{"id": "ci", "reason": "r", "expires": "2027-01-01T00:00:00Z", '
           '"match": {"user": "ci"}}]'))
add("policy-match-empty.json", policy('  "exemptions": [{"id": "ci", "reason": "r", "match": {}}]'))
add("policy-tag-without-key.json",
    policy('  "exemptions": [{"id": "ci", "reason": "r", "match": {"tag": {"value": "ops"}}}]'))
add("policy-integer-as-float.json", policy('  "warn_days": 14.0'))
add("policy-negative-days.json", policy('  "idle_days": { "user": -1 }'))
add("policy-top-level-array.json", b"[]\n")
add("policy-empty.json", b"")
add("policy-empty-id.json", policy('  "exemptions": [{"id": "", "reason": "r", "match": {"user": "x"}}]'))
add("policy-percent-over-100.json", policy('  "guardrails": { "max_action_percent_per_account": 101 }'))
add("policy-version-string.json", b'{"version": "1"}\n')
add("policy-trailing-comma.json", policy('  "warn_days": 14,'))
add("policy-newline-in-key.json", policy('  "warn_days\\n": 14'))
add("policy-match-unknown-key.json",
    policy('  "exemptions": [{"id": "ci", "reason": "r", "match": {"user_name": "ci"}}]'))

# --- decision files (verify / diff / explain / plan) ----------------------------------
lines = decision_lines()
add("decisions-wrong-counts.jsonl", replace_once(decisions(), b'"keep":3', b'"keep":4'))
add("decisions-unsorted-users.jsonl", join_lines([lines[0], lines[1], lines[3], lines[2]] + lines[4:]))
add("decisions-no-final-newline.jsonl", decisions()[:-1])
add("decisions-crlf.jsonl", decisions().replace(b"\n", b"\r\n"))
add("decisions-as-of-with-offset.jsonl",
    replace_once(decisions(), b'"as_of":"2026-11-20T00:00:00Z"', b'"as_of":"2026-11-20T00:00:00+00:00"'))
add("decisions-unknown-verdict.jsonl", replace_once(decisions(), b'"verdict":"keep"', b'"verdict":"retain"'))
add("decisions-empty.jsonl", b"")
add("decisions-blank-line-at-end.jsonl", decisions() + b"\n")
add("decisions-reasons-out-of-order.jsonl",
    replace_once(decisions(), b'"reasons":["user_idle","never_used"]', b'"reasons":["never_used","user_idle"]'))
add("decisions-duplicate-user.jsonl", join_lines(lines[:3] + [lines[2]] + lines[3:]))
add("decisions-negative-idle-days.jsonl", replace_once(decisions(), b'"idle_days":20', b'"idle_days":-20'))
add("decisions-header-extra-key.jsonl",
    replace_once(decisions(), b',"stale":[]', b',"stale":[],"note":"x"'))
add("decisions-format-2.jsonl", replace_once(decisions(), b"dormant-decisions/1", b"dormant-decisions/2"))
add("decisions-spaces.jsonl", replace_once(decisions(), b'{"format":', b'{ "format" : '))
add("decisions-idle-days-float.jsonl", replace_once(decisions(), b'"idle_days":20', b'"idle_days":20.0'))
add("decisions-user-line-array.jsonl", join_lines(lines[:2] + [b"[]"]))
add("decisions-bom.jsonl", b"\xef\xbb\xbf" + decisions())


def main():
    for name in sorted(FILES):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(FILES[name])
    print("%d files" % len(FILES), file=sys.stderr)


if __name__ == "__main__":
    main()
