"""Which files a run checks: explicit files, and directory walks filtered by include/exclude.

Test folders (`test/`, `tests/`) hold fixtures, not the configs a project trains with: they are excluded.

The built-in patterns below are the single definition of "looks like a training config"; the
pre-commit hook's ``files``/``exclude`` in ``.pre-commit-hooks.yaml`` repeat them (a test keeps the two
equal). Walks skip what ``.gitignore`` ignores by asking git, when the folder is in a git checkout.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from lineage_lint.config import Settings
from lineage_lint.gitrun import git_output
from lineage_lint.globs import matches
from lineage_lint.lazy_re import lazy

TRAINING_CONFIG_FILES = (
    r"(?x)"
    r"(?:^|/)(?:MLproject|dvc\.lock|dvc\.yaml|params\.ya?ml|[^/]+\.dvc)$"
    r"|(?:^|/)(?:configs?|conf|cfgs?|config_hub|train_configs)/(?:.*/)?[^/]+\.(?:ya?ml|json|toml|py)$"
    r"|(?:^|/)(?:recipes?|experiments?|exps?|hparams|params|training|train|examples?)/(?:.*/)?[^/]+\.(?:ya?ml|json|toml)$"
    r"|(?:^|/)[^/]*(?:train|config|param|experiment|recipe|finetun|pretrain|sft|dpo|grpo|hparam|catalog|data)"
    r"[^/]*\.(?:ya?ml|json|toml)$"
)
# Names that say a file configures something other than training (logging, launchers, clusters,
# inference, deployment...). They are matched as whole words of a file name (split on ``_ - .`` and at
# camelCase humps), never as substrings: ``multimodal_sft.yaml`` is not ``modal``, ``clustering_train.yaml``
# is not ``cluster``. A name holding a training word (``train_and_evaluate.yaml``) is never excluded by one.
NOT_TRAINING_WORDS = (
    "logging", "loggers?", "accelerate", "deepspeed", "ds[_-]config", "ds[_-]zero[0-3]?", "zero[0-3]",
    "fsdp[_-]config", "launchers?", "slurm", "submitit", "clusters?", "k8s", "kubernetes", "modal", "sweeps?",
    "inference", "generation", "evaluat(?:e|es|ion|ions|or|ors|ing)", "predict(?:ion|ions|or|ors)?",
    "serve", "servers?", "serving", "deploy(?:ment|ments)?",
)
TRAINING_WORDS = ("train(?:ing|er)?", "fine[_-]?tun(?:e|es|ed|ing)", "pre[_-]?train(?:ing|ed)?", "sft", "dpo",
                  "grpo",
                  # training methods: `qwen_lora_zero3.yaml`, `ppo_deepspeed.yaml` train, whatever tool they name
                  "q?lora", "dora", "peft", "ppo", "rlhf", "kto", "orpo", "simpo", "distill(?:ation)?")
_WORD_START = r"(?:(?<=[_.\-])|(?<=[a-z0-9])(?=[A-Z]))"  # after a separator, or at a camelCase hump
_WORD_END = r"(?:(?=[_.\-])|(?<=[a-z0-9])(?=[A-Z]))"


def _word_in_name(words: tuple[str, ...]) -> str:
    """A regex, applied at the start of a file name, for a name that holds one of ``words`` as a word."""
    return rf"(?:[^/]*?{_WORD_START})??(?i:{'|'.join(words)}){_WORD_END}"


# The file name alone (``(?=[^/]*$)`` says so at once: a search then tries one position, not one per folder).
NOT_TRAINING_NAME = (
    rf"(?:^|/)(?=[^/]*$)(?!{_word_in_name(TRAINING_WORDS)}){_word_in_name(NOT_TRAINING_WORDS)}[^/]*\.(?:ya?ml|json|toml)$"
)
_SKIPPED_FOLDERS = (
    r"(?:^|/)(?:\.git|\.github|\.gitlab|\.circleci|\.buildkite|\.devcontainer|\.vscode|\.idea|node_modules"
    r"|\.venv|venv|\.tox|\.nox|__pycache__|site-packages|\.mypy_cache|\.ruff_cache|\.pytest_cache|\.dvc"
    r"|tests?)/"
)
# Folders of a tool's own configs (launchers, logging, DeepSpeed, sweeps): a file there whose name has a
# training word (`slurm/pretrain.yaml`, `deepspeed/zero3_offload_sft.yaml`) is read, and its content decides.
_TOOL_FOLDERS = (
    r"(?:^|/)(?:launcher|job_logging|hydra_logging|logging|accelerate(?:_configs?)?|deepspeed(?:_configs?)?"
    r"|ds_configs?|dsconfigs|run_config|slurm|sweeps?)/"
)
# Names of other tools' files, and names with a word that names no training config: the file name alone.
_NOT_NAMES = (
    r"(?:^|/)(?:\.pre-commit-config|\.pre-commit-hooks|\.gitlab-ci|\.travis|\.?codecov|mkdocs|\.readthedocs"
    r"|environment|docker-compose[^/]*|compose|conda[^/]*|meta|\.yamllint|action|dependabot)\.ya?ml$"
    r"|(?:^|/)(?:pyproject\.toml|package(?:-lock)?\.json|tsconfig[^/]*\.json|\.lineage-lint\.toml|Cargo\.toml"
    r"|\.?ruff\.toml|renovate\.json|\.?eslintrc[^/]*|lineage-lint-baseline\.json)$"
    "|" + NOT_TRAINING_NAME
)
NOT_TRAINING_CONFIGS = (
    r"(?x)"
    + _SKIPPED_FOLDERS
    + "|" + _TOOL_FOLDERS + r"(?:[^/]*/)*"
    r"(?!"
    + _word_in_name(TRAINING_WORDS) + r")[^/]*$"
    "|" + _NOT_NAMES
)
_FILES = lazy(TRAINING_CONFIG_FILES)  # compiled on first use: a run given files never needs _FILES
_NOT = lazy(NOT_TRAINING_CONFIGS)
# NOT_TRAINING_CONFIGS in two parts (see _builtin_excluded): the folders it names, asked once per folder, and
# the names, matched at the start of the file name only.
_NOT_FOLDERS = lazy(r"(?x)" + _SKIPPED_FOLDERS + "|" + _TOOL_FOLDERS)
_NOT_NAME = lazy(r"(?x)" + _NOT_NAMES)
_NOT_WORD = lazy(NOT_TRAINING_NAME.replace(f"(?i:{'|'.join(NOT_TRAINING_WORDS)})",
                                                 f"(?P<word>(?i:{'|'.join(NOT_TRAINING_WORDS)}))"))


# (size, mtime_ns, ctime_ns, inode, device) of a regular file reached through no symlink.
Status = tuple[int, int, int, int, int]


class Target:
    """A file to check: the path to open and the path to show (as given, or as found by a walk).

    Discovery may hand on what it learnt of a file named on the command line, so that the cache need not
    ask again: its normalised absolute path (``absolute``) and, when it is a regular file and not a symlink,
    its ``status`` from the same ``lstat``. The path is made a :class:`~pathlib.Path` only when asked for
    (a warm run over many files never asks)."""

    __slots__ = ("_path", "absolute", "display", "status")

    def __init__(self, path: Path | str, display: str, *, absolute: str | None = None,
                 status: Status | None = None) -> None:
        self._path = path
        self.display = display
        self.absolute = absolute
        self.status = status

    @property
    def path(self) -> Path:
        path = self._path
        if not isinstance(path, Path):
            path = self._path = Path(path)
        return path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Target):
            return NotImplemented
        return (self.path, self.display) == (other.path, other.display)

    def __hash__(self) -> int:
        return hash((self.path, self.display))

    def __repr__(self) -> str:
        return f"Target(path={self.path!r}, display={self.display!r})"

    def __reduce__(self) -> tuple[type[Target], tuple[str | Path, str]]:
        return Target, (self._path, self.display)  # to a worker: what it needs to check the file


def relative_posix(path: Path, base: Path, absolute: str | None = None) -> str:
    """``path`` relative to ``base`` (absolute), as written: symlinks are not followed, so a link is
    matched by its own name. Paths outside ``base`` come back as given. ``absolute``: ``path`` made absolute
    and normalised, when the caller has it (a :class:`Target` from discovery)."""
    return _relative(absolute or os.path.abspath(path), path, base)


def _relative(absolute: str, path: Path | str, base: Path, prefix: str | None = None) -> str:
    """:func:`relative_posix` of ``path``, whose absolute form (normalised) is ``absolute`` (``prefix``:
    :func:`_folder_prefix` of ``base``, when the caller has it)."""
    if prefix is None:
        prefix = _folder_prefix(base)
    if absolute.startswith(prefix) and prefix != os.sep:  # the common case, without relpath's splitting
        return absolute[len(prefix):].replace(os.sep, "/")
    relative = os.path.relpath(absolute, base)
    if relative.startswith(".." + os.sep) or relative == ".." or os.path.isabs(relative):
        return path.as_posix() if isinstance(path, Path) else Path(path).as_posix()
    return relative.replace(os.sep, "/")


@functools.lru_cache(maxsize=16)
def _folder_prefix(base: Path) -> str:
    return os.path.join(str(base), "")


def is_excluded(relative: str, settings: Settings) -> bool:
    return exclusion_reason(relative, settings) is not None


def exclusion_reason(relative: str, settings: Settings) -> str | None:
    """Why ``relative`` is not checked (the glob, or the word or name of the built-in list), or None."""
    if settings.exclude is not None:
        glob = next((g for g in settings.exclude if matches(relative, [g])), None)
        if glob is not None:
            return f"it matches exclude {glob!r} of the configuration"
    else:
        reason = _builtin_reason(relative)
        if reason is not None:
            return reason
    if not settings.extend_exclude:
        return None
    glob = next((g for g in settings.extend_exclude if matches(relative, [g])), None)
    return f"it matches extend-exclude {glob!r} of the configuration" if glob is not None else None


def _builtin_excluded(relative: str) -> bool:
    """Whether :data:`NOT_TRAINING_CONFIGS` finds ``relative``, asked more cheaply: its folder alternatives need
    a folder they name (followed by ``/``), which is looked for once per folder; where there is none, only its
    name alternatives can match, and only at the start of the file name (none crosses a ``/``)."""
    folder, slash, name = relative.rpartition("/")
    if slash and _names_a_folder(folder):
        return _NOT.search(relative) is not None
    return _NOT_NAME.match(name) is not None


@functools.lru_cache(maxsize=4096)
def _names_a_folder(folder: str) -> bool:
    return _NOT_FOLDERS.search(folder + "/") is not None


def _builtin_reason(relative: str) -> str | None:
    if not _builtin_excluded(relative):
        return None
    word = _NOT_WORD.search(relative)
    if word is not None:
        return (f"its name has the word {word.group('word')!r}, which names no training config (set `exclude` "
                "in the configuration to replace the built-in exclusions)")
    return ("the built-in exclusions name it as tooling, CI or launcher configuration (set `exclude` in the "
            "configuration to replace them)")


def is_included(relative: str, settings: Settings) -> bool:
    if settings.include is not None:
        return matches(relative, settings.include)
    return bool(_FILES.search(relative))


def discover(paths: list[str], settings: Settings, skipped: list[tuple[str, str]] | None = None,
             known: set[str] | None = None, missing: list[str] | None = None,
             *, stored: Callable[[str], bool] | None = None) -> list[Target]:
    """Explicit files are checked unless excluded (those are appended to ``skipped`` with the reason);
    directories are walked with include and exclude, leaving out the files whose absolute, normalised path
    is in ``known`` (the caller has them already).

    ``stored`` says whether the cache holds a result for a path given (:meth:`Cache.stored
    <lineage_lint.cache.Cache.stored>`): such a path passed the exclusions when it was checked, and they
    depend on nothing else than the path from the working directory, the settings and the code, which key
    the cache, so it is not asked again (the built-in exclusions' expressions cost more than the rest of a
    warm run's work on a file).

    A path that does not exist is still returned, so that the engine reports it (LL009); it is also appended
    to ``missing`` (with the dangling symlinks: see :func:`require_existing`).
    """
    targets: list[Target] = []
    seen: set[str] = set()
    cwd = os.getcwd()
    inside = os.path.join(cwd, "") if os.sep == "/" and os.path.normpath(cwd) == cwd else None  # see _status
    base = settings.base_dir
    prefix = _folder_prefix(base)
    for given in paths:
        found: list[Target]
        key = os.path.normpath(given)
        absolute, mode, status = _status(given, key, cwd, inside)
        if mode == 0 and missing is not None:  # missing (or a dangling symlink): reported by the engine
            missing.append(given)
        if stat.S_ISDIR(mode) and (not (path := Path(given)).is_symlink()
                                   or path.resolve().is_relative_to(settings.root)):
            found = _walk(path, settings, known)  # a symlinked folder is walked when it stays in the repository
        elif mode and not (stored is not None and stored(given)) and (
                reason := exclusion_reason(_relative(absolute, given, base, prefix), settings)):
            found = []
            if skipped is not None:
                skipped.append((given, reason))
        else:
            if key not in seen:
                seen.add(key)
                targets.append(Target(given, given, absolute=absolute, status=status))
            continue
        for target in found:
            key = os.path.normpath(target.display)
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _status(given: str, plain: str, cwd: str, inside: str | None = None) -> tuple[str, int, Status | None]:
    """``given``'s normalised absolute path, its mode as ``os.stat`` gives it (symlinks followed; 0 when it is
    missing), and its status when it is a regular file that is no symlink (one ``lstat`` for both, where
    ``given`` is written plainly: no ``.``, ``..``, doubled or trailing slash, which ``lstat`` would resolve
    otherwise than the normalised path; ``plain`` is ``given`` normalised).

    ``inside`` is ``cwd`` (normalised) with a trailing separator, when given: a relative ``given`` that is
    already normalised and starts with no ``..`` is then joined to it as it is (what normalising the join
    would give, without the work: it is asked once per file named on the command line)."""
    if inside is not None and plain == given and given != os.curdir and not given.startswith((os.sep, os.pardir)):
        absolute = inside + given
    else:
        absolute = os.path.normpath(os.path.join(cwd, given))
    if given and plain == given and not given.startswith("/" * 2):
        mode, status = _lstat(absolute)
        if mode and not stat.S_ISLNK(mode):
            return absolute, mode, status
    try:
        return absolute, os.stat(given).st_mode, None
    except (OSError, ValueError):
        return absolute, 0, None


def require_existing(paths: list[str]) -> None:
    """Raise :class:`MissingPath` (a usage error, exit 2) naming every given path that does not exist."""
    missing = [given for given in paths if not os.path.lexists(given)]
    if missing:
        raise MissingPath(f"no such file or directory: {', '.join(missing)}")


class MissingPath(ValueError):
    """A path given on the command line that does not exist."""


def show_targets(paths: list[str], settings: Settings) -> list[Target]:
    """What ``show`` reads for its arguments. Every path must exist (:class:`MissingPath` names those that do
    not); a folder is walked as ``check`` walks it (include, exclude, ``.gitignore``), and one holding no
    config is said on stderr; a file is read as named, excluded or not (``show`` says what it is)."""
    require_existing(paths)
    targets: list[Target] = []
    for given in paths:
        if not Path(given).is_dir():
            targets.append(Target(Path(given), given))
            continue
        found = discover([given], settings)
        if not found:
            from lineage_lint.report import escape_line

            print(f"lineage-lint: nothing to show under {escape_line(given)}: no file in it is taken for a training "
                  "config (see `include` in the configuration)", file=sys.stderr)
        targets.extend(found)
    return targets


def nothing_checked(paths: list[str], settings: Settings) -> str:
    """What to say when a run found no file to check: where it looked, and how to point it at configs."""
    where = ", ".join(paths)
    how = ("the configuration's `include` globs matched none" if settings.include is not None else
           "none matched the conventions for training configs (folders such as configs/, conf/, recipes/; names "
           "holding train, config, params, experiment...); name yours with `include` in the configuration")
    if settings.require_files:
        return f"no files checked under {where}: {how}. `require-files` is set, so this is an error"
    return (f"no files checked under {where}: {how}. A run that checks nothing passes; set `require-files = true` "
            "in the configuration to make it an error")


def _walk(folder: Path, settings: Settings, known: set[str] | None = None) -> list[Target]:
    """The configs below ``folder``, in the order of their paths' parts. Worked on the names as strings
    (a repository may list tens of thousands of files); only the configs become paths, and only they are
    asked whether they are files."""
    names = _git_listed(folder)
    listed = names is not None  # git also lists tracked files deleted from the working tree
    if names is None:
        names = _plain_walk(folder)
    within = relative_posix(folder, settings.base_dir)  # a name's path from there is `within/name`
    prefix = "" if within == "." else within + "/"
    shown = folder.as_posix() + "/" if folder.is_absolute() else None
    text = str(folder)
    inside = os.path.join(os.path.abspath(folder), "")  # a name's absolute path is `inside + name`
    plain = os.path.normpath(text) == text  # then the kernel resolves `inside + name` as `text/name`
    if known is not None:
        names = [name for name in names if inside + name not in known]
    targets = []
    for name in sorted(names, key=_parts):
        relative = prefix + name
        if is_included(relative, settings) and not is_excluded(relative, settings):
            joined = os.path.join(text, name)
            absolute, status = None, None
            if listed and plain:  # git lists names plainly (no `.`, `..`, doubled slash): one lstat says what it is
                absolute = inside + name
                mode, status = _lstat(absolute)
                if not stat.S_ISREG(mode) and (not stat.S_ISLNK(mode) or not os.path.isfile(joined)):
                    continue  # deleted from the working tree, or not a file
            elif listed and not os.path.isfile(joined):
                continue
            display = shown + name if shown is not None else os.path.normpath(joined).replace(os.sep, "/")
            targets.append(Target(joined, display, absolute=absolute, status=status))
    return targets


def _lstat(absolute: str) -> tuple[int, Status | None]:
    """The mode of ``absolute`` (0 when missing), and its status when it is a regular file."""
    try:
        found = os.lstat(absolute)
    except (OSError, ValueError):
        return 0, None
    if not stat.S_ISREG(found.st_mode):
        return found.st_mode, None
    return found.st_mode, (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def _parts(name: str) -> list[str]:
    return name.split("/")


def _git_listed(folder: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files below ``folder`` (POSIX paths from it, as git writes them:
    no ``.`` or ``..``), or None outside a git checkout."""
    listed = git_output(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], folder)
    if listed is None:
        return None
    names = listed.decode("utf-8", "surrogateescape").split("\0")
    return list(dict.fromkeys(name for name in names if name))  # a file in conflict is listed once per stage


def _plain_walk(folder: Path) -> list[str]:
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"}]
        within = os.path.relpath(current, folder).replace(os.sep, "/")
        found.extend(name if within == "." else f"{within}/{name}" for name in files)
    return found
