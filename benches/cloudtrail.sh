#!/usr/bin/env bash
# Benchmark: rampart trail detect on generated gzip CloudTrail logs, against gzip -dc (the floor)
# and jq running the same selection (the change events) on the same files, in one run.
# Results go to docs/benchmarks.md by hand.
#
#   benches/cloudtrail.sh        (generates bench-data/cloudtrail on first use: 400 files, 2 M records)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench-data/cloudtrail
cargo build --release --quiet -p rampart-logs --example gen_cloudtrail
[ -d "$DATA" ] || target/release/examples/gen_cloudtrail "$DATA" 400 5000
cargo build --release --quiet --no-default-features --bin rampart
FILES=$(find "$DATA" -name '*.json.gz' | sort)
echo "data: $(echo "$FILES" | wc -l) files, $(du -ch $FILES | tail -1 | cut -f1) gzip, $(gzip -dc $FILES | wc -c | numfmt --to=iec) of JSON; $(nproc) cores"
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o /tmp/rampart-bench.time "$@" > /dev/null
  read -r secs user sys kb < /tmp/rampart-bench.time
  printf '%-58s %6.2f s wall (%6.2f user, %5.2f sys) %6.0f MiB peak\n' "$label" "$secs" "$user" "$sys" "$((kb / 1024))"
}
cat $FILES > /dev/null
for _ in 1 2; do measure "floor: gzip -dc, one process" bash -c "gzip -dc $(echo $FILES) > /dev/null"; done
measure "floor: gzip -dc, two processes" bash -c "echo '$FILES' | xargs -P 2 -n 200 gzip -dc > /dev/null"
for _ in 1 2 3; do measure "rampart trail detect --format json" target/release/rampart trail detect "$DATA" --format json; done
measure "rampart trail timeline --resource sg-00000000000000007" target/release/rampart trail timeline "$DATA" --resource sg-00000000000000007 --format json
NAMES='["AuthorizeSecurityGroupIngress","CreateRoute","AttachRolePolicy"]'
measure "peer: jq selecting the change events, two processes" bash -c "echo '$FILES' | xargs -P 2 -n 200 sh -c 'gzip -dc \"\$@\" | jq -c --argjson n '\''$NAMES'\'' \".Records[] | select(.eventName as \\\$e | \\\$n | index(\\\$e))\"' _ > /dev/null"
