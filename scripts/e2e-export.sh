#!/usr/bin/env bash
# End to end, against moto's server on loopback, populated by boto3 with known problems:
#  1. the real AWS CLI runs `rampart export-script`; rampart scans the folder; checkers assert
#     the planted findings, each on exactly the planted resources;
#  2. rampart reads the same account live through the AWS SDK: the inventory must equal the
#     export's field by field, and the live scan must find the same problems;
#  3. the live scan again, through a proxy that throttles, fails, stalls, drops and denies: the
#     same findings, less what was denied, and the coverage says what was denied.
# A replaying proxy in front of moto answers, for the CLI and rampart alike, the few calls moto
# does not serve (Systems Manager, WorkSpaces IP groups) with real AWS shapes.
# Everything it needs is installed into .venv-test.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-test
if ! "$VENV/bin/python" -c "import moto, boto3, awscli" 2>/dev/null; then
  echo "installing moto[server], boto3 and the AWS CLI into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'moto[server]==5.2.5' boto3 awscli
fi
cargo build --quiet --bin rampart
RAMPART="$PWD/target/debug/rampart"
PY="$VENV/bin/python"

WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # URL
  for _ in $(seq 1 100); do
    curl -s "$1" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "nothing answers at $1" >&2; return 1
}

PORT=$(free_port)
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_EC2_LOAD_DEFAULT_AMIS=false \
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > "$WORK/moto.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/moto-api/"

# A scrubbed AWS environment: dummy credentials, no profile files, moto as the endpoint.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
# moto answers operations it does not implement with HTTP 500: do not retry them.
export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
unset AWS_PROFILE
"$PY" tests/e2e/populate.py "$WORK/planted.json"

REPLAY=$(free_port)
"$PY" tests/e2e/fault_proxy.py "$REPLAY" "$PORT" "$WORK/replay.log" replay "$WORK/planted.json" &
PIDS+=($!)
wait_for "http://127.0.0.1:$REPLAY/"
export AWS_ENDPOINT_URL="http://127.0.0.1:$REPLAY"

echo "== export script, AWS CLI"
"$RAMPART" export-script > "$WORK/export.sh"
started=$(date +%s)
# The AWS CLI v1 from PyPI ignores AWS_ENDPOINT_URL for some services (rds): name it on every call.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec "%s" --endpoint-url "$AWS_ENDPOINT_URL" "$@"\n' "$PWD/$VENV/bin/aws" > "$WORK/bin/aws"
chmod +x "$WORK/bin/aws"
PATH="$WORK/bin:$PWD/$VENV/bin:$PATH" REGIONS="us-east-1 eu-west-1" bash "$WORK/export.sh" "$WORK/export" 2> "$WORK/export.log" \
  || { cat "$WORK/export.log"; exit 1; }
echo "export script: $(( $(date +%s) - started )) s, $(find "$WORK/export" -name '*.json' | wc -l) files"
"$RAMPART" scan "$WORK/export" --format json > "$WORK/scan.json"
"$RAMPART" exposure "$WORK/export" --format json > "$WORK/exposure.json"
"$PY" tests/e2e/check_scan.py "$WORK/planted.json" "$WORK/scan.json" "$WORK/exposure.json"
"$PY" tests/e2e/check_services.py "$WORK/planted.json" "$WORK/scan.json" "export services"

echo "== live scan through the AWS SDK, same account"
started=$(date +%s)
"$RAMPART" collect --region us-east-1,eu-west-1 -o "$WORK/live.rampart"
echo "live collect: $(( $(date +%s) - started )) s"
"$RAMPART" collect --from "$WORK/export" -o "$WORK/export.rampart" 2> /dev/null
"$PY" tests/e2e/compare_inventories.py "$WORK/live.rampart" "$WORK/export.rampart"
"$RAMPART" scan --region us-east-1 --region eu-west-1 --no-record --format json > "$WORK/live-scan.json"
"$RAMPART" exposure "$WORK/live.rampart" --format json > "$WORK/live-exposure.json"
"$PY" tests/e2e/check_scan.py "$WORK/planted.json" "$WORK/live-scan.json" "$WORK/live-exposure.json"
"$PY" tests/e2e/check_services.py "$WORK/planted.json" "$WORK/live-scan.json" "live services"
# Denied and unserved calls are coverage gaps: --require-coverage turns them into exit 3.
code=0; "$RAMPART" collect --region us-east-1 -o "$WORK/x.rampart" --require-coverage 2> /dev/null || code=$?
[ "$code" = 3 ] || { echo "FAIL --require-coverage exited $code, not 3"; exit 1; }
echo "ok   --require-coverage exits 3 when inputs were not read"

echo "== flow logs read from S3 through the SDK"
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$PY" tests/e2e/upload_flowlogs.py rampart-e2e-flowlogs examples/demo-flowlogs
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$RAMPART" flows usage s3://rampart-e2e-flowlogs/AWSLogs/123456789012/vpcflowlogs/ \
  --inventory examples/demo-account --format json > "$WORK/flows-s3.json"
"$RAMPART" flows usage examples/demo-flowlogs --inventory examples/demo-account --format json > "$WORK/flows-local.json"
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$RAMPART" flows usage s3://rampart-e2e-flowlogs/damaged/ \
  --inventory examples/demo-account --format json > "$WORK/flows-damaged.json" 2> /dev/null
"$PY" tests/e2e/check_flow_s3.py "$WORK/flows-s3.json" "$WORK/flows-local.json" "$WORK/flows-damaged.json"

echo "== CloudTrail read from S3 through the SDK"
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$PY" tests/e2e/check_trail_s3.py upload rampart-e2e-trail examples/demo-cloudtrail
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$RAMPART" trail detect s3://rampart-e2e-trail/AWSLogs/ --format json > "$WORK/trail-s3.json"
"$RAMPART" trail detect examples/demo-cloudtrail --format json > "$WORK/trail-local.json"
"$PY" tests/e2e/check_trail_s3.py compare "$WORK/trail-s3.json" "$WORK/trail-local.json"

echo "== CloudTrail LookupEvents through the SDK (replayed: moto does not serve it)"
"$RAMPART" trail detect lookup --region us-east-1 --format json > "$WORK/trail-lookup.json"
"$PY" tests/e2e/check_trail_s3.py compare "$WORK/trail-lookup.json" "$WORK/trail-local.json" LookupEvents
"$RAMPART" trail timeline lookup --region us-east-1 --resource sg-0a000000000000004 --format json > "$WORK/timeline-lookup.json"
"$RAMPART" trail timeline examples/demo-cloudtrail --resource sg-0a000000000000004 --format json > "$WORK/timeline-local.json"
"$PY" -c 'import json, sys; a, b = (json.load(open(p))["changes"] for p in sys.argv[1:]); assert a == b and len(a) == 1, (a, b); print("ok   the timeline from LookupEvents = the timeline from the files")' "$WORK/timeline-lookup.json" "$WORK/timeline-local.json"

echo "== CloudTrail digest signatures from S3 with ListPublicKeys (replayed)"
AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" "$PY" tests/e2e/check_trail_s3.py sign rampart-e2e-signed examples/demo-cloudtrail "$WORK"
"$RAMPART" trail verify s3://rampart-e2e-signed/AWSLogs/ --format json > "$WORK/verify-signed.json"
code=0; "$RAMPART" trail verify s3://rampart-e2e-signed/tampered/ --format json > "$WORK/verify-tampered.json" || code=$?
[ "$code" = 1 ] || { echo "FAIL trail verify exited $code on a wrong signature, not 1"; exit 1; }
"$PY" tests/e2e/check_trail_s3.py verified "$WORK/verify-signed.json" "$WORK/verify-tampered.json"

echo "== live scan through a proxy that throttles, fails, stalls, drops and denies"
FAULTS=$(free_port)
"$PY" tests/e2e/fault_proxy.py "$FAULTS" "$PORT" "$WORK/faults.log" faults "$WORK/planted.json" &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAULTS/"
# Retries on, as a user has them (adaptive); a hard bound on the whole scan.
started=$(date +%s)
AWS_ENDPOINT_URL="http://127.0.0.1:$FAULTS" AWS_MAX_ATTEMPTS=4 AWS_RETRY_MODE=adaptive \
  timeout 300 "$RAMPART" scan --region us-east-1,eu-west-1 --no-record --format json > "$WORK/faulted-scan.json"
echo "faulted live scan: $(( $(date +%s) - started )) s"
"$PY" tests/e2e/check_faults.py "$WORK/live-scan.json" "$WORK/faulted-scan.json" "$WORK/faults.log"
