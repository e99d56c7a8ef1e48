"""NVIDIA NeMo (Hydra configs with ``trainer``, ``exp_manager`` and ``model`` sections)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_DS = ("train_ds", "validation_ds", "test_ds")

SPEC = Spec(
    name="nemo",
    framework="NVIDIA NeMo",
    signatures=(Signature(keys=("exp_manager",)),
                # model.train_ds, or (speechlm, NeMo 2 recipes) a top-level `data` section with the splits
                Signature(keys=("model", "trainer", "name"),
                          any_keys=tuple(f"{section}.{d}" for section in ("model", "data") for d in _DS))),
    composition=("hydra",),
    seed_keys=("seed", "model.seed", "exp_manager.seed"),
    seed_default="NeMo leaves the seed to Lightning, which draws a random one when none is set",
    datasets=(
        # the split's fields, or those of its `dataset` (TTS: `train_ds.dataset.manifest_filepath`)
        *(DatasetKey(f"{section}.{d}", ref=("manifest_filepath", "file_names", "file_path", "data_path", "dataset_path",
                                            "shar_path", "dataset.manifest_filepath"), versions=("revision", "version"))
          for section in ("model", "data") for d in _DS),
        DatasetKey("model.data", ref=("data_prefix", "data_path")),
    ),
    reads="`seed`/`model.seed`; `model.{train,validation,test}_ds` (or `data.*_ds`) manifests and files, "
          "`model.data.data_prefix`; `???` there is a dataset supplied at launch",
)
