"""A loopback proxy in front of moto, for the AWS CLI and for rampart alike.

`replay`: answers the calls moto does not serve (Systems Manager instance information and
patch states, WorkSpaces IP groups) with real AWS shapes — the patch states are the AWS CLI
documentation's own example (tests/fixtures/awscli-examples) — for the planted instances, so
that those paths are compared between the export and the live scan too.

`faults`: the same, and it misbehaves the way AWS does on a bad day: throttling, 500 and 503
answers, a slow answer, a dropped connection — each once, on the first request of one
operation — and AccessDenied on every GuardDuty call.

Everything else is forwarded to moto unchanged. It serves until it is killed, only on 127.0.0.1.

    python fault_proxy.py LISTEN_PORT MOTO_PORT LOG_FILE MODE PLANTED_JSON
"""

import http.client
import http.server
import datetime
import gzip
import json
import pathlib
import sys
import threading
import time
import urllib.parse

LISTEN, UPSTREAM, LOG, MODE, PLANTED = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "awscli-examples"
DEMO_TRAIL = pathlib.Path(__file__).resolve().parents[2] / "examples" / "demo-cloudtrail"

EC2_ERROR = '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>{code}</Code><Message>{msg}</Message></Error></Errors><RequestID>fault-1</RequestID></Response>'
QUERY_ERROR = '<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{msg}</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>'

# operation -> fault, applied to its first request only.
ONCE = {
    "DescribeSecurityGroups": ("status", 503, EC2_ERROR.format(code="RequestLimitExceeded", msg="Request limit exceeded.")),
    "DescribeVpcs": ("status", 500, EC2_ERROR.format(code="InternalError", msg="An internal error has occurred")),
    "DescribeInstances": ("slow", 3.0, None),
    "DescribeNetworkInterfaces": ("drop", None, None),
    "GetAccountAuthorizationDetails": ("status", 400, QUERY_ERROR.format(code="Throttling", msg="Rate exceeded")),
    "DescribeTrails": ("status", 400, json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"})),
}
seen = set()
lock = threading.Lock()


def log(line):
    with lock, open(LOG, "a") as f:
        f.write(line + "\n")


def epoch(text):
    """The AWS CLI prints ISO times; the JSON wire protocol carries epoch seconds."""
    return datetime.datetime.fromisoformat(text).timestamp()


def lookup_events(body, region):
    """LookupEvents over the demo day's records (us-east-1), newest first, eight to a page,
    filtered by the request's ResourceName or ReadOnly attribute as CloudTrail filters them."""
    request = json.loads(body or b"{}")
    records = []
    if region == "us-east-1":
        for f in sorted(DEMO_TRAIL.rglob("*_CloudTrail_*.json.gz")):
            records += json.loads(gzip.decompress(f.read_bytes()))["Records"]
    records.sort(key=lambda r: r["eventTime"], reverse=True)
    for a in request.get("LookupAttributes", []):
        if a["AttributeKey"] == "ResourceName":
            records = [r for r in records if a["AttributeValue"] in json.dumps(r)]
        elif a["AttributeKey"] == "ReadOnly":
            records = [r for r in records if str(r.get("readOnly", False)).lower() == a["AttributeValue"]]
    start = int(request.get("NextToken") or 0)
    page = records[start:start + 8]
    answer = {"Events": [{"EventId": r["eventID"], "EventName": r["eventName"], "ReadOnly": str(r.get("readOnly")).lower(),
                          "EventTime": epoch(r["eventTime"].replace("Z", "+00:00")), "EventSource": r["eventSource"],
                          "CloudTrailEvent": json.dumps(r), "Resources": []} for r in page]}
    if start + 8 < len(records):
        answer["NextToken"] = str(start + 8)
    return answer


def public_keys():
    """ListPublicKeys: the key the e2e run signed the demo digests with (next to planted.json)."""
    import base64

    key = pathlib.Path(PLANTED).parent / "trail-public-key.der"
    listed = []
    if key.exists():
        listed.append({"Value": base64.b64encode(key.read_bytes()).decode(), "ValidityStartTime": 0, "ValidityEndTime": 4102444800,
                       "Fingerprint": "00000000000000000000000000000000"})
    return {"PublicKeyList": listed}


def replayed(op, region, body=b""):
    """The answer to a call moto does not serve, or None."""
    if op == "LookupEvents":
        return lookup_events(body, region)
    if op == "ListPublicKeys":
        return public_keys()
    planted = json.load(open(PLANTED))
    host = planted["us-east-1/ssh-host"] if region == "us-east-1" else None
    if op == "DescribeInstanceInformation":
        listed = [{"InstanceId": host, "PingStatus": "Online", "LastPingDateTime": epoch("2026-11-30T08:00:00+00:00"),
                   "AgentVersion": "3.3.987.0", "PlatformName": "Amazon Linux", "ComputerName": "ip-10-1-0-10"}] if host else []
        return {"InstanceInformationList": listed}
    if op == "DescribeInstancePatchStates":
        states = json.load(open(FIXTURES / "ssm" / "describe-instance-patch-states.json"))["InstancePatchStates"]
        for state in states:
            state["InstanceId"] = host
            for key in [k for k in state if k.endswith("Time")]:
                state[key] = epoch(state[key])
        return {"InstancePatchStates": states if host else []}
    if op == "DescribeIpGroups":
        return {"Result": [{"groupId": "wsipg-0123456789", "groupName": "office", "groupDesc": "office",
                            "userRules": [{"ipRule": "203.0.113.0/24", "ruleDesc": "office"}]}]}
    return None


def region_of(handler):
    scope = handler.headers.get("Authorization", "").split("Credential=")[-1].split("/")
    return scope[2] if len(scope) > 2 else "us-east-1"


def operation(handler, body):
    target = handler.headers.get("X-Amz-Target")
    if target:
        return target.split(".")[-1]
    if handler.path.startswith("/detector"):
        return "GuardDuty"
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    return form.get("Action", [""])[0]


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        op = operation(self, body)
        answer = replayed(op, region_of(self), body)
        if answer is not None:
            log(f"replayed {op}")
            return self.reply(200, json.dumps(answer), {"Content-Type": "application/x-amz-json-1.1"})
        if MODE != "faults":
            return self.forward(body)
        if op == "GuardDuty":
            log(f"denied {self.command} {self.path}")
            return self.reply(403, json.dumps({"__type": "AccessDeniedException", "message": "not authorized to perform guardduty"}),
                              {"x-amzn-ErrorType": "AccessDeniedException", "Content-Type": "application/json"})
        with lock:
            fault = ONCE.get(op) if op not in seen else None
            seen.add(op)
        if fault:
            kind, arg, text = fault
            log(f"{kind} {op}")
            if kind == "status":
                content_type = "application/x-amz-json-1.1" if text.startswith("{") else "text/xml"
                return self.reply(arg, text, {"Content-Type": content_type})
            if kind == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if kind == "slow":
                time.sleep(arg)
        self.forward(body)

    def forward(self, body):
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length", "connection")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        passed = {k: v for k, v in answer.getheaders() if k.lower() not in ("content-length", "connection", "transfer-encoding")}
        self.reply(answer.status, data, passed)

    def reply(self, status, data, headers):
        data = data.encode() if isinstance(data, str) else data
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


http.server.ThreadingHTTPServer(("127.0.0.1", LISTEN), Proxy).serve_forever()
