"""The run tags and params lineage-lint writes (``log_lineage``) and reads (the gate), in one place.

The gate also reads the names teams commonly use already (``git_commit``, ``dataset_version``...): the
first of each tuple is the one ``log_lineage`` writes.
"""

from __future__ import annotations

import re
import unicodedata

SEED_PARAM = "seed"
GIT_COMMIT_TAGS = ("mlflow.source.git.commit", "git_commit", "git_sha", "git.commit", "commit_sha")
GIT_DIRTY_TAGS = ("lineage.git_dirty", "git_dirty", "git.dirty")
TRIGGERED_BY_TAGS = ("triggered_by", "ci.triggered_by")
JOB_URL_TAGS = ("ci.job_url", "job_url", "ci_job_url", "build_url")
CI_PROVIDER_TAGS = ("ci.provider",)
CONFIG_PATH_TAGS = ("lineage.config_path", "config_path", "training_config")
CONFIG_SHA256_TAGS = ("lineage.config_sha256", "config_sha256")
TOOL_VERSION_TAG = "lineage.tool_version"
# `dataset_version` for a run with one dataset, `dataset_version.<name>` per dataset (name made tag-safe).
DATASET_VERSION = "dataset_version"
DATASET_DIGEST = "dataset_digest"
DATASET_NAME_KEYS = ("dataset", "dataset_name", "dataset_uri", "dataset_path", "data_path")
DATASET_VERSION_KEYS = (DATASET_VERSION, "data_version", "dataset_revision")
# MLflow's own input tag naming a dataset's role.
CONTEXT_TAG = "mlflow.data.context"
# The source type of dataset inputs written by log_lineage: their source JSON carries what the config declared.
SOURCE_TYPE = "lineage-lint"
# Audit tags written on a model version by `lineage-lint promote` / `register`.
AUDIT_PREFIX = "lineage_lint."

_UNSAFE = re.compile(r"[^\w.\-/ ]")


def tag_safe(name: str) -> str:
    """``name`` as MLflow accepts it in a tag key: refused characters become ``_``, and the key must stay the
    same when normalised as a path (no empty, ``.`` or ``..`` segments): ``s3://b/x`` -> ``s3_/b/x``."""
    parts = [part if part != ".." else "__" for part in _UNSAFE.sub("_", name).split("/") if part not in ("", ".")]
    return "/".join(parts)[:200].rstrip("/") or "_"


def collation_key(text: str) -> str:
    """``text`` as an accent-, case- and width-insensitive collation compares it (MySQL's default,
    ``utf8mb4_0900_ai_ci``, which MLflow's tables use there: setting tag ``Mlflow.Source.Gít.Commit`` or
    alias ``ｃｈａｍｐｉｏｎ`` there overwrites ``mlflow.source.git.commit`` or ``champion``):
    compatibility-decomposed, without combining marks, case-folded, without surrounding spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()
