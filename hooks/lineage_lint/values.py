"""Value semantics shared by every profile: what a value *means*, whatever key holds it.

A seed value is declared (a concrete integer), random (null, true, false, -1, "randomized"), taken from
the environment (``${oc.env:SEED}``, ``$SEED``), missing (``???``: supplied at run time) or unresolved (a
reference that could not be followed, a computed expression). A version value is a strong pin (a
commit or content digest), a weak pin (an explicit version or tag) or floating (latest, main, ranges).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lineage_lint.record import Pin, SeedStatus
from lineage_lint.tree import MapNode, Node, OpaqueNode, Scalar, ScalarNode

_INTERPOLATION = re.compile(r"^\$\{\s*([^${}]*)\s*\}$")
_ENV_RESOLVER = re.compile(r"^(?:oc\.env|env|oc\.getenv)\s*:\s*([^,]+?)\s*(?:,.*)?$")
_SHELL_ENV = re.compile(r"^\$(?:[A-Z_][A-Z0-9_]*|\{[A-Z_][A-Z0-9_]*(?::?-[^}]*)?\})$")
_TEMPLATE = re.compile(r"\{\{.*\}\}|\{%.*%\}")
_WHOLE_TEMPLATE = re.compile(r"^(?:\{\{[^{}]*\}\}|\{%[^{}]*%\})$")
_PY_ENV = re.compile(r"\b(?:os\.environ|os\.getenv|getenv)\b")
_RANDOM_WORDS = {"random", "randomized", "randomize", "none", "null", "auto", "true", "yes", "on", "false",
                 "no", "off", "", "time", "nondeterministic"}
_FLOATING_WORDS = {"latest", "main", "master", "head", "dev", "develop", "development", "trunk", "nightly",
                   "current", "newest", "default", "tip", "*", "x", "any", "stable", "edge", "next"}
_RANGE = re.compile(r"^\s*(?:[<>~^]=?|!=|==\s*[\w.]*\*)|\*|\|\||\.x$|,\s*[<>]|^\s*\d+(?:\.\d+)*\s+-\s+\d")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_ALGO_DIGEST = re.compile(r"^(?:sha1|sha256|sha384|sha512|md5|blake2b|xxh64|etag)[:=-]([0-9a-fA-F]{16,})$", re.I)
_PLACEHOLDER = re.compile(
    r"^(?:\?\?\?|<[^<>]*>|todo|tbd|fixme|changeme|none|null|xxx+|\.\.\.|your[_-].*|path/to/.*|/path/to/.*)$",
    re.IGNORECASE,
)
_INLINE_REVISION = re.compile(r"^(?P<ref>[^\s@]+[^\s@/])@(?P<rev>[\w.\-+/]+)$")
_S3_VERSION = re.compile(r"[?&]versionId=([^&#]+)")
_ARTIFACT_TAG = re.compile(r"^(?P<ref>[\w.\-/]+):(?P<rev>v\d+|latest)$")

_URL_REVISION = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|huggingface\.co|gitlab\.com)/.+?/(?:raw|blob|resolve|tree|-/raw)/"
    r"(?P<rev>[^/]+)/|/releases/download/(?P<tag>[^/]+)/"
)
_EMBEDDED_VERSION = re.compile(r"(?<![0-9])(?:199\d|20[0-2]\d)(?![0-9])|(?<![A-Za-z0-9])v\d+(?:\.\d+)*(?![0-9])")

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
    if isinstance(value, str):
        match = _INTERPOLATION.match(value.strip())
        if match:
            return match.group(1).strip()
    return None


def lookup(root: Node, parts: tuple[str, ...]) -> Node | None:
    """Follow a path of keys (list indexes as digits) from ``root``."""
    node: Node | None = root
    for part in parts:
        if isinstance(node, MapNode):
            node = node.get(part)
        elif node is not None and not isinstance(node, (ScalarNode, OpaqueNode)) and part.isdigit():
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
    hops: list[str] = []
    current = node
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
        return ("random", "-1 means a fresh random seed on every run") if int(text) == -1 else ("declared", "")
    if text == "???":
        return "missing", "??? means the value must be supplied at run time"
    if _SHELL_ENV.match(text):
        return "env", f"read from the environment: {text}"
    if _TEMPLATE.search(text) or "${" in text:
        return "unresolved", f"{text} is a template placeholder"
    if text.lower() in _RANDOM_WORDS:
        return "random", f"'{text}' means a fresh random seed on every run"
    return "random", f"'{text}' is not an integer seed"


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
    return not text or bool(_PLACEHOLDER.match(text)) or bool(_TEMPLATE.search(text)) or "${" in text


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


def classify_version(value: Scalar, *, digest: bool = False) -> Pin:
    """How firmly a version, revision or digest value pins its dataset."""
    if value is None or isinstance(value, bool):
        return "none"
    text = str(value).strip()
    if not text or is_placeholder(text):
        return "none"
    if digest and text.endswith(".dir"):  # DVC: the md5 of a directory's listing, itself content-addressed
        text = text[:-4]
    if _ALGO_DIGEST.match(text) or (_HEX.match(text) and len(text) in (40, 64)):
        return "strong"
    if digest and _HEX.match(text) and len(text) >= 32:
        return "strong"
    if text.lower() in _FLOATING_WORDS or _RANGE.search(text):
        return "floating"
    return "weak"


def embedded_version(text: str) -> str | None:
    """A release named inside a dataset's name or path (``coco_2017_train``, ``lvis_v1``, ``train2017.txt``):
    a weak pin, since the name then stands for one published release."""
    match = _EMBEDDED_VERSION.search(text)
    return match.group(0) if match else None


def split_inline_revision(ref: str) -> tuple[str, str | None]:
    """``org/data@v1`` -> (``org/data``, ``v1``); S3 ``?versionId=``, ``name:v3`` artifact tags, and the
    branch, commit or release tag in a GitHub / Hugging Face URL (``.../raw/main/...``) too."""
    s3 = _S3_VERSION.search(ref)
    if s3:
        return ref, s3.group(1)
    url = _URL_REVISION.search(ref)
    if url:
        return ref, url.group("rev") or url.group("tag")
    if "://" not in ref or ref.startswith(("hf://", "git+")):
        for pattern in (_INLINE_REVISION, _ARTIFACT_TAG):
            match = pattern.match(ref.split("://", 1)[-1])
            if match and not match.group("ref").endswith(":"):
                prefix = ref[: len(ref) - len(ref.split("://", 1)[-1])]
                return prefix + match.group("ref"), match.group("rev")
    return ref, None


def show_value(value: object) -> str:
    """A value as messages quote it: null, true, 42, 'text'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return f"'{value}'" if isinstance(value, str) else str(value)
