#!/usr/bin/env bash
# Benchmark: recording scans of the generated large account in the SQLite history, and diffing
# them, against Python's sqlite3 writing the same findings and a Python diff of the same two
# reports, in the same run. Results go to docs/benchmarks.md by hand, with the date and machine.
#
#   benches/history.sh            (generates bench-data/large on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench-data/large
[ -d "$DATA" ] || python3 benches/gen_large_export.py "$DATA"
cargo build --release --quiet --bin rampart
R=target/release/rampart
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/history.sqlite"
echo "data: $(du -sh "$DATA" | cut -f1); $(nproc) cores; history in $WORK"

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > /dev/null
  read -r secs user sys kb < <(tail -n 1 "$WORK/time")
  printf '%-52s %6.2f s wall (%5.2f user, %5.2f sys) %6.0f MiB peak\n' "$label" "$secs" "$user" "$sys" "$((kb / 1024))"
}

cat $(find "$DATA" -name "*.json") > /dev/null   # warm the page cache
measure "scan, not recorded" $R scan "$DATA" --format json --no-record
for i in 1 2 3 4 5; do measure "scan, recorded (scan $i)" $R scan "$DATA" --format json --db "$DB"; done
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from findings').fetchone()[0])" "$DB")
echo "history: $rows finding rows in 5 scans, $(du -m "$DB" | cut -f1) MiB (with WAL: $(du -cm "$DB"* | tail -1 | cut -f1) MiB)"
measure "diff latest against the scan before, json" $R diff --db "$DB" --format json
measure "diff latest against the scan before, text" $R diff --db "$DB"
measure "history" $R history --db "$DB"
$R baseline set --db "$DB" 2> /dev/null
measure "scan --fail-on new:high (baseline compared)" $R scan "$DATA" --format json --db "$DB" --no-record --fail-on new:high || true

# Peers: the same findings through Python's sqlite3 (one transaction, the same columns), and
# a Python diff by fingerprint of two json-v1 reports of the same scans.
$R scan "$DATA" --format json --no-record > "$WORK/a.json"
cp "$WORK/a.json" "$WORK/b.json"
cat > "$WORK/peer_insert.py" <<'EOF'
import json, sqlite3, sys
report = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
db.execute("pragma journal_mode=wal")
db.execute("create table if not exists findings (scan_id, fingerprint, check_id, theme, severity, confidence, account, region, resource_type, resource_id, resource_arn, title, message, evidence, remediation, blast_radius, primary key (scan_id, fingerprint)) without rowid")
with db:
    db.executemany("insert into findings values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f["fingerprint"], f["check_id"], f["theme"], f["severity"], f["confidence"], f["account"], f["region"],
          f["resource_type"], f["resource_id"], f["resource_arn"], f["title"], f["message"],
          json.dumps(f["evidence"]), json.dumps(f["remediation"]), f["blast_radius"]) for f in report["findings"]])
EOF
cat > "$WORK/peer_diff.py" <<'EOF'
import json, sys
a = {f["fingerprint"]: f for f in json.load(open(sys.argv[1]))["findings"]}
b = {f["fingerprint"]: f for f in json.load(open(sys.argv[2]))["findings"]}
out = {"new": [b[k] for k in b.keys() - a.keys()], "resolved": [a[k] for k in a.keys() - b.keys()],
       "changed": [b[k] for k in a.keys() & b.keys() if a[k]["severity"] != b[k]["severity"]],
       "unchanged": [b[k] for k in a.keys() & b.keys() if a[k]["severity"] == b[k]["severity"]]}
json.dump(out, sys.stdout, indent=2)
EOF
measure "peer: python3 sqlite3 insert of one report" python3 "$WORK/peer_insert.py" "$WORK/a.json" "$WORK/peer.sqlite"
measure "peer: python3 diff of two json-v1 reports" python3 "$WORK/peer_diff.py" "$WORK/a.json" "$WORK/b.json"
