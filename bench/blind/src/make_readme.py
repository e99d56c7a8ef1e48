"""Write ../README.md from ../labels.json (counts are computed, the rules text is fixed)."""
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
L = json.loads((ROOT / "labels.json").read_text())
V = list(L.values())
SEEDS = ["declared", "random", "env", "missing", "unresolved"]
PINS = ["strong", "weak", "floating", "none", "no-reference"]


def table(key, order=None):
    c = Counter(v[key] for v in V)
    keys = order or sorted(c)
    return "| " + key + " | files |\n|---|---|\n" + "".join(f"| {k} | {c[k]} |\n" for k in keys)


full = [k for k, v in L.items() if v["declares_seed"] is True and v["expected_pin"] in ("strong", "weak")]
cross = "| seed \\ pin | " + " | ".join(PINS) + " | total |\n|---" * 1 + "|---" * (len(PINS) + 1) + "|\n"
for s in SEEDS:
    row = [sum(1 for v in V if v["expected_seed_status"] == s and v["expected_pin"] == p) for p in PINS]
    cross += f"| {s} | " + " | ".join(map(str, row)) + f" | {sum(row)} |\n"
dom = Counter((v["framework"], v["format"]) for v in V)
fw = sorted({v["framework"] for v in V})
fmt = ["yaml", "json", "toml", "python"]
dtab = "| domain | " + " | ".join(fmt) + " | total | fully lineaged |\n|---" + "|---" * (len(fmt) + 2) + "|\n"
for f in fw:
    n = sum(dom[(f, x)] for x in fmt)
    fl = sum(1 for k in full if L[k]["framework"] == f)
    dtab += f"| {f} | " + " | ".join(str(dom[(f, x)]) for x in fmt) + f" | {n} | {fl} |\n"
tricky = "".join(f"- `{k}`: {v['why'][len('TRICKY'):].lstrip(' :') if v['why'].startswith('TRICKY') else v['why']}\n"
                 for k, v in L.items() if v["tricky"])

text = f"""# Blind in-house evaluation set for lineage-lint

{len(L)} training configs written blind (without reading lineage-lint's code) in the style teams use for
their own training code: no Hydra defaults lists, LightningCLI `class_path`, HF TrainingArguments dumps or
MMEngine `_base_`. Files live in `files/<team>/<file>`; labels in `labels.json`, keyed by the path
relative to `files/`. Everything is invented (`acme` buckets, tables, hub ids); hashes are random hex of the
right length (32 md5, 40 git commit, 64 sha256 / lakeFS commit).

- {len(full)} files ({100 * len(full) / len(L):.0f}%) are fully lineaged: a concrete integer run seed and every
  dataset pinned strong or weak (the default policy passes them).
- {sum(v['tricky'] for v in V)} files are marked `"tricky": true` (listed below): crafted to slip through a naive checker or to
  trigger a naive false alarm.
- All files parse (PyYAML safe_load, json, tomllib, ast.parse); no Python file needs executing to know a
  value, though a few need a module-constant lookup (`seed=SEED`), a YAML merge key, or the meaning of a
  call (`random.randint`, `os.environ[...]`) to be read.

## Counts

{dtab}
{table("expected_seed_status", SEEDS)}
{table("expected_pin", PINS)}
Seed status x dataset pin:

{cross}
## Label fields

`framework` (the domain: {", ".join(fw)}), `format`, `declares_seed`, `dataset_pinned`,
`expected_seed_status`, `expected_pin`, `datasets` (the data references as written in the file),
`dataset_pins` (the pin strength I gave each reference; not asked for, kept to explain the verdict),
`tricky`, `why`.

`declares_seed` and `dataset_pinned` are derived from `expected_seed_status` and `expected_pin` by the
corpus README's mapping, so they cannot disagree:

| expected_seed_status | declares_seed |   | expected_pin | dataset_pinned |
|---|---|---|---|---|
| declared | true | | strong | true |
| random, env, missing | false | | weak | "partial" |
| unresolved | "unknown" | | floating, none | false |
| | | | no-reference | "unknown" |

`expected_pin` is the weakest pin among the file's dataset references (strong < weak < floating < none).

## Labelling rules

Run seed:

- `declared`: a concrete integer run seed in the file, including `0`, a quoted integer (`"42"`), a seed
  nested in a run-level section (`run:`, `experiment:`, `training:`, `trainer:`, `reproducibility:`,
  `[debug]`), and a Python `seed=SEED` that names a module constant holding an integer.
- `random`: `null` / `~` / `None`, `-1`, `true`, `"random"`, `"randomized"`, or a value drawn at import
  (`random.randint(...)`).
- `env`: taken from the environment: `${{oc.env:SEED}}`, `${{env:RUN_SEED}}`, `${{SEED}}`, `"$SEED"`-style
  strings, `os.environ[...]`.
- `missing`: no run seed. Component seeds do not count: an env's seed, a sampler's / negative sampler's
  seed, a split's `random_state`, an augmentation seed, `worker_init_seed`, a domain-randomisation seed
  when nothing else is the run seed; nor do `deterministic: true`, `seed_node_type`, `num_seed_nodes`,
  `seed_labels`, `seed_lot`, `seeds_per_plot`, `crop: rapeseed`.
- `unresolved`: the file has no seed and composes an absent base (`extends:`, `base_config:`). For these
  two files the pin label covers only the datasets written in the file itself.

Dataset pins (following the corpus README: true = content hash or commit, partial = weak pins only):

- `strong`: sha256 / md5 (also `sha256:` digests, DVC `md5: ....dir`), a full 40-hex git commit (HF
  `revision`, DVC `rev`, `data_version`, an `@<commit>` inside an `hf://` URL), a 64-hex lakeFS commit
  id in a `lakefs://repo/<commit>/path` URL. A checksum may sit in a sibling key or a sibling
  `checksums:` map keyed by the dataset's name.
- `weak`: an explicit version that is not a content address: a tag or version number (`revision: v1.4`,
  DVC `rev: v2.3.0`, `version: 4`, `release: 7`, W&B `:v12`, Azure ML `azureml:name:7`, Roboflow
  `version: 6`, feature service version), a version or date in the path (`/v3/`, `/v2024.1/`,
  `/2024-05-01/`, `dt=2024-06-01/`), warehouse time travel (BigQuery `table@<epoch ms>`, Snowflake
  `at_timestamp` or `AT(TIMESTAMP => ...)` in SQL, Delta `version_as_of` / `timestamp_as_of`), an S3
  `?versionId=`, a `data_version`/`*_VERSION` sibling holding a tag or date, a version in the dataset id
  (Minari `medium-v0`). I judged S3 versionIds and snapshot timestamps weak rather than strong: they are
  explicit versions, not content hashes or commits. A glob or shard brace range inside a versioned
  folder or commit-pinned URL keeps that folder's pin.
- `floating`: `latest`, `main`, `master`, `HEAD`, `refs/heads/main`, `v1-latest`, `nightly`, `stable`,
  `current/`, `/latest/`, `:latest`, a version range (`">=3"`), a lakeFS branch.
- `none`: referenced with no version at all (local paths, bare bucket prefixes, bare tables, hub ids
  without revision, globs of files), and a version filled from the environment
  (`version: ${{oc.env:DATA_VERSION}}`, `os.environ["DATA_VERSION"]`), since the file pins nothing.
  A version only in a comment is no pin.
- `no-reference`: the file names no dataset, or only a placeholder (`???`, `<fill me>`, `TODO...`).
- Not datasets (noise): model names and revisions (`model_revision: main`, teacher/student revisions,
  `pretrained: imagenet`, model `version:`), tokenizers, checkpoints / output / save dirs (also under
  `/latest/`), registry aliases, tracking URIs, docker images (also `@sha256:` digests), code versions and
  git commits of code, config-schema `version:` keys, RL env ids (`CartPole-v1`), feature / column /
  label / metric / augmentation / callback lists, evaluation benchmark names.
- Validation / test splits count as datasets; every file gives them the same pin class as the training
  data, so the verdict does not depend on whether a checker includes them.

## Tricky files

{tricky}
## How it was made

`src/build.py` plus `src/d_*.py` (one module per domain) write every file and derive `labels.json` from
one statement per file (seed status + pin per reference); the build checks that each file parses, that
each listed reference occurs in the file, and that long hex strings have a hash's length. Re-run with
`python3 src/build.py && python3 src/make_readme.py` (deterministic).
"""
(ROOT / "README.md").write_text(text)
