"""MMEngine / OpenMMLab configs (Python read as a syntax tree, or YAML): ``_base_`` lists, ``with read_base()``
imports, ``randomness``."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_REF = ("data_root", "ann_file", "data_prefix")

SPEC = Spec(
    name="mmengine",
    framework="MMEngine / OpenMMLab",
    signatures=(
        Signature(any_keys=("_base_", "default_scope", "randomness", "env_cfg", "train_dataloader", "default_hooks",
                            "train_cfg", "optim_wrapper")),
        Signature(text=r"^\s*with read_base\(\):", formats=("python",)),
    ),
    composition=("python-imports", "bases"),
    seed_keys=("randomness.seed",),
    search_seeds=False,
    seed_default="MMEngine draws a random seed when `randomness.seed` is absent",
    datasets=tuple(
        DatasetKey(path, ref=_REF, versions=("version", "revision", "dataset_version"),
                   digests=("md5", "sha256", "checksum"), qualifiers=("ann_file", "data_prefix", "split"))
        for path in ("train_dataloader.dataset", "train_dataloader.dataset.dataset",
                     "train_dataloader.dataset.datasets[]", "val_dataloader.dataset", "test_dataloader.dataset",
                     "val_dataloader.dataset.datasets[]")
    ),
    search_datasets=False,
    reads="`_base_` (string or list) and `with read_base():` imports, merged in order; `randomness.seed` (also set "
          "by `randomness.update(seed=...)`); `*_dataloader.dataset` `data_root`/`ann_file`",
)
