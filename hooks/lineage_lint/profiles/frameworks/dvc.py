"""DVC: ``dvc.yaml`` pipelines (``params:`` read from ``params.yaml``), ``dvc.lock`` and ``*.dvc`` files
(``md5`` and ``rev_lock`` are strong pins), and ``params.yaml`` itself."""

from lineage_lint.profiles.spec import DatasetKey, Signature, Spec

_CODE = (r"\.(?:py|sh|ipynb|R|r|js|ts|java|scala|sql|toml|cfg|ini|txt|md)$|^(?:src|scripts?)/"
         r"|(?:^|/)(?:requirements|Dockerfile)")
_SEEDS = ("seed", "random_seed", "random_state", "*.seed", "*.random_seed", "*.random_state", "*.*.seed",
          "*.*.random_seed", "*.*.random_state")

_INPUT_PATHS = ("*_path", "*_file", "*_uri", "*_dir", "*.*_path", "*.*_file", "*.*_uri", "*.*_dir")
_NOT_INPUT_PATH = (r"(?:^|[._])(?:out|output|outputs|model|models|save|saved|log|logs|report|reports|metrics|plots|"
                   r"checkpoint|ckpt|cache|tmp|artifacts?|results?|eval|preds?|predictions|figures?|config)(?:[._]|$)")

PIPELINE = Spec(
    name="dvc-pipeline",
    framework="DVC pipeline (dvc.yaml)",
    signatures=(Signature(keys=("stages",), any_keys=("stages.*.cmd",), path=r"(?:^|/)dvc\.ya?ml$"),),
    composition=("dvc-params",),
    seed_keys=_SEEDS,
    search_seeds=False,
    datasets=(DatasetKey("stages.*.deps", exclude=_CODE),),
    search_datasets=False,
    reads="`stages.*.params` (keys of `params.yaml` or of the file named), whose seeds count; `stages.*.deps` "
          "(content hashes live in dvc.lock)",
)

LOCK = Spec(
    name="dvc-lock",
    framework="DVC lock and .dvc files",
    signatures=(Signature(keys=("stages",), path=r"(?:^|/)dvc\.lock$"),
                Signature(any_keys=("outs", "deps"), path=r"\.dvc$")),
    seed_keys=("stages.*.params.*.*seed", "stages.*.params.*.*random_state"),
    role="dataset-definition",
    search_seeds=False,
    datasets=(
        DatasetKey("stages.*.deps[]", ref=("path",), digests=("md5", "etag", "checksum"), exclude=_CODE),
        DatasetKey("deps[]", ref=("repo.url", "path"), versions=("repo.rev_lock", "repo.rev"),
                   digests=("md5", "etag", "checksum")),
        DatasetKey("outs[]", ref=("path",), digests=("md5", "etag", "checksum")),
    ),
    search_datasets=False,
    reads="`dvc.lock` deps with `md5` (and the recorded params, seeds included); `*.dvc` outs/deps with `md5`, "
          "imports pinned by `rev_lock`",
)

PARAMS = Spec(
    name="dvc-params",
    framework="DVC params file (params.yaml)",
    signatures=(Signature(path=r"(?:^|/)params\.ya?ml$", text=r"^[\w-]+:\s*(?:#.*)?$"),),
    seed_keys=_SEEDS,
    search_seeds=False,
    # a stage's inputs named by path (`prepare.source_path: data/raw.csv`); outputs, models and code are not data
    datasets=tuple(DatasetKey(path, exclude=_CODE, skip_keys=_NOT_INPUT_PATH) for path in _INPUT_PATHS),
    reads="a seed (`seed`, `random_seed`, `random_state`) at the top or under a stage's section; input paths "
          "(`*_path`, `*_file`, `*_dir`, `*_uri` of a stage, not outputs, models or reports)",
)

SPECS = (PIPELINE, LOCK, PARAMS)
