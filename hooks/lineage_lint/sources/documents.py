"""Turning a path into a :class:`Document`: a positioned tree plus what was wrong with the input (read
through :mod:`lineage_lint.sources`, which loads this module when first asked)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from lineage_lint.sources.problems import Problem, fail
from lineage_lint.sources.reading import DEFAULT_MAX_BYTES, read_text, safe_path
from lineage_lint.tree import MapNode, Node, SeqNode

__all__ = ["Document", "detect_format", "load_document", "parse_text"]

Parser = Callable[[str], tuple[Node, list[Problem]]]
_PARSER_MODULES = {"yaml": "yaml_source", "json": "json_source", "toml": "toml_source", "python": "python_source"}
_parsers: dict[str, Parser] = {}


def _parser(fmt: str) -> Parser:
    """The parser for ``fmt``, imported on first use (a YAML-only run never loads tomllib)."""
    parser = _parsers.get(fmt)
    if parser is None:
        module = importlib.import_module(f"lineage_lint.sources.{_PARSER_MODULES[fmt]}")
        parser = _parsers[fmt] = getattr(module, f"parse_{fmt}")
    return parser
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".py": "python",
             ".dvc": "yaml", ".lock": "yaml"}
_NAMES = {"MLproject": "yaml", "dvc.lock": "yaml"}


@dataclass(slots=True)
class Document:
    """A parsed config: its tree, its text (for suppression comments) and the non-fatal problems."""

    path: str
    format: str
    root: Node
    text: str
    problems: list[Problem] = field(default_factory=list)
    # The later non-empty documents of a YAML stream (each judged as well: a training config may hide there).
    later: list[Node] = field(default_factory=list)


def detect_format(path: PurePath) -> str | None:
    """The format a file is read as, from its name; ``None`` when lineage-lint does not read it."""
    return _NAMES.get(path.name) or _SUFFIXES.get(path.suffix.lower())


MAX_PROBLEMS = 100  # input problems listed per file; a file with thousands of duplicate keys says how many


def parse_text(text: str, fmt: str, display: str) -> Document:
    """Parse already-read text; raises :class:`UnreadableSource` when it cannot be read."""
    later: list[Node] = []
    if fmt == "yaml":
        from lineage_lint.sources.yaml_source import parse_yaml_stream

        documents, problems = parse_yaml_stream(text)
        root, later = documents[0], documents[1:]
    else:
        root, problems = _parser(fmt)(text)
    if len(problems) > MAX_PROBLEMS:
        first_left_out = problems[MAX_PROBLEMS]
        left_out = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], Problem(
            first_left_out.code,
            f"{first_left_out.message}; {left_out - 1:,} more problems of this file are not listed",
            first_left_out.span, identity="more-problems",
        )]
    if (isinstance(root, MapNode) and not root.entries) or (isinstance(root, SeqNode) and not root.items):
        raise fail("LL003", "the file is empty: it declares nothing")
    return Document(display, fmt, root, text, problems, later)


def load_document(
    path: Path, display: str, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None
) -> Document:
    """Read and parse ``path``; raises :class:`UnreadableSource` with the problem when it cannot."""
    fmt = fmt or detect_format(path)
    if fmt is None:
        safe_path(path, root)  # a missing path or an escaping symlink says so, rather than "unsupported"
        raise fail("LL009", "unsupported file type: lineage-lint reads YAML, JSON, TOML and Python configs")
    text = read_text(path, root, max_bytes)
    return parse_text(text, fmt, display)
