"""``impact`` reports: text, json (``schemas/impact.schema.json``), markdown and mermaid (the graph model)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from lineage_lint.lineage.graph import Graph
from lineage_lint.lineage.impact import PRIMARY_ALIAS, Impact
from lineage_lint.report.markdown import cell


def _headline(impact: Impact) -> str:
    runs, versions = len(impact.runs), len(impact.versions)
    training = sum(1 for run in impact.runs if run.trains)
    line = (f"dataset {impact.query}: {runs} run{'s' * (runs != 1)} ({training} training, {runs - training} "
            f"evaluation only) in {impact.experiments} experiment{'s' * (impact.experiments != 1)}, "
            f"{versions} model version{'s' * (versions != 1)}")
    champions = [v for v in impact.versions if PRIMARY_ALIAS in v.aliases]
    if champions:
        line += "; @champion IS affected: " + ", ".join(f"{v.name}/{v.version}" for v in champions)
    elif impact.versions:
        line += "; @champion is not affected"
    return line


def render_text(impact: Impact, out: TextIO) -> None:
    out.write(_headline(impact) + "\n")
    if impact.versions:
        out.write("\nmodel versions\n")
        for v in impact.versions:
            aliases = " ".join(f"@{a}" for a in v.aliases)
            use = "trained on it" if v.trains else "evaluated on it"
            flag = f"  (untraceable: {v.untraceable})" if v.untraceable else ""
            out.write(f"  models:/{v.name}/{v.version}  {aliases + '  ' if aliases else ''}{use}, run {v.run_id}"
                      f"{flag}\n")
    if impact.runs:
        out.write("\nruns\n")
        for run in impact.runs:
            versions = ", ".join(run.versions) or "no version"
            name = f" ({run.run_name})" if run.run_name else ""
            out.write(f"  {run.run_id}{name}  experiment {run.experiment_id}  {'+'.join(run.uses)}  {versions}\n")
    if impact.configs is not None:
        out.write("\nconfigs in the repository that declare it\n" if impact.configs else
                  "\nno config in the repository declares it\n")
        for config in impact.configs:
            pinned = config.digest or config.version or "unpinned"
            mark = "" if config.matches else "  (pins another version)"
            out.write(f"  {config.path}  {config.key}: {pinned} ({config.pin}) <- {config.where}{mark}\n")
    for note in impact.notes:
        out.write(f"note: {note}\n")
    out.write(f"\n{impact.requests} requests to the tracking server\n")


def render_json(impact: Impact, out: TextIO) -> None:
    json.dump(impact.to_json(), out, indent=2)
    out.write("\n")


def render_markdown(impact: Impact, out: TextIO) -> None:
    out.write(f"### {cell(_headline(impact))}\n\n")
    if impact.versions:
        out.write("| model version | aliases | use | run |\n|---|---|---|---|\n")
        for v in impact.versions:
            aliases = " ".join(f"@{a}" for a in v.aliases)
            use = ("training" if v.trains else "evaluation") + (f" (untraceable: {v.untraceable})" if v.untraceable
                                                                else "")
            out.write(f"| {cell(f'models:/{v.name}/{v.version}')} | {cell(aliases)} | {cell(use)} | "
                      f"{cell(v.run_id)} |\n")
        out.write("\n")
    if impact.configs:
        out.write("| config | key | pins |\n|---|---|---|\n")
        for c in impact.configs:
            out.write(f"| {cell(c.where)} | {cell(c.key)} | {cell(c.digest or c.version or 'unpinned')} "
                      f"({c.pin}) |\n")
        out.write("\n")
    out.write(f"{len(impact.runs)} runs; {impact.requests} requests to the tracking server.\n")


def graph(impact: Impact) -> Graph:
    drawn = Graph()
    query = impact.query
    dataset = drawn.node("dataset", "dataset", str(query), "")
    for run in impact.runs:
        node = drawn.node(f"run:{run.run_id}", "run", f"run {run.run_id[:12]}", "")
        drawn.edge(dataset, node, "+".join(run.uses))
    for v in impact.versions:
        version = drawn.node(f"version:{v.name}/{v.version}", "version", f"{v.name} v{v.version}",
                             "untraceable" if v.untraceable else "")
        upstream = f"run:{v.run_id}"
        if v.model_id:
            logged = drawn.node(f"logged:{v.model_id}", "logged-model", v.model_id)
            drawn.edge(upstream if upstream in drawn.nodes else None, logged)
            upstream = logged or upstream
        drawn.edge(upstream if upstream in drawn.nodes else None, version)
        for alias in v.aliases:
            drawn.edge(version, drawn.node(f"alias:{v.name}@{alias}", "alias", f"@{alias}", "alias"))
    for config in impact.configs or []:
        node = drawn.node(f"config:{config.path}", "config", config.path, config.pin)
        drawn.edge(dataset, node, config.version or config.digest or "unpinned")
    return drawn


def render_mermaid(impact: Impact, out: TextIO) -> None:
    out.write(graph(impact).mermaid())


RENDERERS: dict[str, Callable[[Impact, TextIO], None]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown, "mermaid": render_mermaid}
