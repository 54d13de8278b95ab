#!/usr/bin/env bash
# End to end: moto's server on loopback, populated by boto3 with known problems; the real AWS CLI
# runs `rampart export-script`; rampart scans the folder; a checker asserts the planted findings
# and nothing else of their kind. Everything it needs is installed into .venv-test.
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
