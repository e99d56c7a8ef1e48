"""Hugging Face Trainer, TRL and the alignment-handbook / open-r1 recipes (``TrainingArguments`` fields)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="huggingface",
    framework="Hugging Face Trainer / TRL",
    signatures=(
        Signature(any_keys=("per_device_train_batch_size", "dataset_mixture", "dataset_mixer", "num_train_epochs",
                            "gradient_accumulation_steps", "model_name_or_path")),
    ),
    seed_keys=("seed",),
    search_seeds=False,
    seed_default="HF Trainer seeds 42 when `seed` is absent",
    datasets=(
        DatasetKey("dataset_name", versions=("dataset_revision", "dataset_version"),
                   qualifiers=("dataset_config", "dataset_config_name")),
        DatasetKey("dataset_mixture.datasets[]", ref=("id", "path", "name"), versions=("revision", "version"),
                   qualifiers=("config", "name")),
        DatasetKey("dataset_mixer", keys_are_refs=True),
        DatasetKey("train_file", versions=("dataset_revision", "dataset_version")),
        DatasetKey("validation_file", versions=("dataset_revision", "dataset_version")),
        DatasetKey("dataset_path"), DatasetKey("dataset_file_path"),
    ),
    reads="`seed` (`data_seed` is the sampler's); `dataset_name` with `dataset_revision` (`dataset_config` is a "
          "config name, `model_revision` pins the model); `dataset_mixture.datasets[]`; legacy `dataset_mixer`",
)
