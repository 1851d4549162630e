"""What a function's code reads and writes: the facts AutoGraph needs before rewriting it.

To turn `if x > 0: y = x` into a `tf.cond`, AutoGraph must know which
variables the statement changes, and which of those the rest of the
function still reads (only those become the cond's outputs: TF's rule).

    assigned(stmts)   names the statements assign (not counting nested functions)
    read(node)        names an expression or statement reads
    annotate(fn)      marks every if/while/for with `live_out` (names read later,
                      before being assigned again), `live_in` (names it reads
                      before assigning them, or lets through) and `defined`
                      (names surely assigned before it: the function's
                      parameters and earlier assignments on every path)
    composites(stmts) attributes and subscripts the statements assign
                      (`self.total`, `d['n']`), with the names each depends on

Liveness is the classic backward data-flow analysis of compilers; loops
repeat it until nothing changes. Nested functions, lambdas and
comprehensions are their own scopes: what they read counts as read where
they are defined, what they assign stays inside.

Read next: lowering.py (return, break and continue become flags).
"""
from __future__ import annotations

import ast

__all__ = ["assigned", "read", "annotate", "live_in", "target_names", "composites",
           "Composite"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


def target_names(target) -> list:
    """The plain names an assignment target binds (`a, (b, c) = ...` binds a, b, c)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for t in target.elts for n in target_names(t)]
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return []  # attributes and subscripts change an object, not a name


class Composite:
    """An attribute or subscript a block assigns (TF: a composite symbol), e.g. `self.total`.

    `name` is how TF prints it (`self.total`, `d['n']`, `a[i]`), `node` the
    expression itself, and `support` the plain names it depends on (its base
    and the names in its indices: `a[i]` depends on a and i).
    """

    def __init__(self, name: str, node, support: set):
        self.name, self.node, self.support = name, node, support


def _qualified(node):
    """`(name, support)` when `node` is a composite TF tracks, else None.

    TF's rule: a chain of attributes and subscripts on a plain name, each
    subscript a constant (not `...`) or itself such a name (`d['k']`, `a[0]`,
    `a[i]`, `o.a.b`); slices, tuples of indices and calls (`f().x`) are not.
    """
    if isinstance(node, ast.Name):
        return node.id, {node.id}
    if isinstance(node, ast.Attribute):
        base = _qualified(node.value)
        return None if base is None else (f"{base[0]}.{node.attr}", base[1])
    if isinstance(node, ast.Subscript):
        base = _qualified(node.value)
        index = node.slice
        if isinstance(index, ast.Constant) and index.value is not Ellipsis:
            # (TF prints a string key in single quotes, anything else with str())
            value = index.value
            key, support = (f"'{value}'" if isinstance(value, str) else str(value)), set()
        else:
            key_support = _qualified(index)
            if key_support is None:
                return None
            key, support = key_support
        return None if base is None else (f"{base[0]}[{key}]", base[1] | support)
    return None


def composites(stmts) -> list:
    """Attributes and subscripts `stmts` assign (nested scopes excluded), in order, once each."""
    found: dict = {}

    def target(t):
        if isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                target(e)
        elif isinstance(t, ast.Starred):
            target(t.value)
        elif isinstance(t, (ast.Attribute, ast.Subscript)):
            q = _qualified(t)
            if q is not None and q[0] not in found:
                found[q[0]] = Composite(q[0], t, q[1])

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
                             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Assign):
            for t in node.targets:
                target(t)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
            target(node.target)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            target(node.optional_vars)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for s in stmts:
        visit(s)
    return list(found.values())


def assigned(stmts) -> list:
    """Names assigned by `stmts` (in order of first appearance), nested scopes excluded."""
    found: dict = {}

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, None)
            return  # (its body is another scope)
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            return
        if isinstance(node, ast.Assign):
            for t in node.targets:
                for n in target_names(t):
                    found.setdefault(n, None)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            for n in target_names(node.target):
                found.setdefault(n, None)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            for n in target_names(node.target):
                found.setdefault(n, None)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            for n in target_names(node.optional_vars):
                found.setdefault(n, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found.setdefault((alias.asname or alias.name).split(".")[0], None)
        elif isinstance(node, ast.NamedExpr):
            found.setdefault(node.target.id, None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.setdefault(node.name, None)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for s in stmts:
        visit(s)
    return list(found)


def read(node) -> set:
    """Names `node` reads (for a nested function or lambda: the free names it reads)."""
    if node is None:
        return set()
    if isinstance(node, list):
        return set().union(*[read(n) for n in node]) if node else set()
    found = set()

    def visit(n, local: frozenset):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in local:
            found.add(n.id)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for d in n.args.defaults + [d for d in n.args.kw_defaults if d is not None]:
                visit(d, local)
            if not isinstance(n, ast.Lambda):
                for d in n.decorator_list:
                    visit(d, local)
            inner = local | _params(n.args) | (set() if isinstance(n, ast.Lambda)
                                                else set(assigned(n.body)))
            for child in (n.body if isinstance(n.body, list) else [n.body]):
                visit(child, frozenset(inner))
            return
        if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = set(local)
            for gen in n.generators:
                visit(gen.iter, frozenset(inner))
                inner |= set(target_names(gen.target))
                for cond in gen.ifs:
                    visit(cond, frozenset(inner))
            for part in ([n.key, n.value] if isinstance(n, ast.DictComp) else [n.elt]):
                visit(part, frozenset(inner))
            return
        for child in ast.iter_child_nodes(n):
            visit(child, local)

    visit(node, frozenset())
    return found


def _params(args: ast.arguments) -> set:
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return set(names)


# -- liveness: which names are read later --------------------------------------------------------
def live_in(stmts: list, live_out: set, mark: bool = False) -> set:
    """Names live before `stmts`, given those live after them (`mark`: annotate statements)."""
    live = set(live_out)
    for s in reversed(stmts):
        live = _stmt_live_in(s, live, mark)
    return live


def _kills(s) -> set:
    """Names a simple statement surely assigns."""
    if isinstance(s, ast.Assign):
        return {n for t in s.targets for n in target_names(t)}
    if isinstance(s, ast.AnnAssign) and s.value is not None:
        return set(target_names(s.target))
    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {s.name}
    if isinstance(s, (ast.Import, ast.ImportFrom)):
        return set(assigned([s]))
    return set()


def _stmt_live_in(s, out: set, mark: bool) -> set:
    live = _live_before(s, out, mark)
    if mark:
        s._ag_live_out, s._ag_live_in = set(out), set(live)
    return live


def _live_before(s, out: set, mark: bool) -> set:
    if isinstance(s, ast.If):
        return read(s.test) | live_in(s.body, out, mark) | live_in(s.orelse, out, mark)
    if isinstance(s, ast.While):
        head = read(s.test) | out | live_in(s.orelse, out)
        while True:  # a loop: what the body needs at its start is live at the loop's head too
            new = read(s.test) | out | live_in(s.orelse, out) | live_in(s.body, head)
            if new == head:
                break
            head = new
        if mark:
            live_in(s.body, head, mark)
            live_in(s.orelse, out, mark)
            s._ag_live_head = head
        return head
    if isinstance(s, ast.For):
        targets = set(target_names(s.target))
        extra = read(getattr(s, "_ag_extra_test", None))  # (break/return flags: lowering.py)
        head = out | extra | live_in(s.orelse, out)
        while True:
            new = out | extra | live_in(s.orelse, out) | (live_in(s.body, head) - targets)
            if new == head:
                break
            head = new
        if mark:
            live_in(s.body, head, mark)
            live_in(s.orelse, out, mark)
            s._ag_live_head = head
        return read(s.iter) | head
    if isinstance(s, ast.With):
        inner = live_in(s.body, out, mark)
        bound = {n for item in s.items if item.optional_vars is not None
                 for n in target_names(item.optional_vars)}
        return read([i.context_expr for i in s.items]) | (inner - bound)
    if isinstance(s, ast.Try):
        after = live_in(s.finalbody, out, mark)
        body = live_in(s.body + s.orelse, after, mark)
        handlers = set().union(*[live_in(h.body, after, mark) for h in s.handlers]) \
            if s.handlers else set()
        return body | handlers | after  # (an exception may leave the body anywhere)
    if isinstance(s, (ast.Return, ast.Raise)):
        return read(s)
    if isinstance(s, ast.AugAssign):
        return out | read(s.value) | set(target_names(s.target)) | read(s.target)
    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (out - {s.name}) | read(s)
    return (out - _kills(s)) | read(s)


# -- definite assignment: which names surely have a value ------------------------------------------
def _defined_after(s, defined: set, mark: bool) -> set:
    if mark and isinstance(s, (ast.If, ast.While, ast.For)):
        s._ag_defined = set(defined)
    if isinstance(s, ast.If):
        a = _defined_block(s.body, defined, mark)
        b = _defined_block(s.orelse, defined, mark)
        return a & b
    if isinstance(s, ast.While):
        _defined_block(s.body, defined, mark)
        return _defined_block(s.orelse, defined, mark)
    if isinstance(s, ast.For):
        _defined_block(s.body, defined | set(target_names(s.target)), mark)
        return _defined_block(s.orelse, defined, mark)
    if isinstance(s, ast.With):
        bound = {n for item in s.items if item.optional_vars is not None
                 for n in target_names(item.optional_vars)}
        return _defined_block(s.body, defined | bound, mark)
    if isinstance(s, ast.Try):
        _defined_block(s.body, defined, mark)
        for h in s.handlers:
            _defined_block(h.body, defined, mark)
        _defined_block(s.orelse, defined, mark)
        return _defined_block(s.finalbody, defined, mark)
    return defined | set(assigned([s]))


def _defined_block(stmts, defined: set, mark: bool) -> set:
    for s in stmts:
        defined = _defined_after(s, defined, mark)
    return defined


def annotate(fn: ast.FunctionDef) -> None:
    """Marks fn's if/while/for statements with `_ag_live_out` and `_ag_defined` (see above)."""
    live_in(fn.body, set(), mark=True)
    _defined_block(fn.body, _params(fn.args), mark=True)
