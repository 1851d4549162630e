"""`return`, `break` and `continue` become variables: the first step of AutoGraph.

`tf.cond` and `tf.while_loop` take functions that return values; they have
no way to jump out. So, before anything else, jumps become flags, and the
statements a jump would skip are guarded by the flag (as TF's AutoGraph does):

    while i < n:                       break_ = False
        if i > limit:                  while not break_ and i < n:
            break               ->         if i > limit:
        total += i                             break_ = True
                                           if not break_:
                                               total += i

`continue` works the same with a `continue_` flag reset at the top of each
iteration. A `return` inside an `if` or a loop becomes `retval = value`
(plus a `do_return` flag when later statements need guarding); the function
ends with `return retval`. One pattern needs no flag at all: when one branch
of an `if` always returns, the statements after the `if` simply move into
the other branch (`if c: return a` then `return b` is `if c: ... else: ...`).

For `for` loops the extra condition is kept on the node (`_ag_extra_test`):
a `for` over a tensor has no test to extend, so the converted loop receives
it separately.

Read next: expressions.py.
"""
from __future__ import annotations

import ast

__all__ = ["lower_jumps", "Namer"]


class Namer:
    """Fresh names that clash with nothing the function uses: break_, break_1, ..."""

    def __init__(self, fn: ast.FunctionDef):
        self.taken = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)}
        self.taken |= {n.arg for n in ast.walk(fn) if isinstance(n, ast.arg)}
        self.taken |= {n.name for n in ast.walk(fn) if isinstance(n, (ast.FunctionDef,
                                                                        ast.ClassDef))}

    def new(self, base: str) -> str:
        name, i = base, 0
        while name in self.taken:
            i += 1
            name = f"{base}_{i}"
        self.taken.add(name)
        return name


def _name(id_: str, store: bool = False) -> ast.Name:
    node = ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())
    node._ag_generated = True  # (AutoGraph's own variables: never wrapped in ag.ld)
    return node


def _assign(id_: str, value) -> ast.Assign:
    return ast.Assign(targets=[_name(id_, store=True)], value=value, lineno=0)


def _not(id_: str) -> ast.UnaryOp:
    return ast.UnaryOp(op=ast.Not(), operand=_name(id_))


def _and(a, b):
    return b if a is None else ast.BoolOp(op=ast.And(), values=[a, b])


def _contains(stmts, kinds, into_loops: bool) -> bool:
    """Whether `stmts` hold a statement of `kinds` (not in nested functions; loops optional)."""
    for s in stmts:
        if isinstance(s, kinds):
            return True
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(s, (ast.For, ast.While)) and not into_loops:
            continue
        for block in _blocks(s):
            if _contains(block, kinds, into_loops):
                return True
    return False


def _blocks(s) -> list:
    """The statement lists inside a compound statement."""
    if isinstance(s, ast.Try):
        return [s.body, s.orelse, s.finalbody] + [h.body for h in s.handlers]
    return [b for b in (getattr(s, "body", None), getattr(s, "orelse", None))
            if isinstance(b, list)]


def _guard(stmts: list, may_jump, flag: str, into_loops: bool) -> list:
    """After a statement that may set `flag`, the rest of the block runs only `if not flag`."""
    out = []
    for i, s in enumerate(stmts):
        if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                (into_loops or not isinstance(s, (ast.For, ast.While))):
            if isinstance(s, ast.Try):
                s.body = _guard(s.body, may_jump, flag, into_loops)
                s.orelse = _guard(s.orelse, may_jump, flag, into_loops)
                for h in s.handlers:
                    h.body = _guard(h.body, may_jump, flag, into_loops)
            elif isinstance(s, (ast.If, ast.With, ast.For, ast.While)):
                s.body = _guard(s.body, may_jump, flag, into_loops)
                if isinstance(s, ast.If):
                    s.orelse = _guard(s.orelse, may_jump, flag, into_loops)
        out.append(s)
        rest = stmts[i + 1:]
        if rest and may_jump(s):
            out.append(ast.If(test=_not(flag), body=_guard(rest, may_jump, flag, into_loops),
                              orelse=[], lineno=getattr(rest[0], "lineno", 0)))
            return out
    return out


class _SetsFlag:
    """Tells whether a statement may set one of AutoGraph's flags (it assigns the flag name)."""

    def __init__(self, flag: str, into_loops: bool):
        self.flag, self.into_loops = flag, into_loops

    def __call__(self, s) -> bool:
        for node in _walk(s, self.into_loops):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == self.flag
                                                    for t in node.targets):
                return True
        return False


def _walk(s, into_loops: bool):
    yield s
    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return
    if isinstance(s, (ast.For, ast.While)) and not into_loops:
        return
    for block in _blocks(s):
        for child in block:
            yield from _walk(child, into_loops)


# -- break and continue ---------------------------------------------------------------------------
class _Jumps(ast.NodeTransformer):
    """Replaces `break`/`continue` of one loop (not of loops inside it) by flag assignments."""

    def __init__(self, break_flag, continue_flag):
        self.break_flag, self.continue_flag = break_flag, continue_flag

    def visit_Break(self, node):
        if self.break_flag is None:
            return node
        return ast.copy_location(_assign(self.break_flag, ast.Constant(True)), node)

    def visit_Continue(self, node):
        if self.continue_flag is None:
            return node
        return ast.copy_location(_assign(self.continue_flag, ast.Constant(True)), node)

    def generic_visit(self, node):
        if isinstance(node, (ast.For, ast.While, ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef, ast.Lambda)):
            return node  # their jumps are theirs
        return super().generic_visit(node)


def _lower_loop(loop, namer: Namer) -> list:
    """The loop with its break/continue as flags; returns the statements replacing it."""
    for block in _blocks(loop):
        block[:] = _lower_loops_in(block, namer)
    has_break = _contains(loop.body, ast.Break, into_loops=False)
    has_continue = _contains(loop.body, ast.Continue, into_loops=False)
    before, after = [], []
    if has_continue:
        flag = namer.new("continue_")
        loop.body = [_Jumps(None, flag).visit(s) for s in loop.body]
        loop.body = [_assign(flag, ast.Constant(False))] + _guard(loop.body, _SetsFlag(flag, False),
                                                                  flag, False)
    if has_break:
        flag = namer.new("break_")
        loop.body = [_Jumps(flag, None).visit(s) for s in loop.body]
        loop.body = _guard(loop.body, _SetsFlag(flag, False), flag, False)
        before.append(_assign(flag, ast.Constant(False)))
        if isinstance(loop, ast.While):
            loop.test = _and(_not(flag), loop.test)
        else:
            loop._ag_extra_test = _and(getattr(loop, "_ag_extra_test", None), _not(flag))
        if loop.orelse:  # a loop's else runs when no break happened
            after.append(ast.If(test=_not(flag), body=loop.orelse, orelse=[], lineno=0))
    elif loop.orelse:
        after = loop.orelse
    loop.orelse = []
    return before + [loop] + after


def _lower_loops_in(stmts: list, namer: Namer) -> list:
    out = []
    for s in stmts:
        if isinstance(s, (ast.For, ast.While)):
            out += _lower_loop(s, namer)
            continue
        if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for block in _blocks(s):
                block[:] = _lower_loops_in(block, namer)
        out.append(s)
    return out


# -- return ---------------------------------------------------------------------------------------
def _move_after_returns(stmts: list) -> tuple:
    """TF's ConditionalReturnRewriter: returns (statements, whether they surely return)."""
    out = []
    for i, s in enumerate(stmts):
        if isinstance(s, ast.Return):
            out.append(s)
            return out, True  # (anything after it never runs)
        if isinstance(s, ast.If):
            s.body, body_returns = _move_after_returns(s.body)
            s.orelse, else_returns = _move_after_returns(s.orelse)
            out.append(s)
            rest = stmts[i + 1:]
            if body_returns and else_returns:
                return out, True
            if body_returns and rest:  # `if c: return a` then more: the rest is the else branch
                s.orelse, surely = _move_after_returns(s.orelse + rest)
                return out, surely
            if else_returns and rest:
                s.body, surely = _move_after_returns(s.body + rest)
                return out, surely
            continue
        if isinstance(s, (ast.For, ast.While)):
            s.body, _ = _move_after_returns(s.body)
        elif isinstance(s, ast.With):
            s.body, surely = _move_after_returns(s.body)
            out.append(s)
            if surely:
                return out, True
            continue
        elif isinstance(s, ast.Try):
            for block in _blocks(s):
                block[:] = _move_after_returns(block)[0]
        out.append(s)
    return out, False


class _Returns(ast.NodeTransformer):
    """`return value` becomes `retval = value; do_return = True`."""

    def __init__(self, do_return: str, retval: str):
        self.do_return, self.retval = do_return, retval

    def visit_Return(self, node):
        # (the value first: the flag guards what follows the return, not the value itself)
        value = node.value if node.value is not None else ast.Constant(None)
        return [ast.copy_location(_assign(self.retval, value), node),
                ast.copy_location(_assign(self.do_return, ast.Constant(True)), node)]

    def visit_FunctionDef(self, node):
        return node  # (a nested function's returns are its own)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        return node


def _nested_return(stmts) -> bool:
    """Whether a return sits inside an if, loop, with or try (only then is lowering needed)."""
    for s in stmts:
        if isinstance(s, (ast.Return, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if any(_contains(block, ast.Return, into_loops=True) for block in _blocks(s)):
            return True
    return False


def _lower_returns(fn: ast.FunctionDef, namer: Namer, ag: str) -> None:
    fn.body, _ = _move_after_returns(fn.body)
    if not _nested_return(fn.body):
        return
    do_return, retval = namer.new("do_return"), namer.new("retval")
    body = []
    for s in fn.body:
        lowered = _Returns(do_return, retval).visit(s)
        body += lowered if isinstance(lowered, list) else [lowered]
    may_return = _SetsFlag(do_return, True)
    body = _guard(body, may_return, do_return, into_loops=True)
    _extend_loop_tests(body, do_return, may_return)
    if not any(isinstance(n, ast.Name) and n.id == do_return and isinstance(n.ctx, ast.Load)
               for s in body for n in ast.walk(s)):
        body = _drop_assignments(body, do_return)  # (no guard reads it: leave it out)
    else:
        body.insert(0, _assign(do_return, ast.Constant(False)))
    from .analysis import _defined_block, _params
    if retval in _defined_block(body, _params(fn.args), mark=False):
        body.append(ast.Return(value=_name(retval)))
    else:  # some path may end without a return: TF's UndefinedReturnValue, None for Python
        body.insert(0, _assign(retval, _call(ag, "UndefinedReturnValue")))
        body.append(ast.Return(value=_call(ag, "return_value", _name(retval))))
    fn.body = body


def _call(ag: str, fn: str, *args) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=_name(ag), attr=fn, ctx=ast.Load()), args=list(args),
                    keywords=[])


def _extend_loop_tests(stmts, flag: str, may_return) -> None:
    """A loop that may return stops when it does: `while not do_return and test`."""
    for s in stmts:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for block in _blocks(s):
            _extend_loop_tests(block, flag, may_return)
        if isinstance(s, (ast.While, ast.For)):
            if may_return(s):
                if isinstance(s, ast.While):
                    s.test = _and(_not(flag), s.test)
                else:
                    s._ag_extra_test = _and(_not(flag), getattr(s, "_ag_extra_test", None)) \
                        if getattr(s, "_ag_extra_test", None) is not None else _not(flag)


def _drop_assignments(stmts: list, name: str) -> list:
    out = []
    for s in stmts:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and \
                isinstance(s.targets[0], ast.Name) and s.targets[0].id == name:
            continue
        if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for block in _blocks(s):
                block[:] = _drop_assignments(block, name)
                if not block and block is getattr(s, "body", None):
                    block.append(ast.Pass())
        out.append(s)
    return out


def lower_jumps(fn: ast.FunctionDef, namer: Namer, ag: str) -> None:
    """Rewrites fn's body in place: break/continue, then return (TF's order).

    `ag` is the name under which the converted code sees AutoGraph's operators.
    """
    fn.body = _lower_loops_in(fn.body, namer)
    _lower_returns(fn, namer, ag)
