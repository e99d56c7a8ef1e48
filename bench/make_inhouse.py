"""Write the in-house development set: ``bench/inhouse/files/<team>/<path>`` and ``bench/inhouse/labels.json``.

Generated files come from :mod:`inhouse_configs` (deterministic: the same seed writes the same files); the
hand-written ones live in ``bench/inhouse/files/handwritten/`` with their labels in
``bench/inhouse/handwritten.json`` and are merged into ``labels.json`` as they are. Labels use the
vocabulary of ``shared/corpus/labels.json``, so ``bench/bench_corpus.py --corpus bench/inhouse`` (or
``bench/bench_inhouse.py``) measures agreement on it.

    python bench/make_inhouse.py            # rewrite the generated part (24 files per domain)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inhouse_configs import DOMAINS, EXTENSIONS, FORMATS, build, render  # noqa: E402

NAMES = ("train", "train_{word}", "configs/{word}_baseline", "experiments/exp_{n:03d}", "config",
         "configs/train/{word}", "jobs/{word}_v{n}", "{word}_training", "conf/{word}", "run_{word}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-domain", type=int, default=24)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--out", default=str(HERE / "inhouse"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    rng = random.Random(args.seed)
    generated = out / "files"
    for team in generated.glob("team-*"):
        shutil.rmtree(team)
    labels = []
    for domain in DOMAINS:
        used: set[str] = set()
        for index in range(args.per_domain):
            fmt = FORMATS[(index + DOMAINS.index(domain)) % len(FORMATS)]
            config = build(rng, domain, fmt)
            while True:
                word = rng.choice(["baseline", "large", "small", "prod", "ablation", "sweep", domain, "v2", "finetune"])
                stem = rng.choice(NAMES).format(word=word, n=index)
                path = stem + EXTENSIONS[fmt]
                if path not in used:
                    used.add(path)
                    break
            team = f"team-{domain}"
            target = generated / team / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(config), encoding="utf-8")
            labels.append({"framework": domain, "repo": team, "path": path, "format": fmt, "role": "entrypoint",
                           "declares_seed": config.seed_label, "dataset_pinned": config.pin_label,
                           "pins": config.pins, "notes": config.notes, "file": f"{team}/{path}"})
    hand = out / "handwritten.json"
    if hand.is_file():
        labels.extend(json.loads(hand.read_text(encoding="utf-8")))
    (out / "labels.json").write_text(json.dumps({"count": len(labels), "files": labels}, indent=1) + "\n",
                                     encoding="utf-8")
    print(f"wrote {len(labels)} labelled configs under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
