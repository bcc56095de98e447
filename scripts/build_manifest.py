"""Write (or, with --check, verify) src/eventwire/data/MANIFEST.json: every data file's
version (from its `_meta` header) and sha256, so records can cite the knowledge they used."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "data"
MANIFEST = DATA / "MANIFEST.json"


def build() -> dict[str, object]:
    files: dict[str, object] = {}
    for path in sorted(DATA.rglob("*.jsonl")):
        first = path.open(encoding="utf-8").readline()
        meta = json.loads(first).get("_meta", {})
        files[str(path.relative_to(DATA))] = {
            "version": meta.get("version"),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    return {"files": files}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if MANIFEST.json is stale")
    args = parser.parse_args()
    manifest = build()
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    if args.check:
        current = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else ""
        if current != text:
            print("data/MANIFEST.json is stale: run `make manifest`", file=sys.stderr)
            return 1
        print(f"manifest: {len(manifest['files'])} data files up to date")  # type: ignore[arg-type]
        return 0
    MANIFEST.write_text(text, encoding="utf-8")
    print(f"wrote {MANIFEST} ({len(manifest['files'])} files)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
