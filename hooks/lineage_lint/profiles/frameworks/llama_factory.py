"""LLaMA-Factory: training configs whose ``dataset`` names are looked up in ``dataset_info.json``, the
registry itself, and the v1 format's dataset YAMLs (``train_dataset: data/x.yaml``)."""

from __future__ import annotations

from lineage_lint.profiles.context import Context
from lineage_lint.profiles.spec import DatasetKey, Signature, Spec
from lineage_lint.tree import MapNode, Node, ScalarNode, Span

_HUB = ("hf_hub_url", "ms_hub_url", "om_hub_url", "script_url", "cloud_file_name", "file_name")
Found = list[tuple[str, "str | None", "str | None", Span]]


def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) else None


def dataset_info(name: str, span: Span, context: Context, root: Node) -> Found | None:
    """``name`` looked up in ``<dataset_dir>/dataset_info.json`` (``dataset_dir`` defaults to ``data``, from
    the repository root, where LLaMA-Factory is run)."""
    folder = (_text(root.get("dataset_dir")) if isinstance(root, MapNode) else None) or "data"
    path = context.locate(f"{folder}/dataset_info.json", context.loader.root)
    if path in context.registries:
        registry = context.registries[path]
    else:  # once, whatever the number of names (`dataset: a,b,...` may name thousands)
        registry = context.registries[path] = context.read(path, f"{folder}/dataset_info.json", span, optional=True)
    entry = registry.root.get(name) if registry is not None and isinstance(registry.root, MapNode) else None
    if not isinstance(entry, MapNode):
        return None
    for key in _HUB:
        ref = _text(entry.get(key))
        if ref is not None:
            if key in ("file_name", "cloud_file_name") and "://" not in ref:
                ref = f"{folder}/{ref}"
            return [(ref, _text(entry.get("revision")), _text(entry.get("file_sha1")), entry.span)]
    return None


def dataset_file(reference: str, span: Span, context: Context, root: Node) -> Found | None:
    """A v1 dataset YAML (``train_dataset: data/v1_sft_demo.yaml``): every entry's ``path``."""
    if not reference.endswith((".yaml", ".yml")):
        return None
    document = context.read(context.locate(reference, context.loader.root), reference, span)
    if document is None or not isinstance(document.root, MapNode):
        return None
    found: Found = []
    for entry in document.root.entries:
        if isinstance(entry.value, MapNode) and (path := _text(entry.value.get("path"))) is not None:
            found.append((path, _text(entry.value.get("revision")), None, entry.value.span))
    return found or None


REGISTRIES = {"llama-factory": dataset_info, "llama-factory-file": dataset_file}

TRAINING = Spec(
    name="llama-factory",
    framework="LLaMA-Factory",
    signatures=(
        Signature(keys=("stage",), any_keys=("finetuning_type", "template", "dataset")),
        Signature(keys=("template", "model_name_or_path"), any_keys=("dataset", "eval_dataset")),
        Signature(keys=("train_dataset",), any_keys=("model_class", "peft_config", "dist_config")),
    ),
    seed_keys=("seed",),
    search_seeds=False,
    seed_default="LLaMA-Factory (HF Trainer) seeds 42 when `seed` is absent",
    datasets=(
        DatasetKey("dataset", split=",", registry="llama-factory"),
        DatasetKey("eval_dataset", split=",", registry="llama-factory"),
        DatasetKey("train_dataset", registry="llama-factory-file"),
        DatasetKey("eval_dataset", registry="llama-factory-file"),
    ),
    search_datasets=False,
    reads="`seed`; `dataset`/`eval_dataset` names (comma-separated) looked up in `data/dataset_info.json` when "
          "present (`dataset_dir` moves it); v1 `train_dataset` YAMLs",
)

REGISTRY = Spec(
    name="llama-factory-registry",
    framework="LLaMA-Factory dataset registry",
    signatures=(
        Signature(path=r"(?:^|/)dataset_info\.json$", any_keys=tuple(f"*.{key}" for key in _HUB)),
        Signature(any_keys=("*.path",), values=(("*.converter", r"\w"),)),
    ),
    seed_keys=(),
    search_seeds=False,
    seed_default="a dataset registry: the seed belongs in the training config",
    role="dataset-definition",
    datasets=(DatasetKey("*", ref=(*_HUB, "path"), versions=("revision",), digests=("file_sha1",)),),
    search_datasets=False,
    reads="every entry's hub id or file (`revision`, `file_sha1` pin it)",
)

SPECS = (TRAINING, REGISTRY)
