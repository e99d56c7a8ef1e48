"""Ludwig: model configs, and dataset registry entries (``ludwig/datasets/configs``) with ``sha256``."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="ludwig",
    framework="Ludwig",
    signatures=(
        Signature(keys=("input_features", "output_features")),
        Signature(keys=("name",), any_keys=("download_urls", "huggingface_dataset_id", "kaggle_competition",
                                            "kaggle_dataset_id", "archive_filenames"), role="dataset-definition"),
    ),
    seed_keys=(),
    search_seeds=False,
    seed_default="Ludwig takes the seed from `ludwig train --random_seed` (default 42), not from the config",
    datasets=(
        DatasetKey("huggingface_dataset_id", digests=("sha256",)),
        DatasetKey("download_urls", digests=("sha256",)),
        DatasetKey("kaggle_competition", digests=("sha256",)),
        DatasetKey("kaggle_dataset_id", digests=("sha256",)),
        DatasetKey("dataset"), DatasetKey("training_set"),
    ),
    search_datasets=False,
    reads="dataset registry entries: `download_urls`/`huggingface_dataset_id`/`kaggle_*` pinned by `sha256` "
          "(`version: 1.0` is the entry's format); model configs name no seed",
)
