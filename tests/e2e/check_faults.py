"""Asserts that a live scan through the fault proxy (throttling, 500, 503, a slow answer, a
dropped connection, GuardDuty denied) found what the clean live scan found, less what needs
GuardDuty, and says GuardDuty was denied instead of passing it. Ends with 'N passed, N failed'."""

import json
import sys

clean, faulted = (json.load(open(p)) for p in sys.argv[1:3])
proxy_log = open(sys.argv[3]).read().split("\n")
results = []


def expect(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


for fault in ("status DescribeSecurityGroups", "status DescribeVpcs", "slow DescribeInstances",
              "drop DescribeNetworkInterfaces", "status GetAccountAuthorizationDetails", "status DescribeTrails"):
    expect(f"the proxy injected `{fault}`", fault in proxy_log, "")
expect("the proxy denied GuardDuty", any(l.startswith("denied") for l in proxy_log), "")

needs_guardduty = lambda f: f["check_id"].startswith("guardduty-")
want = {f["fingerprint"] for f in clean["findings"] if not needs_guardduty(f)}
got = {f["fingerprint"] for f in faulted["findings"]}
expect("retried calls lost nothing: the same findings as the clean scan, less GuardDuty's",
       got == want, f"missing {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}")
unjudged = {(n["check_id"], n["scope"]): n["reason"] for n in faulted["not_evaluated"]}
for region in ("us-east-1", "eu-west-1"):
    reason = unjudged.get(("guardduty-disabled", region), "")
    expect(f"guardduty-disabled in {region} is not evaluated, because access was denied", "AccessDenied" in reason, reason)
denied = {(c["scope"], c["kind"]) for c in faulted["coverage"] if c["state"] == "denied"}
expect("the coverage names GuardDuty as denied in both regions",
       {("us-east-1", "guard-duty-detectors"), ("eu-west-1", "guard-duty-detectors")} <= denied, str(sorted(denied)))

passed = sum(results)
print(f"faults: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
