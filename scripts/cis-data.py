#!/usr/bin/env python3
"""Writes crates/rampart-checks/data/cis-aws-foundations-v{3.0.0,7.0.0}.json from Prowler's
compliance mappings (Apache-2.0), trimmed to the facts rampart uses: each recommendation's id,
title, section, profile and assessment status. Prowler's check names, descriptions, audit and
remediation text are dropped.

    python3 scripts/cis-data.py path/to/prowler-5.46.0-py3-none-any.whl

The wheel is what `pip download prowler==5.46.0 --no-deps` fetches from PyPI.
"""

import json
import pathlib
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "rampart-checks" / "data"
FILES = {
    "3.0.0": "prowler/compliance/aws/cis_3.0_aws.json",
    "7.0.0": "prowler/compliance/aws/cis_7.0_aws.json",
}


def natural(rid):
    return [int(p) for p in rid.split(".")]


def trim(doc, version, prowler):
    recs = []
    for r in doc["Requirements"]:
        (a,) = r["Attributes"]
        recs.append(
            {
                "id": r["Id"],
                "title": r["Description"].strip(),
                "section": a["Section"],
                "subsection": a.get("SubSection") or None,
                "profile": a["Profile"],
                "assessment": a["AssessmentStatus"],
            }
        )
    recs.sort(key=lambda r: natural(r["id"]))
    return {
        "benchmark": doc["Name"],
        "version": version,
        "source": f"Prowler {prowler} (Apache-2.0), {FILES[version]}",
        "recommendations": recs,
    }


def main():
    wheel = pathlib.Path(sys.argv[1])
    prowler = wheel.name.split("-")[1]
    with zipfile.ZipFile(wheel) as z:
        for version, member in FILES.items():
            doc = json.loads(z.read(member))
            out = OUT / f"cis-aws-foundations-v{version}.json"
            out.write_text(json.dumps(trim(doc, version, prowler), indent=1, ensure_ascii=False) + "\n")
            print(f"{out.relative_to(ROOT)}: {len(doc['Requirements'])} recommendations")


if __name__ == "__main__":
    main()
