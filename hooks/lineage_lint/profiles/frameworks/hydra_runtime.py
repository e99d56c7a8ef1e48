"""Hydra's own settings: the options of the ``hydra`` group (``configs/hydra/default.yaml``) and files that set
nothing but ``hydra:`` (output folders, job logging, launcher, sweeper). They configure how Hydra runs a job,
not what it trains, and are recognised by their keys: every top-level key is one of Hydra's."""

from lineage_lint.profiles.spec import Signature, Spec

# The fields of Hydra's `HydraConf` (hydra/conf/__init__.py).
HYDRA_KEYS = ("run", "sweep", "job", "job_logging", "hydra_logging", "launcher", "sweeper", "callbacks",
              "output_subdir", "searchpath", "overrides", "mode", "runtime", "help", "hydra_help", "verbose", "env")
_DISTINCT = ("run.dir", "sweep.dir", "sweep.subdir", "job_logging", "hydra_logging", "output_subdir", "job.chdir",
             "job.name")

SPEC = Spec(
    name="hydra-runtime",
    framework="Hydra's runtime settings (the `hydra` group)",
    signatures=(
        Signature(only_keys=HYDRA_KEYS, any_keys=_DISTINCT),
        # an option of the `hydra` group may also override Hydra's own groups in a defaults list
        Signature(only_keys=(*HYDRA_KEYS, "defaults"), any_keys=_DISTINCT, path=r"(?:^|/)hydra/[^/]+\.ya?ml$"),
        Signature(keys=("hydra",), only_keys=("hydra",)),
    ),
    not_applicable="Hydra's own runtime settings (output folders, logging, launcher, sweeper), not a training config",
    reads="the `hydra` group's options and files that set only `hydra:`, by their keys (every top-level key one of "
          "Hydra's own); nothing is required of them",
)
