"""A real ``mlflow server`` for the gate's tests: SQLite (or PostgreSQL) and artifacts in a temporary folder,
127.0.0.1 on a free port, no job-execution workers; stopped by process group. Also a throwaway PostgreSQL
cluster (Debian's ``postgresql`` package) that the tests start and stop."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START_TIMEOUT = 90  # seconds; `mlflow server` answers /health after 10-30 s on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    uri: str
    folder: Path
    log: Path
    pid: int = 0  # the `mlflow server` process, leader of its process group


@contextmanager
def mlflow_server(folder: Path, app_name: str | None = None, env: dict[str, str] | None = None, *,
                  backend: str | None = None, workers: int = 1, options: Sequence[str] = ()) -> Iterator[Server]:
    """``mlflow server`` on SQLite in ``folder`` (or ``backend``, a database URI) with ``workers`` workers;
    ``options`` are more of its flags (``--gunicorn-opts=...``)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "server.log"
    command = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
               "--backend-store-uri", backend or f"sqlite:///{folder / 'mlflow.db'}",
               "--artifacts-destination", str(folder / "artifacts"), "--workers", str(workers), *options]
    if app_name:
        command += ["--app-name", app_name]
    environment = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **(env or {})}
    environment.pop("MLFLOW_TRACKING_URI", None)
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, cwd=folder, stdout=sink, stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=True)
    uri = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(uri, process, log)
        yield Server(uri, folder, log, process.pid)
    finally:
        _stop(process)


@contextmanager
def log_shown_on_failure(server: Server, request: Any) -> Iterator[Server]:
    """``server`` for a module's tests; when any of them failed, its log's tail goes to stderr at teardown."""
    failed_before = request.session.testsfailed
    yield server
    if request.session.testsfailed > failed_before:
        sys.stderr.write(f"\n--- mlflow server log ({server.log}) ---\n{server.log.read_text()[-6000:]}\n")


def _wait_for_health(uri: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"mlflow server did not answer /health within {START_TIMEOUT} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def _tail(log: Path, lines: int = 60) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


# --- PostgreSQL: Debian's `postgresql` package, a throwaway cluster on 127.0.0.1 -------------------------


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: the package's `postgres` user runs it then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    uri: str
    data: Path
    port: int
    bin: Path

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]), check=True,
                       capture_output=True, timeout=90)

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off -c max_connections=200"
        self._ctl("-o", options, "-l", str(self.data / "postgres.log"), "-w", "-t", "60", "start")


def postgres_missing() -> str:
    """Why PostgreSQL cannot be used here ('' when it can)."""
    if _pg_bin() is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed (the test extra has psycopg2-binary)"
    return ""


@contextmanager
def postgres() -> Iterator[Postgres]:
    """A fresh cluster in a temporary folder (owned by `postgres`), serving database `mlflow` on 127.0.0.1
    with trust authentication; stopped and removed afterwards."""
    pg_bin = _pg_bin()
    assert pg_bin is not None, postgres_missing()
    folder = Path(tempfile.mkdtemp(prefix="lineage-lint-pg-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(_as_postgres([str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                     "-E", "UTF8", "--no-sync"]), check=True, capture_output=True, timeout=120)
        port = free_port()
        server = Postgres(f"postgresql+psycopg2://postgres@127.0.0.1:{port}/mlflow", data, port, pg_bin)
        server.start()
        try:
            subprocess.run(_as_postgres([str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                                         "postgres", "mlflow"]), check=True, capture_output=True, timeout=60)
            yield server
        finally:
            with suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                server._ctl("-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def post(server: Server, path: str, body: object, timeout: float = 60) -> tuple[int, dict[str, Any]]:
    """POST ``body`` as JSON to the server's ``path``, as a browser or another client would (no MLflow client):
    (HTTP status, JSON body); status 0 when no answer came (refused connection or time-out)."""
    request = urllib.request.Request(f"{server.uri}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        with suppress(ValueError):
            return error.code, json.loads(error.read() or b"{}")
        return error.code, {}
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, {"message": str(error)}
