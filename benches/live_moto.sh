#!/usr/bin/env bash
# Benchmark: a live collection of a moto account (2,000 security groups, 10,000 rules, 1,000
# instances in two regions) by rampart, against boto3 making the same calls, in the same run.
# moto's own serving time dominates the wall clock of both, so the client cost is reported as
# CPU time and peak memory. Results go to docs/benchmarks.md by hand, with date and machine.
#
#   benches/live_moto.sh            (uses .venv-test from scripts/test.sh; installs it if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-test
if ! "$VENV/bin/python" -c "import moto, boto3" 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet 'moto[server]==5.2.5' boto3 awscli
fi
cargo build --release --quiet --bin rampart
WORK=$(mktemp -d)
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_EC2_LOAD_DEFAULT_AMIS=false "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > "$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/moto-api/" > /dev/null 2>&1 && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
started=$(date +%s)
"$VENV/bin/python" benches/populate_large_moto.py
echo "populated moto in $(( $(date +%s) - started )) s"

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/stderr" || true
  read -r secs user sys kb < <(tail -n 1 "$WORK/time")
  printf '%-44s %6.2f s wall %6.2f s CPU (%5.2f user %5.2f sys) %6.0f MiB peak\n' "$label" "$secs" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$((kb / 1024))"
}
for i in 1 2 3; do
  measure "rampart collect (live, 2 regions) #$i" target/release/rampart collect --region us-east-1,eu-west-1 -o "$WORK/live.rampart"
done
grep -h "read account" "$WORK/stderr" || true
for i in 1 2 3; do
  measure "peer: boto3, the same calls #$i" "$VENV/bin/python" benches/boto3_collect.py us-east-1 eu-west-1
done
measure "rampart scan of the collected snapshot" target/release/rampart scan "$WORK/live.rampart" --format json --no-record
if [ -x /tmp/prowler-venv/bin/prowler ]; then
  # Prowler (PyPI `prowler`, installed by hand into /tmp/prowler-venv: it is not a dependency)
  # checks the EC2 service only here; rampart's numbers above are for every service it reads.
  measure "peer: prowler aws (ec2 only, 2 regions)" bash -c "/tmp/prowler-venv/bin/prowler aws --services ec2 -f us-east-1 eu-west-1 --no-banner -M json-ocsf -o '$WORK/prowler' > '$WORK/prowler.out' 2>&1"
  grep -ciE '"status_code": "(PASS|FAIL)"' "$WORK"/prowler/*.ocsf.json | sed 's/^/prowler findings written: /' || true
  tail -n 15 "$WORK/prowler.out"
fi
