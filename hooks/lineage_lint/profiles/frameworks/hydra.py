"""Hydra / OmegaConf configs, including the lightning-hydra-template layout (``train.yaml`` with a defaults
list, experiment overlays under ``experiment/``)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="hydra",
    framework="Hydra / OmegaConf",
    signatures=(
        Signature(keys=("defaults",), text=r"^\s*-\s+(?:_self_\b|override\s|optional\s|/?[\w./-]+(?:@[\w.]+)?\s*:)"),
        Signature(text=r"^#\s*@package\s+\S", formats=("yaml",)),
    ),
    composition=("hydra",),
    seed_keys=("seed", "training.seed", "train.seed", "experiment.seed"),
    datasets=(
        DatasetKey("data", ref=("data_dir", "data_path", "path", "root", "dataset_path", "data_root", "repo_id",
                                "dataset_name", "_target_"), versions=("revision", "version")),
        DatasetKey("datamodule", ref=("data_dir", "data_path", "path", "root", "dataset_path", "data_root",
                                      "_target_"), versions=("revision", "version")),
    ),
    reads="follows the defaults list (groups, `_self_`, `override`, `optional`, `null`, `@package`) and, for an "
          "experiment overlay, the primary config that lists its group; `${...}` interpolation on the result",
)
