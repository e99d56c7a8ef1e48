"""fairseq (Hydra dataclass configs: ``common``, ``task``, ``model``, ``optimization``...)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="fairseq",
    framework="fairseq",
    signatures=(Signature(any_keys=("task._name", "model._name", "criterion._name"),
                          text=r"^(?:common|task|optimization|checkpoint|dataset)\s*:"),),
    composition=("hydra",),
    seed_keys=("common.seed",),
    search_seeds=False,
    seed_default="fairseq seeds 1 when `common.seed` is absent",
    datasets=(DatasetKey("task.data"),),
    search_datasets=False,
    reads="`common.seed`; `task.data`",
)
