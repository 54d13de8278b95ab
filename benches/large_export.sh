#!/usr/bin/env bash
# Benchmark: import + every check on a generated large export, against peers on the same files
# in the same run. Results go to docs/benchmarks.md by hand, with the date and machine.
#
#   benches/large_export.sh            (generates bench-data/large on first use, ~130 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench-data/large
[ -d "$DATA" ] || python3 benches/gen_large_export.py "$DATA"
cargo build --release --quiet --bin rampart
echo "data: $(du -sh "$DATA" | cut -f1), $(find "$DATA" -name '*.json' | wc -l) files; $(nproc) cores"

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o /tmp/rampart-bench.time "$@" > /dev/null
  read -r secs user sys kb < /tmp/rampart-bench.time
  printf '%-44s %6.2f s wall (%5.2f user, %5.2f sys) %6.0f MiB peak\n' "$label" "$secs" "$user" "$sys" "$((kb / 1024))"
}

cat $(find "$DATA" -name "*.json") > /dev/null   # warm the page cache: every run reads from memory
for _ in 1 2 3 4 5; do measure "rampart scan (import + all checks), json" target/release/rampart scan "$DATA" --format json --no-record; done
measure "rampart exposure (import + paths), json" target/release/rampart exposure "$DATA" --format json
measure "rampart paths internet -> service:db, json" target/release/rampart paths "$DATA" --from internet --to service:db --format json
measure "rampart paths internet -> service:ad, json" target/release/rampart paths "$DATA" --from internet --to service:ad --format json
measure "rampart collect (import + snapshot)" target/release/rampart collect --from "$DATA" -o /tmp/rampart-bench.snapshot
measure "rampart scan of that snapshot" target/release/rampart scan /tmp/rampart-bench.snapshot --format json --no-record
measure "peer: python3 json.load of every file" python3 -c "import json, pathlib; [json.load(open(f)) for f in sorted(pathlib.Path('$DATA').rglob('*.json'))]"
measure "peer: jq -c . on every file" bash -c "find '$DATA' -name '*.json' -print0 | xargs -0 jq -c . > /dev/null"
