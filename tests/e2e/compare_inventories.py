"""Asserts that two rampart snapshots hold the same inventory: the live scan of the moto account
and the import of the AWS CLI export of the same account (ARCHITECTURE.md, invariant 2).
The source label differs by design, and so may the wording of a failed call's error (the AWS
CLI and the SDK word the same failure differently): coverage is compared by state."""

import gzip
import json
import sys


def load(path):
    with gzip.open(path, "rt") as f:
        inv = json.load(f)["inventory"]
    inv.pop("source", None)
    for e in inv.get("coverage", {}).get("entries", []):
        status = e.get("status")
        if isinstance(status, dict):
            e["status"] = next(iter(status))  # {"Failed": "text"} -> "Failed"
    return inv


def diff(a, b, path, out):
    if type(a) is not type(b):
        out.append(f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'live' if k in a else 'export'}: {json.dumps(a.get(k, b.get(k)))[:200]}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items live, {len(b)} in the export")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: live {json.dumps(a)[:200]} != export {json.dumps(b)[:200]}")


live, export = load(sys.argv[1]), load(sys.argv[2])
problems = []
diff(live, export, "inventory", problems)
for p in problems[:40]:
    print("  " + p)
ok = not problems
print(f"{'ok  ' if ok else 'FAIL'} the live inventory equals the export's ({len(problems)} difference(s))")
sys.exit(0 if ok else 1)
