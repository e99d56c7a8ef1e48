"""Files that are not training configs: launcher, logging, CI, environment and cluster configs.

They are recognised by content and reported as not applicable (never as failures)."""

from lineage_lint.profiles.spec import Signature, Spec

SPEC = Spec(
    name="not-a-training-config",
    framework="launcher, logging, CI or environment configuration",
    signatures=(
        # DeepSpeed: the ds_config passed to deepspeed.initialize
        Signature(any_keys=("zero_optimization", "train_micro_batch_size_per_gpu", "zero_allow_untested_optimizer",
                            "steps_per_print", "wall_clock_breakdown"),
                  formats=("json", "yaml")),
        # Hugging Face accelerate
        Signature(keys=("compute_environment",), any_keys=("distributed_type", "num_processes")),
        # Python logging dictConfig
        Signature(keys=("version",), any_keys=("handlers", "formatters", "loggers")),
        # CI: GitHub Actions, GitLab CI
        Signature(keys=("jobs",), any_keys=("on", "True", "runs-on", "name")),
        # conda environments
        Signature(keys=("dependencies",), any_keys=("channels", "name")),
        # Ray / Kubernetes cluster definitions, SLURM launchers
        Signature(any_keys=("cluster_name", "head_node_type", "available_node_types", "apiVersion")),
        Signature(keys=("_target_",), values=(("_target_", r"submitit|launcher|Launcher"),)),
    ),
    seed_keys=("seed",),
    search_datasets=False,
    not_applicable="a launcher, logging, CI or environment configuration, not a training config",
    reads="recognises DeepSpeed ds_config, accelerate, logging dictConfig, CI, conda, Ray/Kubernetes and "
          "launcher files by their keys; nothing is required of them",
)
