#!/usr/bin/env python3
"""Benchmark the promotion gate on a tracking server holding 10,000 runs, with either client.

What it does, in one run:

1. Creates a SQLite tracking store in a temporary folder with MLflow's own store (which creates the
   schema) and one template run (params ``seed``, ``lr``, ``batch_size``; tags), then copies it N-1 times
   with fresh run ids straight into the ``runs``, ``params`` and ``tags`` tables (a bulk copy: creating
   10,000 runs through the API takes minutes and measures MLflow, not the gate).
2. Starts a real ``mlflow server`` on that store (127.0.0.1, a free port, no job workers).
3. Records one lineaged run through the REST API (seed param, git commit tag, a dataset input), logs a
   model for it and registers it as ``models:/bench-model/1``, with the alias ``@champion``.
4. Verifies, untimed, that the server holds N+1 runs and that the gate passes the version.
5. Times, in this process and after one warm-up decision, with each client (lineage-lint's REST client
   and MLflow's, chosen by ``LINEAGE_LINT_MLFLOW_CLIENT``):
     - the import cost: ``from mlflow.tracking import MlflowClient`` (what a process using MLflow's client
       pays once);
     - the decision: connect, resolve the version (and the alias), its logged model and the run that
       produced it, build the record, judge it (median and max of ``--repeat`` decisions).
6. Times the whole command a user runs, ``lineage-lint gate models:/bench-model/1 --tracking-uri URI``, in a
   fresh process each time (interpreter start-up, imports, decision, report; median of ``--commands``,
   the two clients interleaved): against the server (target <= 1 s with the REST client) and against a port
   where nothing listens, with the default timeout and retries (exit 2; target <= 2 s).

Exit status: 0 whatever the figures (a benchmark, not a test); 2 when something could not run.
Run ``python bench/bench_gate.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import COMMIT, free_port, lineaged_version, mlflow_server  # the same server the tests start

COMMAND_TARGET = 1.0  # s: the whole `lineage-lint gate` command against the server (issue 13)
UNREACHABLE_TARGET = 2.0  # s: exit 2 when nothing answers, with the default timeout and retries


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


CLIENTS = ("rest", "mlflow")  # LINEAGE_LINT_MLFLOW_CLIENT: lineage-lint's REST client, MLflow's client


@contextlib.contextmanager
def asked_by(client: str) -> Iterator[None]:
    saved = os.environ.get("LINEAGE_LINT_MLFLOW_CLIENT")
    os.environ["LINEAGE_LINT_MLFLOW_CLIENT"] = client
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("LINEAGE_LINT_MLFLOW_CLIENT", None)
        else:
            os.environ["LINEAGE_LINT_MLFLOW_CLIENT"] = saved


def time_decisions(uri: str, model_uri: str, repeat: int) -> list[float]:
    """The decision in this process (connect, resolve, record, judge), after one warm-up."""
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
        if number:  # the first is the warm-up (connection, policy compilation)
            times.append(elapsed)
    return times


def command() -> list[str]:
    """``lineage-lint``: the console script beside this Python (what a user runs), else ``python -m``."""
    script = Path(sys.executable).parent / "lineage-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lineage_lint"]


def time_cli(cwd: Path, args: list[str], expected: int) -> tuple[float, float]:
    """The wall clock and the CPU time (user + system) of ``lineage-lint ARGS`` in a fresh process
    (interpreter, imports, decision, report)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*command(), *args], cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expected:
        raise RuntimeError(f"lineage-lint {' '.join(args)} exited {done.returncode}, not {expected}: "
                           f"{done.stdout}{done.stderr}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs in the tracking store (default 10,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed decisions per client (default 20)")
    parser.add_argument("--commands", type=int, default=5, help="timed commands per client and case (default 5)")
    args = parser.parse_args()
    started = time.perf_counter()
    import_start = time.perf_counter()
    from mlflow.tracking import MlflowClient  # noqa: F401  (the import cost, measured once)

    import_cost = time.perf_counter() - import_start
    decisions: dict[tuple[str, str], list[float]] = {}
    commands: dict[tuple[str, str], list[tuple[float, float]]] = {}  # (wall, CPU) per command
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        folder = Path(tmp)
        outside = folder / "cwd"  # the command runs outside any git repository, with no configuration
        outside.mkdir()
        try:
            seeding = seed_store(folder / "server", args.runs)
            with mlflow_server(folder / "server") as server:
                version = lineaged_version(server.uri, "bench-model")
                held = count_runs(server.uri)
                if held != args.runs + 1:
                    raise RuntimeError(f"the server holds {held} runs, expected {args.runs + 1}")
                down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
                for client in CLIENTS:  # interleaved per round below, so load on the machine hits both alike
                    with asked_by(client):
                        for label, model_uri in (("models:/NAME/VERSION", f"models:/bench-model/{version}"),
                                                 ("models:/NAME@ALIAS", "models:/bench-model@champion")):
                            decisions[client, label] = time_decisions(server.uri, model_uri, args.repeat)
                for _ in range(args.commands):
                    for client in CLIENTS:
                        with asked_by(client):
                            for case, target, expected in (("served", server.uri, 0), ("unreachable", down, 2)):
                                commands.setdefault((client, case), []).append(time_cli(
                                    outside, ["gate", f"models:/bench-model/{version}", "--tracking-uri", target],
                                    expected))
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            print(f"bench_gate: could not run: {exc}", file=sys.stderr)
            return 2
    print(f"tracking store: {held:,} runs (seeded in {seeding:.1f} s), SQLite, mlflow server on 127.0.0.1")
    print(f"import cost:    {import_cost:.2f} s  (from mlflow.tracking import MlflowClient, once per process)")
    for (client, label), times in decisions.items():
        median = statistics.median(times)
        print(f"decision:       {median * 1000:4.0f} ms median, {max(times) * 1000:4.0f} ms max over {len(times)} "
              f"({label}, {client} client, in-process)")
    shown = "lineage-lint" if len(command()) == 1 else "python -m lineage_lint"
    print(f"whole command:  `{shown} gate models:/bench-model/{version} --tracking-uri URI`, a fresh "
          f"process each time (median of {args.commands}; start-up, imports, decision, report):")
    targets = {"served": COMMAND_TARGET, "unreachable": UNREACHABLE_TARGET}
    for case in ("served", "unreachable"):
        wall = {client: statistics.median(w for w, _ in commands[client, case]) for client in CLIENTS}
        cpu = {client: statistics.median(c for _, c in commands[client, case]) for client in CLIENTS}
        verdict = "PASS" if wall["rest"] <= targets[case] else "MISS"
        what = "exit 0" if case == "served" else "nothing listens: exit 2 with the default timeout and retries"
        print(f"  {case}: {what}; target <= {targets[case]:g} s with the REST client: {verdict}")
        for client in CLIENTS:
            slowest = max(w for w, _ in commands[client, case])
            print(f"    {client:<6} client {wall[client]:5.2f} s wall (max {slowest:.2f}), {cpu[client]:5.2f} s CPU")
        print(f"    REST client / mlflow client: {wall['rest'] / wall['mlflow']:.2f} of the wall clock, "
              f"{cpu['rest'] / cpu['mlflow']:.2f} of the CPU time")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (the wall clock waits for the CPU when it is above "
          f"{os.cpu_count()})")
    print(f"benchmark took {time.perf_counter() - started:.0f} s; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
