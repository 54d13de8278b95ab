"""Asserts that rampart's scan of the exported moto account reports the planted problems, and
no other internet-exposure finding. Ends with the 'N passed, N failed' line CI reads."""

import json
import sys

planted = json.load(open(sys.argv[1]))
scan = json.load(open(sys.argv[2]))
findings = {(f["check_id"], f["resource_id"]): f for f in scan["findings"]}
gid = lambda key: planted[key]
results = []


def expect(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


def finding(check, key, severity=None):
    f = findings.get((check, gid(key)))
    expect(f"{check} on {key}" + (f" ({severity})" if severity else ""), f is not None and (severity is None or f["severity"] == severity),
           json.dumps(f) if f else "missing")


finding("admin-port-open-to-internet", "us-east-1/ssh-open", "critical")
finding("admin-port-open-to-internet", "us-east-1/rdp-split")
finding("database-port-open-to-internet", "us-east-1/db-open", "info")
finding("unused-security-group", "us-east-1/db-open")
for key in ("us-east-1/rds-only", "us-east-1/template-only"):
    f = findings.get(("unused-security-group", gid(key)))
    expect(f"{key} (named by a database or a launch template) is not called unused", f is None, json.dumps(f))
finding("all-ports-open-to-internet", "eu-west-1/all-open", "info")
finding("database-port-open-to-internet", "eu-west-1/memcached-udp")

ssh = findings.get(("admin-port-open-to-internet", gid("us-east-1/ssh-open")))
expect("the SSH host's path was traced, not assumed", ssh is not None and any(e.startswith("reachable from the internet") for e in ssh["evidence"]),
       json.dumps(ssh["evidence"] if ssh else None))
reach = json.load(open(sys.argv[3]))
ssh_exposed = [e for e in reach["exposures"] if e["protocol"] == "tcp" and e["from_port"] <= 22 <= e["to_port"] and e["whole_internet"]]
expect("rampart exposure lists the SSH host on tcp/22 from the whole internet", len(ssh_exposed) == 1, json.dumps(reach["exposures"])[:500])
expect("the split-CIDR RDP host is reachable too", any(e["from_port"] <= 3389 <= e["to_port"] for e in reach["exposures"]), "")
expect("web's 443 is reachable on the SSH host", any(e["from_port"] <= 443 <= e["to_port"] and e["eni_id"] == ssh_exposed[0]["eni_id"] for e in reach["exposures"]) if ssh_exposed else False, "")

exposure = {"admin-port-open-to-internet", "database-port-open-to-internet", "all-ports-open-to-internet"}
expected = {("admin-port-open-to-internet", gid("us-east-1/ssh-open")), ("admin-port-open-to-internet", gid("us-east-1/rdp-split")),
            ("database-port-open-to-internet", gid("us-east-1/db-open")), ("all-ports-open-to-internet", gid("eu-west-1/all-open")),
            ("database-port-open-to-internet", gid("eu-west-1/memcached-udp"))}
extra = sorted(k for k in findings if k[0] in exposure and k not in expected)
expect("no exposure finding that was not planted", not extra, str(extra))
expect("the two exported regions were read", {"us-east-1", "eu-west-1"} <= set(scan["regions"]), str(scan["regions"]))
read = {(c["scope"], c["kind"]) for c in scan["coverage"] if c["state"] == "read"}
expect("security groups and interfaces read in both regions",
       all((r, k) in read for r in ("us-east-1", "eu-west-1") for k in ("security-groups", "network-interfaces")), "")
gaps = [c for c in scan["coverage"] if c["state"] != "read" and c["scope"] == "us-east-1"]
expect("calls moto does not serve are coverage gaps with a reason", all(c["reason"] for c in gaps), json.dumps(gaps[:3]))

passed = sum(results)
print(f"e2e: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
