"""LightningCLI configs (``seed_everything``, ``trainer``, ``model``/``data`` as ``class_path``/``init_args``),
including VisCy-style ``base:`` lists of recipe files."""

from lineage_lint.profiles import generic
from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_PATHS = ("data_path", "data_dir", "data_root", "root", "path", "dataset_path", "filenames", "files", "data_files",
          "cell_index_path", "repo_id", "dataset_name", "dataset", "url", "uri")
# LightningCLI passes a data module its arguments as `init_args` or, for `**kwargs`, `dict_kwargs`
_INIT = tuple(f"{holder}.{name}" for holder in ("init_args", "dict_kwargs") for name in _PATHS)

SPEC = Spec(
    name="lightning",
    framework="PyTorch Lightning (LightningCLI)",
    signatures=(
        Signature(keys=("seed_everything",)),
        Signature(keys=("trainer",), any_keys=("model.class_path", "data.class_path")),
        Signature(keys=("base",), text=r"^base:\s*\n\s*-\s*\S+\.ya?ml"),
        # a data-module fragment: `class_path: ...data...` with `init_args`
        Signature(keys=("class_path", "init_args"), values=(("class_path", r"(?i)\bdata"),), role="fragment"),
    ),
    composition=("bases",),
    seed_keys=("seed_everything",),
    search_seeds=False,
    seed_default="Lightning draws a random seed when `seed_everything` is absent",
    datasets=(
        DatasetKey("data", ref=(*_INIT, "class_path"), versions=("init_args.revision", "init_args.version",
                                                                  "dict_kwargs.revision", "dict_kwargs.version")),
        # `data:` as the data module's arguments themselves (the CLI is given the class in code): `name`,
        # `path`... beside `revision`/`version`, as in any data section
        DatasetKey("data", ref=generic.REF_FIELDS, versions=generic.VERSION_FIELDS, digests=generic.DIGEST_FIELDS),
        DatasetKey("data.*", ref=_INIT),
        DatasetKey("data.init_args.*", ref=_INIT),
        DatasetKey("", ref=_INIT),  # a data-module fragment
    ),
    search_datasets=False,
    reads="`base:` recipe lists; `seed_everything`; `data` (its `init_args` paths, or the data module class, or "
          "its own `name`/`path` beside a `revision`/`version`)",
)
