#!/usr/bin/env python3
"""Every reason code the program writes is explained in docs/verdicts.md, in the program's order.

Usage: doc_reasons_test.py SOURCE_ROOT
The codes are read from ReasonName in src/decisions.cpp (the writer's vocabulary); each must
have a heading "### `code`" in docs/verdicts.md (`exempt` as `exempt:<id>`), and the headings
must follow the order in which the decision file lists reasons.
"""
import os
import re
import sys


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "src", "decisions.cpp"), encoding="utf-8") as f:
        source = f.read()
    body = re.search(r"ReasonName\(Reason r\)\s*\{.*?\{(.*?)\};", source, re.S)
    if not body:
        print("FAIL: ReasonName not found in src/decisions.cpp", file=sys.stderr)
        return 1
    codes = re.findall(r'"([a-z_0-9]+)"', body.group(1))
    codes = ["exempt:<id>" if c == "exempt" else c for c in codes]
    with open(os.path.join(root, "docs", "verdicts.md"), encoding="utf-8") as f:
        headings = re.findall(r"^### `([^`]+)`$", f.read(), re.M)
    failures = [f"reason {c} has no heading in docs/verdicts.md" for c in codes
                if c not in headings]
    documented = [h for h in headings if h in codes]
    if not failures and documented != codes:
        failures.append("docs/verdicts.md lists the reasons in another order than the program")
    failures += [f"docs/verdicts.md explains {h}, which the program never writes"
                 for h in headings if h not in codes]
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if failures:
        return 1
    print(f"ok: all {len(codes)} reason codes are explained, in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
