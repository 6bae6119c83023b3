#!/usr/bin/env python3
"""Runs the shell examples of README.md and docs/*.md, so that the documentation cannot drift.

Usage: doc_examples_test.py DORMANT_BINARY SOURCE_ROOT [FILE.md ...]

Conventions (also in CONTRIBUTING.md):
* A fenced block whose info string is `sh` is run; `sh no-run` is not (it needs AWS, another
  machine, or a path of your own). `sh exit=N` expects exit status N instead of 0.
* Other shell-looking fences (`bash`, `shell`, `console`, or an untagged block whose first line
  starts with `$ `) are refused: every command block is either run or marked `no-run`.
* An `output` block right after a run block (blank lines between are allowed) is what the block
  prints, standard output and standard error together. A line `...` matches any number of lines.
* The blocks of one page run in order, in one scratch directory holding a copy of the demo
  exports (`exports/`) and the demo policy (`policy.json`), with `dormant` first on PATH,
  LC_ALL=C and TZ=UTC.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)```(.*)$")


def blocks(path):
    """Yields (line, info, text) for every fenced block of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, info = m.group(1), m.group(2).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        if i == len(lines):
            raise SystemExit(f"{path}:{start}: fence never closed")
        yield start, info, "\n".join(body) + "\n", i + 1
        i += 1


def matches(expected, actual):
    """Expected lines against actual lines; a line `...` matches any run of lines."""
    exp = expected.rstrip("\n").split("\n")
    act = actual.rstrip("\n").split("\n") if actual.strip("\n") else []

    def go(e, a):
        if e == len(exp):
            return a == len(act)
        if exp[e] == "...":
            return any(go(e + 1, k) for k in range(a, len(act) + 1))
        return a < len(act) and exp[e] == act[a] and go(e + 1, a + 1)

    return go(0, 0)


def check_page(page, root, env):
    failures = []
    items = list(blocks(page))
    rel = os.path.relpath(page, root)
    with tempfile.TemporaryDirectory(prefix="dormant-doc-") as work:
        shutil.copytree(os.path.join(root, "testdata", "demo", "exports"),
                        os.path.join(work, "exports"))
        shutil.copy(os.path.join(root, "testdata", "demo", "policy.json"), work)
        last_run = None  # (line, output) of the previous run block, for an output block
        last_end = -1
        ran = 0
        for line, info, text, end in items:
            words = info.split()
            lang = words[0] if words else ""
            if lang == "output":
                if last_run is None or last_end != line - 1:
                    failures.append(f"{rel}:{line}: an output block must follow a run sh block")
                elif not matches(text, last_run[1]):
                    failures.append(f"{rel}:{last_run[0]}: output differs from the block at line "
                                    f"{line}; it printed:\n{last_run[1]}")
                last_run = None
                continue
            last_run = None
            if lang in ("bash", "shell", "console", "zsh") or (
                    lang == "" and text.lstrip().startswith("$ ")):
                failures.append(f"{rel}:{line}: shell block without `sh` or `sh no-run`")
                continue
            if lang != "sh" or "no-run" in words:
                continue
            expected_exit = 0
            for w in words[1:]:
                if w.startswith("exit="):
                    expected_exit = int(w[5:])
            proc = subprocess.run(["bash", "-o", "pipefail", "-c", text], cwd=work, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=60, check=False)
            out = proc.stdout.decode("utf-8", "replace")
            ran += 1
            if proc.returncode != expected_exit:
                failures.append(f"{rel}:{line}: exit {proc.returncode}, expected {expected_exit};"
                                f" it printed:\n{out}")
            last_run = (line, out)
            # The output block may follow after blank lines only.
            last_end = end
            with open(page, encoding="utf-8") as f:
                rest = f.read().split("\n")[end:]
            for extra in rest:
                if extra.strip():
                    break
                last_end += 1
    return ran, failures


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    dormant, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    pages = sys.argv[3:] or [os.path.join(root, "README.md")] + sorted(
        os.path.join(root, "docs", p) for p in os.listdir(os.path.join(root, "docs"))
        if p.endswith(".md"))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(dormant) + os.pathsep + env.get("PATH", "")
    env["LC_ALL"] = "C"
    env["TZ"] = "UTC"
    total, failures = 0, []
    for page in pages:
        ran, f = check_page(page, root, env)
        total += ran
        failures += f
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if failures:
        return 1
    if total == 0:
        print("FAIL: no example was run", file=sys.stderr)
        return 1
    print(f"ok: {total} examples in {len(pages)} pages ran as shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
