"""Validates rampart's OCSF and ASFF with validators that are not rampart's own. (SARIF is
validated against the official 2.1.0 schema in crates/rampart/tests: tests/schemas/.)

- OCSF: Prowler's `py-ocsf-models` Detection Finding model (the one a peer produces OCSF
  with), and no attribute the model does not know (pydantic would drop it silently), plus the
  schema's own rules it does not enforce: type_uid = class_uid * 100 + activity_id, severity
  and status captions that match their ids, time in epoch milliseconds.
- ASFF: botocore's service model of Security Hub's BatchImportFindings (required members,
  types, no unknown member, at most 100 findings per call), plus the limits the ASFF
  documentation states that the model does not: Title 256 and Description 1,024 characters,
  Remediation text 512, at most 32 resources, Types as namespace/category/classifier, at
  most 50 ProductFields.

usage: validate.py ocsf|asff FILE…   (or `validate.py self-test FILE.ocsf FILE.asff`: each
validator must reject broken copies of the valid file it is given)
"""

import copy
import json
import re
import sys
from pathlib import Path

def _unknown(given, kept, path=""):
    """Keys in `given` that the model did not keep: attributes it does not know."""
    out = []
    if isinstance(given, dict):
        for k, v in given.items():
            if not isinstance(kept, dict) or k not in kept:
                out.append(f"{path}/{k}")
            else:
                out += _unknown(v, kept[k], f"{path}/{k}")
    elif isinstance(given, list) and isinstance(kept, list):
        for i, (a, b) in enumerate(zip(given, kept)):
            out += _unknown(a, b, f"{path}/{i}")
    return out


SEVERITIES = {0: "Unknown", 1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical", 6: "Fatal", 99: "Other"}
STATUSES = {0: "Unknown", 1: "New", 2: "In Progress", 3: "Suppressed", 4: "Resolved", 5: "Archived", 6: "Deleted", 99: "Other"}


def ocsf(doc):
    from py_ocsf_models.events.findings.detection_finding import DetectionFinding

    if not isinstance(doc, list):
        return ["the document is not a JSON array of events"]
    errors = []
    for i, event in enumerate(doc):
        where = f"event {i}"
        try:
            model = DetectionFinding.model_validate(event)
        except Exception as e:  # pydantic's ValidationError lists every field
            errors.append(f"{where}: {e}")
            continue
        kept = model.model_dump(exclude_unset=True, mode="json")
        errors += [f"{where}: unknown attribute {p}" for p in _unknown(event, kept)]
        if event.get("class_uid") != 2004:
            errors.append(f"{where}: class_uid {event.get('class_uid')} is not Detection Finding (2004)")
        if event.get("type_uid") != event.get("class_uid", 0) * 100 + event.get("activity_id", 0):
            errors.append(f"{where}: type_uid is not class_uid * 100 + activity_id")
        if SEVERITIES.get(event.get("severity_id")) != event.get("severity"):
            errors.append(f"{where}: severity {event.get('severity')!r} is not the caption of severity_id")
        if "status_id" in event and STATUSES.get(event["status_id"]) != event.get("status"):
            errors.append(f"{where}: status {event.get('status')!r} is not the caption of status_id")
        if not (10**12 <= event.get("time", 0) < 10**14):
            errors.append(f"{where}: time {event.get('time')} is not epoch milliseconds")
    return errors


TYPE = re.compile(r"^[^/]+(/[^/]+){0,2}$")


def asff(doc):
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    if not isinstance(doc, list) or not all(isinstance(b, list) for b in doc):
        return ["the document is not a JSON array of batches"]
    errors = []
    for n, batch in enumerate(doc):
        if not 1 <= len(batch) <= 100:
            errors.append(f"batch {n}: {len(batch)} findings (BatchImportFindings takes 1 to 100)")
        report = ParamValidator().validate({"Findings": batch}, shape)
        if report.has_errors():
            errors.append(f"batch {n}: {report.generate_report()}")
        for i, f in enumerate(batch):
            where = f"batch {n} finding {i}"
            if len(f.get("Title", "")) > 256:
                errors.append(f"{where}: Title longer than 256 characters")
            if len(f.get("Description", "")) > 1024:
                errors.append(f"{where}: Description longer than 1,024 characters")
            text = f.get("Remediation", {}).get("Recommendation", {}).get("Text", "")
            if len(text) > 512:
                errors.append(f"{where}: Remediation text longer than 512 characters")
            if not 1 <= len(f.get("Resources", [])) <= 32:
                errors.append(f"{where}: {len(f.get('Resources', []))} resources (1 to 32)")
            if len(f.get("ProductFields", {})) > 50:
                errors.append(f"{where}: more than 50 ProductFields")
            for t in f.get("Types", []):
                if not TYPE.match(t):
                    errors.append(f"{where}: type {t!r} is not namespace/category/classifier")
            if f.get("SchemaVersion") != "2018-10-08":
                errors.append(f"{where}: SchemaVersion is not 2018-10-08")
    return errors


VALIDATORS = {"ocsf": ocsf, "asff": asff}


def self_test(ocsf_file, asff_file):
    """Each validator must reject broken copies of a file it accepts."""
    broken = []
    o = json.loads(Path(ocsf_file).read_text())
    o2 = copy.deepcopy(o)
    o2[0]["finding_info"]["no_such_attribute"] = 1
    broken.append(("ocsf", "an unknown attribute", o2))
    o3 = copy.deepcopy(o)
    del o3[0]["time"]
    broken.append(("ocsf", "no time", o3))
    a = json.loads(Path(asff_file).read_text())
    a2 = copy.deepcopy(a)
    del a2[0][0]["ProductArn"]
    broken.append(("asff", "no ProductArn", a2))
    a3 = copy.deepcopy(a)
    a3[0][0]["Title"] = "x" * 257
    broken.append(("asff", "a 257-character title", a3))
    failed = 0
    for kind, what, doc in broken:
        caught = bool(VALIDATORS[kind](doc))
        print(f"{'ok  ' if caught else 'FAIL'} {kind} validator rejects {what}")
        failed += not caught
    return failed


def main(argv):
    if len(argv) >= 2 and argv[0] == "self-test":
        return 1 if self_test(*argv[1:3]) else 0
    if len(argv) < 2 or argv[0] not in VALIDATORS:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    for name in argv[1:]:
        errors = VALIDATORS[argv[0]](json.loads(Path(name).read_text()))
        for e in errors[:20]:
            print(f"{name}: {e}")
        print(f"{'ok  ' if not errors else 'FAIL'} {argv[0]} {name}: {len(errors)} error(s)")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
