"""Python config files (MMEngine, detectron2 LazyConfig) read as a syntax tree, never imported or run.

Module-level assignments of literals become the tree: ``seed = 3``, ``randomness = dict(seed=None)``, the
attributes a class of settings assigns (``class CFG: seed = 42``, a dataclass of defaults),
``cfg['seed'] = 3``, ``train.seed = 3`` (also on imported or computed names, as detectron2 LazyConfigs do)
and ``randomness.update(seed=3)``. A name bound earlier in the file is followed; anything computed (a call
without keyword arguments such as ``int(os.environ["SEED"])``, arithmetic, an f-string) stays an opaque
expression that no rule reads as a concrete value; an f-string or a ``+`` of strings whose parts are literals
or names bound to strings or integers is read as its text (``f"{BUCKET}/train/"``). A call with keyword
arguments such as ``L(Trainer)(seed=0)`` configures a component: it becomes a mapping of its keyword
arguments with the callable under ``__call__`` and its positional arguments under ``__args__``.

What the reader does not follow never leaves an earlier value standing. Any statement that may change a
name or key without being read as an assignment (``del``, ``d.pop("seed")``, ``d |= ...``, a walrus, a
method call on the value, an assignment inside ``if``/``for``/``while``/``try``/``match`` or a function
that declares it ``global``) *taints* what it may change: the name, or the key when the path to it is
spelt out, becomes an opaque value ("changed at line N"), which no rule reads as concrete. ``exec``,
``eval``, ``globals()``, ``setattr`` and their kind may change anything: every name becomes opaque.

A config written as a function (ml_collections' ``get_config()``, ``def config(): return dict(seed=0)``) sets
its settings on the mapping it returns: the function becomes a mapping of those keys, each an opaque value,
so that the file is judged as a config and nothing in it is taken as concrete.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable

from lineage_lint.sources import limits
from lineage_lint.sources.expansion import refuse_alias_bomb
from lineage_lint.sources.problems import Problem, fail
from lineage_lint.tree import Entry, MapNode, Node, OpaqueNode, ScalarNode, SeqNode, Span, clone

_STRINGS = re.compile(r"'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*")
CALL_KEY = "__call__"
ARGS_KEY = "__args__"  # the positional arguments of a call with keyword arguments
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
    limits.scan_structure(text, "([{", ")]}", ",;=+-*/%&|^~<>@", _STRINGS)  # before ast builds millions of nodes
    try:
        with warnings.catch_warnings():  # invalid escapes in a config's strings are not our finding
            warnings.simplefilter("ignore")
            module = ast.parse(text)
    except SyntaxError as exc:
        if "integer string conversion" in (exc.msg or ""):  # a literal of over 4,300 digits
            raise limits.find_long_number(text) or fail("LL001", f"invalid Python: {exc.msg}") from None
        line = exc.lineno or 1
        raise fail("LL001", f"invalid Python: {exc.msg}", Span.point(line, exc.offset or 1)) from None
    except ValueError:  # an integer literal of over 4,300 digits, which ``int()`` refuses to convert
        raise limits.find_long_number(text) or fail("LL001", "invalid Python: ValueError") from None
    except (RecursionError, MemoryError) as exc:
        raise fail("LL001", f"invalid Python: {type(exc).__name__}") from None
    reader = _ModuleReader(text, importer)
    try:
        for statement in module.body:
            reader.statement(statement)
    except RecursionError:
        raise fail("LL001", "invalid Python: expressions nested too deeply to read") from None
    reader.finish()
    if reader.shared:
        refuse_alias_bomb(reader.namespace)
    return reader.namespace, []


class _ModuleReader:
    def __init__(self, text: str, importer: Importer | None = None) -> None:
        self.text = text
        self.importer = importer
        self.namespace = MapNode([], Span.point(1))
        self.shared = False  # a name was used as a value: `b = [a, a, a]` shares nodes, like a YAML alias
        self._lines = _Lines(text)
        # Classes of settings by name: their defaults and their fields in order (for positional arguments); the
        # classes instantiated in the file, and the instances not bound to a name (`main(TrainConfig(seed=None))`)
        self._classes: dict[str, tuple[MapNode, list[str]]] = {}
        self._instantiated: set[str] = set()
        self._unbound: dict[str, list[Node]] = {}
        self._read_calls: set[int] = set()

    def statement(self, stmt: ast.stmt) -> None:
        self._read_statement(stmt)
        if self._classes:
            self._instances_in(stmt)

    def _read_statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            if stmt.value is None:
                return
            self._taint_effects(stmt.value)
            value = self.expr(stmt.value)
            for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
                self._assign(target, value)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _is_update(stmt.value) \
                and _reaches_namespaces(stmt.value.func):  # `sys.modules[__name__].__dict__.update(...)`
            self._taint_all(stmt)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _is_update(stmt.value):
            for argument in [*stmt.value.args, *(keyword.value for keyword in stmt.value.keywords)]:
                self._taint_effects(argument)
            self._update_call(stmt.value)
        elif isinstance(stmt, ast.With):  # `with read_base():` imports: the body runs, once
            for item in stmt.items:
                self._taint_effects(item.context_expr)
                if item.optional_vars is not None:
                    self._taint_writes(item.optional_vars, stmt)
            for inner in stmt.body:
                self.statement(inner)
        elif isinstance(stmt, ast.Try) and not (stmt.handlers or stmt.orelse):
            for inner in stmt.body:  # `try: ... finally: ...`: both run, in order
                self.statement(inner)
            for inner in stmt.finalbody:
                self.statement(inner)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self._record_import(stmt)
        elif isinstance(stmt, ast.If) and _is_type_checking(stmt.test):
            return  # `if TYPE_CHECKING:` imports never run
        elif isinstance(stmt, ast.If) and _is_main_guard(stmt.test) and not stmt.orelse:
            for inner in stmt.body:  # a config launched as a script runs its `__main__` block
                self.statement(inner)
        elif isinstance(stmt, ast.ClassDef) and _is_settings_class(stmt, self._classes):
            self._settings_class(stmt)
        else:  # not read: whatever it may change is no longer known
            self._taint_statement(stmt)

    def _instances_in(self, stmt: ast.stmt) -> None:
        """Instances of a class of settings that ``stmt`` creates without the reader binding them to a name
        (``main(TrainConfig(seed=None))``, inside a function or a loop): each is what a run is configured with."""
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self._classes \
                    and id(node) not in self._read_calls:
                instance = self.expr(node)
                self._unbound.setdefault(node.func.id, []).append(instance)

    def _instance(self, name: str, call: ast.Call, span: Span) -> MapNode:
        """An instance of the class of settings ``name``: its defaults, overridden by the call's arguments
        (positional ones in field order). What the call sets wins over the default: ``TrainConfig(seed=None)``
        unsets the seed the class declares."""
        self._read_calls.add(id(call))
        self._instantiated.add(name)
        defaults, fields = self._classes[name]
        instance = clone(defaults)
        assert isinstance(instance, MapNode)
        instance.span = span
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred) or index >= len(fields):  # `C(*values)`: any field may change
                self._spread(instance, self.expr(argument), argument)
                break
            instance.set(Entry(fields[index], _span(argument), self.expr(argument)))
        for keyword in call.keywords:
            if keyword.arg is None:
                self._spread(instance, self.expr(keyword.value), keyword.value)
            else:
                instance.set(Entry(keyword.arg, _span(keyword), self.expr(keyword.value)))
        return instance

    def _copy_with_changes(self, call: ast.Call, span: Span) -> MapNode | None:
        """A copy of a known mapping with some values changed: ``dataclasses.replace(cfg, seed=None)``,
        ``attrs.evolve(cfg, ...)``, ``cfg._replace(seed=None)``, ``cfg.model_copy(update={"seed": None})``."""
        func = call.func
        name = _callee_name(func)
        if name in _COPY_FUNCTIONS and call.args:
            base: Node = self.expr(call.args[0])
        elif name in _COPY_METHODS and isinstance(func, ast.Attribute):
            base = self.expr(func.value)
        else:
            return None
        if not isinstance(base, MapNode):
            return None
        copy = clone(base)
        assert isinstance(copy, MapNode)
        copy.span = span
        for keyword in call.keywords:
            value = self.expr(keyword.value)
            if keyword.arg in (None, "update"):  # `**changes`, `update={...}`
                self._spread(copy, value, keyword.value)
            elif keyword.arg != "deep":
                copy.set(Entry(keyword.arg, _span(keyword), value))
        return copy

    def _field_default(self, call: ast.Call) -> Node | None:
        """A dataclass or pydantic field's default: ``field(default=42)``, ``Field(42)``, ``field(default_factory=
        DataConfig)`` (an instance of it), ``field(default_factory=lambda: random.randint(0, 9))``."""
        keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None}
        if "default" in keywords:
            return self.expr(keywords["default"])
        factory = keywords.get("default_factory")
        if factory is None and call.args and _callee_name(call.func) == "Field":
            return self.expr(call.args[0])
        if isinstance(factory, ast.Lambda):
            return self.expr(factory.body)
        if factory is not None:
            return self.expr(ast.copy_location(ast.Call(func=factory, args=[], keywords=[]), factory))
        return None

    def finish(self) -> None:
        """A class of settings the file instantiates configures nothing by itself: its instances do. Its entry
        becomes the instance it was given to code unbound (several: a list of runs), or goes."""
        kept: list[Entry] = []
        for entry in self.namespace.entries:
            known = self._classes.get(entry.key)
            if known is None or entry.key not in self._instantiated or entry.value is not known[0]:
                kept.append(entry)
                continue
            unbound = self._unbound.get(entry.key, [])
            if len(unbound) == 1:
                kept.append(Entry(entry.key, entry.key_span, unbound[0]))
            elif unbound:
                kept.append(Entry(entry.key, entry.key_span, SeqNode(unbound, entry.value.span)))
        if self._instantiated:
            self.namespace = MapNode(kept, self.namespace.span)

    def _settings_class(self, stmt: ast.ClassDef) -> None:
        """A class of settings (Kaggle's ``class CFG: seed = 42``, a dataclass of defaults): a mapping of the
        attributes it assigns, which may name the module's constants and the class's earlier attributes."""
        self._taint_decorators(stmt)
        mapping = MapNode([], _span(stmt))
        fields: list[str] = []
        for base in stmt.bases:  # `class Fast(TrainConfig): epochs = 1`: the parent's defaults, then its own
            parent = self._classes.get(_base_name(base))
            if parent is not None and self.namespace.get(_base_name(base)) is parent[0]:
                inherited = clone(parent[0])
                for entry in inherited.entries if isinstance(inherited, MapNode) else []:
                    mapping.set(entry)
                fields.extend(name for name in parent[1] if name not in fields)
                self._instantiated.add(_base_name(base))  # a parent is a template: its subclasses configure
        for inner in stmt.body:
            if isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name) \
                    and inner.target.id not in fields:
                fields.append(inner.target.id)
        module = self.namespace
        scope = MapNode(list(module.entries), module.span)  # the class body's names, over the module's
        for inner in stmt.body:
            if not isinstance(inner, (ast.Assign, ast.AnnAssign)) or inner.value is None:
                continue
            self._taint_effects(inner.value)  # on the module's names: what a call in the body changes stays changed
            self.namespace = scope
            try:
                value = self.expr(inner.value)
            finally:
                self.namespace = module
            for target in inner.targets if isinstance(inner, ast.Assign) else [inner.target]:
                if isinstance(target, ast.Name):
                    mapping.set(Entry(target.id, _span(target), value))
                    scope.set(Entry(target.id, _span(target), value))
        self.namespace.set(Entry(stmt.name, _span(stmt), mapping))
        self._classes[stmt.name] = (mapping, fields)

    def _taint_statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.namespace.set(Entry(stmt.name, _span(stmt), self._definition(stmt)))
            self._taint_decorators(stmt)
            self._taint_body(stmt)
            return
        for node in ast.walk(stmt):
            if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and _writes(node):
                self._taint_path(node, stmt)
            elif isinstance(node, (ast.AugAssign, ast.NamedExpr)):
                self._taint_path(node.target, stmt)
            elif isinstance(node, ast.Call):
                self._taint_call(node, stmt)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = (alias.asname or alias.name).split(".")[0]
                    if name != "*":
                        self._taint_name(name, stmt)
                    else:
                        self._taint_all(stmt)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not stmt:
                self._taint_name(node.name, stmt)
            elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
                self._taint_name(node.name, stmt)  # `except E as seed` (unbound after it), `case seed:`
            elif isinstance(node, ast.MatchMapping) and node.rest:
                self._taint_name(node.rest, stmt)

    def _taint_decorators(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A decorator runs when the definition does: ``@register(cfg)`` may change ``cfg``, and ``@cfg.update``
        calls ``cfg.update(definition)``."""
        for decorator in stmt.decorator_list:
            self._taint_effects(decorator)
            if not isinstance(decorator, ast.Call):
                self._taint_call(ast.copy_location(ast.Call(decorator, [], []), decorator), stmt)

    def _definition(self, definition: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> Node:
        """What a function defines, when it is a config written as code: the settings of the mapping it returns
        (``config.seed = 0`` then ``return config``; ``return dict(seed=0)``), each a value no rule reads as
        concrete (the code is never run, and the caller may change it). Plain code is one opaque value."""
        settings = MapNode([], _span(definition))
        for path, where in _bound_settings(definition):
            node = settings
            for key in path[:-1]:
                inner = node.get(key)
                if not isinstance(inner, MapNode):
                    inner = MapNode([], _span(where))
                    node.set(Entry(key, _span(where), inner))
                node = inner
            span = _span(where)
            node.set(Entry(path[-1], span, OpaqueNode(
                f"set inside `{definition.name}` at line {span.line}, code lineage-lint does not run", span)))
        if settings.entries:
            return settings
        return OpaqueNode(f"{definition.name} (defined here)", _span(definition))

    def _taint_body(self, definition: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A function may run later: what it changes at module level (names it declares ``global``, and
        values it mutates by name without binding that name locally) is tainted. One walk of the body."""
        declared: set[str] = set()
        local: set[str] = set()
        if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = definition.args
            local = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                     *([arguments.vararg] if arguments.vararg else []),
                                     *([arguments.kwarg] if arguments.kwarg else [])]}
        rebound: list[ast.Name] = []
        changed: list[ast.expr] = []
        tracked = self.namespace.keys()
        for node in ast.walk(definition):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Store):
                    local.add(node.id)
                if isinstance(node.ctx, (ast.Store, ast.Del)):
                    rebound.append(node)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.update(node.names)
            elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
                if _root_name(node) in tracked:
                    changed.append(node)
            elif isinstance(node, ast.Call) and (_root_name(node.func) in tracked or (
                    isinstance(node.func, ast.Name) and node.func.id in _ANYTHING)):
                changed.append(node)
        local -= declared
        for name in rebound:
            if name.id in declared:
                self._taint_name(name.id, definition)
        for node in changed:
            if _root_name(node.func if isinstance(node, ast.Call) else node) in local:
                continue
            if isinstance(node, ast.Call):
                self._taint_call(node, definition)
            else:
                self._taint_path(node, definition)

    def _taint_effects(self, expr: ast.expr) -> None:
        """Taint what evaluating ``expr`` may change besides the value it yields: walruses and calls
        (``cfg.pop("seed")``, ``exec(...)``); lambdas and comprehensions are walked too (they may run). A
        mutating method taken as a value (``f = cfg.pop``) may be called later: its receiver is tainted."""
        called = {id(node.func) for node in ast.walk(expr) if isinstance(node, ast.Call)}
        for node in ast.walk(expr):
            if isinstance(node, ast.NamedExpr):
                self._taint_path(node.target, node)
            elif isinstance(node, ast.Call):
                self._taint_call(node, node)
            elif isinstance(node, ast.Attribute) and node.attr in _MUTATING_METHODS and id(node) not in called:
                self._taint_receiver(node.value, node)

    def _taint_call(self, call: ast.Call, where: ast.AST) -> None:
        func = call.func
        if (isinstance(func, ast.Name) and func.id in _ANYTHING) or _reaches_namespaces(func) \
                or _computed_builtin(func):
            self._taint_all(where)
        elif isinstance(func, ast.Attribute):
            if func.attr in _ANYTHING_METHODS:
                self._taint_all(where)
            elif func.attr in _KEYED_METHODS and call.args and isinstance(call.args[0], ast.Constant) \
                    and isinstance(call.args[0].value, (str, int)):  # `cfg.pop("seed")`: that key
                key = ast.Subscript(func.value, call.args[0], ast.Load())
                self._taint_path(ast.copy_location(key, call), where)
            elif func.attr not in _PURE_METHODS:  # `cfg.clear()`, `cfg.merge_from_file(...)`: any of it
                self._taint_receiver(func.value, where)
        elif isinstance(func, ast.Call) and _is_getattr(func) and len(func.args) > 1:  # getattr(cfg, "pop")(...)
            name = func.args[1]
            if not (isinstance(name, ast.Constant) and name.value in _PURE_METHODS):
                self._taint_receiver(func.args[0], where)
        pure = _callee_name(func) in _PURE_CALLS
        # `f(**cfg)` and `f(*items)` hand over copies of the items (a Starred argument is no container here)
        for argument in [*call.args, *(keyword.value for keyword in call.keywords if keyword.arg is not None)]:
            if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) \
                    and argument.func.id in ("globals", "locals", "vars"):
                self._taint_all(where)
            elif not pure:  # `reset_seed(cfg)`, `operator.setitem(cfg, ...)`, `map(cfg.pop, ...)`: may change it
                self._taint_passed(argument, where)

    def _taint_passed(self, argument: ast.expr, where: ast.AST) -> None:
        """A mapping or list of the module handed to code not read (itself, a mutating method of it, or inside
        a literal) may be changed there: its contents are tainted. A string or number cannot be."""
        inside: list[ast.expr] = []
        if isinstance(argument, (ast.List, ast.Tuple, ast.Set)):
            inside = argument.elts
        elif isinstance(argument, ast.Dict):
            inside = argument.values
        for node in [argument, *inside]:
            if isinstance(node, ast.Name) and node.id in self._classes \
                    and self.namespace.get(node.id) is self._classes[node.id][0]:
                continue  # a class of settings handed over (`tyro.cli(TrainConfig)`) is instantiated there, not changed
            passed = node.value if isinstance(node, ast.Attribute) and node.attr in _MUTATING_METHODS else node
            if isinstance(passed, (ast.Name, ast.Attribute, ast.Subscript)) and \
                    isinstance(self._container(passed), (MapNode, SeqNode)):
                self._taint_receiver(passed, where)

    def _taint_receiver(self, expr: ast.expr, where: ast.AST) -> None:
        """A method may change the value it is called on: a container keeps its keys, with every value
        opaque; anything else becomes opaque."""
        node = self._container(expr) if isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript)) else None
        if isinstance(node, (MapNode, SeqNode)):
            self._taint_contents(node, where)
        else:
            self._taint_path(expr, where)

    def _taint_writes(self, target: ast.expr, where: ast.AST) -> None:
        for node in ast.walk(target):
            if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store):
                self._taint_path(node, where)

    def _taint_path(self, expr: ast.expr, where: ast.AST) -> None:
        """Make what ``expr`` names opaque: a name, or a key/attribute when every step to it is spelt out;
        when a step is computed (``cfg[k]``), the whole container it indexes."""
        if _reaches_namespaces(expr):
            self._taint_all(where)
            return
        path: list[str | None] = []
        current = expr
        while isinstance(current, (ast.Attribute, ast.Subscript)):
            path.append(current.attr if isinstance(current, ast.Attribute) else self._subscript_key(current))
            current = current.value
        if not isinstance(current, ast.Name):
            if isinstance(current, ast.Call) and isinstance(current.func, ast.Name) \
                    and current.func.id in ("globals", "locals", "vars"):
                self._taint_all(where)
            return
        path.reverse()
        if None in path:
            path = path[: path.index(None)]
            if not path:
                self._taint_contents(self.namespace.get(current.id), where)
                return
            parent = self._walk(current.id, path)
            self._taint_contents(parent, where)
            return
        if not path:
            self._taint_name(current.id, where)
            return
        parent = self._walk(current.id, path[:-1])
        if isinstance(parent, MapNode):
            last = path[-1]
            assert last is not None
            parent.set(Entry(last, _span(expr), self._opaque(where)))

    def _walk(self, name: str, path: list[str | None]) -> Node | None:
        node = self.namespace.get(name)
        for key in path:
            if not isinstance(node, MapNode) or key is None:
                return node
            node = node.get(key)
        return node

    def _taint_contents(self, node: Node | None, where: ast.AST) -> None:
        if isinstance(node, MapNode):
            for entry in list(node.entries):
                node.set(Entry(entry.key, _span(where), self._opaque(where)))
        elif isinstance(node, SeqNode):
            node.items = [self._opaque(where) for _ in node.items]

    def _taint_name(self, name: str, where: ast.AST) -> None:
        """A name that may be rebound: a mapping keeps its keys (so that ``randomness.seed`` is found, and
        unresolved rather than missing), each with an opaque value; anything else becomes opaque."""
        bound = self.namespace.get(name)
        if isinstance(bound, (MapNode, SeqNode)):
            replacement: Node = clone(bound)
            self._taint_contents(replacement, where)
        else:
            replacement = self._opaque(where)
        self.namespace.set(Entry(name, _span(where), replacement))

    def _taint_all(self, where: ast.AST) -> None:
        for entry in list(self.namespace.entries):
            if entry.key != IMPORTS_KEY:
                self._taint_name(entry.key, where)

    def _opaque(self, where: ast.AST) -> OpaqueNode:
        span = _span(where)
        if isinstance(where, (ast.Import, ast.ImportFrom)):  # a base that could not be read says which
            tried = self.importer is not None and isinstance(where, ast.ImportFrom) and where.level
            source = " ".join(self._source(where).split())
            source = source if len(source) <= 80 else f"{source[:77]}..."
            return OpaqueNode(f"may be set at line {span.line} by `{source}`, "
                              + ("whose config file could not be read" if tried else
                                 "a module lineage-lint does not read"), span)
        return OpaqueNode(f"changed at line {span.line} by a statement lineage-lint does not follow", span)

    def _record_import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        read = self.importer is not None and isinstance(stmt, ast.ImportFrom) and stmt.level \
            and self._import_config(stmt, self.importer)
        if not read:  # a module not read rebinds the names it imports; `*` may bind any name
            for alias in stmt.names:
                if alias.name == "*":
                    self._taint_all(stmt)
                elif self.namespace.entry(bound := (alias.asname or alias.name).split(".")[0]) is not None:
                    self._taint_name(bound, stmt)
        module = stmt.module if isinstance(stmt, ast.ImportFrom) else None
        prefix = "." * (stmt.level if isinstance(stmt, ast.ImportFrom) else 0)
        for alias in stmt.names:
            name = f"{prefix}{module}" if module is not None else alias.name
            imports = self.namespace.get(IMPORTS_KEY)
            if not isinstance(imports, SeqNode):
                imports = SeqNode([], _span(stmt))
                self.namespace.set(Entry(IMPORTS_KEY, _span(stmt), imports))
            imports.items.append(ScalarNode(f"{name}:{alias.name}" if module else name, _span(stmt)))

    def _import_config(self, stmt: ast.ImportFrom, importer: Importer) -> bool:
        """Bring the names a relative import takes from the config file it names; False when that file
        could not be read (then the import rebinds names the reader does not know)."""
        span = _span(stmt)
        if stmt.module is None:  # `from . import coco, train`: each name is a module of its own
            for alias in stmt.names:
                bound = alias.asname or alias.name
                module = importer(alias.name, stmt.level, (bound,), span)
                if module is not None:
                    self.namespace.set(Entry(bound, span, clone(module)))
                elif self.namespace.entry(bound) is not None:
                    self._taint_name(bound, stmt)
            return True
        star = any(alias.name == "*" for alias in stmt.names)
        names = None if star else tuple(alias.asname or alias.name for alias in stmt.names)
        namespace = importer(stmt.module, stmt.level, names, span)  # once per statement, not once per name
        if namespace is None:
            return False
        for alias in stmt.names:
            if alias.name == "*":
                for entry in namespace.entries:
                    if not entry.key.startswith("_"):
                        self.namespace.set(Entry(entry.key, entry.key_span, clone(entry.value)))
            elif (value := namespace.get(alias.name)) is not None:
                self.namespace.set(Entry(alias.asname or alias.name, span, clone(value)))
            elif self.namespace.entry(alias.asname or alias.name) is not None:  # bound there by code not read
                self._taint_name(alias.asname or alias.name, stmt)
        return True

    def _assign(self, target: ast.expr, value: Node) -> None:
        if isinstance(target, ast.Name):
            self.namespace.set(Entry(target.id, _span(target), value))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign(element, OpaqueNode(self._source(element), _span(element)))
        elif isinstance(target, (ast.Attribute, ast.Subscript)) and _reaches_namespaces(target):
            self._taint_all(target)  # `sys.modules[__name__].seed = None`, `vars(m)["seed"] = ...`
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            parent = self._container(target.value, create=True)
            key = target.attr if isinstance(target, ast.Attribute) else self._subscript_key(target)
            if isinstance(parent, MapNode) and key is not None:
                parent.set(Entry(key, _span(target), value))
            else:  # `cfg[k] = ...`: some key changed, which one is not known
                self._taint_path(target, target)
        else:  # `*rest = ...`, a starred or odd target
            self._taint_writes(target, target)

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
            else:  # `cfg.update(overrides)` with a computed mapping: any key may change
                self._taint_contents(parent, call)
        for keyword in call.keywords:
            if keyword.arg is not None:
                parent.set(Entry(keyword.arg, _span(keyword), self.expr(keyword.value)))
            elif not isinstance(self.expr(keyword.value), MapNode):  # `cfg.update(**overrides)`
                self._taint_contents(parent, call)

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
        return self._lines.segment(node) or type(node).__name__

    def expr(self, node: ast.expr) -> Node:
        span = _span(node)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, int) and not isinstance(value, bool):
                limits.check_int(value, span)  # `0x` and 100,000 hex digits
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
                    self._spread(mapping, self.expr(item), item)
                elif isinstance(key, ast.Constant) and isinstance(key.value, (str, int, float, bool)):
                    mapping.set(Entry(str(key.value), _span(key), self.expr(item)))
            return mapping
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            merged = self._union(node, span)
            if merged is not None:
                return merged
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
        text = self._constant_text(node)
        if text is not None:
            return ScalarNode(text, span)
        return OpaqueNode(self._source(node), span)

    def _union(self, node: ast.BinOp, span: Span) -> MapNode | None:
        """``base | {"seed": None}`` (a dict union, PEP 584): ``{**base, **changes}``, the right side winning;
        None when no operand is a mapping (``FLAG_A | FLAG_B``, sets), which stays a computed value. A chain
        ``a | b | c`` is read operand by operand, left to right, without recursing into it."""
        operands: list[ast.expr] = [node.right]
        current: ast.expr = node.left
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.BitOr):
            operands.append(current.right)
            current = current.left
        operands.append(current)
        read = [(self.expr(operand), operand) for operand in reversed(operands)]
        if not any(isinstance(value, MapNode) for value, _ in read):
            return None
        mapping = MapNode([], span)
        for value, operand in read:
            self._spread(mapping, value, operand)
        return mapping

    def _spread(self, mapping: MapNode, spread: Node, where: ast.AST) -> None:
        """``{**spread}`` into ``mapping``: a known mapping sets its keys; anything else may set any key, so
        the keys set before it keep their place with values no rule reads as concrete."""
        if isinstance(spread, MapNode):
            for entry in spread.entries:
                mapping.set(entry)
        else:
            for entry in list(mapping.entries):
                mapping.set(Entry(entry.key, _span(where), OpaqueNode(
                    f"may be replaced by `**{self._source(where)}` at line {_span(where).line}", _span(where))))

    def _constant_text(self, node: ast.expr) -> str | None:
        """The text of an f-string or a ``+`` of strings whose every part is a literal or a name bound earlier
        to a string or an integer (``f"{BUCKET}/train/"``, ``ROOT + "/train.csv"``); None when a part is
        computed, formatted (``{x:03d}``, ``{x!r}``) or too long."""
        parts: list[str] = []
        pending: list[ast.expr] = [node]
        while pending:
            current = pending.pop()
            if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
                pending.extend((current.right, current.left))
            elif isinstance(current, ast.JoinedStr):
                pending.extend(reversed(current.values))
            elif isinstance(current, ast.FormattedValue) and current.conversion == -1 and current.format_spec is None:
                pending.append(current.value)
            elif isinstance(current, ast.Constant) and isinstance(current.value, str):
                parts.append(current.value)
            elif isinstance(current, ast.Name) and isinstance(bound := self.namespace.get(current.id), ScalarNode) \
                    and isinstance(bound.value, (str, int)) and not isinstance(bound.value, bool):
                parts.append(str(bound.value))
            else:
                return None
            if len(parts) > 64:
                return None
        if not isinstance(node, ast.JoinedStr) and not any(isinstance(n, ast.Constant) and isinstance(n.value, str)
                                                           for n in ast.walk(node)):
            return None  # `A + B` of two numbers is arithmetic, not text
        text = "".join(parts)
        return text if len(text) <= 4096 else None

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
        func = node.func
        if isinstance(func, ast.Name) and func.id in self._classes and \
                self.namespace.get(func.id) is self._classes[func.id][0]:
            return self._instance(func.id, node, span)
        if _callee_name(func) == "partial" and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in self._classes:  # `partial(TrainConfig, seed=None)`: an instance's factory
            bound = ast.copy_location(ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords), node)
            self._read_calls.add(id(node))
            return self._call(bound, span)
        if _callee_name(func) in _FIELD_CALLS:
            default = self._field_default(node)
            if default is not None:
                return default
        copy = self._copy_with_changes(node, span)
        if copy is not None:
            return copy
        is_dict = isinstance(node.func, ast.Name) and node.func.id == "dict"
        if not is_dict and not node.keywords:  # `int(os.environ["SEED"])`, `randint(0, 9)`: a computed value
            return OpaqueNode(self._source(node), span)
        mapping = MapNode([], span)
        if not is_dict:
            mapping.set(Entry(CALL_KEY, _span(node.func), ScalarNode(self._source(node.func), _span(node.func))))
            if node.args:  # `load_dataset("acme/reviews", revision="main")`: what it is called on
                mapping.set(Entry(ARGS_KEY, span, SeqNode([self.expr(argument) for argument in node.args], span)))
        for argument in node.args if is_dict else ():
            self._spread(mapping, self.expr(argument), argument)
        for keyword in node.keywords:
            if keyword.arg is None:
                self._spread(mapping, self.expr(keyword.value), keyword.value)
            else:
                mapping.set(Entry(keyword.arg, _span(keyword), self.expr(keyword.value)))
        return mapping


# A dataclass or pydantic field's declaration (its default is the value), and the ways to copy a config
# with some values changed.
_FIELD_CALLS = frozenset({"field", "Field"})
_COPY_FUNCTIONS = frozenset({"replace", "evolve"})
_COPY_METHODS = frozenset({"_replace", "model_copy", "copy_with"})
# Calls that may set any name of the module (`exec("seed = None")`, `globals()["seed"] = None`).
_ANYTHING = frozenset({"exec", "eval", "compile", "globals", "locals", "vars", "setattr", "delattr",
                       "__import__", "execfile", "runpy"})
_KEYED_METHODS = frozenset({"pop", "setdefault", "__setitem__", "__delitem__"})
_ANYTHING_METHODS = frozenset({"__setattr__", "__delattr__", "run_path", "run_module"})
# Methods that change the value they are bound to: taken as a value (`f = cfg.pop`), they may be called later.
_MUTATING_METHODS = frozenset({"pop", "popitem", "setdefault", "update", "clear", "__setitem__", "__delitem__",
                               "__ior__", "append", "extend", "insert", "remove", "sort", "reverse",
                               "merge_from_file", "merge_from_list", "merge_from_other_cfg"})
# Callables that never change what they are given: a mapping passed to any other call may be changed there.
_PURE_CALLS = frozenset({
    "dict", "list", "tuple", "set", "frozenset", "len", "str", "repr", "int", "float", "bool", "print", "isinstance",
    "issubclass", "type", "sorted", "reversed", "min", "max", "sum", "any", "all", "abs", "round", "hash", "id",
    "range", "enumerate", "zip", "iter", "format", "copy", "deepcopy", "dumps", "join", "Path", "getattr",
    "hasattr", "field", "Field", "replace", "evolve",
})
# Methods that read a value without changing it; any other method called on a value may change it.
_PURE_METHODS = frozenset({
    "get", "keys", "values", "items", "copy", "format", "format_map", "count", "index", "startswith",
    "endswith", "join", "split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "replace",
    "encode", "decode", "find", "rfind", "partition", "splitlines", "casefold", "title", "zfill",
    "is_integer", "bit_length", "to_bytes", "hex", "exists", "is_file", "is_dir", "resolve", "absolute",
    "joinpath", "with_suffix", "with_name", "read_text", "getenv", "get_config", "_replace", "model_copy",
})


def _writes(node: ast.Name | ast.Attribute | ast.Subscript) -> bool:
    return isinstance(node.ctx, (ast.Store, ast.Del))


def _is_update(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "update"


def _is_settings_class(stmt: ast.ClassDef, classes: dict[str, tuple[MapNode, list[str]]]) -> bool:
    """A class that only assigns attributes, based on nothing but ``object``, a model of settings (pydantic's
    ``BaseModel``/``BaseSettings``, ``NamedTuple``, msgspec's ``Struct``) or a class of settings read before it
    (whose defaults it inherits): its attributes are settings, read as a mapping. A nested ``class Config``
    (pydantic's options) is no setting. One with methods, other bases, metaclass arguments or other statements
    is code, not read."""
    if stmt.keywords or any(_base_name(base) not in _SETTINGS_BASES and _base_name(base) not in classes
                            for base in stmt.bases):
        return False
    return all(isinstance(inner, ast.Pass) or (isinstance(inner, ast.Expr) and isinstance(inner.value, ast.Constant))
               or (isinstance(inner, ast.Assign) and all(isinstance(t, ast.Name) for t in inner.targets))
               or (isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name))
               or (isinstance(inner, ast.ClassDef) and inner.name == "Config")
               for inner in stmt.body)


# Bases of a class whose attributes are its settings (besides `object`).
_SETTINGS_BASES = frozenset({"object", "BaseModel", "BaseSettings", "NamedTuple", "Struct"})


def _base_name(base: ast.expr) -> str:
    """``BaseModel`` for ``BaseModel`` and ``pydantic.BaseModel``; empty for anything computed."""
    return base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""


def _is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"``."""
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__" \
        and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant) \
        and test.comparators[0].value == "__main__" and isinstance(test.ops[0], ast.Eq)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


# What reaches the module's own names, or the builtins, through an expression: `sys.modules[__name__].seed`,
# `m.__dict__["seed"]`, `builtins.exec`, `__builtins__["exec"]`.
_NAMESPACE_ATTRIBUTES = frozenset({"modules", "__dict__", "__globals__", "__builtins__"})
_NAMESPACE_NAMES = frozenset({"builtins", "__builtins__"})


def _reaches_namespaces(expr: ast.expr) -> bool:
    current = expr
    while isinstance(current, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(current, ast.Attribute) and current.attr in _NAMESPACE_ATTRIBUTES:
            return True
        current = current.func if isinstance(current, ast.Call) else current.value
    return isinstance(current, ast.Name) and current.id in _NAMESPACE_NAMES


def _is_getattr(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id == "getattr"


def _callee_name(func: ast.expr) -> str:
    """``deepcopy`` for ``copy.deepcopy``, ``print`` for ``print``; empty for a computed callee."""
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _computed_builtin(func: ast.expr) -> bool:
    """A callee that may be ``exec`` without saying so: ``getattr(x, "exec")``, ``getattr(x, name)``."""
    if not (isinstance(func, ast.Call) and _is_getattr(func)):
        return False
    name = func.args[1] if len(func.args) > 1 else None
    return not (isinstance(name, ast.Constant) and isinstance(name.value, str)) or \
        name.value in _ANYTHING or name.value in _ANYTHING_METHODS


def _bound_settings(definition: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                    ) -> list[tuple[list[str], ast.AST]]:
    """The key paths a function sets on the mapping it returns (``config.seed = 0``; ``return dict(seed=0)``). A
    class of settings is read by :meth:`_ModuleReader._settings_class`; one with methods or a base is code."""
    if isinstance(definition, ast.ClassDef):
        return []
    found: list[tuple[list[str], ast.AST]] = []
    returned = {node.value.id for node in ast.walk(definition)
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Name)}
    for node in ast.walk(definition):
        if isinstance(node, ast.Return) and node.value is not None:  # `return dict(seed=0)`
            found.extend(([key], where) for key, where in _literal_keys(node.value))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                path = _store_path(target)
                if not path or path[0] not in returned:
                    continue
                if len(path) > 1:  # `config.seed = 0`, `config.data.name = "x"`
                    found.append((path[1:], target))
                found.extend(([*path[1:], key], where) for key, where in _literal_keys(node.value))
        elif isinstance(node, ast.Call) and _is_update(node):  # `config.update(seed=0)`
            assert isinstance(node.func, ast.Attribute)
            path = _store_path(node.func.value)
            if path and path[0] in returned:
                found.extend(([*path[1:], key], where) for key, where in _literal_keys(node))
    return found


def _literal_keys(value: ast.expr) -> list[tuple[str, ast.AST]]:
    """The keys of a dict literal or a ``dict(...)``/``update(...)`` call's keywords."""
    if isinstance(value, ast.Dict):
        return [(str(key.value), key) for key in value.keys
                if isinstance(key, ast.Constant) and isinstance(key.value, (str, int))]
    if isinstance(value, ast.Call):
        return [(keyword.arg, keyword) for keyword in value.keywords if keyword.arg is not None]
    return []


def _store_path(target: ast.expr) -> list[str]:
    """``["config", "data", "name"]`` for ``config.data.name`` or ``config["data"]["name"]``; [] otherwise."""
    path: list[str] = []
    while isinstance(target, (ast.Attribute, ast.Subscript)):
        if isinstance(target, ast.Attribute):
            path.append(target.attr)
        elif isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
            path.append(target.slice.value)
        else:
            return []
        target = target.value
    return [target.id, *reversed(path)] if isinstance(target, ast.Name) else []


def _root_name(expr: ast.expr) -> str | None:
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return expr.id if isinstance(expr, ast.Name) else None


class _Lines:
    """The source split into lines once; :meth:`segment` is :func:`ast.get_source_segment` without
    re-splitting the whole text on every call (which made large LazyConfig files slow)."""

    def __init__(self, text: str) -> None:
        self._lines = _LINE.findall(text)
        self._encoded: dict[int, bytes] = {}

    def _line(self, number: int) -> bytes:
        encoded = self._encoded.get(number)
        if encoded is None:
            encoded = self._encoded[number] = self._lines[number].encode("utf-8", "surrogatepass")
        return encoded

    def segment(self, node: ast.AST) -> str | None:
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return None
        if first < 0 or last is None or end is None or last >= len(self._lines):
            return None
        if first == last:
            return self._line(first)[start:end].decode(errors="replace")
        parts = [self._line(first)[start:].decode(errors="replace")]
        parts.extend(self._lines[first + 1:last])
        parts.append(self._line(last)[:end].decode(errors="replace"))
        return "".join(parts)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


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
