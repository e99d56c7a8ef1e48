"""torchtune recipes (``_component_`` builders)."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

# `source: json` with `data_files` loads local files: the files are the reference; `source` alone is a hub id.
_REF = ("data_files", "source", "path", "_component_")

SPEC = Spec(
    name="torchtune",
    framework="torchtune",
    signatures=(Signature(text=r"^\s*_component_:\s*torchtune\.", formats=("yaml",)),),
    seed_keys=("seed",),
    search_seeds=False,
    seed_default="torchtune draws a random seed when `seed` is absent",
    datasets=(
        *(DatasetKey(section, ref=_REF, versions=("revision",)) for section in ("dataset", "dataset_val")),
        *(DatasetKey(f"{section}[]", ref=_REF, versions=("revision",))
          for section in ("dataset", "datasets", "dataset_val")),
    ),
    search_datasets=False,
    reads="`seed`; `dataset`/`datasets`/`dataset_val` (a builder or a list): `source` with `revision`, else the "
          "builder",
)
