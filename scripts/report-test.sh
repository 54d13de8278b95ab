#!/usr/bin/env bash
# The reports, checked by tools that are not rampart's: OCSF and ASFF against their models
# (tests/formats/validate.py; SARIF's schema is checked in crates/rampart/tests), and the HTML report opened in Debian's
# headless Chromium by playwright-core (tests/html/check_report.mjs). Both run on the demo
# account scanned twice into a fresh history (so the HTML has a trend), the second time with
# a baseline and a suppression, so every format carries new, existing and suppressed findings.
# Installs what it needs: Chromium (apt, as root), playwright-core (npm ci), the validators
# (pip, into .venv-test). Artifacts (screenshot, PDF, the reports) go to target/report-test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium > /dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: Chromium is missing: run \`sudo apt-get install chromium\`" >&2
    exit 1
  fi
  echo "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium > /dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium > /dev/null; }
fi
(cd tests/html && npm ci --no-audit --no-fund --silent)
VENV=.venv-test
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import botocore, py_ocsf_models" 2> /dev/null \
  || "$VENV/bin/pip" install --quiet boto3 'py-ocsf-models==0.10.0'
cargo build --quiet --bin rampart
RAMPART="$PWD/target/debug/rampart"
OUT=target/report-test
rm -rf "$OUT" && mkdir -p "$OUT"
export RAMPART_DB="$OUT/history.sqlite"

demo=(examples/demo-account --flow-logs examples/demo-flowlogs --trail examples/demo-cloudtrail)
"$RAMPART" scan "${demo[@]}" > /dev/null
"$RAMPART" baseline set > /dev/null
printf '[[suppress]]\ncheck = "admin-port-open-to-internet"\nresource = "sg-0a*"\nreason = "bastion, replaced by SSM in Q1"\nowner = "alice@example.com"\nexpires = "2999-12-31"\n' > "$OUT/rampart.toml"
# The second scan differs from the baseline: one group more is a new finding.
cp -r examples/demo-account "$OUT/account"
"$VENV/bin/python" - "$OUT/account" << 'PY'
import json, sys, pathlib
p = next(pathlib.Path(sys.argv[1]).glob("us-east-1/security-groups.json"))
d = json.loads(p.read_text())
g = json.loads(json.dumps(d["SecurityGroups"][0]))
g.update(GroupId="sg-0a0000000000000ff", GroupName="added-by-hand", Description="added by hand")
g["IpPermissions"] = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}]
d["SecurityGroups"].append(g)
p.write_text(json.dumps(d))
PY
"$RAMPART" --config "$OUT/rampart.toml" scan "$OUT/account" -f html -o "$OUT/scan.html"
for f in ocsf asff html; do "$RAMPART" report -f "$f" -o "$OUT/report.$f"; done

PY="$VENV/bin/python"
"$PY" tests/formats/validate.py ocsf "$OUT/report.ocsf"
"$PY" tests/formats/validate.py asff "$OUT/report.asff"
"$PY" tests/formats/validate.py self-test "$OUT/report.ocsf" "$OUT/report.asff"

node tests/html/check_report.mjs "$OUT/report.html" "$OUT/from-history"
node tests/html/check_report.mjs "$OUT/scan.html" "$OUT/from-scan"
echo "reports: all checks passed (artifacts in $OUT)"
