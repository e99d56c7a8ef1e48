"""Fixtures shared by the test modules, and running the suite in parallel (pytest-xdist: ``python -m pytest -n 4``).

A module-scoped fixture that starts a process (an ``mlflow server``, a PostgreSQL cluster) is started once
per worker that runs one of its tests, and again whenever a worker comes back to its module. The tests that
share such a fixture are therefore one unit of work, run one after the other by one worker, so each server
starts once per run; every other test goes to whichever worker is free.

pytest-xdist's own ``--dist loadgroup`` would do this with ``xdist_group`` marks, but it renames each
test's node id to carry its group, which pytest 9.2 no longer allows (the name stays, the group is lost).
So the workers write each grouped test's group to a file the whole run shares, and the controller's
scheduler (xdist's ``loadscope``, with a scope per group and per ungrouped test) reads it.

Every test process has its own user cache folder: the cache key `lineage-lint check` creates on first use
(``$XDG_CACHE_HOME/lineage-lint/cache-key``) never lands in the home of whoever runs the suite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lineage_lint.mlflow.client import CLIENT_VARIABLE

# Module-scoped fixtures that start a process, by the name tests ask for; the fixtures built on them
# (`client`, `pg_server`) bring these into a test's fixture closure too.
PROCESS_FIXTURES = ("server", "world", "auth_server", "pg")
GROUPS_FILE = "xdist-groups.json"


def group_of(item: pytest.Item) -> str | None:
    """The unit of work a test belongs to: its module and the process fixture it shares, if any."""
    fixtures = getattr(item, "fixturenames", ())
    shared = [name for name in PROCESS_FIXTURES if name in fixtures]
    return f"{item.nodeid.split('::', 1)[0]}::{shared[0]}" if shared else None


@pytest.hookimpl(trylast=True)  # after any reordering (pytest-randomly): only the ids matter
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    # every worker collects the same tests; each writes the same table, atomically
    shared = Path(str(config.getoption("basetemp"))).parent
    temporary = shared / f"{GROUPS_FILE}.{worker}"
    temporary.write_text(json.dumps(groups), encoding="utf-8")
    temporary.replace(shared / GROUPS_FILE)


@pytest.hookimpl(optionalhook=True)  # a hook of xdist's: unknown when it is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``loadscope`` whose scopes are the groups above (the default ``--dist``, or ``--dist loadgroup``)."""
    if config.getoption("dist") not in ("load", "loadgroup"):
        return None  # another --dist asked for explicitly
    from xdist.scheduler import LoadScopeScheduling

    table = Path(str(config._tmp_path_factory.getbasetemp())) / GROUPS_FILE  # type: ignore[attr-defined]

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:  # read once, when scheduling starts: every worker has collected by then
                self.groups = json.loads(table.read_text(encoding="utf-8")) if table.exists() else {}
            assert self.groups is not None
            return self.groups.get(nodeid, nodeid)

    return GroupScheduling(config, log)


@pytest.fixture(autouse=True, scope="session")
def _user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(params=["rest", "mlflow"])
def asked_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which client asks the tracking server: lineage-lint's REST client or MLflow's. A test that takes it runs
    once with each, with the same assertions: both must give the same records and reports."""
    client: str = request.param
    monkeypatch.setenv(CLIENT_VARIABLE, client)
    return client
