"""Uploads the demo CloudTrail day (logs and digests) to moto's S3 with boto3, and — given the
detections rampart read elsewhere (S3, LookupEvents) and from disk — requires them to be the same."""

import json
import pathlib
import sys

if sys.argv[1] == "upload":
    import boto3

    bucket, root = sys.argv[2], pathlib.Path(sys.argv[3])
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)
    files = sorted(root.rglob("*.json.gz"))
    for f in files:
        s3.put_object(Bucket=bucket, Key=str(f.relative_to(root)), Body=f.read_bytes())
    print(f"uploaded {len(files)} CloudTrail and digest files to s3://{bucket}")
    sys.exit(0)

s3, local = (json.load(open(p)) for p in sys.argv[2:4])
source = sys.argv[4] if len(sys.argv) > 4 else "S3"
if s3["detections"] != local["detections"] or s3["read"]["records"] != local["read"]["records"]:
    print(f"FAIL trail detections from {source} differ from those read from disk")
    sys.exit(1)
print(f"ok   trail from {source} = trail from disk ({s3['read']['records']} records, {len(s3['detections'])} detections)")
