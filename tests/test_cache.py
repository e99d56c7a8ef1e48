"""The cache of results: reused exactly when nothing a result depended on changed, never trusted otherwise.

A stored result must reproduce a fresh run's output, and must never turn a failure into a pass: a changed
file, base, listing, setting or policy is checked afresh, and a shard that is corrupt, truncated, of
another format or scope, or changed by anyone without the key is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lineage_lint import cache as cache_module
from support import Outcome, cli, cli_subprocess, git, git_init, write

CACHE = ".lineage-lint-cache"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = git_init(tmp_path / "repo")
    write(repo, "configs/_base_/common.yaml", "seed_everything: 3\ntrainer:\n  max_epochs: 2\n")
    write(repo, "configs/_base_/other.yaml", "seed_everything: 4\n")
    for name in ("a", "b"):
        write(repo, f"configs/exp/train_{name}.yaml", "base:\n  - ../_base_/common.yaml\ndata:\n  name: acme/x\n"
                                                      "  revision: v1\n")
    write(repo, "configs/exp/train_c.yaml", "base:\n  - ../_base_/other.yaml\ndata:\n  name: acme/y\n  revision: v2\n")
    write(repo, "experiments/train_plain.yaml", "seed: 1\ndatasets:\n  - name: acme/z\n    revision: main\n")
    return repo


def check(repo: Path, *args: str) -> Outcome:
    return cli(repo, "check", "-v", *args)


def afresh(outcome: Outcome) -> int:
    """How many files the run checked afresh (not from the cache), from its -v line."""
    line = outcome.err.strip().splitlines()[-1]
    return int(line.split("checked afresh: ")[1].split(" ")[0].replace(",", ""))


def shards(repo: Path) -> list[Path]:
    return sorted((repo / CACHE).glob(f"*/*{cache_module.SUFFIX}"))


def without_findings(payload: bytes, **change: object) -> bytes:
    """A shard's payload with every stored finding removed (and the format or scope changed)."""
    form, scope, entries = marshal.loads(payload)
    values = {"format": form, "scope": scope, **change}
    emptied = {key: (*entry[:6], None) for key, entry in entries.items()}
    return marshal.dumps((values["format"], values["scope"], emptied))


def same_output(a: Outcome, b: Outcome) -> bool:
    return (a.code, a.out) == (b.code, b.out)


def test_a_second_run_comes_from_the_cache_with_the_same_output(repo: Path) -> None:
    first = check(repo, ".")
    assert first.code == 1 and afresh(first) == 6
    second = check(repo, ".")
    assert afresh(second) == 0 and "from the cache: 6" in second.err
    assert same_output(first, second)
    fresh = cli(repo, "check", "--no-cache", ".")
    assert same_output(first, fresh)


def test_the_cache_keeps_out_of_git_and_is_tagged(repo: Path) -> None:
    check(repo, ".")
    assert (repo / CACHE / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (repo / CACHE / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert "configs/" in status and CACHE not in status


def test_no_cache_neither_reads_nor_writes(repo: Path) -> None:
    outcome = check(repo, "--no-cache", ".")
    assert not (repo / CACHE).exists()
    assert "no cache" in outcome.err


def test_a_file_read_by_another_check_rechecks_it(repo: Path) -> None:
    """Looking for the primary config of a Hydra group, a check reads the YAML files beside the folder above
    it: their text is part of what its result depends on."""
    write(repo, "configs/other.yaml", "seed: 1\n")
    check(repo, ".")
    write(repo, "configs/other.yaml", "defaults:\n  - exp: train_a\n")
    outcome = check(repo, ".")
    assert afresh(outcome) >= 4  # other.yaml, and the three configs of configs/exp/ that looked at it
    assert same_output(outcome, cli(repo, "check", "--no-cache", "."))


def test_a_changed_file_is_checked_afresh(repo: Path) -> None:
    check(repo, ".")
    write(repo, "experiments/train_plain.yaml", "seed: 1\ndatasets:\n  - name: acme/z\n    revision: v9\n")
    outcome = check(repo, ".")
    assert afresh(outcome) == 1
    assert "train_plain.yaml" not in outcome.out


def test_a_changed_base_rechecks_exactly_the_configs_composed_from_it(repo: Path) -> None:
    check(repo, ".")
    write(repo, "configs/_base_/common.yaml", "trainer:\n  max_epochs: 2\n")  # the seed goes
    outcome = check(repo, ".")
    assert afresh(outcome) == 3  # the base, and train_a and train_b composed from it; not train_c
    assert "configs/exp/train_a.yaml:1:1: LL101" in outcome.out
    assert "configs/exp/train_b.yaml:1:1: LL101" in outcome.out
    assert same_output(outcome, cli(repo, "check", "--no-cache", "."))


def test_a_base_that_appears_where_one_was_missing_rechecks_the_config(repo: Path) -> None:
    write(repo, "configs/exp/train_d.yaml", "base:\n  - ../_base_/later.yaml\ndata:\n  name: acme/w\n  revision: v1\n")
    first = check(repo, "configs/exp/train_d.yaml")
    assert "LL012" in first.out
    assert afresh(check(repo, "configs/exp/train_d.yaml")) == 0
    write(repo, "configs/_base_/later.yaml", "seed_everything: 5\n")
    outcome = check(repo, "configs/exp/train_d.yaml")
    assert afresh(outcome) == 1 and outcome.code == 0, outcome.out


def test_a_retargeted_symlinked_base_rechecks_the_config(repo: Path, tmp_path: Path) -> None:
    (repo / "configs" / "_base_" / "linked.yaml").symlink_to("common.yaml")
    write(repo, "configs/exp/train_e.yaml", "base:\n  - ../_base_/linked.yaml\ndata:\n  name: acme/v\n  revision: v1\n")
    assert check(repo, "configs/exp/train_e.yaml").code == 0
    outside = tmp_path / "outside.yaml"
    outside.write_text("seed_everything: 3\ntrainer:\n  max_epochs: 2\n", encoding="utf-8")
    (repo / "configs" / "_base_" / "linked.yaml").unlink()
    (repo / "configs" / "_base_" / "linked.yaml").symlink_to(outside)  # same text, now outside the repository
    outcome = check(repo, "configs/exp/train_e.yaml")
    assert afresh(outcome) == 1
    assert "LL012" in outcome.out and "outside the repository" in outcome.out


def test_a_hydra_group_listing_is_part_of_what_a_result_depends_on(tmp_path: Path) -> None:
    repo = git_init(tmp_path / "repo")
    write(repo, "conf/data/reviews.yaml", "name: acme/reviews\nrevision: main\n")
    write(repo, "conf/config.yaml", "defaults:\n  - data: reviews\n  - _self_\nseed: 1\n")
    first = check(repo, "conf/data/reviews.yaml")
    assert afresh(check(repo, "conf/data/reviews.yaml")) == 0
    write(repo, "conf/aaa.yaml", "seed: 2\n")  # a new file in the folder the group's primary was looked for in
    second = check(repo, "conf/data/reviews.yaml")
    assert afresh(second) >= 1
    assert same_output(second, cli(repo, "check", "--no-cache", "conf/data/reviews.yaml"))
    assert first.code == second.code


def test_settings_and_the_policy_file_are_part_of_the_scope(repo: Path) -> None:
    check(repo, ".")
    write(repo, ".lineage-lint.toml", 'ignore = ["LL202"]\n')
    outcome = check(repo, ".")
    assert afresh(outcome) == 6 and outcome.code == 0
    write(repo, "policy.json", json.dumps({"properties": {"datasets": {"maxItems": 0}}}))
    write(repo, ".lineage-lint.toml", 'policy = "policy.json"\n')
    assert afresh(check(repo, ".")) == 6
    assert afresh(check(repo, ".")) == 0
    write(repo, "policy.json", json.dumps({"properties": {"datasets": {"maxItems": 5}}}))
    outcome = cli_subprocess(repo, "check", "-v", ".")  # a new process: policies are compiled once per process
    assert afresh(outcome) == 6 and outcome.code == 0


def test_a_baseline_is_applied_afresh_on_every_run(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    check(repo, "--write-baseline", "--baseline", str(baseline), ".")
    assert check(repo, "--baseline", str(baseline), ".").code == 0
    baseline.write_text(json.dumps({"version": 1, "findings": []}), encoding="utf-8")
    outcome = check(repo, "--baseline", str(baseline), ".")
    assert outcome.code == 1 and afresh(outcome) == 0


def test_suppression_comments_are_in_the_text(repo: Path) -> None:
    check(repo, ".")
    write(repo, "experiments/train_plain.yaml", "seed: 1\ndatasets:\n  - name: acme/z\n"
                                            "    revision: main  # lineage-lint: ignore[LL202] -- pinned by the lock\n")
    outcome = check(repo, "experiments/train_plain.yaml")
    assert outcome.code == 0 and afresh(outcome) == 1


# --- never trusted ----------------------------------------------------------------------------------


def failing_run_then_shard(repo: Path) -> tuple[Outcome, Path]:
    """A run that fails on train_plain.yaml (a floating revision), and the shard holding that result."""
    first = check(repo, "experiments/train_plain.yaml")
    assert first.code == 1
    (shard,) = shards(repo)
    return first, shard


def assert_checked_afresh_and_failing(repo: Path, first: Outcome) -> None:
    outcome = check(repo, "experiments/train_plain.yaml")
    assert afresh(outcome) == 1
    assert same_output(outcome, first)


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "no newline"])
def test_a_corrupt_or_truncated_shard_is_ignored(repo: Path, damage: str) -> None:
    first, shard = failing_run_then_shard(repo)
    data = shard.read_bytes()
    shard.write_bytes({"garbage": os.urandom(200), "empty": b"", "truncated": data[: len(data) // 2],
                       "no newline": data.replace(b"\n", b"")}[damage])
    assert_checked_afresh_and_failing(repo, first)


def test_a_tampered_shard_never_turns_a_failure_into_a_pass(repo: Path) -> None:
    """Someone without the key empties the stored findings, recomputing any checksum they can see."""
    first, shard = failing_run_then_shard(repo)
    _, _, payload = shard.read_bytes().partition(b"\n")
    forged = without_findings(payload)
    shard.write_bytes(hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)
    assert_checked_afresh_and_failing(repo, first)


def test_a_cache_from_another_machine_is_not_trusted(repo: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The key lives outside the repository: a cache committed, copied or restored from elsewhere was
    written with another key."""
    first, _ = failing_run_then_shard(repo)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert_checked_afresh_and_failing(repo, first)


def test_a_shard_of_another_format_or_scope_is_ignored(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, shard = failing_run_then_shard(repo)
    key = cache_module._secret()
    assert key is not None
    for change in ({"format": cache_module.FORMAT + 1}, {"scope": "another-version"}):
        _, _, payload = shard.read_bytes().partition(b"\n")
        forged = without_findings(payload, **change)
        shard.write_bytes(hmac.new(key, forged, hashlib.sha256).hexdigest().encode() + b"\n" + forged)
        assert_checked_afresh_and_failing(repo, first)


def test_another_version_of_the_tool_uses_another_scope(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(repo, ".")
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    assert afresh(check(repo, ".")) == 6
    assert len([p for p in (repo / CACHE).iterdir() if p.is_dir()]) == 2


def test_a_key_that_cannot_be_kept_means_no_cache(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    first = check(repo, ".")
    assert "no cache" in first.err and not (repo / CACHE).exists()
    assert same_output(first, check(repo, "."))


# --- bounds, place, concurrency -------------------------------------------------------------------------


def test_a_shard_keeps_the_most_recent_entries_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = {f"k{age}": (age, None, "digest", (), "x" * 50, None, None, None) for age in range(1000, 1100)}
    size = len(marshal.dumps(entries["k1000"])) + len("k1000") + 8
    monkeypatch.setattr(cache_module, "SHARD_BYTES", 10 * size + 64)
    kept = cache_module._bounded(entries)
    assert sorted(kept) == sorted(f"k{age}" for age in range(1090, 1100))
    monkeypatch.setattr(cache_module, "SHARD_BYTES", 10**9)
    assert cache_module._bounded(entries) == entries


def test_a_run_over_the_bound_still_reports_every_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "SHARD_BYTES", 1)  # nothing fits: every run checks afresh
    outcome = check(repo, ".")
    assert afresh(outcome) == 6
    assert same_output(outcome, check(repo, "."))
    assert afresh(check(repo, ".")) == 6


def test_old_scopes_are_removed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for version in range(cache_module.MAX_SCOPES + 2):
        monkeypatch.setattr(cache_module, "__version__", f"{version}.0")
        check(repo, "experiments/train_plain.yaml")
    assert len([p for p in (repo / CACHE).iterdir() if p.is_dir()]) == cache_module.MAX_SCOPES


def test_cache_dir_in_the_configuration(repo: Path) -> None:
    write(repo, ".lineage-lint.toml", 'cache-dir = "build/lint-cache"\n')
    check(repo, ".")
    assert not (repo / CACHE).exists()
    assert list((repo / "build" / "lint-cache").glob(f"*/*{cache_module.SUFFIX}"))
    assert afresh(check(repo, ".")) == 0


def test_runs_at_once_never_corrupt_the_cache(repo: Path) -> None:
    for index in range(30):
        write(repo, f"configs/many/train_{index}.yaml", f"seed: {index}\ndata:\n  name: acme/m{index}\n  version: v1\n")
    probe = "import sys; from lineage_lint.cli import main; sys.exit(main(['check', '--jobs', '1', '.']))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for _ in range(3):
        runs = [subprocess.Popen([sys.executable, "-c", probe], cwd=repo, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE) for _ in range(4)]
        for run in runs:
            run.wait(timeout=120)
        write(repo, "configs/_base_/common.yaml", f"seed_everything: {_ + 10}\n")
    key = cache_module._secret()
    assert key is not None
    for path in shards(repo):
        mac, _, payload = path.read_bytes().partition(b"\n")
        assert hmac.compare_digest(mac, hmac.new(key, payload, hashlib.sha256).hexdigest().encode()), path
    assert not list((repo / CACHE).glob("*/.*.tmp"))
    assert same_output(check(repo, "."), cli(repo, "check", "--no-cache", "."))


def test_given_files_are_excluded_the_same_with_a_stored_result(repo: Path) -> None:
    """A file given with a result stored is not asked the exclusions again (they depend on its path, the settings
    and the code, which key the cache): an excluded file is still said not checked on every run, and settings
    that exclude a file whose result is stored are another scope, where it is excluded."""
    write(repo, "configs/logging.yaml", "seed: 1\n")  # a word of the built-in exclusions
    given = ["configs/exp/train_a.yaml", "configs/logging.yaml", "experiments/train_plain.yaml"]
    first, second = check(repo, *given), check(repo, *given)
    assert afresh(second) == 0 and same_output(first, second)
    for outcome in (first, second):
        assert "not checked: configs/logging.yaml: its name has the word 'logging'" in outcome.err
    write(repo, ".lineage-lint.toml", 'extend-exclude = ["experiments/"]\n')
    third = check(repo, *given)
    assert "not checked: experiments/train_plain.yaml: it matches extend-exclude" in third.err
    assert "train_plain" not in third.out and third.code == 0


def test_stored_results_are_the_results(tmp_path: Path) -> None:
    """Every field of every finding and the composition survive the cache's stored form, and a stored result's
    record, asked for, is the record (the examples, the in-house set: seeds, datasets with every kind of pin
    and evidence, launch slots, composition)."""
    from lineage_lint.config import Settings
    from lineage_lint.discover import Target
    from lineage_lint.engine import Engine

    repo = Path(__file__).resolve().parents[1]
    compared = 0
    for folder in (repo / "examples", repo / "bench" / "inhouse" / "files"):
        engine = Engine(Settings(base_dir=folder, root=folder))
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                target = Target(path, str(path))
                result, _ = engine.check_recorded(target)
                cache = cache_module.Cache(tmp_path, "scope", b"key", engine.settings)
                cache.store(target, result, "digest", {})
                shard = cache_module._shard_name(cache._entry_key(target))
                (entry,) = marshal.loads(marshal.dumps(cache._dirty))[shard].values()
                stored = cache_module.CachedResult(entry, target, cache._recheck)
                assert (stored.path, stored.findings, stored.composition()) == (
                    result.path, result.findings, result.composition())
                assert cache._engine is None  # the record is not kept: made afresh only when asked for
                assert stored.record == result.record
                assert stored.composition() == result.composition()
                compared += 1
    assert compared > 200


def test_a_python_base_composed_once_per_run_is_a_dependency_of_every_config_importing_it(tmp_path: Path) -> None:
    """A Python base is composed once per run and reused by the next config that imports it: what its
    composition read (here the base it imports in turn) is what each of those configs depends on."""
    repo = git_init(tmp_path / "repo")
    read_base = "from mmengine.config import read_base\nwith read_base():\n"
    write(repo, "configs/_base_/seeds.py", "randomness = dict(seed=5)\n")
    write(repo, "configs/_base_/runtime.py", read_base + "    from .seeds import *\n")
    data = "train_dataloader = dict(dataset=dict(data_root='data/x', version='v1'))\n"
    for name in ("a", "d"):
        write(repo, f"configs/train_{name}.py", read_base + "    from ._base_.runtime import *\n" + data)
    assert check(repo, "configs/train_a.py", "configs/train_d.py").code == 0
    write(repo, "configs/_base_/seeds.py", "randomness = dict(seed=None)\n")
    outcome = check(repo, "configs/train_a.py", "configs/train_d.py")
    assert afresh(outcome) == 2, outcome.err
    assert same_output(outcome, cli(repo, "check", "--no-cache", "configs/train_a.py", "configs/train_d.py"))
    assert outcome.code == 1 and "train_d.py" in outcome.out


# --- the warm path: status, content, output -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_cold_and_warm_output_are_byte_identical(repo: Path, fmt: str) -> None:
    """The real CLI, failing and passing files, configs composed from bases: a run answered from the cache
    prints exactly what a run without it prints."""
    write(repo, "configs/train_broken.yaml", "seed: 1\ndatasets:\n  - name: acme/q\n    revision: latest\n"
                                            "  - name: acme/r\n")
    cold = cli_subprocess(repo, "check", "--no-cache", "--format", fmt, ".")
    first = cli_subprocess(repo, "check", "-v", "--format", fmt, ".")
    warm = cli_subprocess(repo, "check", "-v", "--format", fmt, ".")
    assert cold.code == first.code == warm.code == 1
    assert afresh(first) == 7 and afresh(warm) == 0 and "from the cache: 7" in warm.err
    assert cold.out == first.out == warm.out
    assert "train_broken.yaml" in warm.out and "train_plain.yaml" in warm.out


@pytest.fixture
def trust_status(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Statuses trusted however recent (the files of a test are seconds old); the files the cache read."""
    read: list[str] = []
    real = cache_module.read_text

    def counted(path: Path, root: Path, max_bytes: int) -> str:
        read.append(Path(path).name)
        return real(path, root, max_bytes)

    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    monkeypatch.setattr(cache_module, "read_text", counted)
    return read


def test_an_unchanged_status_spares_reading_the_file(repo: Path, trust_status: list[str]) -> None:
    first = check(repo, ".")
    trust_status.clear()
    warm = check(repo, ".")
    assert afresh(warm) == 0 and same_output(first, warm)
    assert trust_status == []  # the bases are observations, read once a run; no config was read


def test_a_file_rewritten_with_its_size_and_mtime_kept_is_checked_afresh(repo: Path, trust_status: list[str]) -> None:
    """What `touch -d` or a tool restoring modification times does: the change time still moves."""
    path = repo / "experiments" / "train_plain.yaml"
    check(repo, ".")
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("revision: main", "revision: v1.0"), encoding="utf-8")  # same length, now pinned
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    outcome = check(repo, ".")
    assert afresh(outcome) == 1 and "train_plain.yaml" not in outcome.out
    assert same_output(outcome, cli(repo, "check", "--no-cache", "."))


def test_a_touched_file_is_compared_by_content_then_trusted_again(repo: Path, trust_status: list[str]) -> None:
    path = repo / "experiments" / "train_plain.yaml"
    first = check(repo, ".")
    os.utime(path)  # new times, same text
    trust_status.clear()
    touched = check(repo, ".")
    assert afresh(touched) == 0 and same_output(first, touched)
    assert trust_status == ["train_plain.yaml"]  # read once, to compare its digest
    trust_status.clear()
    assert afresh(check(repo, ".")) == 0 and trust_status == []  # its new status was kept


def test_a_recent_file_is_always_compared_by_content(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git's racily clean entries: a status taken within RACY_NS of the file's last change could miss a
    change made in the same tick of the filesystem's clock, so it is not stored."""
    check(repo, ".")
    for shard in shards(repo):
        for entry in marshal.loads(shard.read_bytes().partition(b"\n")[2])[2].values():
            assert entry[1] is None


def test_git_checkout_of_another_version_is_checked_afresh(repo: Path, trust_status: list[str]) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "floating")
    git(repo, "checkout", "-qb", "pinned")
    write(repo, "experiments/train_plain.yaml", "seed: 1\ndatasets:\n  - name: acme/z\n    revision: v1.0\n")
    git(repo, "commit", "-qam", "pinned")
    pinned = check(repo, ".")
    git(repo, "checkout", "-q", "-")
    floating = check(repo, ".")
    assert afresh(floating) == 1 and "experiments/train_plain.yaml:4:15: LL202" in floating.out
    assert same_output(floating, cli(repo, "check", "--no-cache", "."))
    git(repo, "checkout", "-q", "pinned")
    again = check(repo, ".")  # one entry a place: the floating text replaced the pinned one's
    assert afresh(again) == 1 and same_output(again, pinned)


@pytest.mark.parametrize("given", [["."], ["configs/_base_/common.yaml", "configs/exp/train_a.yaml",
                                           "experiments/train_plain.yaml"]])
def test_a_warm_run_imports_no_parser_policy_or_record(repo: Path, given: list[str]) -> None:
    """Every result from the cache (a failing one among them, a base given with the configs composed from it):
    the run imports neither the parsers, the profiles, the policy and jsonschema, nor the record classes."""
    check(repo, *given)
    probe = ("import sys; from lineage_lint.cli import main; code = main(['check', '-v', *sys.argv[1:]]);"
             "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'jsonschema', 'referencing',"
             " 'json') or m in ('lineage_lint.engine', 'lineage_lint.profiles', 'lineage_lint.policy',"
             " 'lineage_lint.record')))")
    completed = subprocess.run([sys.executable, "-c", probe, *given], cwd=repo, capture_output=True, text=True,
                               check=False)
    assert afresh(Outcome(completed.returncode, completed.stdout, completed.stderr)) == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "1 []", (completed.stdout, completed.stderr)
