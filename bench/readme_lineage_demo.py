#!/usr/bin/env python3
"""Print the lineage examples of docs/lineage.md and the README's graph (``diff``, ``impact``, ``graph``,
``diff --rev``, ``show``) as the tool prints them, on a real ``mlflow server`` (127.0.0.1, a temporary folder)
and a real git repository.

The picture: a ``churn`` model with 73 versions (1-70 from an older pipeline on ``clicks``); version 71 trained
on ``orders`` v2.0 at the first commit; 72 and 73 on ``orders`` v2.1 at the second commit, with another
learning rate and batch size; ``@champion`` on 73, ``@challenger`` on 72; a ``fraud`` model evaluated on
``orders`` v2.1. Run from the repository root: ``python bench/readme_lineage_demo.py``. Exit 0.

``--update`` also writes what was printed into README.md (the ``diff`` and ``impact`` blocks and the picture) and
docs/lineage.md (every block whose command it ran), so the pages show one run's output, ids consistent.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import mlflow_server

CONFIG = """\
seed: 42
data:
  train:
    name: orders
    version: v2.0
trainer:
  lr: 0.1
  batch_size: 32
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


PAGES = [Path(__file__).resolve().parents[1] / page for page in ("README.md", "docs/lineage.md")]


def update_pages(printed: dict[str, str]) -> None:
    """Put each command's output into every ``console`` block of README.md and docs/lineage.md that shows that
    command, and the graph's into the README's ``mermaid`` picture."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")

        def console(match: re.Match[str]) -> str:
            command = match.group(1)
            if command not in printed:
                return match.group(0)
            return f"```console\n$ lineage-lint {command}\n{printed[command]}```"

        text = re.sub(r"```console\n\$ lineage-lint ([^\n]+)\n.*?```", console, text, flags=re.DOTALL)
        if page.name == "README.md":
            text = re.sub(r"```mermaid\ngraph LR\n.*?```", lambda _: f"```mermaid\n{printed['graph models:/fraud']}```",
                          text, flags=re.DOTALL)
        page.write_text(text, encoding="utf-8")


def _print_examples(repo: Path, uri: str) -> dict[str, str]:
    from lineage_lint.cli import main as lineage_lint

    os.environ["MLFLOW_TRACKING_URI"] = uri
    cwd = Path.cwd()
    os.chdir(repo)
    printed: dict[str, str] = {}
    try:
        for command in (["diff", "models:/churn/71", "models:/churn/73"],
                        ["impact", "orders@v2.1"],
                        ["impact", "orders@v2.1", "--fail-if-aliased", "champion", "--format", "markdown"],
                        ["graph", "models:/fraud"],
                        ["diff", "--rev", "HEAD~1..HEAD"],
                        ["show", "models:/churn@champion"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = lineage_lint(command)
            print(f"$ lineage-lint {' '.join(command)}\n{out.getvalue()}(exit {code})\n")
            printed[" ".join(command)] = out.getvalue()
    finally:
        os.chdir(cwd)
        os.environ.pop("MLFLOW_TRACKING_URI", None)
    return printed


def main() -> int:
    from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag
    from mlflow.tracking import MlflowClient

    with tempfile.TemporaryDirectory(prefix="readme-lineage-") as temp:
        repo = Path(temp) / "models"
        (repo / "configs").mkdir(parents=True)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.email", "ml@example.com")
        git(repo, "config", "user.name", "ml")
        (repo / "configs/train.yaml").write_text(CONFIG)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "train churn on orders v2.0")
        first = git(repo, "rev-parse", "HEAD").strip()
        (repo / "configs/train.yaml").write_text(CONFIG.replace("v2.0", "v2.1").replace("0.1", "0.05")
                                                 .replace("32", "64"))
        (repo / "train.py").write_text("# feature engineering v2\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "orders v2.1, lr 0.05, batch 64")
        second = git(repo, "rev-parse", "HEAD").strip()
        with mlflow_server(Path(temp) / "server") as server:
            client = MlflowClient(server.uri, server.uri)
            experiment = client.create_experiment("churn")

            def run(name: str, commit: str, params: dict[str, str], inputs: list[tuple[str, str, str, str]],
                    auc: float) -> str:
                run_id: str = client.create_run(experiment, run_name=name).info.run_id
                tags = {"mlflow.source.git.commit": commit, "lineage.git_dirty": "false",
                        "lineage.config_path": "configs/train.yaml"}
                client.log_batch(run_id, params=[Param(k, v) for k, v in params.items()],
                                 tags=[RunTag(k, v) for k, v in tags.items()], metrics=[Metric("auc", auc, 0, 0)])
                client.log_inputs(run_id, datasets=[
                    DatasetInput(Dataset(n, d, "s3", json.dumps({"uri": f"s3://acme/{n}", "version": v})),
                                 [InputTag("mlflow.data.context", c)]) for n, d, v, c in inputs])
                client.set_terminated(run_id)
                return run_id

            def register(model: str, run_id: str) -> None:
                logged = client.create_logged_model(experiment_id=experiment, name="model", source_run_id=run_id)
                with contextlib.suppress(Exception):
                    client.create_registered_model(model)
                client.create_model_version(model, f"models:/{logged.model_id}", model_id=logged.model_id,
                                            await_creation_for=0)

            old = run("clicks-baseline", first, {"seed": "1", "lr": "0.1"},
                      [("clicks", "0f0f0f0f", "v7", "training")], 0.7)
            for _ in range(70):
                register("churn", old)
            base = {"seed": "42", "lr": "0.1", "batch_size": "32"}
            newer = {"seed": "42", "lr": "0.05", "batch_size": "64"}
            holdout = ("holdout", "5e5e5e5e", "2026-10", "evaluation")
            register("churn", run("churn-71", first, base, [("orders", "3f9c2b1a", "v2.0", "training"), holdout],
                                  0.812))
            register("churn", run("churn-72", second, {**newer, "seed": "7"},
                                  [("orders", "8e1d44c0", "v2.1", "training"), holdout], 0.829))
            register("churn", run("churn-73", second, newer, [("orders", "8e1d44c0", "v2.1", "training"), holdout],
                                  0.847))
            client.set_registered_model_alias("churn", "champion", "73")
            client.set_registered_model_alias("churn", "challenger", "72")
            register("fraud", run("fraud-eval", second, {"seed": "3"},
                                  [("transactions", "77aa77aa", "v9", "training"),
                                   ("orders", "8e1d44c0", "v2.1", "evaluation")], 0.9))
            client.set_registered_model_alias("fraud", "champion", "1")
            printed = _print_examples(repo, server.uri)
    if "--update" in sys.argv[1:]:
        update_pages(printed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
