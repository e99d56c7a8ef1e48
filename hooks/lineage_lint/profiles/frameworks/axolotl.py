"""axolotl fine-tuning configs."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_REF = ("path", "data_files", "ds_path")

SPEC = Spec(
    name="axolotl",
    framework="axolotl",
    signatures=(Signature(keys=("base_model",), any_keys=("datasets", "pretraining_dataset", "sequence_len",
                                                          "micro_batch_size", "adapter")),),
    seed_keys=("seed",),
    # A seed the file sets in a run section (`run: {seed: 42}`) is taken when `seed` is absent: a team's own config
    # shaped like axolotl's sets it there, and axolotl itself would seed 42 anyway.
    search_seeds=True,
    # axolotl passes `seed` to HF TrainingArguments, which seed 42 when it is None: repeatable, but implicit.
    seed_default="axolotl seeds 42 when `seed` is absent (HF Trainer's default): the run is repeatable, but the seed "
                 "is implicit",
    datasets=(
        *(DatasetKey(f"{section}[]", ref=_REF, versions=("revision",), digests=("sha256", "md5"))
          for section in ("datasets", "test_datasets", "pretraining_dataset")),
        DatasetKey("pretraining_dataset", ref=_REF, versions=("revision",)),
    ),
    search_datasets=False,
    reads="`seed`; `datasets[]`, `test_datasets[]`, `pretraining_dataset` entries: `path` with `revision` (`name` is "
          "an HF config name, `dataset_prepared_path` a cache)",
)
