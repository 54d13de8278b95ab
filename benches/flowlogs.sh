#!/usr/bin/env bash
# Benchmark: flow-log grant usage on generated gzip logs, against the physical floor (gzip -dc of
# the same files) and DuckDB computing an aggregation of the same files with SQL, in one run.
# Results go to docs/benchmarks.md by hand, with the date and machine.
#
#   benches/flowlogs.sh          (generates bench-data/flows on first use: 300 interfaces,
#                                 48 hourly files, 38 million records, ~4 GB of text)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=bench-data/flows
cargo build --release --quiet -p rampart-logs --example gen_flowlogs
[ -d "$DATA" ] || target/release/examples/gen_flowlogs "$DATA" 300 48 800000
# No SDK: the live collector is not needed to read files, and builds in a fraction of the time.
cargo build --release --quiet --no-default-features --bin rampart
[ -x .venv-bench/bin/python ] || { python3 -m venv .venv-bench && .venv-bench/bin/pip install --quiet duckdb; }
FILES=$(find "$DATA/logs" -name '*.log.gz' | sort)
echo "data: $(echo "$FILES" | wc -l) files, $(du -ch $FILES | tail -1 | cut -f1) gzip, $(gzip -dc $FILES | wc -c | numfmt --to=iec) of text, $(gzip -dc $FILES | wc -l) lines; $(nproc) cores"

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o /tmp/rampart-bench.time "$@" > /dev/null
  read -r secs user sys kb < /tmp/rampart-bench.time
  printf '%-58s %6.2f s wall (%6.2f user, %5.2f sys) %6.0f MiB peak\n' "$label" "$secs" "$user" "$sys" "$((kb / 1024))"
}

cat $FILES > /dev/null   # warm the page cache
for _ in 1 2 3; do measure "floor: gzip -dc, one process" bash -c "gzip -dc $(echo $FILES) > /dev/null"; done
measure "floor: gzip -dc, two processes (xargs -P 2)" bash -c "echo '$FILES' | xargs -P 2 -n 24 gzip -dc > /dev/null"
for _ in 1 2 3; do measure "rampart flows usage --format json" target/release/rampart flows usage "$DATA/logs" --inventory "$DATA/export" --format json; done
measure "rampart flows top --format json" target/release/rampart flows top "$DATA/logs" --format json
measure "rampart flows who --dst 10.1.0.10 --format json" target/release/rampart flows who "$DATA/logs" --dst 10.1.0.10 --format json
SQL="SELECT \"interface-id\", dstport, action, count(*), sum(packets), sum(bytes), min(start), max(\"end\"), count(DISTINCT srcaddr)
 FROM read_csv('$DATA/logs/**/*.log.gz', delim=' ', header=true, nullstr='-',
   columns={'version':'INT','account-id':'VARCHAR','interface-id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR',
            'srcport':'INT','dstport':'INT','protocol':'INT','packets':'BIGINT','bytes':'BIGINT','start':'BIGINT',
            'end':'BIGINT','action':'VARCHAR','log-status':'VARCHAR'})
 WHERE \"log-status\" = 'OK' GROUP BY ALL"
for _ in 1 2; do measure "peer: DuckDB group by interface, port, action" .venv-bench/bin/python -c "import duckdb, sys; print(len(duckdb.sql(sys.argv[1]).fetchall()))" "$SQL"; done
