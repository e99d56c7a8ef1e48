#!/usr/bin/env python3
"""Benchmark the promotion gate's decision on a tracking server holding 10,000 runs.

What it does, in one run:

1. Creates a SQLite tracking store in a temporary folder with MLflow's own store (which creates the
   schema) and one template run (params ``seed``, ``lr``, ``batch_size``; tags), then copies it N-1 times
   with fresh run ids straight into the ``runs``, ``params`` and ``tags`` tables (a bulk copy: creating
   10,000 runs through the API takes minutes and measures MLflow, not the gate).
2. Starts a real ``mlflow server`` on that store (127.0.0.1, a free port, no job workers).
3. Records one lineaged run through the REST API (seed param, git commit tag, a dataset input), logs a
   model for it and registers it as ``models:/bench-model/1``, with the alias ``@champion``.
4. Verifies, untimed, that the server holds N+1 runs and that the gate passes the version.
5. Times, in this process and after one warm-up decision:
     - the import cost: ``from mlflow.tracking import MlflowClient`` (what a gate process pays once);
     - the decision: connect, resolve the version (and the alias), its logged model and the run that
       produced it, build the record, judge it (median and max of ``--repeat`` decisions; target: under 1 s);
   and, in a child process each, the whole ``lineage-lint gate`` command (median of 3), for scale.

Exit status: 0 whatever the figures (a benchmark, not a test); 2 when something could not run.
Run ``python bench/bench_gate.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import mlflow_server  # the same server the tests start

TARGET_SECONDS = 1.0
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def seed_store(folder: Path, runs: int) -> float:
    """N runs in a fresh SQLite store; returns the seconds it took."""
    started = time.perf_counter()
    from mlflow.entities import Param, RunTag
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    db = folder / "mlflow.db"
    store = SqlAlchemyStore(f"sqlite:///{db}", str(folder / "artifacts"))
    template = store.create_run("0", "bench", int(time.time() * 1000), [], "template")
    store.log_batch(template.info.run_id, [], [Param("seed", "7"), Param("lr", "0.001"), Param("batch_size", "32")],
                    [RunTag("team", "bench"), RunTag("mlflow.source.git.commit", COMMIT)])
    store.engine.dispose()
    with sqlite3.connect(db) as connection:
        for table in ("runs", "params", "tags"):
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE run_uuid = ?",
                                      (template.info.run_id,)).fetchall()
            position = columns.index("run_uuid")
            copies = []
            for _ in range(runs - 1):
                fresh = uuid.uuid4().hex
                copies += [(*row[:position], fresh, *row[position + 1:]) for row in rows]
            placeholders = ", ".join("?" for _ in columns)
            connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", copies)
    return time.perf_counter() - started


def lineaged_version(uri: str) -> str:
    from mlflow.entities import Dataset, DatasetInput, InputTag, Param, RunTag
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    run_id = client.create_run("0").info.run_id
    client.log_batch(run_id, params=[Param("seed", "42")],
                     tags=[RunTag("mlflow.source.git.commit", COMMIT), RunTag("lineage.git_dirty", "false")])
    dataset = Dataset("acme/reviews", "v3", "lineage-lint", json.dumps({"uri": "acme/reviews", "version": "v3"}))
    client.log_inputs(run_id, datasets=[DatasetInput(dataset, [InputTag("mlflow.data.context", "training")])])
    client.set_terminated(run_id)
    model = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
    client.create_registered_model("bench-model")
    version = client.create_model_version("bench-model", f"models:/{model.model_id}", model_id=model.model_id,
                                          await_creation_for=0)
    client.set_registered_model_alias("bench-model", "champion", version.version)
    return str(version.version)


def count_runs(uri: str) -> int:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    total, token = 0, None
    while True:
        page = client.search_runs(["0"], max_results=5000, page_token=token)
        total += len(page)
        token = page.token
        if not token:
            return total


def time_decisions(uri: str, model_uri: str, repeat: int) -> list[float]:
    from lineage_lint.config import load_settings
    from lineage_lint.mlflow import client as gate_client
    from lineage_lint.mlflow.gate import decide, gate_policy
    from lineage_lint.mlflow.resolve import parse_uri

    settings = load_settings(Path.cwd())
    times = []
    for number in range(repeat + 1):
        started = time.perf_counter()
        backend = gate_client.connect(uri)
        policy = gate_policy("run-default", {}, Path.cwd())
        result = decide(backend, parse_uri(model_uri), policy, settings, None)
        elapsed = time.perf_counter() - started
        if result.verdict != "pass":
            raise RuntimeError(f"the gate did not pass {model_uri}: {[f.message for f in result.findings]}")
        if number:  # the first is the warm-up (connection pool, policy compilation)
            times.append(elapsed)
    return times


def time_cli(uri: str, model_uri: str, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "lineage_lint", "gate", model_uri, "--tracking-uri", uri,
                               "--no-consistency"], capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"lineage-lint gate exited {done.returncode}: {done.stdout}{done.stderr}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs in the tracking store (default 10,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed decisions (default 20)")
    args = parser.parse_args()
    started = time.perf_counter()
    import_start = time.perf_counter()
    from mlflow.tracking import MlflowClient  # noqa: F401  (the import cost, measured once)

    import_cost = time.perf_counter() - import_start
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        folder = Path(tmp)
        try:
            seeding = seed_store(folder / "server", args.runs)
            with mlflow_server(folder / "server") as server:
                version = lineaged_version(server.uri)
                held = count_runs(server.uri)
                if held != args.runs + 1:
                    raise RuntimeError(f"the server holds {held} runs, expected {args.runs + 1}")
                by_version = time_decisions(server.uri, f"models:/bench-model/{version}", args.repeat)
                by_alias = time_decisions(server.uri, "models:/bench-model@champion", args.repeat)
                command = time_cli(server.uri, f"models:/bench-model/{version}")
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            print(f"bench_gate: could not run: {exc}", file=sys.stderr)
            return 2
    print(f"tracking store: {held:,} runs (seeded in {seeding:.1f} s), SQLite, mlflow server on 127.0.0.1")
    print(f"import cost:    {import_cost:.2f} s  (from mlflow.tracking import MlflowClient, once per process)")
    for label, times in (("models:/NAME/VERSION", by_version), ("models:/NAME@ALIAS", by_alias)):
        median = statistics.median(times)
        verdict = "PASS" if median < TARGET_SECONDS else "MISS"
        print(f"decision:       {median * 1000:.0f} ms median, {max(times) * 1000:.0f} ms max over {len(times)} "
              f"({label}; target < {TARGET_SECONDS:.0f} s: {verdict})")
    print(f"whole command:  {statistics.median(command):.2f} s median of {len(command)} "
          "(python -m lineage_lint gate ..., a fresh process: interpreter, imports, decision)")
    print(f"benchmark took {time.perf_counter() - started:.0f} s; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
