"""Files found among configs that are not training configs, recognised by their content and shape:

- Python modules that define functions or classes and bind no config values (``detectron2/config/lazy.py``),
  and modules that bind nothing but imports (a package's ``__init__.py``);
- configs of a task other than training (export, quantization, pruning, validation, merging, inference,
  evaluation, test, prediction): a
  file that names the task (a top-level section, a word of its or its folder's name, ``eval_only: true``)
  and sets neither an optimizer, a learning rate, epochs nor training data;
- hyper-parameter search specs (Comet's ``optimizer_config.json``: an ``algorithm`` and ``parameters``
  with their ranges);
- dataset download indexes (OpenMMLab's ``dataset-index.yml``: per dataset, where to download it and the
  script that prepares it).

They are reported as not applicable, never as failures. A relative import of another config, a
``with read_base():`` block or MMEngine ``_base_`` keeps a Python file a config.
"""

from lineage_lint.profiles.spec import Signature, Spec

# Any of these means the file trains, whatever its name says (data alone does not: an evaluation names data too).
TRAINS = ("optimizer", "optim", "optim_wrapper", "optimizers", "learning_rate", "lr", "lr0", "lr_scheduler", "train_ds",
          "train_dataset", "train_dataloader", "train_data", "train_file", "do_train", "training_args", "epochs",
          "num_epochs", "max_epochs", "num_train_epochs", "*.optim", "*.optimizer", "*.learning_rate", "*.lr",
          "*.train_ds", "*.train_dataset", "*.train_dataloader", "*.lr_scheduler", "*.optim_wrapper", "train_cfg",
          "max_steps", "max_iters", "optimization", "*.optimization", "SOLVER", "DATASETS.TRAIN",
          # a base it extends may train (detectron2's `*_instant_test.yaml` smoke runs): judged as a training config
          "_BASE_", "_base_")

# Names a Python config binds (detectron2 LazyConfig, MMEngine, nanoGPT-style flat configs).
_CONFIG_NAMES = ("_base_", "train", "dataloader", "model", "optimizer", "lr_multiplier", "train_dataloader",
                 "train_cfg", "optim_wrapper", "randomness", "seed", "trainer", "data", "dataset", "datasets",
                 "epochs", "max_epochs", "max_iters", "lr", "learning_rate", "batch_size",
                 # set inside a class body or on the mapping a function returns: a config written as code
                 "*.seed", "*.random_seed", "*.dataset", "*.datasets", "*.dataset_name", "*.data")
# Text of a Python file that composes other configs: it is one, even when it defines a helper function.
_COMPOSES = (r"(?![\s\S]*^(?:\s*with\s+read_base\(\)|from\s+\.+[\w.]*\s+import\s+\(?[\s\w,]*"
             r"\b(?:dataloader|lr_multiplier|train|model|optimizer)\b))")

# A task other than training named by a word of the file's name or of a folder's (`megatron_gpt_ptq.yaml`,
# `diar_infer_general.yaml`, `merge_lora/qwen3_lora_sft.yaml`, `eval_gpt2.py`, `test_coin_zs.yaml`): words, never
# parts of words.
_TASK_WORDS = (r"export|ptq|quantize|quantization|prune|pruning|validate|validation|merge|merging|infer|inference"
               r"|eval|test|predict")
_TASK_NAME = rf"(?:^|/)(?:[^/]*[_.-])?(?:{_TASK_WORDS})(?:[_.-][^/]*)?(?:/|\.(?:ya?ml|json|toml|py)$)"
_TASK_SECTIONS = ("export", "quantization", "quantize", "prune", "pruning", "merge", "inference")

SPECS = (
    Spec(
        name="python-module",
        framework="Python code beside configs (functions, classes, package `__init__.py`)",
        signatures=(
            Signature(formats=("python",), text=rf"\A{_COMPOSES}[\s\S]*?^(?:async\s+def|def|class)\s+\w",
                      none_of=_CONFIG_NAMES),
            Signature(formats=("python",), only_keys=("__imports__", "__all__", "__version__", "__author__"),
                      text=rf"\A{_COMPOSES}"),
        ),
        not_applicable="Python code (functions, classes or imports only), not a training config",
        unless_configures_run=True,
        reads="Python files that define functions or classes and bind no config names, or bind nothing but imports",
    ),
    Spec(
        name="other-task",
        framework="export, quantization, pruning, validation, merging and inference configs",
        signatures=(
            Signature(any_keys=_TASK_SECTIONS, none_of=TRAINS),
            Signature(path=_TASK_NAME, none_of=TRAINS),
            Signature(values=(("eval_only", "^True$"),), none_of=TRAINS),  # nanoGPT-style `eval_only = True`
        ),
        seed_keys=("seed", "model.seed", "trainer.seed"),  # shown, not judged
        not_applicable="a config for export, quantization, pruning, validation, merging or inference that sets no "
                       "optimizer, learning rate or training data: not a training config",
        veto="optimises",
        reads="a task section (`export`, `quantization`, `prune`, `merge`, `inference`) or a task word in the file "
              "name, with no optimizer, learning rate or training data",
    ),
    Spec(
        name="search-space",
        framework="hyper-parameter search specs (Comet optimizer, W&B sweeps)",
        signatures=tuple(
            Signature(keys=("parameters", method), any_keys=("parameters.*.values", "parameters.*.min",
                                                             "parameters.*.distribution", "parameters.*.type"))
            for method in ("algorithm", "method")
        ),
        not_applicable="a hyper-parameter search space (each parameter's range), not a training config",
        reads="`algorithm`/`method` with `parameters` giving each parameter's values or range",
    ),
    Spec(
        name="dataset-index",
        framework="dataset download indexes (OpenMMLab `dataset-index.yml`)",
        signatures=(Signature(any_keys=("*.download_root",), none_of=("seed", "model", "optimizer", "train")),),
        not_applicable="an index of datasets to download (where to, and the script preparing each), not a training "
                       "config",
        reads="per dataset, a `download_root` (and the script that prepares it)",
    ),
)
