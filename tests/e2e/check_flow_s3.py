"""The flow-log usage read from S3 equals the usage read from the same files on disk; the
truncated object is reported by its s3:// name and what was read before the cut is kept."""

import json
import sys

s3, local, damaged = (json.load(open(p)) for p in sys.argv[1:4])
failures = []
if s3["rules"] != local["rules"]:
    failures.append("rules differ between S3 and local reading")
if s3["attribution"] != local["attribution"]:
    failures.append(f"attribution differs: {s3['attribution']} vs {local['attribution']}")
for key in ("files", "records", "nodata", "bytes"):
    if s3["read"][key] != local["read"][key]:
        failures.append(f"read.{key}: {s3['read'][key]} from S3, {local['read'][key]} from disk")
errors = damaged["read"]["file_errors"]
if not (len(errors) == 1 and errors[0]["file"].startswith("s3://") and "truncated gzip" in errors[0]["reason"]):
    failures.append(f"the truncated object is not reported as such: {errors}")
if damaged["read"]["records"] == 0:
    failures.append("nothing was kept from the truncated object")
for f in failures:
    print("FAIL", f)
if failures:
    sys.exit(1)
print(f"ok   flows from S3 = flows from disk ({s3['read']['files']} objects, {s3['read']['records']} records); "
      f"the truncated object kept {damaged['read']['records']} records and says why")
