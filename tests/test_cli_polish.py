"""The command line's front door: empty runs, typos, usage errors, pipes, configuration messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import cli, git_init, write

BAD = "seed: null\nepochs: 1\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


# ------------------------------------------------------------------------------ a run that checks nothing


def test_a_run_that_checks_nothing_says_so_on_stderr(repo: Path) -> None:
    write(repo, "notes/readme.txt", "hello\n")
    outcome = cli(repo, "check", ".")
    assert outcome.code == 0
    assert "lineage-lint: no files checked under .: none matched the conventions for training configs" in outcome.err
    assert "name yours with `include`" in outcome.err
    assert "set `require-files = true`" in outcome.err


def test_require_files_makes_an_empty_run_an_error(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "require-files = true\n")
    outcome = cli(repo, "check")
    assert outcome.code == 2
    assert "lineage-lint: error: no files checked under .:" in outcome.err
    assert "`require-files` is set, so this is an error" in outcome.err


def test_include_that_matches_nothing_is_named(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'include = ["ml/**/*.yaml"]\n')
    write(repo, "configs/train.yaml", BAD)
    outcome = cli(repo, "check")
    assert outcome.code == 0
    assert "the configuration's `include` globs matched none" in outcome.err


def test_a_run_that_checks_files_says_nothing_more(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", "require-files = true\n")
    write(repo, "configs/train.yaml", "seed: 1\nepochs: 1\n")
    outcome = cli(repo, "check")
    assert (outcome.code, outcome.err) == (0, "")


def test_named_files_that_are_all_excluded_are_not_an_empty_run_error(repo: Path) -> None:
    # the hook passes the staged files; those the configuration excludes are each named, not an error
    write(repo, ".lineage-lint.toml", 'require-files = true\nextend-exclude = ["vendor/"]\n')
    write(repo, "vendor/train.yaml", BAD)
    outcome = cli(repo, "check", "vendor/train.yaml")
    assert outcome.code == 0
    assert "not checked: vendor/train.yaml" in outcome.err
    assert "no files checked" not in outcome.err


def test_require_files_must_be_a_boolean(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'require-files = "yes"\n')
    outcome = cli(repo, "check")
    assert outcome.code == 2
    assert "require-files" in outcome.err


# ------------------------------------------------------------------------------ typos and usage errors


def test_bare_lineage_lint_prints_the_usage_help(repo: Path) -> None:
    outcome = cli(repo)
    assert outcome.code == 2
    assert outcome.err.startswith("usage: lineage-lint")
    assert "check" in outcome.err and "Refuse training configs" in outcome.err


def test_a_mistyped_option_gets_the_subcommand_usage_and_a_suggestion(repo: Path) -> None:
    outcome = cli(repo, "check", "--fromat", "json")
    assert outcome.code == 2
    assert outcome.err.startswith("usage: lineage-lint check")
    assert "lineage-lint check: error: unrecognized arguments: --fromat (did you mean '--format'?)" in outcome.err


def test_an_unknown_option_without_a_close_match_gets_no_suggestion(repo: Path) -> None:
    outcome = cli(repo, "show", "--zzzzzz", "x.yaml")
    assert outcome.code == 2
    assert "lineage-lint show: error: unrecognized arguments: --zzzzzz\n" in outcome.err


def test_a_mistyped_command_is_suggested(repo: Path) -> None:
    outcome = cli(repo, "chekc", ".")
    assert outcome.code == 2
    assert "unknown command 'chekc' (did you mean 'check'?)" in outcome.err


@pytest.mark.parametrize(("given", "suggested"), [("seed-randm", "seed-random"), ("LL12", "LL102")])
def test_a_mistyped_rule_is_suggested(repo: Path, given: str, suggested: str) -> None:
    outcome = cli(repo, "rule", given)
    assert outcome.code == 2
    assert f"no rule {given!r} (did you mean {suggested!r}?)" in outcome.err


def test_a_missing_path_is_a_usage_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    outcome = cli(repo, "check", "nodir/")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err == "lineage-lint: error: no such file or directory: nodir/\n"


def test_a_missing_path_from_the_hook_is_a_finding(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")  # pre-commit sets it for the hooks it runs
    outcome = cli(repo, "check", "nodir/train.yaml")
    assert outcome.code == 1
    assert "nodir/train.yaml:1:1: LL009" in outcome.out


def test_a_dangling_symlink_named_by_hand_is_a_finding(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (repo / "train.yaml").symlink_to(repo / "gone.yaml")
    outcome = cli(repo, "check", "train.yaml")
    assert outcome.code == 1
    assert "train.yaml:1:1: LL009" in outcome.out


@pytest.mark.parametrize("fmt", ["text", "json", "openlineage"])
def test_show_walks_a_folder_as_check_does(repo: Path, fmt: str) -> None:
    write(repo, "configs/train.yaml", "seed: 1\ndata:\n  name: acme/reviews\n  version: v1\nepochs: 1\n")
    write(repo, "configs/scratch/notes.txt", "not a config\n")
    write(repo, "tests/configs/train.yaml", BAD)  # a fixture: check leaves it out, so does show
    outcome = cli(repo, "show", "--format", fmt, "configs/")
    assert outcome.code == 0, outcome.err
    if fmt == "json":
        assert [record["path"] for record in outcome.json()] == ["configs/train.yaml"]
    else:
        assert outcome.out.count("configs/train.yaml") >= 1
        assert "could not be read" not in outcome.out + outcome.err
        assert "tests/" not in outcome.out


def test_show_of_a_folder_without_configs_says_so(repo: Path) -> None:
    write(repo, "notes/readme.txt", "hello\n")
    outcome = cli(repo, "show", "notes")
    assert (outcome.code, outcome.out) == (0, "")
    assert outcome.err == ("lineage-lint: nothing to show under notes: no file in it is taken for a training "
                           "config (see `include` in the configuration)\n")


@pytest.mark.parametrize("fmt", ["text", "json", "openlineage"])
def test_show_of_a_missing_path_is_a_usage_error(repo: Path, fmt: str) -> None:
    write(repo, "configs/train.yaml", BAD)
    outcome = cli(repo, "show", "--format", fmt, "configs/train.yaml", "nodir/train.yaml")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err == "lineage-lint: error: no such file or directory: nodir/train.yaml\n"


# ------------------------------------------------------------------------------ a reader that goes away


def _into_a_closed_pipe(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run lineage-lint with its stdout on a pipe whose reading end is already closed (`... | head -0`)."""
    read, write_end = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "lineage_lint", *args], cwd=cwd, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=timeout, check=False,
                              env={**os.environ, "NO_COLOR": "1"})
    finally:
        os.close(write_end)


def test_check_into_a_closed_pipe_exits_cleanly(repo: Path) -> None:
    for number in range(3):
        write(repo, f"configs/train{number}.yaml", BAD)
    completed = _into_a_closed_pipe(repo, "check", "configs")
    assert completed.returncode == 1  # it cannot say it passed what it could not report
    assert completed.stderr == ""


def test_show_into_a_closed_pipe_exits_cleanly(repo: Path) -> None:
    write(repo, "configs/train.yaml", BAD)
    completed = _into_a_closed_pipe(repo, "show", "configs/train.yaml")
    assert (completed.returncode, completed.stderr) == (0, "")


def test_gate_into_a_closed_pipe_keeps_its_verdict_and_says_no_more(repo: Path) -> None:
    completed = _into_a_closed_pipe(repo, "gate", "models:/m/1", "--tracking-uri", "http://127.0.0.1:9",
                                    "--retries", "0", "--timeout", "2")
    assert completed.returncode == 2  # could not decide: nothing answers there
    assert "could not decide" in completed.stderr
    assert "cannot write" not in completed.stderr and "Broken pipe" not in completed.stderr
    assert "Traceback" not in completed.stderr


# --- on a terminal: colour, and each error said once --------------------------------------------------------


def _on_a_terminal(cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str]:
    """Run lineage-lint with stdout and stderr on one pseudo-terminal, as a person sees it: (exit, screen)."""
    import pty

    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    try:
        process = subprocess.Popen([sys.executable, "-m", "lineage_lint", *args], cwd=cwd, stdout=follower,
                                   stderr=follower, env={**environment, **(env or {})})
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done writing
                break
            if not chunk:
                break
            screen += chunk
        code = process.wait(timeout=timeout)
    finally:
        os.close(leader)
    return code, screen.decode("utf-8", "replace").replace("\r\n", "\n")


def test_the_gate_says_why_it_could_not_decide_once_on_a_terminal(repo: Path) -> None:
    code, screen = _on_a_terminal(repo, "gate", "models:/m/1", "--tracking-uri", "http://127.0.0.1:9",
                                  "--retries", "0", "--timeout", "2", env={"NO_COLOR": "1"})
    assert code == 2
    reason = next(line for line in screen.splitlines() if line.startswith("error: "))[len("error: "):]
    assert screen.count(reason[:40]) == 1, screen  # the reason, in the report only
    assert "lineage-lint: could not decide" not in screen
    assert "\033[" not in screen and "COULD NOT DECIDE" in screen
    piped = subprocess.run([sys.executable, "-m", "lineage_lint", "gate", "models:/m/1", "--tracking-uri",
                            "http://127.0.0.1:9", "--retries", "0", "--timeout", "2", "--format", "json"],
                           cwd=repo, capture_output=True, text=True, timeout=120, check=False)
    assert piped.returncode == 2 and "could not decide" in piped.stderr  # a report for programs: stderr says it


def test_the_gate_and_show_are_coloured_on_a_terminal_only(repo: Path) -> None:
    write(repo, "configs/train.yaml", BAD)
    code, screen = _on_a_terminal(repo, "gate", "models:/m/1", "--tracking-uri", "http://127.0.0.1:9",
                                  "--retries", "0", "--timeout", "2")
    assert code == 2 and "\033[33mCOULD NOT DECIDE\033[0m" in screen
    code, screen = _on_a_terminal(repo, "show", "configs/train.yaml")
    assert code == 0 and "\033[31m" in screen
    plain = cli(repo, "show", "configs/train.yaml")
    assert "\033[" not in plain.out
    forced = cli(repo, "show", "configs/train.yaml", "--color", "always")
    assert "\033[" in forced.out
    code, screen = _on_a_terminal(repo, "show", "configs/train.yaml", env={"NO_COLOR": "1"})
    assert "\033[" not in screen
