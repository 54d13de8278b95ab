"""Uploads the demo week of flow logs to moto's S3 with boto3 (an independent client), under the
keys S3 delivery uses, plus one object cut in half (a truncated gzip) under another prefix."""

import pathlib
import sys

import boto3

bucket, root = sys.argv[1], pathlib.Path(sys.argv[2])
s3 = boto3.client("s3", region_name="eu-west-1")
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
files = sorted(root.rglob("*.log.gz"))
for f in files:
    s3.put_object(Bucket=bucket, Key=str(f.relative_to(root)), Body=f.read_bytes())
whole = files[0].read_bytes()
s3.put_object(Bucket=bucket, Key="damaged/AWSLogs/cut.log.gz", Body=whole[: len(whole) // 2])
print(f"uploaded {len(files)} flow-log files and one truncated copy to s3://{bucket}")
