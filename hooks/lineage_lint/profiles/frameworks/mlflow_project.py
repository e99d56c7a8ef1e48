"""MLflow ``MLproject`` files: entry points and their parameters."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

SPEC = Spec(
    name="mlflow-project",
    framework="MLflow Projects",
    signatures=(Signature(keys=("entry_points",), path=r"(?:^|/)MLproject$"),),
    seed_keys=("entry_points.main.parameters.seed.default", "entry_points.*.parameters.seed.default",
               "entry_points.*.parameters.random_state.default", "entry_points.*.parameters.random_seed.default"),
    search_seeds=False,
    datasets=(DatasetKey("entry_points.*.parameters.*", ref=("default",)),),
    search_datasets=False,
    reads="entry-point parameters: a `seed`/`random_state` parameter's `default`; data parameters' defaults",
)
