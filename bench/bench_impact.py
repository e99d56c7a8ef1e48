#!/usr/bin/env python3
"""Benchmark ``lineage-lint impact DATASET`` on a tracking server holding 10,000 runs over 20 experiments
and 500 model versions.

What it does, in one run:

1. Loads a SQLite tracking store in a temporary folder (in memory under /dev/shm when there is one): the
   MLflow client (in-process, straight to the store) creates ``--experiments`` experiments, each with a
   template run (seed, params, tags, a metric) logging an input of every dataset (50 names x 4 versions);
   the ``--runs`` runs are copies of those templates written with SQL in one transaction (fresh ids, seeds,
   names), each with a training and an evaluation input drawn at random (30,000 API calls would measure
   MLflow's writes: minutes on this machine); the templates are then removed. ``--versions`` model
   versions over 10 registered models are registered by the client the MLflow 3 way (a logged model of a
   run, then a version), with ``@champion`` and ``@challenger`` on every model. Every loop is bounded by
   those counts.
2. Starts a real ``mlflow server`` on that store (127.0.0.1, a free port, no job workers).
3. Times, in this process, after importing mlflow (the import is reported apart) and one warm-up answer:
   ``lineage-lint impact ds-07 --no-repo --format json`` through ``lineage_lint.cli.main`` (median and max
   of ``--repeat``; target: under 2 s), and prints the answer's size and the number of requests it made
   to the server (each page one request). The server filters the runs (``datasets.name``), so the work
   grows with the runs that used the dataset, not with the runs on the server.

Exit status: 0 whatever the figures (a benchmark, not a test); 2 when something could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import mlflow_server  # the same server the tests start

DATASETS = 50
VERSIONS_PER_DATASET = 4
MODELS = 10


def _dataset(name: str, version: str, kind: str) -> Any:
    from mlflow.entities import Dataset, DatasetInput, InputTag

    digest = hashlib.sha256(f"{name}@{version}".encode()).hexdigest()[:8]
    source = json.dumps({"uri": f"s3://acme/{name}", "version": version})
    return DatasetInput(Dataset(name, digest, "s3", source), [InputTag("mlflow.data.context", kind)])


def _copy_runs(db: Path, templates: dict[str, str], runs: int, pairs: list[tuple[str, str]],
               rng: random.Random) -> list[tuple[str, str]]:
    """The runs: copies of the templates (fresh ids, seeds, names), each with a training and an evaluation
    input, written in one transaction (30,000 API calls measure MLflow's writes, not the answer)."""
    experiments = len(templates)
    run_ids: list[tuple[str, str]] = []
    with sqlite3.connect(db) as connection:
        digests = {(str(e), n, d): u for u, e, n, d in connection.execute(
            "SELECT dataset_uuid, experiment_id, name, digest FROM datasets")}
        rows: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        columns: dict[str, list[str]] = {}
        for table in ("runs", "params", "tags", "metrics", "latest_metrics"):
            columns[table] = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for experiment, template in templates.items():
                rows.setdefault(experiment, {})[table] = connection.execute(
                    f"SELECT {', '.join(columns[table])} FROM {table} WHERE run_uuid = ?", (template,)).fetchall()
        copies: dict[str, list[tuple[Any, ...]]] = {table: [] for table in columns}
        inputs: list[dict[str, Any]] = []
        input_tags: list[tuple[str, str, str]] = []
        experiment_ids = list(templates)
        for index in range(runs):
            experiment = experiment_ids[index % experiments]
            fresh = uuid.uuid4().hex
            run_ids.append((experiment, fresh))
            for table, template_rows in rows[experiment].items():
                names = columns[table]
                for row in template_rows:
                    values = dict(zip(names, row, strict=True))
                    values["run_uuid"] = fresh
                    if table == "runs":
                        values["name"] = f"run-{index}"
                    if table == "params" and values["key"] == "seed":
                        values["value"] = str(index)
                    copies[table].append(tuple(values[name] for name in names))
            for kind, (name, version) in zip(("training", "evaluation"), rng.sample(pairs, 2), strict=True):
                digest = hashlib.sha256(f"{name}@{version}".encode()).hexdigest()[:8]
                input_id = uuid.uuid4().hex
                inputs.append({"input_uuid": input_id, "source_type": "DATASET", "step": 0, "destination_type": "RUN",
                               "source_id": digests[(experiment, name, digest)], "destination_id": fresh})
                input_tags.append((input_id, "mlflow.data.context", kind))
        for table, values in copies.items():
            marks = ", ".join("?" for _ in columns[table])
            connection.executemany(f"INSERT INTO {table} ({', '.join(columns[table])}) VALUES ({marks})", values)
        names = [row[1] for row in connection.execute("PRAGMA table_info(inputs)")]
        connection.executemany(f"INSERT INTO inputs ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                               [tuple(row.get(name) for name in names) for row in inputs])
        connection.executemany("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)", input_tags)
        for template in templates.values():  # the templates name every dataset: not part of the picture
            old = [r[0] for r in connection.execute("SELECT input_uuid FROM inputs WHERE destination_id = ?",
                                                    (template,))]
            connection.executemany("DELETE FROM input_tags WHERE input_uuid = ?", [(i,) for i in old])
            connection.execute("DELETE FROM inputs WHERE destination_id = ?", (template,))
            for table in ("params", "tags", "metrics", "latest_metrics", "runs"):
                connection.execute(f"DELETE FROM {table} WHERE run_uuid = ?", (template,))
    return run_ids


def load(folder: Path, experiments: int, runs: int, versions: int) -> float:
    """The store, loaded; returns the seconds it took."""
    import mlflow
    from mlflow.entities import Metric, Param, RunTag
    from mlflow.tracking import MlflowClient

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "mlflow.db"
    uri = f"sqlite:///{db}"
    mlflow.set_tracking_uri(uri)  # the registry store looks logged models up through the default client
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    rng = random.Random(7)
    pairs = [(f"ds-{n:02d}", f"v{v}") for n in range(DATASETS) for v in range(VERSIONS_PER_DATASET)]
    # One template run per experiment, recorded by the client: its params, tags, metric and an input of every
    # dataset (which creates the experiment's dataset rows the copies point at).
    templates: dict[str, str] = {}
    for index in range(experiments):
        experiment = client.create_experiment(f"exp-{index:02d}", artifact_location=str(folder / "artifacts"))
        run_id = client.create_run(experiment, tags={"mlflow.source.git.commit": f"{index:040x}"}).info.run_id
        client.log_batch(run_id, params=[Param("seed", "0"), Param("lr", "0.01")],
                         metrics=[Metric("auc", 0.5, 0, 0)], tags=[RunTag("lineage.git_dirty", "false")])
        client.log_inputs(run_id, datasets=[_dataset(name, version, "training") for name, version in pairs])
        templates[experiment] = run_id
    run_ids = _copy_runs(db, templates, runs, pairs, rng)
    # Model versions, registered by the client the MLflow 3 way (a logged model of a run, then a version).
    for model in range(MODELS):
        client.create_registered_model(f"model-{model}")
    for index in range(versions):
        experiment, run_id = run_ids[rng.randrange(len(run_ids))]
        logged = client.create_logged_model(experiment_id=experiment, name="model", source_run_id=run_id)
        client.create_model_version(f"model-{index % MODELS}", f"models:/{logged.model_id}", model_id=logged.model_id,
                                    await_creation_for=0)
    per_model = versions // MODELS
    for model in range(MODELS):
        if per_model:
            client.set_registered_model_alias(f"model-{model}", "champion", str(per_model))
            client.set_registered_model_alias(f"model-{model}", "challenger", str(max(1, per_model - 1)))
    mlflow.set_tracking_uri("")
    return time.perf_counter() - started


def answer(uri: str, dataset: str) -> tuple[float, dict[str, Any]]:
    from lineage_lint.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["impact", dataset, "--tracking-uri", uri, "--no-repo", "--format", "json"])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"impact exited {code}: {err.getvalue()}")
    report: dict[str, Any] = json.loads(out.getvalue())
    return elapsed, report


def where_time_goes(uri: str, dataset: str) -> dict[str, float]:
    """Seconds spent in each kind of request (summed: searches run side by side), and the whole answer."""
    from lineage_lint.lineage import impact
    from lineage_lint.mlflow import client

    counted = impact.Counted(client.connect(uri))  # the client the command uses (the REST client for http)
    start = time.perf_counter()
    impact.on_server(counted.backend, impact.DatasetQuery.parse(dataset), [], counted)
    total = time.perf_counter() - start
    return {**counted.seconds, "whole answer": total}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--experiments", type=int, default=20)
    parser.add_argument("--versions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dataset", default="ds-07")
    args = parser.parse_args()
    if min(args.runs, args.experiments, args.repeat) < 1 or args.versions < 0:
        parser.error("--runs, --experiments and --repeat must be at least 1")
    start = time.perf_counter()
    import mlflow  # noqa: F401  (the import is what a fresh process pays once; reported, not timed below)

    import_seconds = time.perf_counter() - start
    # In memory when the machine has /dev/shm: SQLite syncs every commit, and 30,000 commits on a disk
    # measure the disk; the server reads the same file either way.
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="bench-impact-", dir=shm if shm.is_dir() else None) as temp:
        folder = Path(temp) / "server"
        print(f"loading {args.runs} runs over {args.experiments} experiments and {args.versions} model versions "
              "with the MLflow client...", file=sys.stderr)
        loaded = load(folder, args.experiments, args.runs, args.versions)
        print(f"  loaded in {loaded:.0f} s", file=sys.stderr)
        with mlflow_server(folder) as server:
            answer(server.uri, args.dataset)  # warm-up: the client's first connection, the server's caches
            times, report = [], {}
            for _ in range(args.repeat):
                elapsed, report = answer(server.uri, args.dataset)
                times.append(elapsed)
            split = where_time_goes(server.uri, args.dataset)
    runs = report["runs"]
    training = sum(1 for run in runs if "training" in run["uses"])
    print(f"server: {args.runs} runs, {args.experiments} experiments, {args.versions} model versions "
          f"(loaded in {loaded:.0f} s)")
    print(f"import mlflow: {import_seconds:.2f} s (once per process, not included below)")
    print(f"impact {args.dataset}: {len(runs)} runs ({training} training), {len(report['logged_models'])} logged "
          f"models, {len(report['model_versions'])} model versions, {len(report['aliases'])} aliases")
    print("where the time goes (one more answer; requests summed, they overlap): " + ", ".join(
        f"{name} {seconds:.3f} s" for name, seconds in sorted(split.items(), key=lambda item: -item[1])))
    print(f"answer time: median {statistics.median(times):.3f} s, max {max(times):.3f} s over {args.repeat} "
          f"(target < 2 s); {report['requests']} requests to the server")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError) as exc:
        print(f"bench_impact: {exc}", file=sys.stderr)
        sys.exit(2)
