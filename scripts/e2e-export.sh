#!/usr/bin/env bash
# End to end: moto's server on loopback, populated by boto3 with known problems; the real AWS CLI
# runs `rampart export-script`; rampart scans the folder; a checker asserts the planted findings
# and nothing else of their kind. Then rampart reads the same account live through the AWS SDK:
# the inventory must equal the export's, and the live scan must find the same problems.
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

WORK=$(mktemp -d)
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_EC2_LOAD_DEFAULT_AMIS=false \
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > "$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/moto-api/" > /dev/null 2>&1 && break
  sleep 0.1
done

# A scrubbed AWS environment: dummy credentials, no profile files, moto as the endpoint.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
# moto answers operations it does not implement with HTTP 500: do not retry them.
export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
unset AWS_PROFILE

"$VENV/bin/python" tests/e2e/populate.py "$WORK/planted.json"
"$RAMPART" export-script > "$WORK/export.sh"
started=$(date +%s)
PATH="$PWD/$VENV/bin:$PATH" REGIONS="us-east-1 eu-west-1" bash "$WORK/export.sh" "$WORK/export" 2> "$WORK/export.log" \
  || { cat "$WORK/export.log"; exit 1; }
echo "export script: $(( $(date +%s) - started )) s, $(find "$WORK/export" -name '*.json' | wc -l) files"
"$RAMPART" scan "$WORK/export" --format json > "$WORK/scan.json"
"$RAMPART" exposure "$WORK/export" --format json > "$WORK/exposure.json"
"$VENV/bin/python" tests/e2e/check_scan.py "$WORK/planted.json" "$WORK/scan.json" "$WORK/exposure.json"
"$VENV/bin/python" tests/e2e/check_services.py "$WORK/planted.json" "$WORK/scan.json" "export services"

echo "== live scan through the AWS SDK, same moto account"
started=$(date +%s)
"$RAMPART" collect --region us-east-1,eu-west-1 -o "$WORK/live.rampart"
echo "live collect: $(( $(date +%s) - started )) s"
"$RAMPART" collect --from "$WORK/export" -o "$WORK/export.rampart" 2> /dev/null
"$VENV/bin/python" tests/e2e/compare_inventories.py "$WORK/live.rampart" "$WORK/export.rampart"
"$RAMPART" scan --region us-east-1 --region eu-west-1 --no-record --format json > "$WORK/live-scan.json"
"$RAMPART" exposure "$WORK/live.rampart" --format json > "$WORK/live-exposure.json"
"$VENV/bin/python" tests/e2e/check_scan.py "$WORK/planted.json" "$WORK/live-scan.json" "$WORK/live-exposure.json"
"$VENV/bin/python" tests/e2e/check_services.py "$WORK/planted.json" "$WORK/live-scan.json" "live services"
echo "== live scan through a proxy that throttles, fails, stalls, drops and denies"
PROXY_PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VENV/bin/python" tests/e2e/fault_proxy.py "$PROXY_PORT" "$PORT" "$WORK/faults.log" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do
  curl -s "http://127.0.0.1:$PROXY_PORT/" > /dev/null 2>&1 && break
  sleep 0.1
done
# Retries on, as a user has them (adaptive); a hard bound on the whole scan.
started=$(date +%s)
AWS_ENDPOINT_URL="http://127.0.0.1:$PROXY_PORT" AWS_MAX_ATTEMPTS=4 AWS_RETRY_MODE=adaptive \
  timeout 300 "$RAMPART" scan --region us-east-1,eu-west-1 --no-record --format json > "$WORK/faulted-scan.json"
echo "faulted live scan: $(( $(date +%s) - started )) s"
"$VENV/bin/python" tests/e2e/check_faults.py "$WORK/live-scan.json" "$WORK/faulted-scan.json" "$WORK/faults.log"

# Denied and unserved calls are coverage gaps: --require-coverage turns them into exit 3.
code=0; "$RAMPART" collect --region us-east-1 -o "$WORK/x.rampart" --require-coverage 2> /dev/null || code=$?
[ "$code" = 3 ] || { echo "FAIL --require-coverage exited $code, not 3"; exit 1; }
echo "ok   --require-coverage exits 3 when moto leaves inputs unread"
