#!/usr/bin/env python3
"""Strip outputs from notebooks before they are committed.

    python scripts/strip_notebooks.py                 # every notebooks/*.ipynb
    python scripts/strip_notebooks.py a.ipynb ...     # these
    python scripts/strip_notebooks.py --check         # exit 1 if any has outputs

Code cells lose their outputs, execution counts and metadata; the notebook
keeps only its kernelspec and language_info metadata.  The file is written as
Jupyter writes it (JSON, one-space indent, sorted keys, UTF-8), so a notebook
saved by Jupyter and stripped here differs from the committed one only where
its cells do.  Needs nothing but the standard library.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stripped(nb: dict) -> dict:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell["metadata"] = {}
    meta = nb.get("metadata", {})
    nb["metadata"] = {k: meta[k] for k in ("kernelspec", "language_info") if k in meta}
    return nb


def text_of(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    dirty = []
    for path in paths:
        old = path.read_text(encoding="utf-8")
        new = text_of(stripped(json.loads(old)))
        if new != old:
            dirty.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    for path in dirty:
        print(f"{'has outputs' if check else 'stripped'}: {path}")
    return 1 if (check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
