#!/usr/bin/env python3
"""Writes the demo account's flow logs: a week of us-east-1 traffic, as S3 delivers it.

examples/demo-flowlogs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/DD/*.log.gz — deterministic
(fixed seed, gzip mtime 0), so the committed files are exactly what this script writes.
Six days use a custom format with tcp-flags and flow-direction (header line, as S3 delivery writes);
the last uses the default version 2 format without them, so attribution falls back to ports.

What the week holds (examples/demo-account, see README "Flow logs"):
- internet clients on the load balancer (tcp 443/80, IPv4 only: the ::/0 rules see no use), the
  load balancer to the app tier on 8080, the app tier to the database on 5432 and to the domain
  controller (DNS, Kerberos, LDAP, SMB);
- SSH to the bastion from the office (198.51.100.0/24, also admitted by 0.0.0.0/0) and one contractor;
- no SSH to the app tier, no MySQL from the internet, no RDP over IPv6: those rules are unused;
- the app tier fetching updates through the NAT gateway (requests out, replies in: replies are not uses);
- a scanner rejected on many ports; one app host sending 2 GiB to one internet address.
"""

import gzip
import io
import os
import random
import sys

ACCOUNT = "123456789012"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "demo-flowlogs")
DAY0 = 1795478400  # 2026-11-24T00:00:00Z
CUSTOM = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction"

ALB = [("eni-0a00000000000002", "10.0.0.20"), ("eni-0a00000000000003", "10.0.1.20")]
BASTION = ("eni-0a00000000000001", "10.0.0.10")
APP = [("eni-0a00000000000004", "10.0.10.11"), ("eni-0a00000000000005", "10.0.10.12")]
DB = ("eni-0a00000000000006", "10.0.20.5")
DC = ("eni-0a00000000000007", "10.0.20.10")
ENDPOINT = ("eni-0a00000000000008", "10.0.10.200")
CLIENTS = ["81.2.69.%d" % i for i in range(140, 160)] + ["216.160.83.%d" % i for i in range(56, 70)] + ["89.160.20.%d" % i for i in range(112, 130)]
OFFICE = ["198.51.100.%d" % i for i in (10, 11, 12, 25)]
CONTRACTOR = "67.43.156.14"
SCANNER = "175.16.199.66"
EXFIL = "175.16.199.20"
UPDATES = "52.216.8.40"


def flow(rng, records, start, eni, src, dst, sport, dport, proto=6, action="ACCEPT", direction=None, packets=None, size=None):
    """One connection: the request record and, when accepted, the reply record, on `eni`."""
    packets = packets or rng.randint(4, 40)
    size = size or packets * rng.randint(60, 1400)
    end = start + 60
    flags = 2 if proto == 6 else 0
    records.append((eni, src, dst, sport, dport, proto, packets, size, start, end, action, flags, direction))
    if action == "ACCEPT":
        back = "egress" if direction == "ingress" else "ingress"
        reply_flags = 18 if proto == 6 else 0
        records.append((eni, dst, src, dport, sport, proto, packets, size // 3, start, end, action, reply_flags, back))


def day(rng, d):
    records = []
    t0 = DAY0 + d * 86400
    for minute in range(0, 1440, 7):
        t = t0 + minute * 60
        eni, ip = rng.choice(ALB)
        flow(rng, records, t, eni, rng.choice(CLIENTS), ip, rng.randint(32768, 60999), rng.choice([443, 443, 443, 80]), direction="ingress")
        app_eni, app_ip = rng.choice(APP)
        flow(rng, records, t, eni, ip, app_ip, rng.randint(32768, 60999), 8080, direction="egress")
        flow(rng, records, t, app_eni, ip, app_ip, rng.randint(32768, 60999), 8080, direction="ingress")
        if minute % 21 == 0:
            flow(rng, records, t, app_eni, app_ip, DB[1], rng.randint(32768, 60999), 5432, direction="egress")
            flow(rng, records, t, DB[0], app_ip, DB[1], rng.randint(32768, 60999), 5432, direction="ingress")
        if minute % 35 == 0:
            for port, proto in ((53, 6), (88, 6), (389, 6), (445, 6)):
                flow(rng, records, t, DC[0], app_ip, DC[1], rng.randint(32768, 60999), port, proto=proto, direction="ingress")
            flow(rng, records, t, ENDPOINT[0], app_ip, ENDPOINT[1], rng.randint(32768, 60999), 443, direction="ingress")
        if minute % 70 == 0:
            flow(rng, records, t, app_eni, app_ip, UPDATES, rng.randint(32768, 60999), 443, direction="egress")
    for hour in (8, 9, 13, 16):
        flow(rng, records, t0 + hour * 3600, BASTION[0], rng.choice(OFFICE), BASTION[1], rng.randint(49152, 65535), 22, direction="ingress")
        flow(rng, records, t0 + hour * 3600 + 60, BASTION[0], BASTION[1], DC[1], rng.randint(49152, 65535), 3389, direction="egress")
        flow(rng, records, t0 + hour * 3600 + 60, DC[0], BASTION[1], DC[1], rng.randint(49152, 65535), 3389, direction="ingress")
    if d == 2:
        flow(rng, records, t0 + 22 * 3600, BASTION[0], CONTRACTOR, BASTION[1], 51515, 22, direction="ingress")
    # A scanner sweeps the public addresses: the load balancer and the bastion reject what is closed.
    for port in (21, 23, 25, 110, 1433, 3306, 3389, 5900, 6379, 8443, 9200, 27017):
        for eni, ip in ALB + [BASTION]:
            flow(rng, records, t0 + 3 * 3600 + port, eni, SCANNER, ip, 44321, port, action="REJECT", direction="ingress", packets=1, size=44)
    if d == 5:
        # Night-time bulk upload from one app host to one internet address.
        for i in range(32):
            flow(rng, records, t0 + 2 * 3600 + i * 60, APP[0][0], APP[0][1], EXFIL, 40000 + i, 443, direction="egress", packets=50000, size=64 << 20)
    # Idle interfaces still report: NODATA proves the log was on.
    for eni in (DC[0], DB[0], APP[1][0]):
        records.append((eni, None, None, None, None, None, None, None, t0 + 4 * 3600, t0 + 4 * 3600 + 60, None, None, "NODATA"))
    records.sort(key=lambda r: (r[8], r[0], str(r[1])))
    return records


def line(r, custom):
    eni, src, dst, sport, dport, proto, packets, size, start, end, action, flags, direction = r
    if direction == "NODATA":
        base = ["5" if custom else "2", ACCOUNT, eni, "-", "-", "-", "-", "-", "-", "-", str(start), str(end), "-", "NODATA"]
        return " ".join(base + (["-", "-"] if custom else []))
    base = ["5" if custom else "2", ACCOUNT, eni, src, dst, str(sport), str(dport), str(proto), str(packets), str(size), str(start), str(end), action, "OK"]
    if custom:
        base += [str(flags), direction]
    return " ".join(base)


def main():
    rng = random.Random(20261130)
    for d in range(7):
        custom = d < 6
        date = "2026/11/%02d" % (24 + d)
        folder = os.path.join(ROOT, "AWSLogs", ACCOUNT, "vpcflowlogs", "us-east-1", date)
        os.makedirs(folder, exist_ok=True)
        text = io.StringIO()
        if custom:
            text.write(CUSTOM + "\n")
        else:
            text.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
        for r in day(rng, d):
            text.write(line(r, custom) + "\n")
        name = "%s_vpcflowlogs_us-east-1_fl-0a00000000000001_202611%02dT0000Z_%08x.log.gz" % (ACCOUNT, 24 + d, rng.getrandbits(32))
        with open(os.path.join(folder, name), "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz:
                gz.write(text.getvalue().encode())
    print("wrote", ROOT, file=sys.stderr)


if __name__ == "__main__":
    main()
