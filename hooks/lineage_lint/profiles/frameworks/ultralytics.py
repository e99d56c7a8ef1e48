"""Ultralytics YOLO: training settings (``default.yaml`` and its overrides) and dataset YAMLs (Roboflow
exports included)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="ultralytics",
    framework="Ultralytics YOLO",
    signatures=(
        Signature(keys=("imgsz",), any_keys=("task", "mode", "epochs", "data")),
        Signature(keys=("names",), any_keys=("train", "val", "path", "nc"), role="dataset-definition"),
    ),
    seed_keys=("seed",),
    search_seeds=False,
    seed_default="Ultralytics seeds 0 when `seed` is absent",
    datasets=(
        # A dataset YAML describes one dataset: its root (or first split), narrowed by the splits and the download.
        DatasetKey("", ref=("path", "train"), versions=("roboflow.version",),
                   qualifiers=("train", "val", "test", "download")),
        DatasetKey("data", follow=True),
    ),
    search_datasets=False,
    reads="`seed`; `data` (a dataset YAML of the repository is read; a built-in name is a reference); dataset "
          "YAMLs: `path`/`train`/`val`, `download` URLs (release tags pin weakly), a `roboflow:` export's `version`",
)
