"""One graph model of lineage, drawn as Mermaid, Graphviz dot or JSON (``schemas/graph.schema.json``).

It serves ``lineage-lint graph``, ``impact --format mermaid`` and the Action's job summary. For a config:
datasets -> config <- bases and overlays, config -> seed. For a registered model: datasets -> runs ->
logged models -> versions -> aliases, every version at once. Nodes carry a ``style``: a dataset's pin
strength (strong, weak, floating, none), a seed's status, or ``untraceable``; renderers colour by it.

Every label comes from a config or a tracking server (other people's text): Mermaid labels keep letters,
digits and plain punctuation and turn everything else into entity codes; dot labels are quoted and escaped;
labels are cut to :data:`LABEL_LIMIT` characters and graphs to :data:`MAX_NODES` nodes (Mermaid refuses to
draw more than 50,000 characters).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lineage_lint.record import LineageRecord
from lineage_lint.values import show_value

LABEL_LIMIT = 160
MAX_NODES = 400
MAX_DATASETS = 40  # drawn per config
Kind = str  # dataset | config | base | seed | run | logged-model | version | alias | model

# Mermaid classes by style: pins coloured by strength, seeds by status (every status a seed can have: a
# style without a class would draw as a plain node, as if nothing were wrong).
STRENGTH_CLASSES = {
    "strong": "fill:#dafbe1,stroke:#1a7f37", "weak": "fill:#fff8c5,stroke:#9a6700",
    "floating": "fill:#ffebe9,stroke:#cf222e", "none": "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:3",
    "declared": "fill:#dafbe1,stroke:#1a7f37", "random": "fill:#ffebe9,stroke:#cf222e",
    "env": "fill:#fff1e5,stroke:#bc4c00", "missing": "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:3",
    "unresolved": "fill:#fff1e5,stroke:#bc4c00,stroke-dasharray:3", "untraceable": "fill:#ffebe9,stroke:#cf222e",
    "alias": "fill:#ddf4ff,stroke:#0969da",
}
# The job summary's two-colour view: does it pass the default policy?
PASS_FAIL = {"strong": "pass", "weak": "pass", "declared": "pass", "floating": "fail", "none": "fail",
             "random": "fail", "env": "fail", "missing": "fail", "unresolved": "fail", "untraceable": "fail"}
PASS_FAIL_CLASSES = {"pass": "fill:#dafbe1,stroke:#1a7f37", "fail": "fill:#ffebe9,stroke:#cf222e"}
_DOT_COLOURS = {"strong": "#1a7f37", "weak": "#9a6700", "floating": "#cf222e", "none": "#cf222e",
                "declared": "#1a7f37", "random": "#cf222e", "env": "#bc4c00", "missing": "#cf222e",
                "unresolved": "#bc4c00", "untraceable": "#cf222e", "alias": "#0969da"}
_DOT_DASHED = frozenset({"none", "missing", "unresolved"})  # nothing is known: drawn dashed, as in Mermaid
_DOT_SHAPES = {"dataset": "cylinder", "config": "note", "base": "note", "seed": "ellipse", "run": "box",
               "logged-model": "component", "version": "box3d", "alias": "cds", "model": "folder"}


@dataclass
class Node:
    id: str
    kind: Kind
    label: str
    style: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    short: str = ""  # the Mermaid / dot id when the builder names it (config, seed, data0...); else n<index>

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "label": self.label, "style": self.style or None,
                "data": self.data}


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    omitted: int = 0  # nodes left out beyond MAX_NODES

    def node(self, node_id: str, kind: Kind, label: str, style: str = "", short: str = "", **data: Any) -> str | None:
        """Add a node (once per id); None when the graph is full (the node and its edges are left out)."""
        if node_id in self.nodes:
            return node_id
        if len(self.nodes) >= MAX_NODES:
            self.omitted += 1
            return None
        self.nodes[node_id] = Node(node_id, kind, label, style, dict(data), short)
        return node_id

    def _ids(self) -> dict[str, str]:
        return {node_id: node.short or f"n{index}" for index, (node_id, node) in enumerate(self.nodes.items())}

    def edge(self, source: str | None, target: str | None, label: str = "") -> None:
        if source is None or target is None:
            return
        if (source, target, label) not in self.edges:
            self.edges.append((source, target, label))

    def to_json(self) -> dict[str, Any]:
        return {"nodes": [node.to_json() for node in self.nodes.values()],
                "edges": [{"from": s, "to": t, "label": label or None} for s, t, label in self.edges],
                "omitted": self.omitted}

    def mermaid(self, classes: dict[str, str] | None = None, styles: dict[str, str] | None = None,
                fence: bool = False) -> str:
        """Mermaid ``graph LR``; ``styles`` maps a node's style to a class (default: the style itself) and
        ``classes`` defines them (default: pins coloured by strength)."""
        classes = STRENGTH_CLASSES if classes is None else classes
        ids = self._ids()
        lines = ["graph LR", *(f"  classDef {name} {spec}" for name, spec in classes.items())]
        for node_id, node in self.nodes.items():
            style = (styles or {}).get(node.style, node.style) if node.style else ""
            suffix = f":::{style}" if style in classes else ""
            lines.append(f'  {ids[node_id]}["{mermaid_label(node.label)}"]{suffix}')
        for source, target, label in self.edges:
            arrow = f' -->|"{mermaid_label(label)}"| ' if label else " --> "
            lines.append(f"  {ids[source]}{arrow}{ids[target]}")
        if self.omitted:
            lines.append(f'  more["{self.omitted} more nodes not drawn"]')
        text = "\n".join(lines) + "\n"
        return f"```mermaid\n{text}```\n" if fence else text

    def dot(self) -> str:
        lines = ["digraph lineage {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
        ids = self._ids()
        for node_id, node in self.nodes.items():
            colour = _DOT_COLOURS.get(node.style, "#57606a")
            dashed = ", style=dashed" if node.style in _DOT_DASHED else ""
            lines.append(f'  {ids[node_id]} [label={dot_string(node.label)}, shape={_DOT_SHAPES.get(node.kind, "box")}'
                         f', color="{colour}"{dashed}];')
        for source, target, label in self.edges:
            extra = f" [label={dot_string(label)}]" if label else ""
            lines.append(f"  {ids[source]} -> {ids[target]}{extra};")
        if self.omitted:
            lines.append(f'  more [label="{self.omitted} more nodes not drawn", shape=plaintext];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        if fmt == "dot":
            return self.dot()
        if fmt == "json":
            return json.dumps(self.to_json(), indent=2) + "\n"
        return self.mermaid()


def _cut(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mermaid_label(text: str) -> str:
    """A Mermaid label: letters, digits and plain punctuation pass; everything else becomes ``#code;``."""
    return re.sub(r"[^A-Za-z0-9 _.:/@=+()\-]", lambda m: f"#{ord(m.group())};", _cut(text))


def dot_string(text: str) -> str:
    return '"' + _cut(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dataset_label(ref: Any) -> str:
    pinned = ref.digest or ref.version
    return f"{ref.ref} ({ref.pin}" + (f" @ {pinned})" if pinned else ")")


def seed_label(record: LineageRecord) -> str:
    seed = record.seed
    return f"seed: {seed.status}" + (f" ({seed.key} = {show_value(seed.value)})" if seed.key else "")


def config_graph(record: LineageRecord, graph: Graph | None = None) -> Graph:
    """datasets -> config <- bases and overlays; config -> seed."""
    alone = graph is None  # one config per graph: short Mermaid ids (config, seed, data0...)
    graph = graph or Graph()

    def short(name: str) -> str:
        return name if alone else ""

    config = graph.node(f"config:{record.path}", "config", record.path, short=short("config"))
    seed = graph.node(f"seed:{record.path}", "seed", seed_label(record), record.seed.status, short=short("seed"))
    graph.edge(config, seed)
    for index, ref in enumerate(record.datasets[:MAX_DATASETS]):
        graph.edge(graph.node(f"dataset:{ref.ref}@{ref.digest or ref.version or ''}", "dataset", dataset_label(ref),
                              ref.pin, short(f"data{index}"), ref=ref.ref, version=ref.version, digest=ref.digest,
                              pin=ref.pin), config)
    if not record.datasets:
        graph.edge(graph.node(f"nodata:{record.path}", "dataset", "no dataset named", "none", short("nodata")), config)
    if len(record.datasets) > MAX_DATASETS:
        more = len(record.datasets) - MAX_DATASETS
        graph.edge(graph.node(f"more:{record.path}", "dataset", f"{more} more datasets", short=short("more")), config)
    for index, base in enumerate(record.sources[1:]):
        graph.edge(graph.node(f"base:{base}", "base", base, short=short(f"base{index}")), config, "composes")
    return graph


@dataclass
class VersionNode:
    """One model version with the gate's resolution of it: its run's record, or why it has none."""

    name: str
    version: str
    aliases: list[str]
    model_id: str | None
    run_id: str | None
    record: LineageRecord | None
    untraceable: str = ""


def model_graph(versions: list[VersionNode], graph: Graph | None = None) -> Graph:
    """datasets -> runs -> logged models -> versions -> aliases, for every version given."""
    graph = graph or Graph()
    for item in versions:
        version = graph.node(f"version:{item.name}/{item.version}", "version", f"{item.name} v{item.version}",
                             "untraceable" if item.untraceable else "", name=item.name, version=item.version,
                             untraceable=item.untraceable or None)
        for alias in sorted(item.aliases, key=lambda a: (a != "champion", a)):
            graph.edge(version, graph.node(f"alias:{item.name}@{alias}", "alias", f"@{alias}", "alias"))
        upstream = version
        if item.model_id:
            logged = graph.node(f"logged:{item.model_id}", "logged-model", f"logged model {item.model_id}")
            graph.edge(logged, version)
            upstream = logged
        if item.run_id is None or item.record is None:
            graph.edge(graph.node(f"gone:{item.name}/{item.version}", "run", "run unknown: "
                                  + (item.untraceable or "no run"), "untraceable"), upstream)
            continue
        run = graph.node(f"run:{item.run_id}", "run", f"run {item.run_id[:12]}", item.record.seed.status,
                         run_id=item.run_id, seed=item.record.seed.value)
        graph.edge(run, upstream)
        for ref in item.record.datasets[:MAX_DATASETS]:
            use = "training" if ref.trains else "evaluation"
            graph.edge(graph.node(f"dataset:{ref.ref}@{ref.digest or ref.version or ''}", "dataset",
                                  dataset_label(ref), ref.pin, ref=ref.ref, version=ref.version, digest=ref.digest,
                                  pin=ref.pin), run, use)
    return graph
