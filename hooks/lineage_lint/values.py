"""Value semantics shared by every profile: what a value *means*, whatever key holds it.

A seed value is declared (a concrete integer), random (null, true, false, -1, "randomized"), taken from
the environment (``${oc.env:SEED}``, ``$SEED``), missing (``???``: supplied at run time) or unresolved (a
reference that could not be followed, a computed expression). A version value is a strong pin (a
commit or content digest), a weak pin (an explicit version or tag) or floating (latest, main, ranges).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from lineage_lint.lazy_re import lazy, remember_texts
from lineage_lint.record import PIN_ORDER, DatasetRef, Evidence, Origin, Pin, SeedStatus
from lineage_lint.tree import MapNode, Node, OpaqueNode, Scalar, ScalarNode

_INTERPOLATION = lazy(r"^\$\{\s*([^${}]*)\s*\}$")
_ENV_RESOLVER = lazy(r"^(?:oc\.env|env|oc\.getenv)\s*:\s*([^,]+?)\s*(?:,.*)?$")
_SHELL_ENV = lazy(r"^\$(?:[A-Z_][A-Z0-9_]*|\{[A-Z_][A-Z0-9_]*(?::?-[^}]*)?\})$")
_WHOLE_TEMPLATE = lazy(r"^(?:\{\{[^{}]*\}\}|\{%[^{}]*%\})$")
_SPACE = lazy(r"\s")
# A value drawn from an unseeded generator or the clock when the config is read (`random.randint(0, 2**32 - 1)`,
# `np.random.randint(...)`, `secrets.randbits(32)`, `int(time.time())`); from a generator seeded with a value
# (`np.random.default_rng(7).integers(9)`) it is computed, not random.
_RANDOM_CALL = lazy(r"\b(?:random\.(?:randint|randrange|random|getrandbits|uniform|choice)|"
                          r"(?:np|numpy)\.random\.\w+|secrets\.\w+|torch\.(?:randint|seed|initial_seed)|"
                          r"time\.(?:time|time_ns|perf_counter|perf_counter_ns|monotonic|monotonic_ns)|"
                          r"uuid\.uuid[14]|os\.urandom|default_rng\(\s*\)\.\w+)\s*\(")
_SEEDED_GENERATOR = lazy(r"\b(?:RandomState|default_rng|Random|Generator|PCG64|SeedSequence|manual_seed)"
                               r"\(\s*[^)\s]")
_PY_ENV = lazy(r"\b(?:os\.environ|os\.getenv|getenv)\b")
_RANDOM_WORDS = {"random", "randomized", "randomize", "none", "null", "auto", "true", "yes", "on", "false",
                 "no", "off", "", "time", "nondeterministic"}
_PLACEHOLDER = lazy(
    r"^(?:\?\?\?|<[^<>]*>|todo|tbd|fixme|changeme|none|null|xxx+|\.\.\.|your[_-].*|path/to/.*|/path/to/.*)$",
    re.IGNORECASE,
)

MAX_INTERPOLATION_HOPS = 16


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value after following ``${a.b}`` interpolations within the file."""

    node: Node | None
    hops: tuple[str, ...] = ()
    unresolved: str = ""  # the reference that could not be followed
    env: str = ""  # the environment variable the value is read from


def interpolation_target(value: Scalar) -> str | None:
    """The expression inside ``${...}`` when the whole value is one interpolation."""
    if isinstance(value, str) and "${" in value:  # (a quick no for nearly every value)
        match = _INTERPOLATION.match(value.strip())
        if match:
            return match.group(1).strip()
    return None


def environment_interpolation(value: Scalar) -> str | None:
    """The variable a value reads from the environment when the whole value is OmegaConf's resolver
    (``${oc.env:TRAIN_DATA}``, ``${oc.env:TRAIN_DATA,/data/default}``, the older ``${env:...}``)."""
    target = interpolation_target(value)
    match = _ENV_RESOLVER.match(target) if target is not None else None
    return match.group(1) if match else None


def lookup(root: Node, parts: tuple[str, ...]) -> Node | None:
    """Follow a path of keys (list indexes as digits) from ``root``."""
    node: Node | None = root
    for part in parts:
        if isinstance(node, MapNode):
            node = node.get(part)
        elif node is not None and not isinstance(node, (ScalarNode, OpaqueNode)) and part.isdecimal() \
                and len(part) < 10:  # an index (`${a.0}`), never a 5,000-digit number int() refuses
            items = node.items
            node = items[int(part)] if int(part) < len(items) else None
        else:
            return None
    return node


def _target_path(target: str, base: tuple[str, ...]) -> tuple[str, ...]:
    """``a.b`` from the root; ``.a`` beside the referring value (in ``base``); ``..a`` one level up."""
    name = target.lstrip(".")
    dots = len(target) - len(name)
    parts = tuple(part for part in name.split(".") if part)
    if not dots:
        return parts
    return (*base[: max(len(base) - (dots - 1), 0)], *parts)


def resolve(root: Node, node: Node, base: tuple[str, ...] = ()) -> Resolved:
    """Follow interpolations (``${a.b}``, relative ``${.a}``) from ``node``, which sits in the mapping at
    path ``base``, to the value they name, within the file."""
    if not isinstance(node, ScalarNode) or not isinstance(node.value, str) or "${" not in node.value:
        return Resolved(node, ())  # nothing to follow (the common case, answered without the loop)
    hops: list[str] = []
    current: Node = node
    while isinstance(current, ScalarNode):
        target = interpolation_target(current.value)
        if target is None:
            return Resolved(current, tuple(hops))
        env = _ENV_RESOLVER.match(target)
        if env:
            return Resolved(current, tuple(hops), env=env.group(1))
        if ":" in target or len(hops) >= MAX_INTERPOLATION_HOPS or target in hops:
            return Resolved(current, tuple(hops), unresolved=f"${{{target}}}")
        hops.append(target)
        path = _target_path(target, base)
        base = path[:-1]
        followed = lookup(root, path) if path else None
        if followed is None:
            if target.isupper():  # ${SEED}: shell-style, not a key of this file
                return Resolved(current, tuple(hops), env=target)
            return Resolved(current, tuple(hops), unresolved=f"${{{target}}}")
        current = followed
    return Resolved(current, tuple(hops))


def classify_seed(resolved: Resolved) -> tuple[SeedStatus, str]:
    """The status of a run seed value, with a note saying why when it is not declared."""
    if resolved.env:
        return "env", f"read from the environment variable {resolved.env}"
    if resolved.unresolved:
        return "unresolved", f"{resolved.unresolved} could not be followed within this file"
    node = resolved.node
    if isinstance(node, OpaqueNode):
        if _PY_ENV.search(node.text):
            return "env", f"computed from the environment: {node.text}"
        if _RANDOM_CALL.search(node.text) and not _SEEDED_GENERATOR.search(node.text):
            return "random", f"drawn afresh on every run: {node.text}"
        return "unresolved", f"computed by an expression: {node.text}"
    if not isinstance(node, ScalarNode):
        return "unresolved", "the seed key holds a structure, not a value"
    value = node.value
    if value is None or isinstance(value, bool):
        return "random", f"{show_value(value)} means a fresh random seed on every run"
    if isinstance(value, (int, float)):
        if value == -1:
            return "random", "-1 means a fresh random seed on every run"
        if isinstance(value, float) and not value.is_integer():
            return "random", f"{value} is not an integer seed"
        return "declared", ""
    text = value.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        # -1 spelt as text; no int(): a quoted seed of 5,000 digits is beyond int()'s 4,300-digit guard
        return ("random", "-1 means a fresh random seed on every run") if re.fullmatch(r"-0*1", text) \
            else ("declared", "")
    if text == "???":
        return "missing", "??? means the value must be supplied at run time"
    if _SHELL_ENV.match(text):
        return "env", f"read from the environment: {text}"
    if has_template(text) or "${" in text:
        return "unresolved", f"{text} is a template placeholder"
    if text.lower() in _RANDOM_WORDS:
        return "random", f"'{text}' means a fresh random seed on every run"
    return "random", f"'{text}' is not an integer seed"


def has_template(text: str) -> bool:
    """Whether a line of ``text`` holds a Jinja/Go template expression, ``{{ ... }}`` or ``{% ... %}``. Found
    by position, not by the regex ``\\{\\{.*\\}\\}``, which backtracks from every ``{{`` of a line without
    ``}}`` (a 64 KB value of ``{{`` took 12 s)."""
    for line in text.split("\n"):
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            start = line.find(opening)
            if start >= 0 and line.find(closing, start + 2) >= 0:
                return True
    return False


def seed_value(node: Node | None) -> Scalar:
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, OpaqueNode):
        return node.text
    return None


def is_placeholder(value: Scalar) -> bool:
    """True for values that stand for "fill this in" rather than naming anything."""
    if value is None or isinstance(value, bool):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or bool(_PLACEHOLDER.match(text)) or has_template(text) or "${" in text


@remember_texts
def is_reference_placeholder(value: Scalar) -> bool:
    """Like :func:`is_placeholder`, for a dataset reference: a template or interpolation stands for "fill
    this in" only when it is the whole value; ``${paths.data_dir}/mnist`` or ``/dbfs/{{ pkg }}/iris.csv``
    name a location whose root is filled in, so they are references."""
    if not isinstance(value, str):
        return is_placeholder(value)
    text = value.strip()
    if not text or _PLACEHOLDER.match(text):
        return True
    return bool(_WHOLE_TEMPLATE.match(text)) or interpolation_target(text) is not None

# --- versions, revisions and digests ------------------------------------------------------------------
#
# A version value is judged by what it means, through a small grammar whose every word and pattern lives
# in the tables below (tests/test_values.py parametrises over these same tables, so a word added here is
# tested by construction). In order: a content digest or full commit pins (strong); a git ref namespace
# names a branch (floating) or a tag (judged as the tag); a ref relative to another (``HEAD~1``,
# ``main@{1}``) moves with its base; a range, a snapshot build, or a moving word among the value's tokens
# (``v1-latest``, ``2.X``, ``@latest``) floats; anything else names one release (weak), an abbreviated
# commit included (at most weak).


@dataclass(frozen=True, slots=True)
class Moving:
    """A word that names a moving target; ``in_paths``: also a path segment that moves (``/latest/``)."""

    meaning: str
    in_paths: bool = False


MOVING_WORDS: dict[str, Moving] = {
    "latest": Moving("the newest release, whatever it is today", in_paths=True),
    "newest": Moving("the newest release, whatever it is today", in_paths=True),
    "current": Moving("whatever is current today", in_paths=True),
    "nightly": Moving("a nightly build, rebuilt every night", in_paths=True),
    "main": Moving("a branch"),
    "master": Moving("a branch"),
    "trunk": Moving("a branch"),
    "dev": Moving("a development branch"),
    "develop": Moving("a development branch"),
    "development": Moving("a development branch"),
    "head": Moving("the tip of a branch"),
    "tip": Moving("the tip of a branch"),
    "default": Moving("the default branch"),
    "edge": Moving("a release channel"),
    "next": Moving("a release channel"),
    "canary": Moving("a release channel"),
    "stable": Moving("a release channel"),
    "unstable": Moving("a release channel"),
    "rolling": Moving("a release channel"),
    "any": Moving("any version"),
    "x": Moving("a wildcard version component"),
    # aliases a deployment or a registry moves from one version to the next (MLflow's stages among them)
    "production": Moving("an alias moved to each new release"),
    "prod": Moving("an alias moved to each new release"),
    "staging": Moving("an alias moved to each new release"),
    "live": Moving("an alias moved to each new release"),
    # rebuilt on a schedule, or saying outright that it is not fixed (as a version; in a path, `hourly/` is the
    # data's granularity)
    "daily": Moving("rebuilt every day"),
    "hourly": Moving("rebuilt every hour"),
    "weekly": Moving("rebuilt every week"),
    "monthly": Moving("rebuilt every month"),
    "today": Moving("whatever is there today", in_paths=True),
    "yesterday": Moving("whatever was there the day before the run", in_paths=True),
    "recent": Moving("the newest release, whatever it is today"),
    "now": Moving("whatever is there now"),
    "auto": Moving("chosen when the run starts"),
    "unpinned": Moving("not pinned, as it says"),
    "floating": Moving("not pinned, as it says"),
}


@dataclass(frozen=True, slots=True)
class Sign:
    """A pattern of the version grammar, with values it matches (``matches``) and look-alikes it must not
    match (``misses``): the tests take both from here."""

    name: str
    pattern: re.Pattern[str]
    meaning: str
    matches: tuple[str, ...]
    misses: tuple[str, ...]


TAG_REF = Sign("tag-ref", lazy(r"^(?:refs/)?tags/(?P<rest>.+)$"), "a tag",
               ("refs/tags/v1.0", "tags/2024.06"), ("refs/heads/v1.0", "tagsv1", "v1.0"))
FLOATING_SIGNS: tuple[Sign, ...] = (
    Sign("branch-ref", lazy(r"^(?:refs/[^/]+/.|heads/.|remotes/.|origin/.|upstream/."
                                  r"|(?:feature|feat|bugfix|fix|hotfix|release|wip|topic|users?|pr|pull)/.)",
                                  re.IGNORECASE), "a branch",
         ("refs/heads/main", "heads/release-1.0", "origin/main", "upstream/v2", "refs/remotes/origin/x",
          "refs/pull/12/head", "refs/convert/parquet", "refs/pr/3", "feature/new-split", "release/2.0",
          "users/alice/exp", "Hotfix/x"),
         ("originals/v1", "release-2.0", "headset-v1", "v1.0", "features-v1", "prefix/v1")),
    Sign("relative-ref", lazy(r"^[^~^]+(?:[~^]\d*)+$|@\{[^}]*\}|^@$"),
         "a ref relative to another, which moves with it",
         ("HEAD~1", "main~0", "main^", "HEAD^2", "v1.0~3", "main@{1}", "@{upstream}", "@"),
         ("v1.0", "2024.06", "release-7")),
    Sign("range", lazy(r"^\s*(?:[<>~^]=?|!=|==\s*[\w.]*\*)|\*|\|\||,\s*[<>]|^\s*\d+(?:\.\d+)*\s+-\s+\d"
                             r"|^[\[(][^\[\]()]*,[^\[\]()]*[\])]$"),
         "a version range",
         (">=2.0", "^1.2", "~1.2", "~=1.4", "!=1.0", "==1.*", "1.*", "*", ">1,<2", "1.0 - 2.0", "1 || 2",
          "[1.0,2.0)", "(,1.0]"),
         ("1.2", "v2.0", "2024-05-01", "1.0-2", "[email]")),
    Sign("or-later", lazy(r"^v?\d+(?:\.\d+)*\.?\+$", re.IGNORECASE),
         "this version or any later one (a dynamic version)", ("v3+", "1.+", "2.0.+", "1.0+", "V2+"),
         ("1.0.0+build.5", "v3", "c++", "+1")),
    Sign("interval", lazy(r"^\.{2,3}\w|\w\.{2,3}$|\w\.{2,3}\w|^\d{4}-\d{2}(?:-\d{2})?(?:T[\d:.]+Z?)?/"),
         "a range of versions or dates, open or not, rather than one of them",
         ("2024-01-01..", "..v3", "v1..v3", "v1...v3", "2024-01-01..2024-06-30", "2024-01-01/2024-06-30",
          "2024-01/P1M"), ("1.2", "v2.0", "2024-01-01", "../v1", "v1.0.0", "2024.06.01")),
    Sign("snapshot-build", lazy(r"^(?:v?\d+(?:\.\d+)*[-.])?snapshot$", re.IGNORECASE),
         "a snapshot build, rebuilt in place", ("1.0.0-SNAPSHOT", "SNAPSHOT", "v2-snapshot", "2.1.snapshot"),
         ("snapshot-2024-05-01", "2024-05-01-snapshot", "1.0.0-20240501.123456-1")),
)
_TOKENS = lazy(r"[^0-9a-z]+")
_HEX = lazy(r"^[0-9a-fA-F]+$")
_FULL_COMMIT_LENGTHS = (40, 64)  # git sha-1 and sha-256 object names (also lakeFS commit ids)
SHORT_COMMIT = Sign("short-commit", lazy(r"^(?=[0-9]*[a-fA-F])(?=[a-fA-F]*[0-9])[0-9a-fA-F]{7,39}$"),
                    "an abbreviated commit (at most weak: it may become ambiguous)",
                    ("4f5c8a2", "dce01c9b08f8"), ("release", "2024", "deadbeefcafe", "4f5c8a"))

# The length in hex digits of each digest algorithm a config may name (in a key: ``sha256:``, or in the
# value: ``sha256:<hex>``, ``md5-<hex>``, SRI ``sha512-<base64>``). A value of another length pins nothing.
DIGEST_LENGTHS: dict[str, int] = {
    "md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128, "blake2b": 128,
    "blake2s": 64, "blake3": 64, "xxh64": 16, "xxh128": 32, "etag": 32,
}
_ALGO_VALUE = lazy(r"^(?P<algo>[a-z][a-z0-9]*)[:=-](?P<value>[A-Za-z0-9+/=_-]+)$", re.IGNORECASE)
GENERIC_DIGEST_MIN = 32  # a bare hex digest under a key that names no algorithm: md5's length at least
SHORT_HASH_MIN = 7  # a computed short content hash (MLflow's 8 hex digits): weak at best
PLACEHOLDER_MIN = 16  # from this many hex digits, a repeated pattern (`0000...`) is a placeholder, never a hash


# A word that says outright there is no version (`version: unknown`, `n/a`, `-`) pins nothing.
NO_VERSION = Sign("no-version", lazy(r"^(?:unknown|unversioned|unset|undefined|n/a|\?+|-+)$", re.IGNORECASE),
                  "a word saying there is no version",
                  ("unknown", "UNVERSIONED", "n/a", "N/A", "?", "-", "--", "unset"),
                  ("v1", "2024-01", "known-good", "n/a-v1", "???x"))
# A scalar under an application's YAML tag (``version: !env DATA_VERSION``) is read with its tag in front
# (:func:`.sources.yaml_source._application_tag`): the tag's constructor makes the value when the file is
# loaded, so the text after it is no version.
APPLICATION_TAG = Sign("application-tag", lazy(r"^!(?:<[^<>]*>|[^\s<>!]+)\s"),
                       "built by an application's YAML tag when the file is loaded: the text is not the version",
                       ("!env DATA_VERSION", "!ENV ${V}", "!<tag:acme.com,2024:env> V", "!include v.txt"),
                       ("v1", "!v1", "!!str v1", "release !env"))


@dataclass(frozen=True, slots=True)
class Judgement:
    """How firmly a value pins, and what it means (quoted in notes)."""

    pin: Pin
    meaning: str = ""


def judge_version(value: Scalar) -> Judgement:
    """How firmly a version, revision, tag or commit value pins its dataset (see the grammar above)."""
    if value is None or isinstance(value, bool):
        return Judgement("none")
    if isinstance(value, (int, float)):
        return Judgement("weak", "a version number")
    text = unquote(str(value)).strip()
    if APPLICATION_TAG.pattern.match(text):
        return Judgement("none", APPLICATION_TAG.meaning)
    if not text or is_placeholder(text):
        return Judgement("none", "a placeholder")
    if NO_VERSION.pattern.match(text):
        return Judgement("none", NO_VERSION.meaning)
    form = _ALGO_VALUE.match(text)
    if form and form.group("algo").lower() in DIGEST_LENGTHS:
        return judge_digest(text)
    if _HEX.match(text) and len(text) >= PLACEHOLDER_MIN and _repeats(text):  # git's null id `0000...`
        return Judgement("none", "a placeholder, not a commit: a commit id never repeats a short pattern")
    if _HEX.match(text) and len(text) in _FULL_COMMIT_LENGTHS:
        return Judgement("strong", "a full commit")
    tag = TAG_REF.pattern.match(text)
    if tag:
        judged = judge_version(tag.group("rest"))
        return judged if judged.pin != "weak" else Judgement("weak", TAG_REF.meaning)
    for sign in FLOATING_SIGNS:
        if sign.pattern.search(text):
            if sign.name == "relative-ref":
                base = re.split(r"[~^@]", text, maxsplit=1)[0]
                if _HEX.match(base) and len(base) in _FULL_COMMIT_LENGTHS:
                    return Judgement("weak", "an ancestor of a fixed commit")
            return Judgement("floating", sign.meaning)
    for token in _TOKENS.split(text.lower()):
        moving = MOVING_WORDS.get(token)
        if moving is not None:
            return Judgement("floating", moving.meaning if token == text.lower() else
                             f"a moving target (`{token}`: {moving.meaning})")
    if SHORT_COMMIT.pattern.match(text):
        return Judgement("weak", SHORT_COMMIT.meaning)
    return Judgement("weak", "an explicit version or tag")


def digest_algorithm(key: str) -> str | None:
    """The digest algorithm a key names (``sha256``, ``dataset_md5``, ``etag``), if any."""
    return next((part for part in reversed(key.lower().split("_")) if part in DIGEST_LENGTHS), None)


def judge_digest(value: Scalar, algorithm: str | None = None, *, computed: bool = False) -> Judgement:
    """How firmly a content digest pins. It must have the form of a real digest: ``<algo>:<hex>`` of that
    algorithm's length (or SRI base64), hex of the length of the ``algorithm`` its key names, or, under a
    key that names none, hex of at least 32 digits; anything else pins nothing. A short hash a tool computed
    (``computed``: MLflow's 8 hex digits) is weak at best."""
    if value is None or isinstance(value, bool):
        return Judgement("none")
    text = str(value).strip()
    if not text or is_placeholder(text):
        return Judgement("none", "a placeholder")
    if text.endswith(".dir"):  # DVC: the md5 of a directory's listing, itself content-addressed
        text = text[:-4]
    form = _ALGO_VALUE.match(text)
    if form and form.group("algo").lower() in DIGEST_LENGTHS:
        algorithm, text = form.group("algo").lower(), form.group("value")
        if not _HEX.match(text) and _base64_length(text) * 2 == DIGEST_LENGTHS[algorithm]:
            return Judgement("strong", f"a digest ({algorithm})")
    text = re.sub(r"-\d+$", "", text) if algorithm in (None, "etag") else text  # S3 multipart ETag: <md5>-<parts>
    if not _HEX.match(text):
        moving = judge_version(text)  # `sha256: latest`: a moving target named where a digest belongs
        return moving if moving.pin == "floating" else Judgement("none", "not a digest (digests are hexadecimal)")
    if len(text) >= PLACEHOLDER_MIN and _repeats(text):
        return Judgement("none", "a placeholder, not a digest: a hash of real content never repeats a short "
                                 "pattern (`000...`, `deadbeef...`)")
    if algorithm is not None:
        wanted = DIGEST_LENGTHS[algorithm]
        if len(text) == wanted:
            return Judgement("strong", f"a digest ({algorithm})")
        return Judgement("none", f"not a {algorithm} digest: {algorithm} has {wanted} hex digits, this {len(text)}")
    if len(text) >= GENERIC_DIGEST_MIN:
        return Judgement("strong", "a content digest")
    if computed and len(text) >= SHORT_HASH_MIN:
        return Judgement("weak", "a short content hash")
    return Judgement("none", f"too short for a content digest ({len(text)} hex digits, at least "
                             f"{GENERIC_DIGEST_MIN})")


def _repeats(text: str) -> bool:
    """Whether ``text`` is a pattern of at most 16 characters repeated (``0000``, ``deadbeefdeadbeef``)."""
    lowered = text.lower()
    return any(len(lowered) >= 2 * period and lowered == (lowered[:period] * (len(lowered) // period + 1))[
        :len(lowered)] for period in range(1, 17))


def _base64_length(text: str) -> int:
    try:
        return len(base64.b64decode(text + "=" * (-len(text) % 4), validate=True))
    except (ValueError, binascii.Error):
        return -1


def classify_version(value: Scalar, *, digest: bool = False) -> Pin:
    """The pin of a version value, or (``digest``) of a digest a tool computed; see :func:`judge_version` and
    :func:`judge_digest`."""
    return (judge_digest(value, computed=True) if digest else judge_version(value)).pin


# --- versions inside references ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InReference:
    """A version a reference carries inside itself: ``ref`` is the reference without it (``org/data`` for
    ``org/data@v1``; unchanged when the version is part of the location), ``version`` the text judged."""

    ref: str
    version: str
    evidence: Evidence
    judgement: Judgement
    in_path: bool = False  # a path segment (``/v3/``) rather than a revision the reference names


# What a real object version looks like, for the parameters that name one: an S3 version id is an opaque
# token of URL-safe characters (32 today: `3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY`; older ones carry `+` and `/`),
# a GCS generation the object's creation time in microseconds (16 digits today), a Delta version a commit
# number of the table's log. Only such a value is the immutable object the parameter promises; another value
# under the same name (`version_id: 12`, `generation: 3`) is judged by what it says, like any version.
S3_VERSION_ID = Sign("s3-version-id", lazy(r"^(?=[^0-9]*[0-9])(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])"
                                                 r"[A-Za-z0-9._+/=-]{20,1024}$"),
                     "an S3 object version (immutable)",
                     ("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
                      "Xl9dUK.8wbW1qrbvx_2p3TQq1FYqL7qA"),
                     ("null", "3HL4kq", "latest", "v12", "my_dataset_version_two", "", "12345678901234567890"))
GCS_GENERATION = Sign("gcs-generation", lazy(r"^[1-9]\d{12,18}$"), "a GCS object generation (immutable)",
                      ("1360887759327000", "1699999999123456"), ("0", "3", "latest", "null", "12345678"))
DELTA_VERSION = Sign("delta-version", lazy(r"^\d{1,18}$"), "a Delta table version (a commit of its log)",
                     ("0", "12", "4711"), ("latest", "v12", "-1", "1.5"))


@dataclass(frozen=True, slots=True)
class QueryVersion:
    """A URI query parameter (or fragment, or a key beside a reference) that selects a version: ``pin`` when
    its value has the ``shape`` of a real one (or always, without a shape); None: judged by value."""

    meaning: str
    pin: Pin | None
    evidence: Evidence = "uri-version"
    shape: Sign | None = None
    # the version of one object in this store: only a reference to an object there is pinned by it (not a prefix
    # `s3://bucket/train/`, a hub id or a local path)
    store: re.Pattern[str] | None = None


# References into an object store: by scheme, by HTTPS endpoint, or in an expression that builds one.
S3_OBJECT = lazy(r"^(?:s3[an]?|minio|r2)://|^https?://[^/?#]*\bs3[.-][^/?#]*amazonaws\.com/"
                       r"|^https?://[^/?#]*amazonaws\.com/|(?<![A-Za-z0-9])s3[an]?://", re.IGNORECASE)
GCS_OBJECT = lazy(r"^(?:gs|gcs)://|^https?://storage\.(?:googleapis|cloud\.google)\.com/"
                        r"|(?<![A-Za-z0-9])gcs?://", re.IGNORECASE)
_S3_VERSION = QueryVersion("an S3 object version (immutable)", "strong", shape=S3_VERSION_ID, store=S3_OBJECT)
_GCS_GENERATION = QueryVersion("a GCS object generation (immutable)", "strong", shape=GCS_GENERATION,
                               store=GCS_OBJECT)
_DELTA_VERSION = QueryVersion("a Delta table version (a commit of its log)", "strong", shape=DELTA_VERSION)
QUERY_VERSIONS: dict[str, QueryVersion] = {
    "versionid": _S3_VERSION,
    # the same parameter as a key beside a reference (`uri: s3://...` + `version_id: ...`)
    "version_id": _S3_VERSION,
    "object_version": _S3_VERSION,
    "object_version_id": _S3_VERSION,
    "s3_version_id": _S3_VERSION,
    "generation": _GCS_GENERATION,
    "object_generation": _GCS_GENERATION,
    "gcs_generation": _GCS_GENERATION,
    # A Delta version names one commit of the table's log, whose data files are immutable: time travel to it
    # returns exactly those files (or fails once they are vacuumed), like a git commit; a timestamp is
    # resolved to whichever commit was current then, so weak.
    "versionasof": _DELTA_VERSION,
    "version_as_of": _DELTA_VERSION,
    "timestampasof": QueryVersion("a Delta table as of a time", "weak"),
    "timestamp_as_of": QueryVersion("a Delta table as of a time", "weak"),
    "rev": QueryVersion("a revision", None, "inline-revision"),
    "revision": QueryVersion("a revision", None, "inline-revision"),
    "ref": QueryVersion("a revision", None, "inline-revision"),
    "commit": QueryVersion("a revision", None, "inline-revision"),
    "tag": QueryVersion("a revision", None, "inline-revision"),
    "version": QueryVersion("a version", None, "inline-revision"),
}
# Parameters with a meaning of their own, longest first: a key ending in one (`train_data_version_id`,
# `images_generation`) means what the parameter means.
_SUFFIXED_PARAMETERS = ("object_version_id", "timestamp_as_of", "object_generation", "gcs_generation",
                        "s3_version_id", "object_version", "version_as_of", "version_id", "generation")
# The revision in a forge or hub URL: .../raw|blob|resolve|tree/<rev>/..., raw.githubusercontent.com/o/r/<rev>/,
# .../releases/download/<tag>/ ; a `refs/...` revision spans three segments.
_URL_REVISION = lazy(
    r"^https?://(?:www\.)?(?:(?:github\.com|huggingface\.co|gitlab\.com)/.+?/(?:raw|blob|resolve|tree|-/raw)/"
    r"|raw\.githubusercontent\.com/[^/]+/[^/]+/|github\.com/.+?/releases/download/)"
    r"(?P<rev>refs/[^/]+/[^/]+|[^/]+)/"
)
# A version decorator after `@`: BigQuery snapshot decorators are epoch milliseconds (`table@1700000000000`);
# a negative or ranged one (`table@-3600000`, `table@1700000000000-`) is relative to now.
_TIME_DECORATOR = lazy(r"^-?\d{10,}(?:-\d*)?$|^-\d+(?:-\d*)?$")
_INLINE_REVISION = lazy(r"^(?P<ref>[^\s@]*[^\s@/])@(?P<rev>[^\s:]+)$")
_GIT_NAMESPACE = lazy(r"^(?:refs|heads|tags|remotes|origin|upstream)/")
_NAMESPACE_WORDS = frozenset({"refs", "heads", "tags", "remotes", "origin", "upstream"})
# `name:v3`, `entity/project/name:v12` (W&B), `azureml:name:7` (an Azure ML data asset's version)
_ARTIFACT_TAG = lazy(r"^(?P<ref>(?:azureml:)?[\w.\-/]+):"
                           r"(?P<rev>v?\d+(?:\.\d+)*|[0-9a-f]{40}|[0-9a-f]{64}|[a-z]+)$", re.IGNORECASE)
SEGMENT_VERSIONS: tuple[Sign, ...] = (
    Sign("version-segment", lazy(r"^v\d+(?:\.\d+)*$|^\d+\.\d+(?:\.\d+)*$", re.IGNORECASE),
         "a version folder", ("v3", "V2", "v1.2", "1.2.0"), ("v3beta", "train2017", "3", "images")),
    Sign("date-segment", lazy(r"^(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?$"
                                    r"|^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$"),
         "a dated partition", ("2024-05-01", "2024-05", "20240501"), ("2024", "2024-13-01", "20241301", "123456789")),
    Sign("partition-segment", lazy(r"^(?P<key>version|ver|date|dt|ds|day|snapshot|snapshot_date|as_of|"
                                         r"release)=(?P<value>[^/]+)$", re.IGNORECASE),
         "a partition", ("version=3", "dt=2024-05-01", "snapshot=20240501"), ("split=train", "lang=en", "dt")),
)
_HUB_ID = lazy(r"^(?:hf://datasets/|https?://huggingface\.co/datasets/)?(?P<org>[A-Za-z0-9][\w.-]*)/"
                     r"(?P<name>[\w.-]*[A-Za-z0-9_])$")
_FILE_EXTENSION = lazy(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")


def version_in_reference(ref: str) -> InReference | None:
    """The version a reference carries by its structure: a URI query (S3 ``?versionId=``, Delta
    ``?versionAsOf=``, ``?rev=``) or GCS generation, a forge or hub URL's revision (``.../resolve/<rev>/``),
    a lakeFS ref (``lakefs://repo/<ref>/...``), an ``@`` revision or time decorator (``org/data@v1``,
    ``s3://b/k@<commit>``, ``hf://datasets/o/n@<rev>/...``, ``project.ds.table@<epoch-ms>``), an artifact
    or feature-view version (``name:v3``, ``feature_view:3``), or a path segment (``/v3/``, ``/2024-05-01/``,
    ``/dt=2024-05-01/``, ``/latest/``). Never read from a text with spaces (a script, a command)."""
    text = ref.strip()
    if not text or _SPACE.search(text):
        return None
    if "://" in text:
        return _in_uri(text)
    inline = _INLINE_REVISION.match(text)
    if inline:
        rev = inline.group("rev")
        if "/" in rev and not _GIT_NAMESPACE.match(rev):  # `org/data@v1/train.json`: the revision, then a path
            rev, rest = rev.split("/", 1)
            return _revision(f"{inline.group('ref')}/{rest}", rev, "inline-revision")
        return _revision(inline.group("ref"), rev, "inline-revision")
    tag = _ARTIFACT_TAG.match(text)
    if tag and _artifact_version(tag.group("rev")):
        return _revision(tag.group("ref"), tag.group("rev"), "inline-revision")
    return _in_segments(text, text.split("/"))


def _artifact_version(rev: str) -> bool:
    return rev.lower() in MOVING_WORDS or not rev.isalpha()


def _revision(ref: str, rev: str, evidence: Evidence) -> InReference:
    if _TIME_DECORATOR.match(rev):
        if rev.startswith("-") or rev.rstrip("0123456789") != "":
            return InReference(ref, rev, "uri-version", Judgement("floating", "a snapshot decorator relative to now"))
        return InReference(ref, rev, "uri-version", Judgement("weak", "a point-in-time snapshot (epoch ms)"))
    return InReference(ref, unquote(rev), evidence, judge_version(rev))


def judge_parameter(known: QueryVersion, value: Scalar, ref: str = "") -> Judgement:
    """A value under a parameter whose meaning is known (``versionId``, ``generation``, ``versionAsOf``): that
    parameter's pin when the value has the shape of a real one (an S3 version id, a GCS generation, a Delta
    version) and, for one object's version, ``ref`` names an object rather than a prefix; else by value
    (``versionId=null``: an unversioned object; ``version_id: 12``: a version)."""
    judged = judge_version(value)
    if known.pin is None or judged.pin in ("none", "floating"):  # `?generation=latest` names no generation
        return judged
    text = "" if value is None or isinstance(value, bool) else unquote(str(value)).strip()
    if known.shape is not None and not known.shape.pattern.match(text):
        return judged
    if known.store is not None and not known.store.search(ref.strip()):
        return Judgement("weak", f"{known.meaning[:-len(' (immutable)')]} beside a reference outside that store: "
                                 "a version at most")
    if known.store is not None and names_prefix(ref):
        return Judgement("weak", f"{known.meaning[:-len(' (immutable)')]} given to a prefix: it pins one object's "
                                 "version, not what the prefix holds")
    return Judgement(known.pin, known.meaning)


def names_prefix(ref: str) -> bool:
    """Whether a reference names a prefix or folder (``s3://bucket/train/``), not one object."""
    text = ref.strip()
    return (url_path(text) if "://" in text else text).endswith("/")


def judge_reference(key: str, ref: str, origin: Origin, *, version: str | None, digest: str | None,
                    algorithm: str | None, parameter: QueryVersion | None = None, computed: bool = False) -> DatasetRef:
    """A dataset reference judged by each pin given (a version, under ``parameter`` when its key has a meaning of
    its own, a digest of ``algorithm``, or else the version the reference carries); the firmest decides. A
    malformed digest or a moving version is named in the note. Configs and logged runs are judged by this one
    function, so that a run logged from a config keeps the config's pin."""
    judged: list[tuple[Judgement, Evidence, str]] = []
    found = None if computed else version_in_reference(ref)  # an expression's text carries no version
    shown_ref = ref
    if version is not None:
        judged.append((judge_parameter(parameter, version, ref) if parameter else judge_version(version),
                       "explicit-version", version))
    elif found is not None:
        judged.append((found.judgement, found.evidence, found.version))
        shown_ref = found.ref
        version = found.version
    if digest is not None:
        judged.append((judge_digest(digest, algorithm), "digest", digest))
    notes = [f"; `{text}` is {judgement.meaning}" for judgement, _, text in judged
             if judgement.pin in ("none", "floating") and judgement.meaning and judgement.meaning != "a placeholder"]
    if not judged:
        return DatasetRef(key, shown_ref, "none", origin, version, digest)
    judgement, evidence, _ = max(judged, key=lambda item: PIN_ORDER.index(item[0].pin))
    return DatasetRef(key, shown_ref, judgement.pin, origin, version, digest, "".join(notes),
                      evidence=evidence if judgement.pin != "none" else None)


def version_parameter(key: str) -> QueryVersion | None:
    """What a version-selecting parameter means, as a query key or an option key (``versionAsOf: 3``), also at
    the end of a key naming what it versions (``train_data_version_id``, ``images_generation``)."""
    lowered = key.lower()
    known = QUERY_VERSIONS.get(lowered)
    if known is None and "_" in lowered:
        known = next((QUERY_VERSIONS[suffix] for suffix in _SUFFIXED_PARAMETERS if lowered.endswith("_" + suffix)),
                     None)
    return known


def _in_uri(text: str) -> InReference | None:
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme in ("bq", "bigquery") and "@" in text:  # bq://project.dataset.table@<epoch-ms>
        table, decorator = text.split("://", 1)[1].rsplit("@", 1)
        return _revision(f"{parts.scheme}://{table}", decorator, "uri-version")
    # every version parameter is judged, the weakest kept: `?versionId=<id>&versionId=latest` is not pinned
    given = [InReference(text, value, known.evidence, judge_parameter(known, value, text))
             for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if (known := QUERY_VERSIONS.get(key.lower())) is not None]
    if given:
        return min(given, key=lambda found: PIN_ORDER.index(found.judgement.pin))
    if parts.scheme in ("gs", "gcs") and parts.fragment.isdigit():  # `gs://b/o#<generation>`: only a real one pins
        judged = judge_parameter(_GCS_GENERATION, parts.fragment, text)
        return InReference(text, parts.fragment, "uri-version", judged if judged.pin == "strong" else Judgement(
            "none", "not a GCS generation (the object's creation time in microseconds)"))
    url = _URL_REVISION.match(text)
    if url:
        return InReference(text, unquote(url.group("rev")), "inline-revision", judge_version(url.group("rev")))
    segments = parts.path.split("/")
    if parts.scheme == "lakefs" and len(segments) > 1 and segments[1]:
        return InReference(text, unquote(segments[1]), "uri-version", judge_version(segments[1]))
    for index, segment in enumerate(segments):
        if "@" in segment:  # the user@ of a URL is in its netloc, never in a path segment
            name, rev = segment.split("@", 1)
            last = index
            if rev in _NAMESPACE_WORDS and index + 1 < len(segments):  # `@refs/heads/main`: a ref spans segments
                last = min(index + (2 if rev == "refs" else 1), len(segments) - 1)
                rev = "/".join([rev, *segments[index + 1:last + 1]])
            bare = text.replace(f"@{rev}", "", 1)
            if name and rev:
                return _revision(bare.split("?", 1)[0] if last == len(segments) - 1 else bare, rev,
                                 "inline-revision")
    return _in_segments(text, segments)


def _in_segments(text: str, segments: list[str]) -> InReference | None:
    """A version folder or dated partition (weak, unless a moving segment such as ``/latest/`` is there)."""
    if len(segments) < 2:
        return None
    found: InReference | None = None
    for segment in segments:
        lowered = segment.lower()
        moving = MOVING_WORDS.get(lowered)
        if moving is not None and moving.in_paths:
            return InReference(text, segment, "uri-version",
                               Judgement("floating", f"a path segment that moves ({moving.meaning})"), in_path=True)
        if found is not None:
            continue
        for sign in SEGMENT_VERSIONS:
            match = sign.pattern.match(segment)
            if match:
                judged = judge_version(match.group("value")) if "value" in sign.pattern.groupindex \
                    else Judgement("weak", sign.meaning)
                found = InReference(text, segment, "uri-version", Judgement(judged.pin, sign.meaning), in_path=True)
                break
    return found


def is_hub_id(text: str) -> bool:
    """Whether ``text`` has the shape of a hub repository id (``org/name``, ``hf://datasets/org/name``):
    without a revision it loads whatever the hub's default branch holds today."""
    match = _HUB_ID.match(text.strip())
    return match is not None and not _FILE_EXTENSION.search(match.group("name"))


_EDITION_IN_NAME = lazy(r"(?<![0-9])(?:199\d|20[0-2]\d)(?![0-9])|(?<![A-Za-z0-9])v\d+(?:\.\d+)*(?![0-9])"
                              r"|(?<=[-_])\d+\.\d+(?:\.\d+)*$")
_EDITION_IN_SEGMENT = lazy(r"(?<=[A-Za-z0-9][-_])v?\d+\.\d+(?:\.\d+)*$")
NAME_EDITIONS = Sign("name-edition", _EDITION_IN_NAME, "a release named in a registered dataset name",
                     ("coco_2017_train", "lvis_v1", "voc_2012_trainval", "Argoverse-1.1", "train2017.txt",
                      "wikitext-103-raw-v1"),
                     ("imagenet", "mnist", "cifar10", "top1000", "model_10k"))
SEGMENT_EDITIONS = Sign("segment-edition", _EDITION_IN_SEGMENT, "a release joined to a folder or file name",
                        ("Argoverse-1.1", "train-v1.1", "cityscapes_1.0"), ("train2017", "v2_mscoco", "v1.1"))


def name_edition(text: str) -> str | None:
    """A release named in a dataset's registered name (``coco_2017_train``, ``lvis_v1``, ``Argoverse-1.1``):
    a weak pin, since the name stands for one published release. Only a name says so: in a path only a
    release joined to a folder or file name by a hyphen counts (``/data/Argoverse-1.1/``), never a year glued
    to a split folder (``images/train2017``); a hub id (``org/name-v0``) is not pinned by its name (the hub
    serves revisions); a text with spaces (a script) names nothing."""
    stripped = text.strip()
    if not stripped or _SPACE.search(stripped) or is_hub_id(stripped):
        return None
    if "/" not in stripped and "://" not in stripped:
        match = NAME_EDITIONS.pattern.search(_FILE_EXTENSION.sub("", stripped) if "." in stripped else stripped)
        return match.group(0) if match else None
    for segment in reversed(url_path(stripped).split("/") if "://" in stripped else stripped.split("/")):
        found = SEGMENT_EDITIONS.pattern.search(_FILE_EXTENSION.sub("", segment))
        if found:
            return found.group(0)
    return None


def url_path(text: str) -> str:
    """The path of a URL, also of a malformed one (``abfss://lake@acct[.dfs.../x``, which ``urlsplit``
    refuses with ``ValueError``): what follows the first ``/`` after the scheme's ``://``."""
    try:
        return urlsplit(text).path
    except ValueError:
        rest = text.split("://", 1)[-1]
        return rest[rest.index("/"):].split("?", 1)[0].split("#", 1)[0] if "/" in rest else ""


def split_inline_revision(ref: str) -> tuple[str, str | None]:
    """``org/data@v1`` -> (``org/data``, ``v1``): the reference without the version it carries, and that
    version (S3 ``?versionId=``, ``name:v3`` tags, a forge URL's revision, ...), see
    :func:`version_in_reference`; path-segment versions are reported by that function only."""
    found = version_in_reference(ref)
    return (ref, None) if found is None or found.in_path else (found.ref, found.version)


def show_value(value: object) -> str:
    """A value as messages quote it: null, true, 42, 'text'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return f"'{value}'" if isinstance(value, str) else str(value)
