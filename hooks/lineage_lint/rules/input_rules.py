"""Rules about the input file itself: whether it can be read safely at all (``LL0xx``)."""

from __future__ import annotations

from lineage_lint.rules.base import Rule, register


@register
class InvalidSyntax(Rule):
    """What it does: reports a config that its format's parser rejects (YAML, JSON, TOML or Python).

    Why it matters: a config nobody can parse cannot be traced, and the training job will fail on it too.
    The finding carries the parser's own line and column.

    Example:
        seed: 42
        datasets: [imagenet
    Use instead:
        seed: 42
        datasets: [imagenet]
    """

    code = "LL001"
    name = "invalid-syntax"
    summary = "{message}"


@register
class InvalidEncoding(Rule):
    """What it does: reports a file that is not UTF-8 text (or contains NUL bytes).

    Why it matters: YAML, JSON and TOML are defined over Unicode; a Latin-1 or binary file reads
    differently on different machines, so what it declares is not reliable.

    Example: a config saved by an editor as Windows-1252 with ``name: café``.
    Use instead: save the file as UTF-8.
    """

    code = "LL002"
    name = "invalid-encoding"
    summary = "{message}"


@register
class EmptyConfig(Rule):
    """What it does: reports an empty config (nothing but whitespace or comments).

    Why it matters: a training config that declares nothing pins nothing; usually a file was truncated
    or committed by mistake.

    Example: an empty ``configs/train.yaml``.
    Use instead: declare the seed and datasets, or delete the file.
    """

    code = "LL003"
    name = "empty-config"
    summary = "{message}"


@register
class DuplicateKey(Rule):
    """What it does: reports a key given twice in the same mapping.

    Why it matters: PyYAML and ``json.loads`` silently keep the last value, so a reviewer reading the
    first one is misled about the seed or dataset actually used.

    Example:
        seed: 42
        seed: null
    Use instead:
        seed: 42
    """

    code = "LL004"
    name = "duplicate-key"
    summary = "{message}"


@register
class UnsafeYamlTag(Rule):
    """What it does: reports YAML tags that ask the loader to build Python objects
    (``!!python/object/apply``, ``!!python/name``...). lineage-lint never constructs them.

    Why it matters: loading such a file with ``yaml.load`` or ``yaml.unsafe_load`` runs code; a training
    config should be data.

    Example:
        seed: !!python/object/apply:random.randint [0, 1000]
    Use instead:
        seed: 1234
    """

    code = "LL005"
    name = "unsafe-yaml-tag"
    summary = "{message}"


@register
class AliasBomb(Rule):
    """What it does: refuses a YAML file whose aliases expand to an enormous (or infinite) document,
    such as the "billion laughs" pattern or a recursive alias.

    Why it matters: any tool that expands the aliases naively exhausts memory; lineage-lint measures the
    expansion without performing it and stops.

    Example:
        a: &a [x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        # ... nine more levels
    Use instead: write the values out, or use a handful of aliases.
    """

    code = "LL006"
    name = "alias-bomb"
    summary = "{message}"


@register
class FileTooLarge(Rule):
    """What it does: refuses a file larger than ``max-file-size`` (default 4 MiB) without parsing it.

    Why it matters: training configs are small; a multi-megabyte "config" is usually data committed by
    mistake, and parsing it would slow every commit.

    Example: a 50 MB ``data/labels.json`` matched by the hook's file pattern.
    Use instead: exclude data files in the configuration, or raise ``max-file-size`` for real configs.
    """

    code = "LL007"
    name = "file-too-large"
    summary = "{message}"


@register
class SymlinkOutsideRoot(Rule):
    """What it does: refuses a path that is a symlink (or lies under one) resolving outside the
    repository root; the target is not read.

    Why it matters: what a symlink points to outside the repository is not versioned with it, so the
    config cannot be traced to a commit; reading it could also leak files from the machine.

    Example: ``configs/train.yaml -> /home/alice/experiments/train.yaml``.
    Use instead: commit the config itself, or a symlink to a file inside the repository.
    """

    code = "LL008"
    name = "symlink-outside-root"
    summary = "{message}"


@register
class UnreadablePath(Rule):
    """What it does: reports a path that cannot be read as a config: missing, a directory where a file
    was expected, not a regular file, without read permission, or of a type lineage-lint does not read.

    Why it matters: a hook that silently skips what it cannot read passes configs it never checked.

    Example: ``lineage-lint show configs/`` (a directory) or a path with a typo.
    Use instead: name an existing YAML, JSON, TOML or Python config file.
    """

    code = "LL009"
    name = "unreadable-path"
    summary = "{message}"


@register
class SuppressionWithoutReason(Rule):
    """What it does: reports an ``ignore`` comment that gives no reason; such a comment suppresses nothing.

    Why it matters: a suppression is a decision someone will have to revisit; the reason is what lets
    them do it.

    Example:
        seed: null  # lineage-lint: ignore[LL102]
    Use instead:
        seed: null  # lineage-lint: ignore[LL102] -- exploratory sweep, never promoted
    """

    code = "LL010"
    name = "suppression-without-reason"
    severity = "warning"
    summary = "{message}"


@register
class SuppressionUnknownRule(Rule):
    """What it does: reports an ``ignore`` comment naming a code or rule name that does not exist; that
    part of the comment suppresses nothing.

    Why it matters: a typo in a suppression (``LL1O2``) silently fails to suppress, or silently keeps
    suppressing after a rule is renamed; either way the comment misleads the next reader.

    Example:
        seed: null  # lineage-lint: ignore[LL1O2] -- exploratory sweep
    Use instead:
        seed: null  # lineage-lint: ignore[LL102] -- exploratory sweep
    """

    code = "LL011"
    name = "suppression-unknown-rule"
    severity = "warning"
    summary = "{message}"


@register
class InputLimitExceeded(Rule):
    """What it does: refuses a file that crosses one of the reading limits: more than 1,000 YAML documents
    in one stream, more than 50,000 values in one file, values nested more than 200 levels deep, a
    number literal longer than 128 characters, or more than 5,000 datasets named by one file (with what it
    composes). The finding points at the place where the limit was crossed; the file is not evaluated.

    Why it matters: the size cap alone does not bound what reading costs: a 4 MiB flow list holds two
    million items, and a few kilobytes of brackets nest thousands deep. No training config comes near these
    limits, while a file built to cross them would stall every commit and CI run (or crash the parser),
    and a 5,000-digit "seed" is no seed any generator takes.

    Example:
        seed: 0x4f5c8a2b4f5c8a2b...   # 100,000 hex digits
    Use instead:
        seed: 1234
    """

    code = "LL014"
    name = "input-limit-exceeded"
    summary = "{message}"
