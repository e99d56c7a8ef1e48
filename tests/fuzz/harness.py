"""The fuzz target: one input through its reader, the engine, the report formats and ``show``.

:func:`Target_.run_one` is the whole contract: whatever the bytes, reading yields a tree or a located finding
(never another exception), the engine judges it (with a fresh loader, as a check run has), and each report
format asked (all seven by default; the long run draws one per input) renders it as text that encodes as
UTF-8, with no line a workflow command that the report did not mean to write. Inputs are made by
:func:`mutate` from seed files (the examples, the configs of :data:`SEEDS`, and any folder given to the
long run), with mutations aimed at what broke readers before: nesting, huge numbers, tags, aliases,
control characters, surrogates, document markers, Python statements that change names.

``tests/fuzz/test_fuzz.py`` runs a short deterministic slice under Hypothesis; ``bench/fuzz.py`` is the
long run (one command, figures printed).
"""

from __future__ import annotations

import io
import random
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lineage_lint import show
from lineage_lint.config import Settings
from lineage_lint.discover import Target
from lineage_lint.engine import Engine
from lineage_lint.profiles.context import Loader
from lineage_lint.report import FORMATS, Run, reporter
from lineage_lint.sources import UnreadableSource, parse_text

REPO = Path(__file__).resolve().parents[2]
SUFFIX_FORMAT = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".py": "python"}

SEEDS: dict[str, str] = {  # small configs of every shape the readers and profiles know
    "hydra.yaml": "defaults:\n  - data: imagenet\n  - _self_\nseed: 42\ntrainer:\n  max_epochs: 3\n",
    "hf.yaml": "model_name_or_path: gpt2\ndataset_name: org/data\ndataset_revision: main\nseed: 7\n"
               "learning_rate: 3e-5\nnum_train_epochs: 2\n",
    "anchors.yaml": "base: &b {seed: 1, lr: 0.1}\nrun:\n  <<: *b\n  data: {path: s3://b/x, version: v1}\nseed: *b\n",
    "multi.yaml": "seed: 1\n---\nseed: null\n...\n",
    "tags.yaml": "seed: !!int 3\nx: !!float 1.5\ny: !!str 3\nz: !custom [1]\nw: !!binary aGk=\n",
    "scalars.yaml": "seed: 0x1F\na: 1:30\nb: .inf\nc: 017\nd: 1_000\ne: ~\nf: yes\ng: 2001-12-14\n",
    "block.yaml": "seed: 3\nnotes: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "train.json": '{"seed": 1, "datasets": [{"path": "org/d", "revision": "abc123"}], "epochs": 3}',
    "deepspeed.json": '{"train_batch_size": 8, "seed": null, "fp16": {"enabled": true}}',
    "train.toml": 'seed = 5\n[dataset]\nname = "x"\nversion = "1.0"\n[[runs]]\nlr = 0.1\n[data.aug.aug]\nx.y.z = 1\n',
    "configs/mm.py": "_base_ = ['../_base_/default_runtime.py']\nrandomness = dict(seed=0)\n"
                     "train_dataloader = dict(dataset=dict(type='CocoDataset', data_root='data/coco/'))\n",
    "configs/lazy.py": "from detectron2.config import LazyCall as L\nfrom ..common.train import train\n"
                       "train.seed = 3\nmodel = L(dict)(x=1)\n"
                       "dataloader = dict(train=dict(dataset='coco_2017_train'))\n",
    "urls.json": '{"seed": 1, "data": {"train_path": "abfss://lake@acct[.dfs.core.windows.net/x/Argo-1.1/t.parquet", '
                 '"val_path": "s3://b]/v?versionId=3", "test": "hf://datasets/org/x@refs%2Fheads%2Fmain"}}',
    "configs/experiment/overlay.yaml": "# @package _global_\ndefaults:\n  - override /model: cnn\n"
                                       "  - override /callbacks: wandb.yaml\nseed: 3\n",
    "configs/mut.py": "cfg = dict(seed=1)\nif x:\n    cfg['seed'] = None\ndel cfg['lr']\nexec('seed = 1')\n",
}

_YAML_TOKENS = [
    "[", "]", "{", "}", "- ", ": ", ", ", "\n", "\n  ", "&a ", "*a", "<<: *a\n", "!!int", "!!float ''", "!!int ",
    "!!python/object/apply:os.system [x]", "!!binary", "!!set", "!!omap", "? ", "|\n", ">-\n", "---\n", "...\n",
    "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "'", '"', "#", "\t", "\r", "\r\n", "\x00", "\x01", "\x1b[2J", "\x85",
    "\u2028", "\ufeff", '"\\ud800"', '"\\x"', "${a}", "${oc.env:SEED}", "???", "~", "null", "-1", "1:30:00",
    "0x" + "f" * 200, "9" * 4_400, ":".join(["59"] * 2_000), "1e999", ".nan", "seed", "revision: main",
    "sha256: 4f5c8a2b", "version: v1", "dataset: {path: x}",
]
_JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', '"\\ud800"', '"\\u0000"', 'NaN', 'Infinity', '-', 'null',
                'true', '1e400', "9" * 4_400, '"seed"', '"a"', " ", "\n", "\x00"]
_TOML_TOKENS = ["[", "]", "[[", "]]", "{", "}", "=", ",", ".", '"', "'", '"""', "'''", "#", "\n", "\\",
                "0x" + "f" * 300,
                "9" * 4_400, "1979-05-27T07:32:00Z", "inf", "nan", "seed", "[a.b]\n", "x = 1\n", "\x00", "\x7f"]
_PY_TOKENS = ["(", ")", "[", "]", "{", "}", ",", ":", "=", " := ", "\n", "\n    ", "if x:\n    ", "for k in y:\n    ",
              "while 0:\n    ", "try:\n    ", "except E:\n    ", "finally:\n    ", "match x:\n    case 1:\n        ",
              "with a as b:\n    ", "def f():\n    global seed\n    ", "del ", "exec('x')", "globals()['seed'] = 1",
              "setattr(cfg, 'seed', 1)", ".pop('seed')", ".update(seed=None)", " |= ", "lambda: ", "**", "*", "'",
              '"', '"""', "\\", "#", "0x" + "f" * 300, "9" * 4_400, "seed", "None", "from . import x\n",
              "from ..common.train import *\n", "{{_base_.x}}", "\x00", "\t"]
TOKENS = {"yaml": _YAML_TOKENS, "json": _JSON_TOKENS, "toml": _TOML_TOKENS, "python": _PY_TOKENS}


def seed_files(extra: Iterable[Path] = ()) -> dict[str, bytes]:
    """Seed inputs by file name: :data:`SEEDS`, the examples, and the readable configs under ``extra``."""
    seeds = {name: text.encode() for name, text in SEEDS.items()}
    folders = [REPO / "examples", *extra]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in SUFFIX_FORMAT and path.stat().st_size < 64_000:
                seeds[f"{folder.name}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return seeds


def mutate(data: bytes, fmt: str, rng: random.Random, other: bytes = b"") -> bytes:
    """One to six random edits of ``data`` aimed at what breaks readers."""
    text = bytearray(data)
    tokens = TOKENS[fmt]
    for _ in range(rng.randint(1, 6)):
        position = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.3:
            token = rng.choice(tokens).encode("utf-8", "surrogatepass")
            text[position:position] = token * (rng.randint(1, 400) if len(token) == 1 and rng.random() < 0.2 else 1)
        elif choice < 0.45:
            del text[position:position + rng.randint(1, 16)]
        elif choice < 0.55:
            text[position:position + 1] = bytes([rng.randrange(256)])
        elif choice < 0.65:  # wrap a slice in nesting
            end = min(len(text), position + rng.randint(0, 40))
            depth = rng.choice((2, 10, 150, 250, 1_200))
            opening, closing = rng.choice(((b"[", b"]"), (b"{a: ", b"}"), (b"(", b")"), (b'{"a":', b"}")))
            text[position:end] = opening * depth + bytes(text[position:end]) + closing * depth
        elif choice < 0.75 and other:  # splice in part of another seed
            start = rng.randrange(len(other) + 1)
            text[position:position] = other[start:start + rng.randint(1, 200)]
        elif choice < 0.85 and text:  # repeat a slice (many documents, long lists)
            end = min(len(text), position + rng.randint(1, 30))
            text[position:end] = bytes(text[position:end]) * rng.choice((2, 50, 3_000))
        elif choice < 0.92:
            text = text[:position]
        else:
            text[position:position] = rng.choice(tokens).encode("utf-8", "surrogatepass")
    return bytes(text[:4 * 1024 * 1024])


@dataclass
class Escape:
    """An exception that got out, or an output that broke the contract."""

    name: str
    data: bytes
    where: str
    error: str


@dataclass
class Stats:
    inputs: int = 0
    seconds: float = 0.0
    slowest: float = 0.0  # CPU seconds of the whole pipeline (reader, engine, reports, show) of one input
    slowest_name: str = ""
    slowest_check: float = 0.0  # CPU seconds of the engine's check alone: what `lineage-lint check` spends
    slowest_check_name: str = ""
    last_check: float = 0.0
    reports: dict[str, int] = field(default_factory=dict)  # renders per report format
    escapes: list[Escape] = field(default_factory=list)


def _engine_reads_same_text(data: bytes) -> bool:
    """Whether the engine parses exactly ``data.decode("utf-8", "replace")``: it refuses bytes that are not
    UTF-8 and NUL bytes before parsing, and drops a BOM. Otherwise the reader is also run on its own."""
    if b"\x00" in data or data.startswith(b"\xef\xbb\xbf"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Target_:
    """A repository folder and one engine for a whole run (the policy is compiled once, as in real runs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.engine = Engine(Settings(base_dir=root, root=root))
        self.inputs = root / "fuzz"
        self.inputs.mkdir(parents=True, exist_ok=True)

    def run_one(self, name: str, data: bytes, stats: Stats | None = None,
                formats: Iterable[str] = FORMATS) -> list[Escape]:
        """``data`` (as file ``name``) through its reader, the engine, the report ``formats`` and ``show``;
        what escaped or broke the contract is returned (and added to ``stats``)."""
        fmt = SUFFIX_FORMAT.get(Path(name).suffix, "yaml")
        escapes: list[Escape] = []
        started = time.process_time()

        def escaped(where: str, exc: BaseException | str) -> None:
            error = exc if isinstance(exc, str) else "".join(traceback.format_exception_only(type(exc), exc)).strip()
            if not isinstance(exc, str):
                error += " @ " + traceback.extract_tb(exc.__traceback__)[-1].filename.rsplit("/", 1)[-1] + ":" + str(
                    traceback.extract_tb(exc.__traceback__)[-1].lineno)
            escapes.append(Escape(name, data, where, error))

        if not _engine_reads_same_text(data):
            try:  # the reader alone, on text the engine would refuse before parsing (what parse_text promises)
                parse_text(data.decode("utf-8", "replace"), fmt, name)
            except UnreadableSource:
                pass
            except Exception as exc:
                escaped(f"parse_{fmt}", exc)
        path = self.inputs / f"input{Path(name).suffix or '.yaml'}"
        path.write_bytes(data)
        # A fresh loader per input, as each `lineage-lint check` run has: the file changed since the last input
        # (a cached read of it would be stale), and bases read for thousands of inputs would pile up.
        self.engine.loader = Loader(self.root, self.engine.settings.max_file_size)
        check_started = time.process_time()
        try:  # bytes from disk through the engine (size cap, decoding, reader, profiles, composition, policy)
            result = self.engine.check(Target(path, f"fuzz/{path.name}"))
        except Exception as exc:
            escaped("engine", exc)
            result = None
        check_cpu = time.process_time() - check_started
        if result is not None:
            run = Run([result])
            for fmt_name in formats:
                out = io.StringIO()
                if stats is not None:
                    stats.reports[fmt_name] = stats.reports.get(fmt_name, 0) + 1
                try:
                    reporter(fmt_name)(run, out)
                    out.getvalue().encode("utf-8")
                except Exception as exc:
                    escaped(f"report {fmt_name}", exc)
                    continue
                if fmt_name != "github" and any(line.startswith("::") for line in out.getvalue().splitlines()):
                    escaped(f"report {fmt_name}", "a line of the report reads as a workflow command")
            for render in (show.render_text, show.render_json):
                out = io.StringIO()
                try:
                    render([result], out)
                    out.getvalue().encode("utf-8", "backslashreplace")
                except Exception as exc:
                    escaped(f"show {render.__name__}", exc)
        elapsed = time.process_time() - started
        if stats is not None:
            stats.inputs += 1
            stats.seconds += elapsed
            if elapsed > stats.slowest:
                stats.slowest, stats.slowest_name = elapsed, name
            stats.last_check = check_cpu
            if check_cpu > stats.slowest_check:
                stats.slowest_check, stats.slowest_check_name = check_cpu, name
            stats.escapes.extend(escapes)
        return escapes
