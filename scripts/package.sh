#!/usr/bin/env bash
# Packs one prebuilt rampart into the archive a release carries and `cargo binstall` fetches:
#
#   dist/rampart-TARGET-vVERSION.tar.gz       rampart-TARGET-vVERSION/{rampart, README.md, LICENSE,
#   dist/rampart-TARGET-vVERSION.tar.gz.sha256   rampart.1, completions/rampart.{bash,zsh,fish}}
#
# That is cargo-binstall's default layout, which `[package.metadata.binstall]` in
# crates/rampart/Cargo.toml spells out (docs/install.md). The binary must run on this machine
# (the man page and completions come from it), so build each target on its own runner
# (.github/workflows/release.yml).
#
#   scripts/package.sh TARGET                     build `--profile dist --target TARGET`, then pack
#   scripts/package.sh TARGET --binary PATH       pack a binary built already (scripts/test.sh packs
#                                                 its debug build to hold the layout to the metadata)
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/package.sh TARGET [--binary PATH] [--out DIR]}
shift
binary="" out=dist
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$binary" ]; then
  cargo build --locked --profile dist --target "$target" -p rampart
  binary="target/$target/dist/rampart"
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="rampart-$target-v$version"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/completions" "$out"
cp "$binary" "$stage/$name/rampart"
cp README.md LICENSE "$stage/$name/"
"$binary" man > "$stage/$name/rampart.1"
for shell in bash zsh fish; do
  "$binary" completions "$shell" > "$stage/$name/completions/rampart.$shell"
done
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
