"""A real ``mlflow server`` for the gate's tests: SQLite (or PostgreSQL) and artifacts in a temporary folder,
127.0.0.1 on a free port, no job-execution workers; stopped by process group. Also a throwaway PostgreSQL
cluster (Debian's ``postgresql`` package) that the tests start and stop, a proxy in front of the server that
records what it is sent (and may answer itself, or over TLS), and throwaway certificates."""

from __future__ import annotations

import http.server
import json
import os
import random
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START_TIMEOUT = 90  # seconds; `mlflow server` answers /health after 10-30 s on a busy 2-core machine


# Each pytest-xdist worker picks ports from a range of its own, below the kernel's ephemeral ports (32768 and
# up), so neither another worker's server nor an outgoing connection takes a port between its pick and its use.
PORT_BASE, PORTS_PER_WORKER, WORKER_RANGES = 20_000, 1_000, 12
_picks = random.Random()  # its own generator: pytest-randomly reseeds the global one to the same seed per test


def worker_index() -> int:
    """This pytest-xdist worker's number (``gw3`` is 3); 0 without xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on, from this worker's range."""
    low = PORT_BASE + (worker_index() % WORKER_RANGES) * PORTS_PER_WORKER
    for port in _picks.sample(range(low, low + PORTS_PER_WORKER), 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:  # the whole range busy: any port the kernel gives
        probe.bind(("127.0.0.1", 0))
        chosen: int = probe.getsockname()[1]
        return chosen


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
    log = folder / "server.log"
    environment = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **(env or {})}
    environment.pop("MLFLOW_TRACKING_URI", None)
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        command = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
                   "--backend-store-uri", backend or f"sqlite:///{folder / 'mlflow.db'}",
                   "--artifacts-destination", str(folder / "artifacts"), "--workers", str(workers), *options]
        if app_name:
            command += ["--app-name", app_name]
        with open(log, "wb") as sink:
            process = subprocess.Popen(command, cwd=folder, stdout=sink, stderr=subprocess.STDOUT, env=environment,
                                       start_new_session=True)
        uri = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_for_health(uri, process, log)
            except RuntimeError:
                if attempt + 1 < PORT_ATTEMPTS and _port_taken(log):
                    continue  # another process (a parallel test worker) took the port first: another port
                raise
            yield Server(uri, folder, log, process.pid)
            return
        finally:
            _stop(process)


PORT_ATTEMPTS = 3


def _port_taken(log: Path) -> bool:
    text = _tail(log)
    return "Address already in use" in text or "address already in use" in text


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


# --- in front of the real server: a recording, answer-overriding, optionally TLS-terminating proxy ---------

Answer = tuple[int, dict[str, str], bytes]  # status, headers, body


@dataclass
class Forwarder:
    uri: str
    requests: list[tuple[str, str, dict[str, str], int]]  # method, path, headers (lower-case names), client port


@contextmanager
def forwarder(upstream: str, *, answer: Callable[[str, str], Answer | None] | None = None,
              tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> Iterator[Forwarder]:
    """An HTTP/1.1 server (keep-alive; https with ``tls``) that records every request it gets and forwards it to
    ``upstream`` (the real tracking server, without the credentials it was sent), unless ``answer(method,
    path)`` gives the reply itself."""
    seen: list[tuple[str, str, dict[str, str], int]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                         self.client_address[1]))
            reply = answer(self.command, self.path) if answer else None
            if reply is None:
                request = urllib.request.Request(upstream + self.path, data=body or None, method=self.command,
                                                 headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        reply = response.status, {"Content-Type": response.headers.get("Content-Type", "")}, \
                            response.read()
                except urllib.error.HTTPError as error:
                    reply = error.code, {"Content-Type": error.headers.get("Content-Type", "")}, error.read()
            status, headers, data = reply
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = _forward

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Forwarder(f"{'https' if tls else 'http'}://{host}:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()


def json_answer(status: int, body: object) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


@dataclass
class Certificates:
    ca: Path  # the CA's certificate: what MLFLOW_TRACKING_SERVER_CERT_PATH names
    server_cert: Path  # for 127.0.0.1, signed by the CA
    server_key: Path
    client: Path  # a client certificate with its key (PEM): what MLFLOW_TRACKING_CLIENT_CERT_PATH names

    def server_context(self, require_client: bool = False) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server_cert, self.server_key)
        if require_client:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.ca)
        return context


def certificates(folder: Path) -> Certificates:
    """A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with ``openssl``."""
    folder.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=lineage-lint test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for name, extensions in (("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
                             ("client", "extendedKeyUsage=clientAuth\n")):
        (folder / f"{name}.ext").write_text("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                                            + extensions)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", f"/CN=lineage-lint test {name}")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    client = folder / "client-with-key.pem"
    client.write_text((folder / "client.pem").read_text() + (folder / "client.key").read_text())
    return Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key", client)


COMMIT = "0123456789abcdef0123456789abcdef01234567"


def lineaged_version(uri: str, name: str, alias: str = "champion") -> str:
    """A lineaged run (seed, commit, a pinned dataset), its logged model, and a version of ``name`` registered
    from it holding ``alias``: what the gate passes. Returns the version."""
    import mlflow
    from mlflow.tracking import MlflowClient

    before = mlflow.get_tracking_uri()
    mlflow.set_tracking_uri(uri)  # MLflow reads some of what it registers through the global tracking URI
    try:
        return _lineaged_version(MlflowClient(tracking_uri=uri, registry_uri=uri), name, alias)
    finally:
        mlflow.set_tracking_uri(before)


def _lineaged_version(client: Any, name: str, alias: str) -> str:
    from mlflow.entities import Dataset, DatasetInput, InputTag, Param, RunTag

    run_id = client.create_run("0").info.run_id
    client.log_batch(run_id, params=[Param("seed", "42")],
                     tags=[RunTag("mlflow.source.git.commit", COMMIT), RunTag("lineage.git_dirty", "false")])
    dataset = Dataset("acme/reviews", "v3", "lineage-lint", json.dumps({"uri": "acme/reviews", "version": "v3"}))
    client.log_inputs(run_id, datasets=[DatasetInput(dataset, [InputTag("mlflow.data.context", "training")])])
    client.set_terminated(run_id)
    model = client.create_logged_model(experiment_id="0", name="model", source_run_id=run_id)
    client.create_registered_model(name)
    version = client.create_model_version(name, f"models:/{model.model_id}", model_id=model.model_id,
                                          await_creation_for=0)
    client.set_registered_model_alias(name, alias, version.version)
    return str(version.version)


@contextmanager
def stalling_server(*, trickle: bool) -> Iterator[str]:
    """A server that accepts every connection and then never answers, or (``trickle``) answers one byte a second,
    forever: no single read ever times out."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    stop = threading.Event()

    def serve(connection: socket.socket) -> None:
        with connection:
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{" + \
                    b" " * 1000:
                if stop.wait(1):
                    return
                if trickle:
                    with suppress(OSError):
                        connection.sendall(bytes([byte]))

    def accept() -> None:
        while not stop.is_set():
            with suppress(OSError):
                connection, _ = listener.accept()
                threading.Thread(target=serve, args=(connection,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()


def make_run(client: Any, lineage: bool, experiment: str = "0", tags: dict[str, str] | None = None) -> str:
    """A finished run through ``client``; with ``lineage``, a seed, a commit and a pinned training dataset
    (what run-default wants), and ``tags`` besides."""
    from mlflow.entities import Dataset, DatasetInput, InputTag, Param, RunTag

    run_id: str = client.create_run(experiment).info.run_id
    if lineage:
        client.log_batch(run_id, params=[Param("seed", "42")],
                         tags=[RunTag("mlflow.source.git.commit", COMMIT),
                               *(RunTag(key, value) for key, value in (tags or {}).items())])
        dataset = Dataset("acme/reviews", "v3", "lineage-lint", json.dumps({"uri": "acme/reviews", "version": "v3"}))
        client.log_inputs(run_id, datasets=[DatasetInput(dataset, [InputTag("mlflow.data.context", "training")])])
    client.set_terminated(run_id)
    return run_id


def show_log_on_failure(request: Any, server: Server, failed_before: int) -> None:
    """After a module's tests: the server's log on stderr when one of them failed."""
    if request.session.testsfailed > failed_before:
        sys.stderr.write(f"\n--- mlflow server log ({server.log}) ---\n{server.log.read_text()[-6000:]}\n")
