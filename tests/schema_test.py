"""The JSON Schemas of docs/schema/ against what dormant really writes and accepts.

Usage: schema_test.py DORMANT_BINARY SOURCE_ROOT

* `dormant schema decisions|policy` prints docs/schema/*.json byte for byte (one source);
* every line of every decision file of the golden cases validates against the decisions schema
  (the expected_stdout files, i.e. what dormant writes, and the decision files the cases start
  from), except those made invalid on purpose (listed below); the broken decision files of
  testdata/bad/ are the strict reader's business (most break rules no schema can express);
* every policy file under testdata/ that `dormant policy check` accepts validates against the
  policy schema, and every one it rejects for its structure (an unknown key, a wrong type, an
  out-of-range number, a missing required field) fails it. A schema cannot see syntax errors,
  a key given twice, duplicate exemption ids, or `1.0` for `1`: those policies are listed.

Needs Debian's python3-jsonschema (scripts/setup.sh installs it). Prints one line per check
and ends with "N passed, N failed".
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

dormant, root = sys.argv[1], pathlib.Path(sys.argv[2])
testdata = root / "testdata"
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def validator(name):
    schema = json.loads((root / "docs" / "schema" / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def rejecting_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


for name in ("decisions", "policy"):
    printed = subprocess.run([dormant, "schema", name], capture_output=True, check=False)
    check(printed.returncode == 0 and
          printed.stdout == (root / "docs" / "schema" / f"{name}.json").read_bytes(),
          f"dormant schema {name} prints docs/schema/{name}.json")

# Decision files made invalid on purpose, for the strict reader's tests.
INVALID_DECISION_FILES = {
    "golden/verify-not-decisions/decisions.jsonl",  # an `ARN` key instead of `arn`
    "golden/plan-bad-user/decisions.jsonl",         # a user name the ARN does not carry
    "golden/plan-edited-verdict/decisions.jsonl",   # `deactivate` for recent_activity
    "golden/plan-undo-invalid/decisions.jsonl",     # the same file: an undo reads it strictly
    "golden/notify-invalid-decisions/decisions.jsonl",  # `warn` for recent_activity
}
decisions = validator("decisions")
decision_files = 0
for path in sorted((testdata / "golden").rglob("*")):
    if not path.is_file() or path.suffix not in ("", ".jsonl"):
        continue
    with path.open("rb") as f:
        if not f.readline().startswith(b'{"format":"dormant-decisions/'):
            continue
    rel = path.relative_to(testdata).as_posix()
    errors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        errors += [f"line {number}: {e.message[:160]}"
                   for e in decisions.iter_errors(json.loads(line))]
    if rel in INVALID_DECISION_FILES:
        check(errors, f"{rel} is invalid on purpose, yet the schema accepts it")
    else:
        decision_files += 1
        check(not errors, f"{rel}: {errors[:1]}")
check(decision_files >= 40, f"only {decision_files} decision files found under testdata/")

# Policies `policy check` rejects for what a JSON Schema cannot express.
NOT_STRUCTURE = {
    "bad/policy-duplicate-exemption-id.json": "exemption ids must be unique",
    "bad/policy-integer-as-float.json": "a schema's integer type accepts 90.0",
    "golden/policy-duplicate-key/policy.json": "a key given twice",
}
policy = validator("policy")
policies = 0
for path in sorted(testdata.rglob("*.json")):
    if "polic" not in path.name:
        continue
    rel = path.relative_to(testdata).as_posix()
    accepted = subprocess.run([dormant, "policy", "check", str(path)],
                              capture_output=True, check=False).returncode == 0
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"),
                              object_pairs_hook=rejecting_duplicates)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a key given twice: not the schema's to judge
        check(not accepted or rel in NOT_STRUCTURE, f"{rel}: accepted but not strict JSON")
        continue
    policies += 1
    valid = policy.is_valid(document)
    if rel in NOT_STRUCTURE:
        check(valid and not accepted, f"{rel}: listed as beyond the schema ({NOT_STRUCTURE[rel]})")
    else:
        check(valid == accepted,
              f"{rel}: policy check {'accepts' if accepted else 'rejects'} it, "
              f"the schema {'accepts' if valid else 'rejects'} it")
check(policies >= 20, f"only {policies} policies found under testdata/")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
