"""Reviews that fit in a pull request, on a generated 12,000-user set.

Usage: review_size_test.py DORMANT_BINARY

Generates four accounts of 3,000 users each (credential reports only; one report stale, and
enough idle users that the account guardrails trip, so thousands of users are held), then
checks `evaluate --summary` and `diff --format markdown` (against an evaluation 40 days
later) at the default size limit and at --max-chars:

* the Markdown is shorter than the limit (60,000 by default);
* the alarms (tripped guardrails, stale reports) are the first lines, in bold;
* the counts are complete: every account's row, the totals, every hold reason with the
  number of held users computed here from the decision file;
* each cut table ends in a line whose numbers are exact (rows left out = rows in all - rows
  shown), and its command really lists them all;
* the same run gives the same bytes (the cut is deterministic).

Prints one line per failed check and ends with "N passed, N failed".
"""
import base64
import collections
import datetime
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

dormant = sys.argv[1]
passed = failed = 0

HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
          "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
          "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
          "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
          "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
          "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
ACCOUNTS = ["111122223333", "444455556666", "777788889999", "222233334444"]
USERS_PER_ACCOUNT = 3000
AS_OF = datetime.datetime(2026, 11, 20)


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def generate(root):
    rng = random.Random(12)
    for n, account in enumerate(ACCOUNTS):
        rows = [HEADER, "<root_account>,arn:aws:iam::%s:root,2015-01-01T00:00:00+00:00,"
                "not_supported,2026-10-01T08:00:00+00:00,not_supported,not_supported,true,false,"
                "N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" % account]
        for u in range(USERS_PER_ACCOUNT):
            name = "user-%05d" % u
            path = rng.choice(["/", "/ops/", "/people/", "/services/"])
            day = rng.choice([1, 3, 10, 40, 70, 95, 200, 500])
            last = (AS_OF - datetime.timedelta(days=day)).strftime("%Y-%m-%dT10:00:00+00:00")
            pw = u % 3 == 0
            rows.append(",".join([
                name, "arn:aws:iam::%s:user%s%s" % (account, path, name),
                "2020-01-01T00:00:00+00:00", "true" if pw else "false",
                last if pw else "N/A", "2020-01-01T00:00:00+00:00" if pw else "N/A", "N/A",
                "false", "true", "2020-01-02T00:00:00+00:00", last, "us-east-1", "s3",
                "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"]))
        generated = "2026-11-19T22:00:00Z" if n != 3 else "2026-11-15T22:00:00Z"  # one stale
        d = root / "exports" / account
        d.mkdir(parents=True)
        (d / "credential-report.json").write_text(json.dumps({
            "Content": base64.b64encode("\n".join(rows).encode()).decode(),
            "ReportFormat": "text/csv", "GeneratedTime": generated}))


def run(args, cwd):
    return subprocess.run([dormant] + args, cwd=cwd, capture_output=True, text=True)


def decision_users(path):
    lines = pathlib.Path(path).read_text().splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def left_out_lines(md):
    return [(int(a), int(b)) for a, b in
            re.findall(r"^\*(\d+) of (\d+) (?:rows? (?:is|are)|users? (?:is|are)) not shown", md,
                       re.M)]


def check_alarms_first(md, header, what):
    alarms = len(header["guardrails"]) + len(header["stale"])
    paragraphs = md.split("\n\n")
    check(alarms >= 2, f"{what}: the generated set trips guardrails and has a stale report")
    check(all(p.startswith("**") and p.endswith("**") for p in paragraphs[:alarms]),
          f"{what}: the first {alarms} paragraphs are the bold alarms")
    for g in header["guardrails"]:
        check(g["scope"] in "\n\n".join(paragraphs[:alarms]), f"{what}: alarm for {g['scope']}")
    for s in header["stale"]:
        check(s in "\n\n".join(paragraphs[:alarms]), f"{what}: alarm for stale {s}")


def check_summary(tmp, max_chars):
    what = f"summary (--max-chars {max_chars})" if max_chars else "summary"
    extra = ["--max-chars", str(max_chars)] if max_chars else []
    r = run(["evaluate", "exports", "--as-of", "2026-11-20T00:00:00Z", "--out", "d.jsonl",
             "--summary", "s.md", "--quiet"] + extra, tmp)
    check(r.returncode == 3, f"{what}: exit 3 (safety stop), got {r.returncode} {r.stderr}")
    md = (tmp / "s.md").read_text()
    limit = max_chars or 60000
    print(f"{what}: {len(md)} characters ({len(md.encode())} bytes), limit {limit}")
    check(len(md.encode()) < limit, f"{what}: {len(md.encode())} bytes < {limit}")
    header, users = decision_users(tmp / "d.jsonl")
    check_alarms_first(md, header, what)
    # Counts in full: one row per account plus the total, numbers as in the file.
    per_account = collections.Counter(u["account"] for u in users)
    for account, n in per_account.items():
        check(re.search(r"^\| %s( \| \d+){8} \| %d \|$" % (account, n), md, re.M),
              f"{what}: count row of {account}")
    check(re.search(r"^\| \*\*total\*\*( \| \d+){8} \| %d \|$" % len(users), md, re.M),
          f"{what}: total row")
    held = [u for u in users if u["verdict"] == "hold"]
    reasons = collections.Counter(r for u in held for r in u["reasons"])
    for reason, n in reasons.items():
        check(f"| {reason} | {n} |" in md, f"{what}: held per reason {reason}: {n}")
    # The cut tables: shown + left out = all, and the command lists them all.
    actions = [c for u in users if u["verdict"] in ("deactivate", "prune")
               for c in u["credentials"] if c["action"] == "deactivate"]
    hold_rows = len(re.findall(r"^\| \d{12} \| `[^`]*` \| [a-z_]", md.split("### Holds (")[1], re.M))
    check(f"### Holds ({len(held)} users)" in md, f"{what}: holds heading counts all held")
    cut = left_out_lines(md)
    check(len(cut) == 1, f"{what}: one cut table (the holds; no action survives), got {cut}")
    if cut:
        check(cut[0] == (len(held) - hold_rows, len(held)),
              f"{what}: left-out line {cut[0]} == ({len(held)} - {hold_rows}, {len(held)})")
    check(len(actions) == 0, f"{what}: every action is held by a guardrail")
    m = re.search(r"`(dormant show d\.jsonl \| grep -E '\^\(hold\) ')`", md)
    check(m is not None, f"{what}: the left-out line names the command that lists all holds")
    if m:
        out = subprocess.run(m.group(1).replace("dormant", dormant, 1), shell=True, cwd=tmp,
                             capture_output=True, text=True).stdout
        check(len(out.splitlines()) == len(held), f"{what}: that command lists every hold")
    again = run(["evaluate", "exports", "--as-of", "2026-11-20T00:00:00Z", "--out", "d2.jsonl",
                 "--summary", "s2.md", "--quiet"] + extra, tmp)
    check((tmp / "s2.md").read_text() == md.replace("d.jsonl", "d2.jsonl"),
          f"{what}: the same rows on every run")
    return len(md)


def check_diff(tmp, max_chars):
    what = f"diff (--max-chars {max_chars})" if max_chars else "diff"
    extra = ["--max-chars", str(max_chars)] if max_chars else []
    run(["evaluate", "exports", "--as-of", "2026-12-30T00:00:00Z", "--out", "later.jsonl",
         "--quiet"], tmp)
    r = run(["diff", "d.jsonl", "later.jsonl", "--format", "markdown", "--label", "base",
             "--label", "head"] + extra, tmp)
    check(r.returncode == 0, f"{what}: exit 0, got {r.returncode} {r.stderr}")
    md = r.stdout
    limit = max_chars or 60000
    print(f"{what}: {len(md)} characters ({len(md.encode())} bytes), limit {limit}")
    check(len(md.encode()) < limit, f"{what}: {len(md.encode())} bytes < {limit}")
    header, _ = decision_users(tmp / "later.jsonl")
    check_alarms_first(md, header, what)
    check("### dormant diff `base` → `head`" in md, f"{what}: the labels are the title")
    text = run(["diff", "d.jsonl", "later.jsonl"], tmp).stdout
    # Each group's count from the text format, and its shown rows in the Markdown.
    groups = dict((name, int(n)) for name, n in
                  re.findall(r"^([a-z][a-z ]+?) +(\d+)$", text.split("\n\n")[1], re.M))
    check(len(groups) >= 2, f"{what}: at least two groups changed: {groups}")
    sections = re.findall(r"<details><summary>([a-z ]+) \((\d+)\)</summary>\n\n(.*?)</details>",
                          md, re.S)
    check(len(sections) == len(groups), f"{what}: one section per group")
    cut_any = False
    for name, n, body in sections:
        check(groups.get(name) == int(n), f"{what}: group {name} counts {n}")
        shown = len(re.findall(r"^\| `", body, re.M))
        cut = left_out_lines(body)
        if shown < int(n):
            cut_any = True
            check(cut == [(int(n) - shown, int(n))], f"{what}: {name}: left-out {cut} exact")
            check("`dormant diff base head` (text format)" in body, f"{what}: {name}: command")
        else:
            check(cut == [], f"{what}: {name}: nothing left out, no line")
        check(f"| {name} | {n} |" in md, f"{what}: count row of {name}")
    check(cut_any, f"{what}: something was cut")
    check("| reasons of the newly held | users |" in md or "newly held" not in groups,
          f"{what}: newly held per reason")
    return len(md)


with tempfile.TemporaryDirectory() as t:
    tmp = pathlib.Path(t)
    generate(tmp)
    check_summary(tmp, None)
    check_diff(tmp, None)
    check_summary(tmp, 20000)
    check_diff(tmp, 20000)
    r = run(["diff", "d.jsonl", "later.jsonl", "--format", "markdown", "--max-chars", "1999"], tmp)
    check(r.returncode == 2, "--max-chars below the minimum is exit 2")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
