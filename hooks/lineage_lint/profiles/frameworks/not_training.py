"""Files that are not training configs: launcher, logging, CI, environment and cluster configs, and
inference, generation and evaluation configs.

They are recognised by content and reported as not applicable (never as failures), unless the file trains
(:func:`lineage_lint.profiles.generic.trains`: epochs or steps, a learning rate or optimizer beside data or a
run seed): a DeepSpeed key, `name` + `jobs`, `top_k` or `tasks` in a training config never wave it through."""

from lineage_lint.profiles.spec import Signature, Spec

# Any of these makes a file a training config, whatever else it holds.
TRAINING = ("epochs", "num_epochs", "max_epochs", "num_train_epochs", "max_steps", "max_iters", "learning_rate", "lr",
            "optimizer", "optim", "optim_wrapper", "train", "training", "trainer", "train_cfg", "training_args",
            "dataset", "datasets", "train_dataset", "lr_scheduler", "gradient_accumulation_steps",
            "per_device_train_batch_size", "do_train", "stage")

SPEC = Spec(
    name="not-a-training-config",
    framework="launcher, logging, CI, environment, inference or evaluation configuration",
    signatures=(
        # DeepSpeed: the ds_config passed to deepspeed.initialize
        Signature(any_keys=("zero_optimization", "train_micro_batch_size_per_gpu", "zero_allow_untested_optimizer",
                            "steps_per_print", "wall_clock_breakdown"),
                  formats=("json", "yaml")),
        # Hugging Face accelerate
        Signature(keys=("compute_environment",), any_keys=("distributed_type", "num_processes")),
        # Python logging dictConfig
        Signature(keys=("version",), any_keys=("handlers", "formatters", "loggers"), values=(("version", "^1$"),),
                  none_of=TRAINING),
        # CI: GitHub Actions, GitLab CI
        Signature(keys=("jobs",), any_keys=("on", "True", "runs-on", "name")),
        # conda environments
        Signature(keys=("dependencies",), any_keys=("channels", "name"), none_of=TRAINING),
        # Ray / Kubernetes cluster definitions, SLURM launchers
        Signature(any_keys=("cluster_name", "head_node_type", "available_node_types", "apiVersion")),
        Signature(keys=("_target_",), values=(("_target_", r"submitit|launcher|Launcher"),)),
        # inference and generation: sampling settings, nothing that trains
        Signature(any_keys=("max_new_tokens", "do_sample", "num_beams", "top_k", "top_p"), none_of=TRAINING),
        # evaluation harness runs (lm-eval tasks) and predict-only runs
        Signature(keys=("tasks",), none_of=TRAINING),
        Signature(values=(("do_predict", "^True$"),), none_of=("do_train",)),
    ),
    seed_keys=("seed",),  # shown, not judged: an evaluation run's seed and datasets are still worth seeing
    not_applicable="a launcher, logging, CI, environment, inference or evaluation configuration, not a training "
                   "config",
    reads="recognises DeepSpeed ds_config, accelerate, logging dictConfig, CI, conda, Ray/Kubernetes and "
          "launcher files, and generation, evaluation and predict-only configs, by their keys; nothing is "
          "required of them",
)
