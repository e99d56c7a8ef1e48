#!/usr/bin/env python3
"""The server plugin under load: thousands of mixed requests from many clients to a multi-worker server.

What it does, in one run (127.0.0.1 only, every step bounded):

1. Starts PostgreSQL (Debian's ``postgresql``, a throwaway cluster; ``--backend sqlite`` uses SQLite) and two
   ``mlflow server`` processes on the same database, each with ``--workers`` uvicorn workers: one plain, one
   with ``--app-name lineage-gate``.
2. Through the plain server (the gate would refuse half of it): ``--runs`` lineaged and as many unlineaged
   runs, a logged model for each, registered models, and versions of both kinds to move.
3. Warms both servers up (``--warmup`` requests each, checked but not timed), then, under load, sends
   ``--requests`` requests to each server from ``--clients`` concurrent clients, the same
   mix to both (create a version, set an alias, move a version to Staging, each for lineaged and unlineaged
   runs), in ``--rounds`` alternating rounds whose order turns each round (plain then plugin, plugin then
   plain, ...) so that a change in the machine's load, or the database's work after the round before, falls
   on both alike.
4. Under load again, ``--passing`` requests that are all lineaged: the plugin refuses half of the mixed ones,
   which spares MLflow's own writes, so the plugin server has less to do there; here both do the same work and
   the difference is the plugin's cost, queueing included.
5. One client: ``--serial`` more requests of the mix, one at a time, alternating between the two servers
   request by request: the added latency without queueing in front of the plugin.
6. Checks the plugin's answers: zero unlineaged versions or aliases let through, zero lineaged ones
   refused; then that every alias set through the plugin server points at a lineaged version.
7. Prints, for each part, the latency per request kind (p50, p99) on each server and the plugin's added
   latency (the plugin server's p50 / p99 minus the plain server's), and the time the plugin took inside
   the server, its check and its judgement once written (wall and CPU, from the ``Server-Timing`` header the
   plugin adds under ``LINEAGE_LINT_GATE_TIMING=1``), over every request and by kind of request let through.
   Under load it also prints the added p50 round by round (the noise around the pooled figure), the load
   average, and the CPU per request of each server's processes and of the database's (read from /proc while
   that server alone is sent requests): the work the plugin adds, which the machine's other load does not
   change as it changes the latency. Target: p50 added <= 20 ms.

The versions moved are registered during the setup, so after their first minute the plugin server re-judges
their kept runs (``lineage_lint.mlflow.traced``); creations always read the run. ``--no-kept-runs`` measures
every move reading its run.

Exit status: 1 when anything unlineaged got through or anything lineaged was refused, 2 when it could not
run, else 0 (the latency figures are reported, not asserted). ``python bench/bench_gate_load.py --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mlflow_support import mlflow_server, postgres, postgres_missing  # the same servers the tests start

TARGET_ADDED_P50_MS = 20.0
COMMIT = "0123456789abcdef0123456789abcdef01234567"
KINDS = ("create", "alias", "stage")
API = "/api/2.0/mlflow"


@dataclass
class Sample:
    kind: str
    lineaged: bool
    status: int
    seconds: float
    alias: str = ""
    check: tuple[float, float] | None = None  # the plugin's wall and CPU ms inside the server (Server-Timing)


def server_timing(header: str | None) -> tuple[float, float] | None:
    """``lineage-lint;dur=W, lineage-lint-cpu;dur=C`` -> (W, C) in ms."""
    found = dict(re.findall(r"(lineage-lint(?:-cpu)?);dur=([0-9.]+)", header or ""))
    if "lineage-lint" not in found:
        return None
    return float(found["lineage-lint"]), float(found.get("lineage-lint-cpu", "nan"))


def setup(uri: str, runs: int, models: int) -> dict[str, Any]:
    """Runs, logged models and versions of both kinds, made through the plain server."""
    from mlflow.entities import Dataset, DatasetInput, InputTag, Param, RunTag
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    logged: dict[bool, list[str]] = {True: [], False: []}
    for index in range(2 * runs):
        lineaged = index % 2 == 0
        run_id = client.create_run("0").info.run_id
        if lineaged:
            client.log_batch(run_id, params=[Param("seed", "7")], tags=[RunTag("mlflow.source.git.commit", COMMIT)])
            source = json.dumps({"uri": "acme/reviews", "version": "v3"})
            dataset = Dataset("acme/reviews", "v3", "lineage-lint", source)
            client.log_inputs(run_id, datasets=[DatasetInput(dataset, [InputTag("mlflow.data.context", "training")])])
        client.set_terminated(run_id)
        logged[lineaged].append(client.create_logged_model(experiment_id="0", name="model",
                                                           source_run_id=run_id).model_id)
    names = [f"load-{index}" for index in range(models)]
    versions: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for name in names:
        client.create_registered_model(name)
        for lineaged in (True, False):
            for model_id in logged[lineaged][:3]:
                created = client.create_model_version(name, f"models:/{model_id}", model_id=model_id,
                                                      await_creation_for=0)
                versions[lineaged].append((name, str(created.version)))
    return {"logged": logged, "names": names, "versions": versions}


Request = tuple[str, bool, str, dict[str, Any]]  # kind, lineaged, path, body


def plan(count: int, data: dict[str, Any], prefix: str, rng: random.Random, mixed: bool = True) -> list[Request]:
    """``count`` requests: (kind, lineaged, path, body), kinds (and, when ``mixed``, lineage) evenly mixed,
    shuffled; without ``mixed``, all lineaged."""
    requests: list[Request] = []
    for index in range(count):
        kind, lineaged = KINDS[index % 3], (index // 3) % 2 == 0 or not mixed
        if kind == "create":
            model_id = rng.choice(data["logged"][lineaged])
            body = {"name": rng.choice(data["names"]), "source": f"models:/{model_id}", "model_id": model_id}
            requests.append((kind, lineaged, f"{API}/model-versions/create", body))
        else:
            name, version = rng.choice(data["versions"][lineaged])
            if kind == "alias":
                body = {"name": name, "alias": f"{prefix}-slot-{rng.randrange(8)}", "version": version}
                requests.append((kind, lineaged, f"{API}/registered-models/alias", body))
            else:
                body = {"name": name, "version": version, "stage": "Staging", "archive_existing_versions": False}
                requests.append((kind, lineaged, f"{API}/model-versions/transition-stage", body))
    rng.shuffle(requests)
    return requests


class Sender:
    """One HTTP session per client thread; every request bounded by the deadline."""

    def __init__(self, deadline: float) -> None:
        import requests as http

        self.http, self.deadline, self.local = http, deadline, threading.local()

    def one(self, uri: str, item: Request) -> Sample:
        kind, lineaged, path, body = item
        if time.monotonic() > self.deadline:
            return Sample(kind, lineaged, -1, 0.0)
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = self.http.Session()
        started = time.perf_counter()
        try:
            response = session.post(uri + path, json=body, timeout=60)
            status, timing = response.status_code, server_timing(response.headers.get("Server-Timing"))
        except self.http.RequestException:
            status, timing = 0, None
        return Sample(kind, lineaged, status, time.perf_counter() - started, str(body.get("alias", "")), timing)

    def concurrent(self, uri: str, requests: list[Request], clients: int) -> list[Sample]:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            return list(pool.map(lambda item: self.one(uri, item), requests))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def figures(samples: list[Sample]) -> dict[str, tuple[float, float, int]]:
    by: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        if sample.status > 0:
            lineage = "lineaged" if sample.lineaged else "unlineaged"
            by["all"].append(sample.seconds)
            by[f"all {lineage}"].append(sample.seconds)
            by[f"{sample.kind} {lineage}"].append(sample.seconds)
    return {key: (percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000, len(values))
            for key, values in sorted(by.items())}


def report(title: str, plain: list[Sample], gated: list[Sample]) -> None:
    """Print one part's table: latency by request kind on both servers, the plugin's added latency on what it
    lets through (a refusal skips MLflow's own write, so it is faster than the plain server's answer and is
    no measure of the plugin's cost) and on every request, and the plugin's time inside the server (its check
    and its judgement once written), over every request and by kind of request let through."""
    print(f"\n{title}")
    print(f"{'request':<22} {'p50 plain':>10} {'p50 gated':>10} {'added':>9} {'p99 plain':>10} {'p99 gated':>10} "
          f"{'n':>6}")
    plain_figures, gated_figures = figures(plain), figures(gated)
    for key in gated_figures:
        p50a, p99a, _ = plain_figures.get(key, (float("nan"), float("nan"), 0))
        p50b, p99b, count = gated_figures[key]
        print(f"{key:<22} {p50a:>8.1f}ms {p50b:>8.1f}ms {p50b - p50a:>+7.1f}ms {p99a:>8.1f}ms {p99b:>8.1f}ms "
              f"{count:>6}")
    for key, what in (("all lineaged", "on what it lets through (lineaged)"), ("all", "on every request")):
        added_p50 = gated_figures[key][0] - plain_figures[key][0]
        added_p99 = gated_figures[key][1] - plain_figures[key][1]
        met = "met" if added_p50 <= TARGET_ADDED_P50_MS else "NOT met"
        print(f"plugin added latency {what}: p50 {added_p50:+.1f} ms, p99 {added_p99:+.1f} ms "
              f"(target: p50 added <= {TARGET_ADDED_P50_MS:.0f} ms: {met})")
    checks = [sample.check for sample in gated if sample.check is not None]
    if not checks:
        print("the plugin inside the server: no Server-Timing header came back")
        return
    groups = [("every request", checks)] + [
        (f"{kind} let through", [sample.check for sample in gated
                                 if sample.check is not None and sample.kind == kind and sample.status == 200])
        for kind in KINDS]
    for label, timed in groups:
        if timed:
            walls, cpus = [wall for wall, _ in timed], [cpu for _, cpu in timed]
            print(f"the plugin inside the server (check and judgement once written), {label} ({len(timed)}): "
                  f"wall p50 {percentile(walls, 0.5):.1f} ms, p99 {percentile(walls, 0.99):.1f} ms; "
                  f"CPU p50 {percentile(cpus, 0.5):.1f} ms, p99 {percentile(cpus, 0.99):.1f} ms")


def cpu_seconds(pids: set[int], reaped: int = 0) -> float:
    """The CPU time (user + system) the processes ``pids`` have used so far, and the children ``reaped`` has
    waited for (a database's connections come and go: each is a process, reaped by the server's first one)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids | ({reaped} if reaped else set()):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == reaped else 0)
    return total / tick


def processes(group: int = 0, parent: int = 0) -> set[int]:
    """The processes of process group ``group``, or the children of ``parent`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if (group and int(fields[2]) == group) or (parent and int(fields[1]) == parent):
                found.add(int(stat.parent.name))
    return found


class CPU:
    """The CPU time one server's processes and the database's processes use while that server alone is sent
    requests (the servers take turns, so the database's time in a round is that server's): the work per
    request on each side, which the machine's other load does not change (the latency it does)."""

    def __init__(self, servers: dict[str, Any], database_pid: int) -> None:
        self.servers, self.database_pid = servers, database_pid
        self.used: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        self.started: dict[tuple[str, str], int] = defaultdict(int)  # the database's processes seen start

    @contextlib.contextmanager
    def measured(self, part: str, label: str, requests: int) -> Iterator[None]:
        server = processes(group=self.servers[label].pid)
        before = cpu_seconds(server), self._database()
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(part, label, done), daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join()
        used = self.used[part, label]
        used[0] += cpu_seconds(server) - before[0]
        used[1] += self._database() - before[1]
        used[2] += requests

    def _watch(self, part: str, label: str, done: threading.Event) -> None:
        """Count the database's processes that start while ``label`` is sent requests (every connection opened
        is one: a pool that opens and closes connections under load costs the database a process each)."""
        if not self.database_pid:
            return
        seen = processes(parent=self.database_pid)
        while not done.wait(0.05):
            now = processes(parent=self.database_pid)
            self.started[part, label] += len(now - seen)
            seen |= now

    def _database(self) -> float:
        """The database's CPU so far: its processes now, and those gone (its connections' processes end with
        them), which its first process reaped."""
        if not self.database_pid:
            return 0.0
        return cpu_seconds(processes(parent=self.database_pid), reaped=self.database_pid)

    def report(self, part: str) -> None:
        per = {}
        for label in ("plain", "gated"):
            server, database, count = self.used[part, label]
            per[label] = (server * 1000 / max(1, count), database * 1000 / max(1, count))
        (plain_server, plain_db), (gated_server, gated_db) = per["plain"], per["gated"]
        database = "the database's" if self.database_pid else "the database's (not measured: SQLite is in-process)"
        print(f"CPU per request, the server's processes / {database}: plain {plain_server:.2f} / {plain_db:.2f} ms, "
              f"gated {gated_server:.2f} / {gated_db:.2f} ms, added {gated_server - plain_server:+.2f} / "
              f"{gated_db - plain_db:+.2f} ms (together {gated_server + gated_db - plain_server - plain_db:+.2f} ms); "
              f"database processes started per 100 requests (connections opened, and the database's own workers): "
              f"plain {100 * self.started[part, 'plain'] / max(1, self.used[part, 'plain'][2]):.1f}, gated "
              f"{100 * self.started[part, 'gated'] / max(1, self.used[part, 'gated'][2]):.1f}")


def spread(plain: list[float], gated: list[float]) -> None:
    """How much the added p50 on lineaged requests varies from round to round (each round's gated p50 minus
    the plain p50 of the same round): the noise around the figure above, which pools every round."""
    added = sorted(b - a for a, b in zip(plain, gated, strict=True))
    if added:
        print(f"added p50 on lineaged requests, round by round: median {percentile(added, 0.5):+.1f} ms, from "
              f"{added[0]:+.1f} to {added[-1]:+.1f} ms over {len(added)} rounds")


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[tuple[str, int]]:
    """The database's URI and the pid of its server process (0 for SQLite)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'mlflow.db'}", 0
        return
    with postgres() as running:
        yield running.uri, int((running.data / "postmaster.pid").read_text().split()[0])


def unlineaged_aliases(uri: str, data: dict[str, Any]) -> list[str]:
    """The aliases set through the plugin server (``p-``) that point at an unlineaged version."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    unlineaged_versions = set(data["versions"][False])
    return [f"{name}@{alias}" for name in data["names"]
            for alias, version in client.get_registered_model(name).aliases.items()
            if alias.startswith("p-") and (name, str(version)) in unlineaged_versions]


def under_load(args: argparse.Namespace, data: dict[str, Any], servers: dict[str, Any], sender: Sender, cpu: CPU,
               rng: random.Random, loaded: dict[tuple[str, str], list[Sample]],
               rounds: dict[tuple[str, str], list[float]]) -> None:
    """The two parts under load (mixed, then lineaged only), each in ``args.rounds`` rounds per server."""
    for part, count, mixed in (("mixed", args.requests, True), ("lineaged", args.passing, False)):
        per_round = max(1, count // max(1, args.rounds))
        for round_number in range(max(1, args.rounds)):
            share = per_round if round_number < args.rounds - 1 else count - per_round * round_number
            # the order turns each round (plain first, then the plugin first...): a machine whose load
            # drifts during a run, or a database busy after the writes of the round before, falls on both
            for label in ("plain", "gated") if round_number % 2 == 0 else ("gated", "plain"):
                requests = plan(share, data, "b" if label == "plain" else "p", rng, mixed)
                started = time.perf_counter()
                with cpu.measured(part, label, share):
                    answered = sender.concurrent(servers[label].uri, requests, args.clients)
                loaded[part, label] += answered
                took = time.perf_counter() - started
                p50 = percentile([s.seconds for s in answered if s.status > 0 and s.lineaged], 0.5) * 1000
                rounds[part, label].append(p50)
                print(f"under load, {part}, round {round_number + 1}, {label}: {share} requests from "
                      f"{args.clients} clients in {took:.1f} s ({share / took:.0f}/s), lineaged p50 "
                      f"{p50:.0f} ms, load average {os.getloadavg()[0]:.1f}")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="requests to each server under load (default 5000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients under load (default 16)")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds per server under load (default 10)")
    parser.add_argument("--passing", type=int, default=2000,
                        help="lineaged-only requests to each server under load, after the mixed ones (default 2000)")
    parser.add_argument("--serial", type=int, default=400,
                        help="requests to each server from one client, alternating request by request (default 400)")
    parser.add_argument("--warmup", type=int, default=60,
                        help="mixed requests to each server before measuring, judged but not timed (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers per server (default 2)")
    parser.add_argument("--runs", type=int, default=40, help="lineaged runs, and as many unlineaged (default 40)")
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--no-kept-runs", action="store_true",
                        help="the plugin server reads every move's run again (LINEAGE_LINT_GATE_KEEP_RUNS=0)")
    parser.add_argument("--max-seconds", type=float, default=1800, help="give up sending after this long")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.backend == "postgres" and postgres_missing():
        print(f"cannot run: {postgres_missing()} (or pass --backend sqlite)", file=sys.stderr)
        return 2
    import tempfile

    rng = random.Random(12)
    timing = {"LINEAGE_LINT_GATE_TIMING": "1", **({"LINEAGE_LINT_GATE_KEEP_RUNS": "0"} if args.no_kept_runs else {})}
    loaded: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    serial: dict[str, list[Sample]] = {"plain": [], "gated": []}
    warmup: dict[str, list[Sample]] = {}
    rounds: dict[tuple[str, str], list[float]] = defaultdict(list)  # lineaged p50 of each round
    with tempfile.TemporaryDirectory(prefix="lineage-lint-load-") as tmp:
        folder = Path(tmp)
        with database(args.backend, folder) as (store, database_pid), \
                mlflow_server(folder / "plain", backend=store, workers=args.workers) as plain, \
                mlflow_server(folder / "gated", app_name="lineage-gate", backend=store, workers=args.workers,
                              env=timing) as gated:
            servers = {"plain": plain, "gated": gated}
            cpu = CPU(servers, database_pid)
            started = time.perf_counter()
            data = setup(plain.uri, args.runs, models=4)
            print(f"setup through the plain server: {2 * args.runs} runs and logged models, "
                  f"{len(data['versions'][True]) + len(data['versions'][False])} versions "
                  f"({time.perf_counter() - started:.1f} s); {args.backend}, {args.workers} workers per server; "
                  f"load average {' '.join(f'{each:.1f}' for each in os.getloadavg())}")
            sender = Sender(time.monotonic() + args.max_seconds)
            for label in ("plain", "gated"):  # first requests open connections and fill caches: not measured
                requests = plan(args.warmup, data, "b" if label == "plain" else "p", rng)
                warmup[label] = sender.concurrent(servers[label].uri, requests, args.clients)
            under_load(args, data, servers, sender, cpu, rng, loaded, rounds)
            started = time.perf_counter()
            pairs = zip(plan(args.serial, data, "b", rng), plan(args.serial, data, "p", rng), strict=True)
            for plain_request, gated_request in pairs:  # one client, the two servers in turn
                serial["plain"].append(sender.one(plain.uri, plain_request))
                serial["gated"].append(sender.one(gated.uri, gated_request))
            took = time.perf_counter() - started
            print(f"one client: {args.serial} requests to each server, alternating ({took:.1f} s)")
            bad_aliases = unlineaged_aliases(gated.uri, data)
    report(f"under load: {args.requests} mixed requests per server from {args.clients} concurrent clients (the plugin "
           "refuses half, which spares MLflow's writes: the plugin server has less work)",
           loaded["mixed", "plain"], loaded["mixed", "gated"])
    cpu.report("mixed")
    spread(rounds["mixed", "plain"], rounds["mixed", "gated"])
    report(f"under load, lineaged only: {args.passing} requests per server from {args.clients} concurrent clients "
           "(both servers do the same writes: the plugin's cost, queueing included)",
           loaded["lineaged", "plain"], loaded["lineaged", "gated"])
    cpu.report("lineaged")
    spread(rounds["lineaged", "plain"], rounds["lineaged", "gated"])
    report(f"one client: {args.serial} requests per server, alternating", serial["plain"], serial["gated"])
    gated_samples = warmup["gated"] + loaded["mixed", "gated"] + loaded["lineaged", "gated"] + serial["gated"]
    through = [s for s in gated_samples if not s.lineaged and s.status == 200]
    refused = [s for s in gated_samples if s.lineaged and s.status == 403]
    failed = [s for s in gated_samples if s.status not in (200, 403)]
    print(f"\nunlineaged let through: {len(through)}; lineaged refused: {len(refused)}; aliases through the plugin "
          f"on unlineaged versions: {len(bad_aliases)}; failed (neither 200 nor 403): {len(failed)}"
          + (f" {sorted({s.status for s in failed})}" if failed else ""))
    return 1 if through or refused or bad_aliases else 0


if __name__ == "__main__":
    sys.exit(main())
