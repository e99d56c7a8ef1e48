"""Build the blind in-house evaluation set: writes files/<team>/<file>, labels.json, checks each entry.

Each entry states the run-seed status and, per dataset reference, its pin strength; the labels
(declares_seed, dataset_pinned, expected_pin) are derived from those, so they cannot disagree.
"""
from __future__ import annotations

import ast
import hashlib
import importlib
import json
import random
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["strong", "weak", "floating", "none"]
SEEDS = {"declared", "random", "env", "missing", "unresolved"}
EXT = {"yaml": (".yaml", ".yml"), "json": (".json",), "toml": (".toml",), "python": (".py",)}
ENTRIES: list[dict] = []


def E(path, fmt, seed, pins, text, tricky=False, why=""):
    ENTRIES.append(dict(path=path, fmt=fmt, seed=seed, pins=list(pins), text=text, tricky=tricky, why=why))


def _hexes(path: str, text: str) -> str:
    rng = random.Random(hashlib.sha256(path.encode()).hexdigest())
    for n in (64, 40, 32, 12):
        while f"@@H{n}@@" in text:
            text = text.replace(f"@@H{n}@@", "".join(rng.choice("0123456789abcdef") for _ in range(n)), 1)
    return text


def label(e: dict, domain: str) -> dict:
    seed = e["seed"]
    declares = {"declared": True, "unresolved": "unknown"}.get(seed, False)
    if not e["pins"]:
        pin, pinned = "no-reference", "unknown"
    else:
        pin = max((s for _, s in e["pins"]), key=ORDER.index)
        pinned = {"strong": True, "weak": "partial"}.get(pin, False)
    return {
        "framework": domain,
        "format": e["fmt"],
        "declares_seed": declares,
        "dataset_pinned": pinned,
        "expected_seed_status": seed,
        "expected_pin": pin,
        "datasets": [r for r, _ in e["pins"]],
        "dataset_pins": {r: s for r, s in e["pins"]},
        "tricky": e["tricky"],
        "why": e["why"],
    }


def check(e: dict, text: str) -> None:
    p, fmt = e["path"], e["fmt"]
    assert p.endswith(EXT[fmt]), p
    assert e["seed"] in SEEDS, p
    assert e["why"], p
    resolved = []
    for ref, s in e["pins"]:
        assert s in ORDER, (p, s)
        pat = re.escape(ref)
        for n in (64, 40, 32, 12):
            pat = pat.replace(re.escape(f"@@H{n}@@"), f"[0-9a-f]{{{n}}}")
        m = re.search(pat, text)
        assert m, (p, ref)
        resolved.append((m.group(), s))
    e["pins"] = resolved
    if fmt == "yaml":
        yaml.safe_load(text)
    elif fmt == "json":
        json.loads(text)
    elif fmt == "toml":
        tomllib.loads(text)
    else:
        ast.parse(text)
    for m in re.finditer(r"(?<![0-9a-fA-F])[0-9a-f]{30,}(?![0-9a-fA-F])", text):
        assert len(m.group()) in (32, 40, 64), (p, m.group())


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    labels: dict[str, dict] = {}
    mods = sorted(f.stem for f in Path(__file__).parent.glob("d_*.py"))
    for m in mods:
        start = len(ENTRIES)
        mod = importlib.import_module(m)
        mod.define(E)
        for e in ENTRIES[start:]:
            text = _hexes(e["path"], e["text"].lstrip("\n"))
            check(e, text)
            assert e["path"] not in labels, e["path"]
            out = ROOT / "files" / e["path"]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text)
            labels[e["path"]] = label(e, mod.DOMAIN)
    (ROOT / "labels.json").write_text(json.dumps(dict(sorted(labels.items())), indent=1) + "\n")
    v = labels.values()
    full = sum(1 for x in v if x["declares_seed"] is True and x["expected_pin"] in ("strong", "weak"))
    print("files", len(labels), "fully lineaged", full, "tricky", sum(x["tricky"] for x in v))
    for k in ("framework", "format", "expected_seed_status", "expected_pin"):
        print(k, dict(Counter(x[k] for x in v)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
