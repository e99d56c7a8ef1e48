"""The wheel carries every subpackage: pre-commit installs the hook with a plain (non-editable) `pip install .`,
which ships only the packages pyproject.toml lists."""

from __future__ import annotations

import sys

from support import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    package_root = REPO / "hooks"
    found = {".".join(init.parent.relative_to(package_root).parts) for init in package_root.rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
