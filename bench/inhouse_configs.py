"""In-house-style training configs, written from parts, with the label a careful reader would give each.

The configs most teams write are their own YAML/JSON/TOML/Python files for their own training code: no
framework signature, only the generic reading sees them. This module builds such files from parts that
vary independently (the domain, the file format, where and how the seed is set, where and how the dataset
is named and versioned, and the usual model/optimizer/trainer/loader/augmentation/logging sections, which
hold the things that are *not* datasets: feature lists, augmentations, tokenizer and model names, output
and checkpoint paths, tracking URIs, environment ids). Each part carries its own label, so each file's
label follows from its parts (labels use the vocabulary of ``shared/corpus/labels.json``).

``bench/make_inhouse.py`` writes the development set ``bench/inhouse/`` from it; ``bench/bench_precision.py``
draws valid configs (a declared seed, one pinned dataset) from the same parts.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

DOMAINS = ("tabular", "nlp", "vision", "forecasting", "rl", "recsys", "speech")
FORMATS = ("yaml", "json", "toml", "python")
EXTENSIONS = {"yaml": ".yaml", "json": ".json", "toml": ".toml", "python": ".py"}
PIN_LABEL = {"strong": "true", "weak": "partial", "floating": "false", "none": "false"}
PIN_RANK = ("none", "floating", "weak", "strong")

HEX = "0123456789abcdef"


@dataclass
class Config:
    """A config's content (a nested dict, in writing order) and its expected verdicts."""

    domain: str
    fmt: str
    body: dict[str, Any]
    seed_label: str  # true / false
    pins: list[str] = field(default_factory=list)  # one pin per dataset: strong / weak / floating / none
    notes: list[str] = field(default_factory=list)

    @property
    def pin_label(self) -> str:
        if not self.pins:
            return "unknown"
        return PIN_LABEL[min(self.pins, key=PIN_RANK.index)]


# --- values ----------------------------------------------------------------------------------------


def commit(rng: random.Random) -> str:
    return "".join(rng.choice(HEX) for _ in range(40))


def sha256(rng: random.Random) -> str:
    return "".join(rng.choice(HEX) for _ in range(64))


def version_value(rng: random.Random, pin: str, *, digest: bool = False) -> Any:
    """A version (or digest) value of the given strength."""
    if pin == "strong":
        return sha256(rng) if digest else commit(rng)
    if pin == "weak":
        return rng.choice(["v3", "v12", "2024.05", "1.4.0", "2.0", "2024-05-01", "release-7", "v2.1.0", 4])
    if pin == "floating":
        return rng.choice(["latest", "main", "master", "head", "*", ">=1.0"])
    raise ValueError(pin)


BUCKETS = ("acme-ml", "team-data", "ml-prod", "research-lake", "corp-features")
WORDS = {
    "tabular": ("churn", "credit_risk", "fraud", "loan_default", "claims", "pricing"),
    "nlp": ("support_tickets", "intent", "reviews", "qa_pairs", "contracts", "chat_logs"),
    "vision": ("shelf_images", "defects", "xrays", "receipts", "street_scenes", "plants"),
    "forecasting": ("store_sales", "energy_load", "demand", "traffic", "inventory", "call_volume"),
    "rl": ("replay", "demonstrations", "offline_episodes", "expert_trajectories", "rollouts", "logged_policy"),
    "recsys": ("clicks", "sessions", "interactions", "purchases", "impressions", "ratings"),
    "speech": ("call_audio", "dictation", "voice_commands", "podcasts", "meetings", "read_speech"),
}
SUFFIX = {"tabular": ".parquet", "nlp": ".jsonl", "vision": "", "forecasting": ".csv", "rl": ".h5",
          "recsys": ".parquet", "speech": ""}


def data_uri(rng: random.Random, domain: str, split: str = "train") -> str:
    word = rng.choice(WORDS[domain])
    suffix = SUFFIX[domain]
    style = rng.randrange(5)
    if style == 0:
        return f"s3://{rng.choice(BUCKETS)}/datasets/{word}/{split}{suffix}"
    if style == 1:
        return f"gs://{rng.choice(BUCKETS)}/{word}/{split}{suffix}"
    if style == 2:
        return f"/mnt/data/{word}/{split}{suffix}"
    if style == 3:
        return f"data/processed/{word}/{split}{suffix}"
    return f"abfss://lake@{rng.choice(BUCKETS).replace('-', '')}.dfs.core.windows.net/{word}/{split}{suffix}"


def hub_id(rng: random.Random, domain: str) -> str:
    return f"{rng.choice(['acme', 'our-org', 'ml-team', 'research'])}/{rng.choice(WORDS[domain]).replace('_', '-')}"


def table_name(rng: random.Random, domain: str) -> str:
    return f"{rng.choice(['analytics', 'warehouse', 'feature_store', 'prod'])}.{rng.choice(WORDS[domain])}_daily"


# --- dataset parts: each returns (fragment to merge at the top, pins, note) ------------------------


def _split_paths(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    section = rng.choice(["data", "dataset", "data_config", "input_data"])
    body: dict[str, Any] = {"train_path": data_uri(rng, domain), "val_path": data_uri(rng, domain, "val")}
    if pin != "none":
        key = rng.choice(["version", "revision", "sha256"]) if pin == "strong" else rng.choice(["version", "revision"])
        body[key] = version_value(rng, pin, digest=key == "sha256")
    return {section: body}, [pin], f"{section}.train_path/val_path"


def _name_and_version(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    name = rng.choice(["dataset", "train_data", "training_data", "dataset_name", "train_set", "source_data"])
    value = rng.choice([data_uri(rng, domain), hub_id(rng, domain), table_name(rng, domain)])
    body: dict[str, Any] = {name: value}
    if pin != "none":
        suffix = rng.choice(["_sha256", "_digest"]) if pin == "strong" and rng.random() < 0.5 else \
            rng.choice(["_version", "_revision", "_snapshot"]) if pin != "strong" else "_commit"
        if suffix == "_snapshot" and pin == "weak":
            body[f"{name}{suffix}"] = rng.choice(["2024-05-01", "2025-01-31", "snap-0412"])
        else:
            body[f"{name}{suffix}"] = version_value(rng, pin, digest=suffix in ("_sha256", "_digest"))
    if rng.random() < 0.5:
        return {rng.choice(["data", "inputs", "io"]): body}, [pin], f"{name} + sibling version"
    return body, [pin], f"{name} + sibling version"


def _named_section(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    section = rng.choice(["corpus", "inputs", "source", "training_corpus", "dataset"])
    ref_key = rng.choice(["path", "uri", "location", "root", "table", "url"])
    value = table_name(rng, domain) if ref_key == "table" else data_uri(rng, domain)
    body: dict[str, Any] = {ref_key: value}
    if pin != "none":
        key = rng.choice(["revision", "commit"]) if pin == "strong" else rng.choice(["version", "snapshot", "tag"])
        body[key] = version_value(rng, pin)
    body["format"] = rng.choice(["parquet", "jsonl", "csv", "tfrecord"])
    return {section: body}, [pin], f"{section}.{ref_key}"


def _sources_list(rng: random.Random, domain: str, pins: list[str]) -> tuple[dict[str, Any], list[str], str]:
    section = rng.choice(["sources", "datasets", "inputs", "data_sources"])
    items = []
    for index, pin in enumerate(pins):
        item: dict[str, Any] = {"name": f"{rng.choice(WORDS[domain])}_{'abc'[index]}",
                                "uri": data_uri(rng, domain), "weight": round(rng.random(), 2)}
        if pin != "none":
            key = "revision" if pin == "strong" else "version"
            item[key] = version_value(rng, pin)
        items.append(item)
    return {section: items}, pins, f"{section}[]"


def _splits(rng: random.Random, domain: str, pins: list[str]) -> tuple[dict[str, Any], list[str], str]:
    body: dict[str, Any] = {}
    pins = pins[:2]
    for split, pin in zip(("train", "eval"), pins, strict=False):
        item: dict[str, Any] = {rng.choice(["uri", "path", "source"]): data_uri(rng, domain, split)}
        if pin != "none":
            item["version" if pin != "strong" else "commit"] = version_value(rng, pin)
        item["shuffle"] = split == "train"
        body[split] = item
    return body, pins, "train/eval sections"


def _tasks(rng: random.Random, domain: str, pins: list[str]) -> tuple[dict[str, Any], list[str], str]:
    tasks = []
    for index, pin in enumerate(pins):
        data: dict[str, Any] = {"path": data_uri(rng, domain)}
        if pin != "none":
            data["version"] = version_value(rng, pin)
        tasks.append({"name": f"task_{index}", "loss_weight": 1.0, "data": data})
    return {"tasks": tasks}, pins, "tasks[].data"


def _domain_keys(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    """Keys a domain names its data by: ``images``, ``edges``, ``sessions``, ``train_uri``, ``train_root``."""
    key = {"vision": "images", "recsys": "sessions", "speech": "audio_root", "nlp": "train_uri",
           "tabular": "train_table", "forecasting": "series", "rl": "train_root"}[domain]
    if domain == "recsys" and rng.random() < 0.5:
        key = "edges"
    value = table_name(rng, domain) if key == "train_table" else data_uri(rng, domain)
    body: dict[str, Any] = {key: value}
    if pin != "none":
        body[rng.choice([f"{key}_version", "version"])] = version_value(rng, pin)
    body["num_workers"] = rng.choice([2, 4, 8])
    return {"data": body}, [pin], f"data.{key}"


def _hub(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    body: dict[str, Any] = {rng.choice(["repo_id", "name", "hf_path"]): hub_id(rng, domain),
                            "split": "train"}
    if pin != "none":
        body["revision"] = version_value(rng, pin)
    return {"dataset": body}, [pin], "dataset hub id"


def _data_root(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    body: dict[str, Any] = {"root": data_uri(rng, domain).rsplit("/", 1)[0]}
    if pin != "none":
        body["version"] = version_value(rng, pin)
    body["batch_size"] = rng.choice([32, 64, 128])
    return {"data": body}, [pin], "data.root + version"


SINGLE_PARTS = (_split_paths, _name_and_version, _named_section, _domain_keys, _hub, _data_root)
MULTI_PARTS = (_sources_list, _splits, _tasks)


def constants_part(rng: random.Random, domain: str, pin: str) -> tuple[dict[str, Any], list[str], str]:
    """Module-level constants of a Python config: ``TRAIN_SET`` + ``TRAIN_SET_VERSION``, ``DATA_DIR``."""
    name = rng.choice(["TRAIN_SET", "DATA_DIR", "TRAIN_DATA", "DATASET"])
    body: dict[str, Any] = {name: data_uri(rng, domain)}
    if pin != "none":
        body[f"{name}_{rng.choice(['VERSION', 'REVISION']) if pin != 'strong' else 'SHA256'}"] = \
            version_value(rng, pin, digest=pin == "strong")
    return body, [pin], f"{name} constant"


# --- seed parts ------------------------------------------------------------------------------------


def seed_part(rng: random.Random, kind: str, domain: str) -> tuple[dict[str, Any], str, str]:
    """(fragment, label, note) for a seed of ``kind``."""
    value = rng.choice([0, 1, 7, 42, 1234, 2024, 31337])
    if kind == "top":
        return {rng.choice(["seed", "random_seed", "global_seed"]): value}, "true", "top-level seed"
    if kind == "string":
        return {"seed": str(value)}, "true", "seed given as a string of digits"
    if kind == "section":
        section = rng.choice(["training", "experiment", "run", "reproducibility", "debug", "runtime", "misc"])
        return {section: {"seed": value, "deterministic": True}}, "true", f"{section}.seed"
    if kind == "null":
        return {"seed": None}, "false", "seed: null draws a random seed"
    if kind == "component":
        if domain == "rl":
            return {"env": {"id": "CartPole-v1", "seed": value, "num_envs": 8}}, "false", \
                "only a component seed (env.seed)"
        return {"sampler": {"type": "weighted", "seed": value}}, "false", "only a component seed (sampler.seed)"
    return {}, "false", "no seed"


SEED_KINDS = ("top", "top", "top", "section", "section", "string", "null", "none", "component")

# --- the sections around them (holding what is not a dataset) -------------------------------------


def model_section(rng: random.Random, domain: str) -> dict[str, Any]:
    if domain == "tabular":
        return {"model": {"type": rng.choice(["lightgbm", "xgboost", "catboost"]), "num_leaves": 63,
                          "max_depth": rng.choice([6, 8, -1])}}
    if domain == "nlp":
        return {"model": {"name": rng.choice(["bert-base-uncased", "roberta-large", "distilbert-base-cased"]),
                          "revision": "main", "dropout": 0.1},
                "tokenizer": {"name": "bert-base-uncased", "max_length": 256}}
    if domain == "vision":
        return {"model": {"arch": rng.choice(["resnet50", "efficientnet_b3", "vit_b_16"]), "pretrained": "imagenet",
                          "num_classes": rng.choice([10, 21, 100])}}
    if domain == "forecasting":
        return {"model": {"name": rng.choice(["tft", "nbeats", "deepar"]), "hidden_size": 128, "horizon": 28,
                          "lookback": 90}}
    if domain == "rl":
        return {"policy": {"type": "ppo", "hidden_sizes": [256, 256], "gamma": 0.99},
                "env_id": rng.choice(["CartPole-v1", "LunarLander-v2", "HalfCheetah-v4"])}
    if domain == "recsys":
        return {"model": {"name": rng.choice(["two_tower", "dlrm", "sasrec"]), "embedding_dim": 64},
                "top_k": rng.choice([10, 20, 50])}
    return {"model": {"name": rng.choice(["conformer", "whisper-small", "wav2vec2-base"]),
                      "model_revision": "main", "sample_rate": 16000}}


def extras(rng: random.Random, domain: str) -> dict[str, Any]:
    """Lists of named components and non-input paths that sit beside (or inside) data sections."""
    found: dict[str, Any] = {}
    if domain == "tabular":
        found["features"] = rng.sample(["age", "tenure", "balance", "region", "plan", "num_calls"], 4)
        found["categorical_columns"] = ["region", "plan"]
        found["target"] = "label"
    elif domain == "vision":
        found["augmentations"] = [{"name": "random_resized_crop", "size": 224}, {"name": "mixup", "alpha": 0.2},
                                  {"name": "color_jitter", "p": 0.5}]
        found["transforms"] = ["resize", "normalize"]
    elif domain == "nlp":
        found["collator"] = {"name": "padding", "pad_to_multiple_of": 8}
    elif domain == "speech":
        found["augmentations"] = [{"name": "spec_augment"}, {"name": "speed_perturb", "factors": [0.9, 1.0, 1.1]}]
        found["features"] = {"type": "fbank", "num_mel_bins": 80}
    elif domain == "forecasting":
        found["columns"] = {"time": "date", "target": "sales", "group": ["store_id", "item_id"]}
    elif domain == "recsys":
        found["features"] = [{"name": "user_id", "type": "categorical"}, {"name": "item_id", "type": "categorical"}]
    return found


def training_sections(rng: random.Random, domain: str, trap_keys: bool) -> dict[str, Any]:
    lr = rng.choice([1e-3, 3e-4, 5e-5, 0.01])
    found: dict[str, Any] = {
        "optimizer": {"name": rng.choice(["adamw", "sgd", "adam"]), "lr": lr, "weight_decay": 0.01},
        "scheduler": {"name": rng.choice(["cosine", "linear", "step"]), "warmup_steps": rng.choice([0, 100, 500])},
        "trainer": {"epochs": rng.choice([3, 10, 30, 100]), "batch_size": rng.choice([16, 32, 256]),
                    "precision": rng.choice(["bf16", "fp32"]), "gradient_clip": 1.0},
        "loader": {"num_workers": rng.choice([2, 4, 8]), "pin_memory": True, "shuffle": True},
        "loss": rng.choice(["cross_entropy", "focal", "mse", "bce"]),
        "metrics": rng.sample(["accuracy", "f1", "auc", "rmse", "mape", "ndcg@10", "wer"], 2),
        "callbacks": [{"name": "early_stopping", "patience": 5}, {"name": "lr_monitor"}],
        "logging": {"tracking_uri": rng.choice(["http://mlflow.internal:5000", "file:./mlruns", "databricks"]),
                    "experiment_name": f"{domain}-baseline", "log_every_n_steps": 50},
        "output_dir": rng.choice(["outputs/run", "/checkpoints/latest/", "s3://acme-ml/models/latest/"]),
        "checkpoint": {"dir": rng.choice(["/ckpt/latest", "checkpoints/"]), "save_every": 1000},
        "cache_dir": "/tmp/cache",
    }
    keys = list(found)
    rng.shuffle(keys)
    keep = keys[: rng.randint(6, len(keys))]
    for must in ("optimizer", "trainer"):
        if must not in keep:
            keep.append(must)
    chosen = {key: found[key] for key in keys if key in keep}
    if trap_keys:  # keys that belong to launchers, CI or inference configs, in a config that trains
        trap = rng.choice(["wall_clock_breakdown", "jobs", "top_k", "max_new_tokens", "num_beams"])
        chosen[trap] = {"wall_clock_breakdown": False, "jobs": 4, "top_k": 5, "max_new_tokens": 64,
                        "num_beams": 4}[trap]
        if trap == "jobs":
            chosen["name"] = f"{domain}-nightly"
    return chosen


def build(rng: random.Random, domain: str, fmt: str, *, seed_kind: str | None = None,
          pin: str | None = None, valid: bool = False) -> Config:
    """One config. ``valid``: a declared seed and exactly one dataset pinned weak or strong."""
    seed_kind = seed_kind or ("top" if valid else rng.choice(SEED_KINDS))
    if valid and seed_kind not in ("top", "section", "string"):
        raise ValueError(seed_kind)
    notes: list[str] = []
    seed_fragment, seed_label, seed_note = seed_part(rng, seed_kind, domain)
    notes.append(seed_note)
    roll = rng.random()
    chosen_pin = pin or (rng.choice(["strong", "weak"]) if valid else
                         rng.choice(["strong", "strong", "weak", "weak", "floating", "none"]))
    if fmt == "python" and rng.random() < 0.5:
        data_fragment, pins, data_note = constants_part(rng, domain, chosen_pin)
        seed_fragment = {key.upper(): value for key, value in seed_fragment.items()} \
            if seed_kind in ("top", "string", "null") else seed_fragment
    elif valid or roll < 0.65:
        data_fragment, pins, data_note = rng.choice(SINGLE_PARTS)(rng, domain, chosen_pin)
    elif roll < 0.92:
        count = rng.choice([2, 2, 3])
        multi = [chosen_pin] + [rng.choice(["strong", "weak", chosen_pin]) for _ in range(count - 1)]
        data_fragment, pins, data_note = rng.choice(MULTI_PARTS)(rng, domain, multi)
    else:
        placeholder = rng.choice(["???", None, "${oc.env:DATA_PATH}", ""])
        data_fragment, pins, data_note = {"data": {"path": placeholder, "batch_size": 64}}, [], "placeholder path"
        if placeholder is None or fmt == "toml":
            data_fragment = {"data": {"batch_size": 64, "num_workers": 4}}
            data_note = "no dataset named"
    notes.append(data_note)
    body: dict[str, Any] = {}
    head = rng.random() < 0.5
    if head:
        body.update(seed_fragment)
    body.update(model_section(rng, domain))
    extra = extras(rng, domain)
    data_key = next((k for k in ("data", "dataset", "data_config", "input_data") if k in data_fragment), None)
    if data_key and isinstance(data_fragment[data_key], dict) and rng.random() < 0.6:
        data_fragment[data_key].update(extra)  # the named components sit inside the data section
    else:
        body.update(extra)
    body.update(data_fragment)
    body.update(training_sections(rng, domain, trap_keys=not valid and rng.random() < 0.2))
    for key, value in seed_fragment.items():
        if key in body and isinstance(body[key], dict) and isinstance(value, dict):
            body[key].update(value)
        elif not head:
            body[key] = value
    if fmt == "python" and any(key.isupper() for key in data_fragment):
        body = {key.upper() if not isinstance(value, dict) else key: value for key, value in body.items()}
    return Config(domain, fmt, body, seed_label, pins, notes)


# --- writing ---------------------------------------------------------------------------------------


def render(config: Config) -> str:
    if config.fmt == "yaml":
        import yaml

        return "# training config\n" + yaml.safe_dump(config.body, sort_keys=False, default_flow_style=False)
    if config.fmt == "json":
        return json.dumps(config.body, indent=2) + "\n"
    if config.fmt == "toml":
        return _toml(config.body)
    return _python(config.body)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value if item is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None) + "}"
    raise TypeError(value)


def _toml(body: dict[str, Any], prefix: str = "") -> str:
    lines: list[str] = []
    tables: list[tuple[str, Any]] = []
    for key, value in body.items():
        if value is None:
            continue
        if isinstance(value, dict) or (isinstance(value, list) and value
                                       and all(isinstance(item, dict) for item in value)):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in tables:
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            lines.append(f"\n[{name}]")
            inner = _toml(value, f"{name}.").strip("\n")
            if inner:
                lines.append(inner)
        else:
            for item in value:
                lines.append(f"\n[[{name}]]")
                lines.extend(f"{k} = {_toml_value(v)}" for k, v in item.items() if v is not None)
    return "\n".join(lines).lstrip("\n") + "\n"


def _python(body: dict[str, Any]) -> str:
    lines = ['"""Training configuration."""', ""]
    for key, value in body.items():
        lines.append(f"{key} = {value!r}")
    return "\n".join(lines) + "\n"
