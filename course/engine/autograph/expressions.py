"""Expressions that Python would evaluate too early: `and`, `or`, `not`, `x if c else y`, calls.

`a and b` asks Python for `bool(a)`, which a graph tensor cannot answer
while the graph is being built. AutoGraph rewrites these operators into
calls that decide at run time what to do (operators.py):

    a and b        ->  ag.and_(lambda: a, lambda: b)      (b still evaluated lazily)
    not a          ->  ag.not_(a)                         (tf.logical_not for a tensor)
    x if c else y  ->  ag.if_exp(c, lambda: x, lambda: y) (tf.cond for a tensor c)

Calls of functions by name, and of methods on `self`, go through
`ag.call(f, args...)`, which converts the function called (so a helper
with an `if` inside works too) and gives `len`, `range`, `abs`, `int`,
`float`, `min` and `max` their TensorFlow meaning for tensors. Other
built-ins (`print`, `isinstance`, ...) are left alone: they run while
tracing, as in TF.

Read next: control_flow.py.
"""
from __future__ import annotations

import ast
import builtins

__all__ = ["Expressions", "OVERLOADED_BUILTINS"]

# Built-ins whose meaning changes for tensors (TF's py_builtins overloads).
OVERLOADED_BUILTINS = frozenset({"len", "range", "abs", "int", "float", "min", "max"})


class Expressions(ast.NodeTransformer):
    """Rewrites boolean operators, conditional expressions and calls (see the module docstring).

    `ag` is the name of the operators module in the converted code; `shadowed`
    the names the function's globals or locals bind (so `len` there is not
    the built-in).
    """

    def __init__(self, ag: str, shadowed: set, first_param: str | None = None):
        self.ag = ag
        self.shadowed = shadowed
        self.first_param = first_param  # a method's `self`: for super() (see visit_Call)

    def _op(self, name: str, *args, keywords=()) -> ast.Call:
        func = ast.Attribute(value=ast.Name(id=self.ag, ctx=ast.Load()), attr=name, ctx=ast.Load())
        func.value._ag_generated = True
        return ast.Call(func=func, args=list(args), keywords=list(keywords))

    @staticmethod
    def _thunk(expr) -> ast.Lambda:
        return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                             kw_defaults=[], kwarg=None, defaults=[]), body=expr)

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        name = "and_" if isinstance(node.op, ast.And) else "or_"
        result = node.values[-1]
        for value in reversed(node.values[:-1]):
            result = self._op(name, self._thunk(value), self._thunk(result))
        return ast.copy_location(result, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(self._op("not_", node.operand), node)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        return ast.copy_location(self._op("if_exp", node.test, self._thunk(node.body),
                                          self._thunk(node.orelse)), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id == "super" and not node.args and \
                self.first_param is not None and "super" not in self.shadowed:
            # zero-argument super() finds `self` as its function's first argument: inside the
            # functions AutoGraph generates that would be the wrong one, so name both
            node.args = [ast.Name(id="__class__", ctx=ast.Load()),
                         ast.Name(id=self.first_param, ctx=ast.Load())]
            return node
        if isinstance(func, ast.Name):
            if func.id in self.shadowed or not hasattr(builtins, func.id) or \
                    func.id in OVERLOADED_BUILTINS:
                return ast.copy_location(self._op("call", func, *node.args,
                                                  keywords=node.keywords), node)
            return node  # a built-in that means the same for tensors (print, isinstance, ...)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                func.value.id == "self":
            return ast.copy_location(self._op("call", func, *node.args, keywords=node.keywords),
                                     node)
        return node
