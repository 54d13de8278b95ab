#!/usr/bin/env python3
"""Writes flow-log text files as one Parquet file in the shape AWS delivers (FileFormat parquet):
columns named with `_`, integers as INT32/INT64, strings otherwise, GZIP pages. DuckDB (PyPI
`duckdb`) writes it: an independent Parquet writer, so the reader is tested against real files.

    python3 scripts/flowlogs-to-parquet.py examples/demo-flowlogs tests/fixtures/flowlogs-parquet/demo-week.log.parquet
"""

import sys

import duckdb

src, out = sys.argv[1], sys.argv[2]
columns = {
    "version": "INTEGER", "account-id": "VARCHAR", "interface-id": "VARCHAR", "srcaddr": "VARCHAR",
    "dstaddr": "VARCHAR", "srcport": "INTEGER", "dstport": "INTEGER", "protocol": "INTEGER",
    "packets": "BIGINT", "bytes": "BIGINT", "start": "BIGINT", "end": "BIGINT", "action": "VARCHAR",
    "log-status": "VARCHAR", "tcp-flags": "INTEGER", "flow-direction": "VARCHAR",
}
renamed = ", ".join(f'"{name}" AS {name.replace("-", "_")}' for name in columns)
duckdb.sql(f"""
COPY (
  SELECT {renamed} FROM read_csv('{src}/**/*.log.gz', delim=' ', header=true, nullstr='-',
                                  union_by_name=true, types={columns!r})
  ORDER BY start, interface_id, srcaddr, dstaddr, srcport, dstport
) TO '{out}' (FORMAT parquet, COMPRESSION gzip)
""")
print("wrote", out, file=sys.stderr)
