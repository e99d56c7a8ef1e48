"""detectron2: YAML configs (upper-case keys, ``_BASE_`` chains) and LazyConfig Python files."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="detectron2",
    framework="detectron2",
    signatures=(
        Signature(any_keys=("_BASE_", "MODEL.META_ARCHITECTURE", "SOLVER.BASE_LR", "DATASETS.TRAIN",
                            "INPUT.MIN_SIZE_TRAIN")),
        # LazyConfig: detectron2 imports, or relative imports of the names a LazyConfig defines (a chain of
        # configs each importing the one before: `from .mask_rcnn_vitdet_b_100ep import (dataloader, ...)`)
        Signature(formats=("python",), text=r"^from detectron2(?:\.| import )|\bLazyCall\b|\bmodel_zoo\.get_config\("
                                            r"|^from \.+common[\w.]* import"
                                            r"|^from \.[\w.]* import \(?[\s\w,]*\b(?:dataloader|lr_multiplier)\b"),
        # LazyConfig's training section on its own (`configs/common/train.py`): the shape of `train`
        Signature(formats=("python",), keys=("train.max_iter", "train.init_checkpoint")),
    ),
    composition=("python-imports", "bases"),
    # `lazyconfig_train_net.py` reads `cfg.train` and `cfg.dataloader`: a LazyConfig without both (a data-loader
    # module, a model, a schedule) is imported by run configs, not launched.
    run_names=("train", "dataloader"),
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
