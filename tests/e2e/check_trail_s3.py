"""Uploads the demo CloudTrail day (logs and digests) to moto's S3 with boto3, and — given the
detections rampart read elsewhere (S3, LookupEvents) and from disk — requires them to be the same."""

import json
import pathlib
import sys

if sys.argv[1] == "sign":
    # Signs the demo digests as CloudTrail does (SHA256withRSA over the data signing string) with a
    # key made by openssl for this run, and uploads them with the signature in their metadata; a
    # copy under tampered/ carries one wrong signature.
    import gzip
    import hashlib
    import subprocess

    import boto3

    bucket, root, work = sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    key = work / "trail-key.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    subprocess.run(["openssl", "rsa", "-in", str(key), "-RSAPublicKey_out", "-outform", "DER", "-out", str(work / "trail-public-key.der")],
                   check=True, capture_output=True)
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)
    for f in sorted(root.rglob("*.json.gz")):
        s3.put_object(Bucket=bucket, Key=str(f.relative_to(root)), Body=f.read_bytes())
    digests = sorted(root.rglob("*CloudTrail-Digest*.json.gz"))
    for i, f in enumerate(digests):
        content = gzip.decompress(f.read_bytes())
        d = json.loads(content)
        data = "\n".join([d["digestEndTime"], d["digestS3Bucket"] + "/" + d["digestS3Object"], hashlib.sha256(content).hexdigest(),
                          d.get("previousDigestSignature") or "null"])
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=data.encode(), check=True, capture_output=True).stdout.hex()
        relative = str(f.relative_to(root))
        s3.put_object(Bucket=bucket, Key=relative, Body=f.read_bytes(), Metadata={"signature": sig})
        wrong = sig if i else sig[:-2] + ("00" if sig[-2:] != "00" else "11")
        s3.put_object(Bucket=bucket, Key="tampered/" + relative, Body=f.read_bytes(), Metadata={"signature": wrong})
    for f in sorted(root.rglob("*_CloudTrail_*.json.gz")):
        s3.put_object(Bucket=bucket, Key="tampered/" + str(f.relative_to(root)), Body=f.read_bytes())
    print(f"signed {len(digests)} digests with a key made for this run and uploaded them to s3://{bucket}")
    sys.exit(0)

if sys.argv[1] == "verified":
    intact, tampered = (json.load(open(p)) for p in sys.argv[2:4])
    ok = intact["signatures"]["verified"] == 3 and not intact["signatures"]["invalid"] and intact["log_files_verified"] == 3
    ok = ok and len(tampered["signatures"]["invalid"]) == 1 and tampered["signatures"]["verified"] == 2
    print(("ok  " if ok else "FAIL") + f" digest signatures from S3: {intact['signatures']}; with one wrong signature: {tampered['signatures']}")
    sys.exit(0 if ok else 1)

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
