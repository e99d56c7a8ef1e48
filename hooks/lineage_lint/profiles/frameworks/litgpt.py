"""LitGPT ``config_hub`` configs."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_INIT = tuple(f"init_args.{n}" for n in ("repo_id", "data_path", "data_dir", "download_dir", "json_path", "path"))

SPEC = Spec(
    name="litgpt",
    framework="LitGPT",
    signatures=(Signature(keys=("out_dir",), any_keys=("checkpoint_dir", "model_name", "model_config",
                                                       "initial_checkpoint_dir")),),
    seed_keys=("seed",),
    search_seeds=False,
    datasets=(DatasetKey("data", ref=(*_INIT, "class_path"), versions=("init_args.revision",)), DatasetKey("data")),
    search_datasets=False,
    reads="`seed` (`data.init_args.seed` is the data module's); `data`: a name, or a data module class with its "
          "`init_args`",
)
