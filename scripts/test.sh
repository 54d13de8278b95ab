#!/usr/bin/env bash
# The whole test suite, from a fresh clone: formatting, lints, unit/property/snapshot/CLI tests,
# then the end-to-end export test against moto's server (installed into .venv-test on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== the README's demo build pulls no AWS SDK crate"
# `cargo run` at the root builds every default member: were the SDK crate one again, the
# one-minute demo would take forty (docs/benchmarks.md, "The demo build").
if cargo tree --no-default-features -e normal --prefix none | grep -q '^aws-'; then
    echo "error: \`cargo run --release --no-default-features\` at the root would build the AWS SDK" >&2
    exit 1
fi
echo "== every AWS SDK service crate has its release profile (Cargo.toml)"
for crate in $(sed -n 's/^name = "\(aws-sdk-[a-z0-9]*\)"$/\1/p' Cargo.lock); do
    grep -qx "\[profile.release.package.$crate\]" Cargo.toml \
        || { echo "error: $crate has no [profile.release.package.$crate] in Cargo.toml" >&2; exit 1; }
done
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The README's first command builds without the live collector: keep that build working.
cargo clippy -p rampart --no-default-features --quiet -- -D warnings
echo "== cargo test"
cargo test --workspace
echo "== the release archive, in the layout cargo binstall expects"
host=$(rustc -vV | sed -n 's/^host: //p')
archive=$(scripts/package.sh "$host" --binary target/debug/rampart --out target/package-test)
python3 scripts/check-package.py "$archive" "$host"
echo "== export script, AWS CLI and moto"
scripts/e2e-export.sh
echo "== reports: schemas, models and headless Chromium"
scripts/report-test.sh
