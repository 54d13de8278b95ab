"""Holds a packed release archive to the cargo-binstall templates in crates/rampart/Cargo.toml.

usage: python3 scripts/check-package.py ARCHIVE TARGET

cargo binstall downloads `pkg-url` and runs the file at `bin-dir` inside it; both are templates
(cargo-binstall's SUPPORT.md). This expands them for TARGET as binstall would and checks that
the archive scripts/package.sh wrote has that name and that path, executable, and carries the
licence, the man page and the completions.
"""
import pathlib
import re
import sys
import tarfile
import tomllib

archive, target = pathlib.Path(sys.argv[1]), sys.argv[2]
manifest = tomllib.loads(pathlib.Path("crates/rampart/Cargo.toml").read_text())
workspace = tomllib.loads(pathlib.Path("Cargo.toml").read_text())
meta = manifest["package"]["metadata"]["binstall"]
assert meta["pkg-fmt"] == "tgz", meta["pkg-fmt"]
values = {
    "name": manifest["package"]["name"],
    "version": workspace["workspace"]["package"]["version"],
    "target": target,
    "bin": manifest["bin"][0]["name"],
    "binary-ext": "",
    "archive-suffix": ".tgz" if archive.name.endswith(".tgz") else ".tar.gz",
    "repo": "REPO",
}


def expand(template):
    return re.sub(r"\{ *([a-z-]+) *\}", lambda m: values[m.group(1)], template)


url = expand(meta["pkg-url"])
assert url.rsplit("/", 1)[1] == archive.name, f"pkg-url names {url}, the archive is {archive.name}"
with tarfile.open(archive) as tar:
    members = {m.name: m for m in tar.getmembers()}
bin_dir = expand(meta["bin-dir"])
assert bin_dir in members, f"bin-dir {bin_dir} is not in {archive.name}: {sorted(members)}"
assert members[bin_dir].mode & 0o111, f"{bin_dir} is not executable"
top = bin_dir.split("/")[0]
for extra in ["LICENSE", "README.md", "rampart.1", "completions/rampart.bash",
              "completions/rampart.zsh", "completions/rampart.fish"]:
    assert f"{top}/{extra}" in members, f"{extra} is missing from {archive.name}"
print(f"{archive.name}: the layout cargo binstall expects ({bin_dir})")
