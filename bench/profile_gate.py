#!/usr/bin/env python3
"""The server plugin's own work per request, in one process: SQL statements and CPU time of its check and of
its judgement once written, by request kind, next to what MLflow's handler itself costs.

MLflow's Flask app (``mlflow server``'s, on a throwaway PostgreSQL cluster or SQLite) is driven in-process by
Flask's test client, with the gate installed; each request is sent twice in turn, with the gate on and off,
and the plugin's share is counted inside it: the statements its check and its ``settle`` send to the
database (SQLAlchemy's ``before_cursor_execute``), and the thread CPU time they take. Nothing listens on a
port; no queueing, no HTTP: the figures are the plugin's cost per request, which ``bench_gate_load.py``
multiplies by the queue of a saturated server.

``python bench/profile_gate.py [--requests N] [--backend postgres|sqlite] [--no-kept-runs] [--profile]``
(``--profile`` prints cProfile's top functions of the plugin's share).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import os
import pstats
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import postgres, postgres_missing

API = "/api/2.0/mlflow"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Counter:
    """SQL statements sent by this thread, counted by every open :meth:`counting` block."""

    def __init__(self) -> None:
        self.local = threading.local()

    def install(self) -> None:
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "before_cursor_execute", self._count)

    def install_direct(self, engine: Any) -> None:
        """Count the statements the lean reads send as they are on ``engine`` (the plugin's own engine on
        PostgreSQL: through its dialect's ``do_execute``, which fires no event)."""
        do_execute = engine.dialect.do_execute

        def counted(*given: Any) -> Any:
            self._count()
            return do_execute(*given)

        engine.dialect.do_execute = counted

    def _count(self, *_: Any) -> None:
        for found in getattr(self.local, "open", ()):
            found[0] += 1

    @contextlib.contextmanager
    def counting(self) -> Iterator[list[int]]:
        """Statements sent within the block (blocks may nest)."""
        if not hasattr(self.local, "open"):
            self.local.open = []
        found = [0]
        self.local.open.append(found)
        try:
            yield found
        finally:
            self.local.open[:] = [each for each in self.local.open if each is not found]


def environment(folder: Path, store: str) -> None:
    os.environ.update({"_MLFLOW_SERVER_FILE_STORE": store, "_MLFLOW_SERVER_ARTIFACT_ROOT": "mlflow-artifacts:/",
                       "_MLFLOW_SERVER_SERVE_ARTIFACTS": "true",
                       "_MLFLOW_SERVER_ARTIFACT_DESTINATION": str(folder / "artifacts"),
                       "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"})
    os.environ.pop("MLFLOW_TRACKING_URI", None)


def setup(client: Any, runs: int) -> dict[str, Any]:
    """Lineaged and unlineaged runs, a logged model each, versions of both kinds (through the app, gate off)."""
    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = client.post(f"{API}/{path}", json=body)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer.get_json()  # type: ignore[no-any-return]

    logged: dict[bool, list[str]] = {True: [], False: []}
    for index in range(2 * runs):
        lineaged = index % 2 == 0
        run_id = post("runs/create", {"experiment_id": "0"})["run"]["info"]["run_id"]
        if lineaged:
            post("runs/log-batch", {"run_id": run_id, "params": [{"key": "seed", "value": "7"}],
                                    "tags": [{"key": "mlflow.source.git.commit", "value": COMMIT}]})
            source = '{"uri": "acme/reviews", "version": "v3"}'
            post("runs/log-inputs", {"run_id": run_id, "datasets": [{
                "dataset": {"name": "acme/reviews", "digest": "v3", "source_type": "lineage-lint", "source": source},
                "tags": [{"key": "mlflow.data.context", "value": "training"}]}]})
        post("runs/update", {"run_id": run_id, "status": "FINISHED", "end_time": int(time.time() * 1000)})
        model = post("logged-models", {"experiment_id": "0", "name": "model", "source_run_id": run_id})
        logged[lineaged].append(model["model"]["info"]["model_id"])
    names = [f"profile-{index}" for index in range(4)]
    versions: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for name in names:
        post("registered-models/create", {"name": name})
        for lineaged in (True, False):
            for model_id in logged[lineaged][:3]:
                created = post("model-versions/create", {"name": name, "source": f"models:/{model_id}",
                                                         "model_id": model_id})["model_version"]
                versions[lineaged].append((name, str(created["version"])))
    return {"logged": logged, "names": names, "versions": versions}


def requests_of(kind: str, lineaged: bool, data: dict[str, Any], rng: random.Random, tag: str) -> tuple[str, Any]:
    if kind == "create":
        model_id = rng.choice(data["logged"][lineaged])
        return "model-versions/create", {"name": rng.choice(data["names"]), "source": f"models:/{model_id}",
                                         "model_id": model_id}
    name, version = rng.choice(data["versions"][lineaged])
    if kind == "alias":
        return "registered-models/alias", {"name": name, "alias": f"{tag}-{rng.randrange(8)}", "version": version}
    if kind == "stage":
        return "model-versions/transition-stage", {"name": name, "version": version, "stage": "Staging",
                                                   "archive_existing_versions": False}
    run_id = rng.choice(data["runs"])
    return "runs/set-tag", {"run_id": run_id, "key": "note", "value": str(rng.random())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind, each way (default 300)")
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of the plugin")
    parser.add_argument("--kinds", default="create,alias,stage,edit",
                        help="request kinds, comma-separated (default create,alias,stage,edit)")
    parser.add_argument("--no-kept-runs", action="store_true",
                        help="moves read their run again (by default runs are kept at once, as they are for the "
                             "versions bench_gate_load.py moves, which are older than a minute)")
    args = parser.parse_args(argv)
    if args.backend == "postgres" and postgres_missing():
        print(f"cannot run: {postgres_missing()} (or pass --backend sqlite)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lineage-lint-profile-") as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        store = (f"sqlite:///{folder / 'mlflow.db'}" if args.backend == "sqlite"
                 else stack.enter_context(postgres()).uri)
        environment(folder, store)
        return measure(args, folder)


def measure(args: argparse.Namespace, folder: Path) -> int:
    from mlflow.server import app

    from lineage_lint.mlflow.server import ServerGate, install
    from lineage_lint.mlflow.traced import TracedRuns

    counter = Counter()
    counter.install()
    profiler = cProfile.Profile(time.thread_time) if args.profile else None  # CPU time, not waits
    spent: dict[str, list[tuple[int, float]]] = defaultdict(list)
    state = {"on": False, "kind": ""}

    class Measured(ServerGate):
        def check(self, what: str, body: dict[str, Any], args: dict[str, Any] | None = None) -> str | None:
            if not state["on"]:
                return None
            return self._measured("check", super().check, what, body, args)

        def settle(self, what: str, body: dict[str, Any], answer: Any, args: dict[str, Any] | None = None,
                   since: int = 0) -> tuple[str | None, list[str]]:
            if not state["on"]:
                return None, []
            return self._measured("settle", functools.partial(super().settle, since=since),  # type: ignore[no-any-return]
                                  what, body, answer, args)

        def _measured(self, part: str, call: Any, *given: Any) -> Any:
            cpu = time.thread_time()
            with counter.counting() as statements:
                if profiler is not None:
                    profiler.enable()
                try:
                    answer = call(*given)
                finally:
                    if profiler is not None:
                        profiler.disable()
            spent[f"{state['kind']} {part}"].append((statements[0], time.thread_time() - cpu))
            return answer

    gate = Measured.from_environment()
    gate.traced = TracedRuns(enabled=not args.no_kept_runs, settle_seconds=0)
    install(app, gate)
    client = app.test_client()
    rng = random.Random(5)
    data = setup(client, runs=20)
    from mlflow.server import handlers

    from lineage_lint.mlflow.store_reads import reads_engine

    tracking = handlers._get_tracking_store()
    if reads_engine(tracking) is not tracking.engine:
        counter.install_direct(reads_engine(tracking))
    data["runs"] = [client.post(f"{API}/runs/create", json={"experiment_id": "0"}).get_json()["run"]["info"]["run_id"]
                    for _ in range(5)]
    totals: dict[tuple[str, bool], list[tuple[int, float]]] = defaultdict(list)
    kinds = tuple(args.kinds.split(","))
    for kind in kinds:  # warm-up: imports, first connections, caches
        for on in (False, True):
            state["on"], state["kind"] = on, f"warm {kind}"
            path, body = requests_of(kind, True, data, rng, "w")
            client.post(f"{API}/{path}", json=body)
    for _ in range(args.requests):
        for kind in kinds:
            for on in (False, True):
                state["on"], state["kind"] = on, kind
                path, body = requests_of(kind, True, data, rng, "g" if on else "b")
                with counter.counting() as statements:
                    cpu = time.thread_time()
                    answer = client.post(f"{API}/{path}", json=body)
                    took = time.thread_time() - cpu
                assert answer.status_code == 200, answer.get_data(as_text=True)
                totals[kind, on].append((statements[0], took))
    print(f"{args.backend}, {args.requests} lineaged requests of each kind, gate off and on in turn, one process")
    print(f"{'request':<8} {'statements off':>15} {'on':>5} {'CPU ms off':>11} {'on':>7} {'added':>7} | "
          f"{'check stmts':>11} {'CPU ms':>7} | {'settle stmts':>12} {'CPU ms':>7}")
    for kind in kinds:
        off, on = totals[kind, False], totals[kind, True]
        check, settle = spent.get(f"{kind} check", []), spent.get(f"{kind} settle", [])
        print(f"{kind:<8} {mean(s for s, _ in off):>15.1f} {mean(s for s, _ in on):>5.1f} "
              f"{median(c for _, c in off) * 1000:>11.2f} {median(c for _, c in on) * 1000:>7.2f} "
              f"{(median(c for _, c in on) - median(c for _, c in off)) * 1000:>+7.2f} | "
              f"{mean(s for s, _ in check):>11.1f} {median(c for _, c in check) * 1000:>7.2f} | "
              f"{mean(s for s, _ in settle):>12.1f} {median(c for _, c in settle) * 1000:>7.2f}")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    return 0


def mean(values: Any) -> float:
    found = list(values)
    return sum(found) / len(found) if found else float("nan")


def median(values: Any) -> float:
    found = sorted(values)
    return found[len(found) // 2] if found else float("nan")


if __name__ == "__main__":
    sys.exit(main())
