"""Python config files (MMEngine, detectron2 LazyConfig) read as a syntax tree, never imported or run.

Module-level assignments of literals become the tree: ``seed = 3``, ``randomness = dict(seed=None)``,
``cfg['seed'] = 3``, ``train.seed = 3`` (also on imported or computed names, as detectron2 LazyConfigs do)
and ``randomness.update(seed=3)``. A name bound earlier in the file is followed; anything computed (a call
without keyword arguments such as ``int(os.environ["SEED"])``, arithmetic, an f-string) stays an opaque
expression that no rule reads as a concrete value. A call with keyword arguments such as
``L(Trainer)(seed=0)`` configures a component: it becomes a mapping of its keyword arguments with the
callable under ``__call__``.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable

from lineage_lint.sources.expansion import refuse_alias_bomb
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span, clone

CALL_KEY = "__call__"
IMPORTS_KEY = "__imports__"

# Composition hook: (module, level, span) -> the namespace of the config file a relative import names, or
# None. MMEngine's `with read_base(): from .._base_.x import *` and detectron2 LazyConfig's
# `from ..common.train import train` are read through it; nothing is imported or run.
# ``names`` are the names the statement imports (None for ``*``). Level 0 is a framework's config zoo:
# detectron2's ``model_zoo.get_config("common/train.py").train`` asks for module "common/train.py", names
# ("train",).
Importer = Callable[[str, int, "tuple[str, ...] | None", Span], "MapNode | None"]


def _span(node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0) + 1
    end_line = getattr(node, "end_lineno", None) or line
    end_col = (getattr(node, "end_col_offset", None) or col - 1) + 1
    return Span(line, col, end_line, end_col)


def parse_python(text: str, importer: Importer | None = None) -> tuple[Node, list[Problem]]:
    """Parse ``text`` with :mod:`ast`; return the module's namespace as a mapping. With ``importer``,
    relative imports bring the names they import from the other config file (see :data:`Importer`)."""
    try:
        with warnings.catch_warnings():  # invalid escapes in a config's strings are not our finding
            warnings.simplefilter("ignore")
            module = ast.parse(text)
    except SyntaxError as exc:
        line = exc.lineno or 1
        raise fail("LL001", f"invalid Python: {exc.msg}", Span.point(line, exc.offset or 1)) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise fail("LL001", f"invalid Python: {type(exc).__name__}") from None
    reader = _ModuleReader(text, importer)
    try:
        for statement in module.body:
            reader.statement(statement)
    except RecursionError:
        raise fail("LL001", "invalid Python: expressions nested too deeply to read") from None
    if reader.shared:
        refuse_alias_bomb(reader.namespace)
    return reader.namespace, []


class _ModuleReader:
    def __init__(self, text: str, importer: Importer | None = None) -> None:
        self.text = text
        self.importer = importer
        self.namespace = MapNode([], Span.point(1))
        self.shared = False  # a name was used as a value: `b = [a, a, a]` shares nodes, like a YAML alias

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            value = self.expr(stmt.value)
            for target in stmt.targets:
                self._assign(target, value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, self.expr(stmt.value))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            self._update_call(stmt.value)
        elif isinstance(stmt, (ast.With, ast.If, ast.Try)):
            for inner in stmt.body:  # `with read_base():` imports, guarded blocks
                self.statement(inner)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self._record_import(stmt)

    def _record_import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        if self.importer is not None and isinstance(stmt, ast.ImportFrom) and stmt.level:
            self._import_config(stmt, self.importer)
        module = stmt.module if isinstance(stmt, ast.ImportFrom) else None
        prefix = "." * (stmt.level if isinstance(stmt, ast.ImportFrom) else 0)
        for alias in stmt.names:
            name = f"{prefix}{module}" if module is not None else alias.name
            imports = self.namespace.get(IMPORTS_KEY)
            if not isinstance(imports, SeqNode):
                imports = SeqNode([], _span(stmt))
                self.namespace.set(Entry(IMPORTS_KEY, _span(stmt), imports))
            imports.items.append(ScalarNode(f"{name}:{alias.name}" if module else name, _span(stmt)))

    def _import_config(self, stmt: ast.ImportFrom, importer: Importer) -> None:
        span = _span(stmt)
        for alias in stmt.names:
            if stmt.module is None:  # `from . import coco`: the module itself
                module = importer(alias.name, stmt.level, (alias.asname or alias.name,), span)
                if module is not None:
                    self.namespace.set(Entry(alias.asname or alias.name, span, clone(module)))
                continue
            star = any(alias.name == "*" for alias in stmt.names)
            names = None if star else tuple(alias.asname or alias.name for alias in stmt.names)
            namespace = importer(stmt.module, stmt.level, names, span)
            if namespace is None:
                return
            if alias.name == "*":
                for entry in namespace.entries:
                    if not entry.key.startswith("_"):
                        self.namespace.set(Entry(entry.key, entry.key_span, clone(entry.value)))
            elif (value := namespace.get(alias.name)) is not None:
                self.namespace.set(Entry(alias.asname or alias.name, span, clone(value)))

    def _assign(self, target: ast.expr, value: Node) -> None:
        if isinstance(target, ast.Name):
            self.namespace.set(Entry(target.id, _span(target), value))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign(element, OpaqueNode(self._source(element), _span(element)))
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            parent = self._container(target.value, create=True)
            key = target.attr if isinstance(target, ast.Attribute) else self._subscript_key(target)
            if isinstance(parent, MapNode) and key is not None:
                parent.set(Entry(key, _span(target), value))

    def _update_call(self, call: ast.Call) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "update"):
            return
        parent = self._container(func.value)
        if not isinstance(parent, MapNode):
            return
        for argument in call.args:
            update = self.expr(argument)
            if isinstance(update, MapNode):
                for entry in update.entries:
                    parent.set(entry)
        for keyword in call.keywords:
            if keyword.arg is not None:
                parent.set(Entry(keyword.arg, _span(keyword), self.expr(keyword.value)))

    def _container(self, expr: ast.expr, create: bool = False) -> Node | None:
        """The mapping ``expr`` names. With ``create``, a name or key that is unbound, imported or computed
        (``from ..common.train import train``; ``train = get_config(...).train``) gets an empty mapping,
        so that ``train.seed = 42`` after it is still read."""
        if isinstance(expr, ast.Name):
            found = self.namespace.get(expr.id)
            # A literal stays (MMEngine's `_base_['model'][...] = ...` edits what the base file sets, and must
            # not hide which base that is).
            if create and not isinstance(found, (MapNode, SeqNode, ScalarNode)):
                found = MapNode([], _span(expr))
                self.namespace.set(Entry(expr.id, _span(expr), found))
            return found
        if isinstance(expr, (ast.Attribute, ast.Subscript)):
            parent = self._container(expr.value, create)
            key = expr.attr if isinstance(expr, ast.Attribute) else self._subscript_key(expr)
            if not isinstance(parent, MapNode) or key is None:
                return None
            found = parent.get(key)
            if create and not isinstance(found, (MapNode, SeqNode)):
                found = MapNode([], _span(expr))
                parent.set(Entry(key, _span(expr), found))
            return found
        return None

    @staticmethod
    def _subscript_key(target: ast.Subscript) -> str | None:
        index: ast.expr = target.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, (str, int)):
            return str(index.value)
        return None

    def _source(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or type(node).__name__

    def expr(self, node: ast.expr) -> Node:
        span = _span(node)
        if isinstance(node, ast.Constant):
            value = node.value
            if value is None or isinstance(value, (str, int, float, bool)):
                return ScalarNode(value, span)
            return OpaqueNode(self._source(node), span)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.expr(node.operand)
            if isinstance(operand, ScalarNode) and isinstance(operand.value, (int, float)) \
                    and not isinstance(operand.value, bool):
                sign = -1 if isinstance(node.op, ast.USub) else 1
                return ScalarNode(sign * operand.value, span)
            return OpaqueNode(self._source(node), span)
        if isinstance(node, ast.Dict):
            mapping = MapNode([], span)
            for key, item in zip(node.keys, node.values, strict=True):
                if key is None:  # {**other}
                    spread = self.expr(item)
                    if isinstance(spread, MapNode):
                        for entry in spread.entries:
                            mapping.set(entry)
                elif isinstance(key, ast.Constant) and isinstance(key.value, (str, int, float, bool)):
                    mapping.set(Entry(str(key.value), _span(key), self.expr(item)))
            return mapping
        reference = _base_reference(node)
        if reference is not None:  # MMEngine's `{{_base_.model}}`, substituted before the file is parsed
            return ScalarNode(f"{{{{{reference}}}}}", span)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return SeqNode([self.expr(element) for element in node.elts], span)
        if isinstance(node, ast.Name):
            bound = self.namespace.get(node.id)
            if bound is None:
                return OpaqueNode(node.id, span)
            self.shared = True
            return bound
        if isinstance(node, ast.Attribute) and (zoo := self._zoo_config(node.value, (node.attr,))) is not None:
            found = zoo.get(node.attr)
            return clone(found) if found is not None else OpaqueNode(self._source(node), span)
        if isinstance(node, ast.Call):
            zoo = self._zoo_config(node, None)
            return clone(zoo) if zoo is not None else self._call(node, span)
        return OpaqueNode(self._source(node), span)

    def _zoo_config(self, node: ast.expr, names: tuple[str, ...] | None) -> MapNode | None:
        """The namespace ``get_config("path/in/zoo.py")`` names (detectron2's ``model_zoo``), read through the
        importer at level 0; None when ``node`` is no such call or the file cannot be read."""
        if self.importer is None or not isinstance(node, ast.Call) or node.keywords or len(node.args) != 1:
            return None
        func, argument = node.func, node.args[0]
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if called != "get_config" or not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            return None
        return self.importer(argument.value, 0, names, _span(node))

    def _call(self, node: ast.Call, span: Span) -> Node:
        is_dict = isinstance(node.func, ast.Name) and node.func.id == "dict"
        if not is_dict and not node.keywords:  # `int(os.environ["SEED"])`, `randint(0, 9)`: a computed value
            return OpaqueNode(self._source(node), span)
        mapping = MapNode([], span)
        if not is_dict:
            mapping.set(Entry(CALL_KEY, _span(node.func), ScalarNode(self._source(node.func), _span(node.func))))
        for argument in node.args if is_dict else ():
            spread = self.expr(argument)
            if isinstance(spread, MapNode):
                for entry in spread.entries:
                    mapping.set(entry)
        for keyword in node.keywords:
            if keyword.arg is None:
                spread = self.expr(keyword.value)
                if isinstance(spread, MapNode):
                    for entry in spread.entries:
                        mapping.set(entry)
            else:
                mapping.set(Entry(keyword.arg, _span(keyword), self.expr(keyword.value)))
        return mapping


def _base_reference(node: ast.expr) -> str | None:
    """``_base_.a.b`` when ``node`` is ``{{_base_.a.b}}`` (a set of a set of that attribute chain)."""
    if not (isinstance(node, ast.Set) and len(node.elts) == 1):
        return None
    inner = node.elts[0]
    if not (isinstance(inner, ast.Set) and len(inner.elts) == 1):
        return None
    parts: list[str] = []
    current = inner.elts[0]
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not (isinstance(current, ast.Name) and current.id == "_base_" and parts):
        return None
    return ".".join(["_base_", *reversed(parts)])
