"""NVIDIA NeMo (Hydra configs with ``trainer``, ``exp_manager`` and ``model`` sections)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_DS = ("train_ds", "validation_ds", "test_ds")

SPEC = Spec(
    name="nemo",
    framework="NVIDIA NeMo",
    signatures=(Signature(keys=("exp_manager",)), Signature(keys=("model", "trainer", "name"),
                                                            any_keys=tuple(f"model.{d}" for d in _DS))),
    composition=("hydra",),
    seed_keys=("seed", "model.seed", "exp_manager.seed"),
    seed_default="NeMo leaves the seed to Lightning, which draws a random one when none is set",
    datasets=(
        *(DatasetKey(f"model.{d}", ref=("manifest_filepath", "file_names", "file_path", "data_path", "dataset_path",
                                        "shar_path"), versions=("revision", "version"))
          for d in _DS),
        DatasetKey("model.data", ref=("data_prefix", "data_path")),
    ),
    reads="`seed`/`model.seed`; `model.{train,validation,test}_ds` manifests and files, `model.data.data_prefix`",
)
