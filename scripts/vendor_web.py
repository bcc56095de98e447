"""Vendor the web app's front-end libraries from the npm registry into
src/eventwire/web/static/vendor/, so the pages work offline and nothing downloads at run time.

Each package is fetched at a pinned version with `npm pack` (the ordinary npm client), only
the files the pages use are copied, with the package's licence files, and
static/vendor/README.md is rewritten with each library's name, version, licence and the
sha256 of every copied file. `--check` verifies the copied files against that README.

The world map is world-atlas's Natural Earth 1:110m TopoJSON with each country's ISO 3166-1
alpha-3 code added as a property (from i18n-iso-countries' code table, used at vendoring time
only), so the pages can join it to eventwire's country codes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "web" / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    license: str
    files: tuple[str, ...]  # paths inside the package, copied to vendor/<dest>/
    dest: str
    use: str


PACKAGES = (
    Package(
        "echarts",
        "6.1.0",
        "Apache-2.0 (embeds parts of d3, BSD-3-Clause)",
        ("dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3"),
        "echarts",
        "all charts: events over time, actor network, map",
    ),
    Package(
        "topojson-client",
        "3.1.0",
        "ISC",
        ("dist/topojson-client.min.js", "LICENSE"),
        "topojson-client",
        "turns the world TopoJSON into GeoJSON in the browser",
    ),
    Package(
        "world-atlas",
        "2.0.2",
        "ISC (data: Natural Earth, public domain)",
        ("LICENSE",),
        "world-atlas",
        "country outlines for the map (countries-110m.iso3.json, derived below)",
    ),
)
CODES = Package(
    "i18n-iso-countries",
    "7.14.0",
    "MIT",
    (),
    "",
    "ISO numeric -> alpha-3 table, read at vendoring time only (nothing copied)",
)
# Natural Earth 110m shapes without an ISO numeric id, named as eventwire's country file does.
UNNUMBERED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def npm_pack(pkg: Package, into: Path) -> Path:
    subprocess.run(
        ["npm", "pack", "--silent", f"{pkg.name}@{pkg.version}"],
        cwd=into,
        check=True,
        capture_output=True,
    )
    (tgz,) = into.glob(f"{pkg.name}-{pkg.version}.tgz")
    out = into / pkg.name
    with tarfile.open(tgz) as tar:
        tar.extractall(out, filter="data")
    return out / "package"


def world_with_iso3(world_atlas: Path, codes_pkg: Path) -> bytes:
    codes = json.loads((codes_pkg / "codes.json").read_text(encoding="utf-8"))
    numeric_to_iso3 = {row[2]: row[1] for row in codes}
    topo = json.loads((world_atlas / "countries-110m.json").read_text(encoding="utf-8"))
    for geometry in topo["objects"]["countries"]["geometries"]:
        props = geometry.setdefault("properties", {})
        iso3 = numeric_to_iso3.get(geometry.get("id", "")) or UNNUMBERED.get(props.get("name"))
        props["iso3"] = iso3
    return json.dumps(topo, separators=(",", ":")).encode("utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def readme(copied: list[Path]) -> str:
    lines = [
        "# Vendored front-end libraries",
        "",
        "Copied from the npm registry by `scripts/vendor_web.py` (do not edit by hand; rerun",
        "the script to upgrade). The pages load only these files: no CDN, nothing at run time.",
        "",
        "| library | version | licence | used for |",
        "|---|---|---|---|",
    ]
    for pkg in (*PACKAGES, CODES):
        lines.append(f"| {pkg.name} | {pkg.version} | {pkg.license} | {pkg.use} |")
    lines += ["", "## Files", "", "| file | sha256 |", "|---|---|"]
    for path in copied:
        lines.append(f"| {path.relative_to(VENDOR).as_posix()} | {sha256(path)} |")
    return "\n".join(lines) + "\n"


def vendor() -> None:
    if VENDOR.exists():
        for child in VENDOR.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    VENDOR.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        roots = {pkg.name: npm_pack(pkg, Path(tmp)) for pkg in (*PACKAGES, CODES)}
        for pkg in PACKAGES:
            for rel in pkg.files:
                target = VENDOR / pkg.dest / Path(rel).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(roots[pkg.name] / rel, target)
                copied.append(target)
        world = VENDOR / "world-atlas" / "countries-110m.iso3.json"
        world.write_bytes(world_with_iso3(roots["world-atlas"], roots[CODES.name]))
        copied.append(world)
    (VENDOR / "README.md").write_text(readme(sorted(copied)), encoding="utf-8")
    print(f"vendored {len(copied)} files into {VENDOR}")


def check() -> int:
    text = (VENDOR / "README.md").read_text(encoding="utf-8")
    bad = 0
    for line in text.splitlines():
        parts = [p.strip() for p in line.strip("|").split("|")]
        if len(parts) == 2 and len(parts[1]) == 64:
            path = VENDOR / parts[0]
            if not path.exists() or sha256(path) != parts[1]:
                print(f"{path}: missing or changed", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify the vendored files")
    args = parser.parse_args()
    if args.check:
        return check()
    vendor()
    return 0


if __name__ == "__main__":
    sys.exit(main())
