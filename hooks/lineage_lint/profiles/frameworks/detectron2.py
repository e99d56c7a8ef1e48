"""detectron2: YAML configs (upper-case keys, ``_BASE_`` chains) and LazyConfig Python files."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="detectron2",
    framework="detectron2",
    signatures=(
        Signature(any_keys=("_BASE_", "MODEL.META_ARCHITECTURE", "SOLVER.BASE_LR", "DATASETS.TRAIN",
                            "INPUT.MIN_SIZE_TRAIN")),
        Signature(formats=("python",), text=r"^from detectron2\.|\bLazyCall\b|^from \.+common[\w.]* import"),
    ),
    composition=("python-imports", "bases"),
    seed_keys=("SEED", "train.seed"),
    search_seeds=False,
    seed_default="detectron2 draws a random seed when `SEED` is absent (-1)",
    datasets=(
        DatasetKey("DATASETS.TRAIN", split=","), DatasetKey("DATASETS.TEST", split=","),
        DatasetKey("dataloader.train.dataset", ref=("names",)), DatasetKey("dataloader.test.dataset", ref=("names",)),
    ),
    search_datasets=False,
    reads="`_BASE_` chains; `SEED` (LazyConfig: `train.seed`, also through relative imports); `DATASETS.TRAIN`/"
          "`TEST` (registered names: a release in the name is a weak pin); LazyConfig `dataloader.*.dataset.names`",
)
