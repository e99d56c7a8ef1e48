"""Kedro: the data catalog (``catalog.yml``: ``versioned``, ``load_version``) and ``parameters*.yml``."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_CONF = r"(?:^|/)conf/[^/]+/(?:.*/)?"

CATALOG = Spec(
    name="kedro-catalog",
    framework="Kedro data catalog",
    signatures=(Signature(path=_CONF + r"catalog[^/]*\.ya?ml$", values=(("*.type", r"Data[Ss]et|\."),)),),
    seed_keys=(),
    search_seeds=False,
    seed_default="a data catalog: the seed belongs in parameters.yml",
    role="dataset-definition",
    datasets=(DatasetKey("*", ref=("filepath", "path", "filename", "table_name", "url"), versions=("load_version",),
                         latest_when="versioned"),),
    search_datasets=False,
    reads="every catalog entry's `filepath`; `versioned: true` without `load_version` loads the newest version "
          "(floating); `load_version` pins",
)

PARAMETERS = Spec(
    name="kedro-parameters",
    framework="Kedro parameters",
    signatures=(Signature(path=_CONF + r"(?:parameters[^/]*|parameters/[^/]+)\.ya?ml$", text=r"^[A-Za-z_][\w-]*\s*:"),),
    seed_keys=("seed", "random_state", "random_seed", "*.seed", "*.random_state", "*.random_seed"),
    search_seeds=False,
    search_datasets=False,
    reads="a seed (`seed`, `random_state`, `random_seed`) at the top or one level down",
)

SPECS = (CATALOG, PARAMETERS)
