"""The release path: one version for the package, the hook and the Action; the project's own workflows valid
for GitHub (SchemaStore's schema, offline) and doing what they say; the release workflow's own shell steps run
here on real files and a real git remote."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

import lineage_lint
from support import REPO, git, git_init, require_part, tool

WORKFLOWS = REPO / ".github" / "workflows"
VERSION = lineage_lint.__version__
MAJOR = "v" + VERSION.split(".")[0]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def workflow(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return loaded


def triggers(loaded: dict[str, Any]) -> Any:
    return loaded.get("on", loaded.get(True))  # YAML 1.1 reads the key `on` as true


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in job["steps"] if item.get("name") == name)


def check_jsonschema(*paths: Path) -> subprocess.CompletedProcess[str]:
    program = tool("check-jsonschema")
    require_part("check-jsonschema", program is not None, "pip install check-jsonschema (part of the test extra)")
    assert program is not None
    return subprocess.run([program, "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=False)


def run_step(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60, check=False)


# ------------------------------------------------------------------------------------------- the workflows


def test_the_workflows_match_the_github_workflow_schema() -> None:
    paths = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in paths} >= {"ci.yml", "release.yml"}
    completed = check_jsonschema(*paths)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_workflow_schema_check_is_not_vacuous(tmp_path: Path) -> None:
    broken = workflow("release.yml")
    broken["jobs"]["publish"]["runs-on"] = {"group": 3}
    path = tmp_path / "release.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert check_jsonschema(path).returncode != 0


def test_ci_runs_the_ci_script_on_pull_requests_and_dogfoods_the_action_on_the_examples() -> None:
    ci = workflow("ci.yml")
    assert "pull_request" in triggers(ci)
    assert any(item.get("run") == "bash .ci/run" for item in ci["jobs"]["ci-run"]["steps"])
    dogfood = ci["jobs"]["action-on-examples"]["steps"]
    own = [item for item in dogfood if item.get("uses") == "./"]
    assert [(item["with"]["paths"], item["with"].get("fail-on", "error")) for item in own] == [
        ("examples/good", "error"), ("examples/bad", "never")]
    assert all(item["with"]["changed-only"] == "false" for item in own)  # every example, not the PR's files
    assert (REPO / "examples" / "good").is_dir() and (REPO / "examples" / "bad").is_dir()
    checks = dogfood[-1]["run"]
    assert 'test "$BAD_ERRORS" -gt 0' in checks and 'test "$GOOD_CONCLUSION" = success' in checks


def test_ci_script_builds_checks_the_package_and_builds_the_docs_strictly() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = script.index("pip install --quiet -e '.[test,release,docs]'")
    assert install < script.index("\npython -m build ") < script.index("\ntwine check --strict .ci-dist/*")
    assert install < script.index("\nNO_MKDOCS_2_WARNING=1 mkdocs build --strict ")


def test_release_publishes_by_trusted_publishing_on_a_version_tag_then_moves_the_major_tag() -> None:
    release = workflow("release.yml")
    assert triggers(release) == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}
    assert release["permissions"] == {"contents": "read"}
    jobs = release["jobs"]
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}  # no API token anywhere: trusted publishing
    assert publish["steps"][-1] == {"uses": "pypa/gh-action-pypi-publish@release/v1"}
    assert "secrets." not in (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert jobs["move-major-tag"]["needs"] == "publish"  # never before PyPI has the version
    assert jobs["move-major-tag"]["permissions"] == {"contents": "write"}
    build_runs = [item.get("run", "") for item in jobs["build"]["steps"]]
    assert "python -m build" in build_runs and "twine check --strict dist/*" in build_runs


# ------------------------------------------------------------------------------- the release's own steps

CHECK_STEP = "the tag is the package's version, and the changelog has its section"


def release_checkout(tmp_path: Path, changelog: str) -> Path:
    root = tmp_path / "checkout"
    (root / "hooks" / "lineage_lint").mkdir(parents=True)
    shutil.copy(REPO / "hooks" / "lineage_lint" / "__init__.py", root / "hooks" / "lineage_lint" / "__init__.py")
    (root / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return root


@pytest.mark.parametrize(("tag", "changelog", "refusal"), [
    (f"v{VERSION}", f"# Changelog\n\n## [{VERSION}] - 2027-01-15\n\n### Added\n", None),
    (f"v{VERSION}", "# Changelog\n\n## [Unreleased]\n\n### Added\n", f"CHANGELOG.md has no '## [{VERSION}] - DATE'"),
    ("v9.9.9", f"# Changelog\n\n## [{VERSION}] - 2027-01-15\n", f"tag v9.9.9 is not v{VERSION}"),
], ids=["released", "changelog-unreleased", "tag-differs"])
def test_the_release_refuses_a_tag_that_is_not_the_package_version(tmp_path: Path, tag: str, changelog: str,
                                                                   refusal: str | None) -> None:
    script = step(workflow("release.yml")["jobs"]["build"], CHECK_STEP)["run"]
    done = run_step(script, release_checkout(tmp_path, changelog), TAG=tag)
    if refusal is None:
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        assert done.returncode != 0
        assert refusal in done.stdout


def test_the_major_tag_moves_to_each_release(tmp_path: Path) -> None:
    require_part("git", shutil.which("git") is not None, "install git")
    script = step(workflow("release.yml")["jobs"]["move-major-tag"],
                  "point vX at this release (the Action's moving major tag)")["run"]
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    work = git_init(tmp_path / "work")
    git(work, "remote", "add", "origin", str(remote))
    shas = []
    for release in ("v0.1.0", "v0.2.0"):
        (work / "VERSION").write_text(release, encoding="utf-8")
        git(work, "add", "VERSION")
        git(work, "commit", "-q", "-m", release)
        sha = git(work, "rev-parse", "HEAD").strip()
        git(work, "tag", release)
        git(work, "push", "-q", "origin", "main", release)
        summary = tmp_path / f"summary-{release}"
        done = run_step(script, work, TAG=release, GITHUB_SHA=sha, GITHUB_STEP_SUMMARY=str(summary))
        assert done.returncode == 0, done.stdout + done.stderr
        assert git(remote, "rev-parse", "v0^{commit}").strip() == sha
        assert summary.read_text(encoding="utf-8") == f"v0 -> {release} ({sha})\n"
        shas.append(sha)
    assert git(remote, "rev-parse", "v0.1.0^{commit}").strip() == shas[0]  # exact tags never move


# -------------------------------------------------------------------------------------- one version scheme


def test_every_action_reference_in_the_docs_is_the_moving_major_tag() -> None:
    found = {(path.name, ref) for path in DOCUMENTS
             for ref in re.findall(r"uses: lineage-lint/lineage-lint@([^\s`'\"]+)", path.read_text(encoding="utf-8"))}
    assert found
    assert {ref for _, ref in found} == {MAJOR}, sorted(found)


def test_every_hook_rev_and_checkout_ref_in_the_docs_is_the_exact_version_tag() -> None:
    """pre-commit pins an exact tag (``rev:``; ``pre-commit autoupdate`` moves it), and so does a workflow that
    checks lineage-lint itself out (``repository: lineage-lint/lineage-lint, ref: ...``)."""
    revs = {(path.name, rev) for path in DOCUMENTS for rev in re.findall(
        r"^\s*rev: (\S+)|repository: lineage-lint/lineage-lint, ref: ([^,}\s]+)", path.read_text(encoding="utf-8"),
        flags=re.M)}
    revs = {(name, first or second) for name, (first, second) in revs}
    assert revs
    assert {rev for _, rev in revs} == {f"v{VERSION}"}, sorted(revs)


def test_the_docs_never_tell_to_install_from_pypi_before_a_release() -> None:
    """No release exists yet: a bare ``pip install 'lineage-lint...'`` would fail. Install lines name a
    checkout (``pip install .``, ``'.[mlflow]'``) until the changelog has a released section."""
    released = re.search(r"^## \[\d+\.\d+\.\d+\] - ", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    bare = [(path.name, line.strip()) for path in DOCUMENTS for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"pip install [\"']?lineage-lint\b", line)]
    assert released or not bare, bare


def test_the_changelog_keeps_a_changelog() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings and all(re.fullmatch(r"\[Unreleased\]|\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", h) for h in headings)
    released = [h for h in headings if h != "[Unreleased]"]
    if released:  # the newest release is the package's version, or the package is ahead of it
        newest = tuple(map(int, released[0][1:].split("]")[0].split(".")))
        assert newest <= tuple(map(int, VERSION.split(".")))
    else:
        assert f"first release, {VERSION}" in text
    assert set(re.findall(r"^### (.+)$", text, flags=re.M)) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed",
                                                              "Security"}


# ------------------------------------------------------------------------------------------- where it lives


def test_the_repository_url_is_one_constant_and_every_link_agrees_with_it() -> None:
    """``lineage_lint.REPOSITORY`` builds every link the code prints; the files that cannot import it (the
    metadata, the site's configuration, the docs) must name the same repository, so moving it is one search."""
    from lineage_lint.report import sarif
    from lineage_lint.rules import get_rule

    repository = lineage_lint.REPOSITORY
    rule = get_rule("LL101")
    assert rule is not None and rule.url().startswith(repository + "/") and repository == sarif.INFORMATION_URI
    pattern = re.compile(r"https://github\.com/[\w.-]+/lineage-lint\b")
    files = [*DOCUMENTS, REPO / "CHANGELOG.md", REPO / "mkdocs.yml", REPO / "pyproject.toml",
             *sorted((REPO / "hooks").rglob("*.py"))]
    found = {match.group(0) for path in files for match in pattern.finditer(path.read_text(encoding="utf-8"))}
    assert found == {repository}
    literal = [path.relative_to(REPO).as_posix() for path in sorted((REPO / "hooks").rglob("*.py"))
               if repository in path.read_text(encoding="utf-8")]
    assert literal == ["hooks/lineage_lint/__init__.py"]  # the code builds its links from the constant
