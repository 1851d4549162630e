"""`if`, `while` and `for` become calls of functions: the heart of AutoGraph.

After lowering (jumps are flags) and the expression rewrites, every
compound statement is turned into small functions and one call that
decides, when it runs, whether to use Python's statement or TF's op:

    if x > 0:                       def if_true():
        y = x * x                       y = x * x
    else:                   ->          return y
        y = -x                      def if_false():
                                        y = -x
                                        return y
                                    y = ag.if_stmt(x > 0, if_true, if_false, outputs=('y',))

The functions take the variables they need and return the variables the
statement changes that the rest of the function reads (its *outputs*, found
by analysis.py). `ag.if_stmt` runs Python's `if` for a Python condition and
`tf.cond` for a tensor; `ag.while_stmt` and `ag.for_stmt` do the same for
loops (`tf.while_loop`), whose body takes and returns the loop variables.

Attributes and subscripts the statement assigns (`self.total = ...`,
`d['n'] = ...`: TF's *composite* names) cannot be parameters. They are
passed as TF passes them: `get_state()` reads them, `set_state(values)`
writes them back, and the call names them (`composites=('self.total',)`),
so that each branch starts from the values before the `if`, and each
iteration of a TF loop from the loop's own values.

A variable that may have no value yet when the statement starts gets
`name = ag.Undefined('name')` at the top of its scope, and reads of it go
through `ag.ld(name)`, which raises Python's error if it is still undefined.

Read next: operators.py (what the calls do when the converted function runs).
"""
from __future__ import annotations

import ast
import copy

from .analysis import annotate, assigned, composites, live_in, target_names
from .lowering import Namer

__all__ = ["ControlFlow"]


def _gen_name(id_: str, store: bool = False) -> ast.Name:
    node = ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())
    node._ag_generated = True
    return node


def _names_tuple(names, store: bool = False):
    """`a`, or `(a, b)`: the outputs of a statement, as one expression."""
    if len(names) == 1:
        return _gen_name(names[0], store)
    return ast.Tuple(elts=[_gen_name(n, store) for n in names],
                     ctx=ast.Store() if store else ast.Load())


def _strings(names) -> ast.Tuple:
    return ast.Tuple(elts=[ast.Constant(n) for n in names], ctx=ast.Load())


def _args(names) -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in names], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])


class _Scope:
    """One function of the converted code: its local names and those to start as Undefined."""

    def __init__(self, local: set):
        self.local = set(local)
        self.undefined: list = []


class ControlFlow:
    """Converts a (lowered, expression-rewritten) function's if/while/for statements."""

    def __init__(self, namer: Namer, ag: str):
        self.namer = namer
        self.ag = ag
        self.scopes: list = []
        self.declared: dict = {}  # name -> "global"/"nonlocal" as the user declared it
        self.maybe_undefined: set = set()

    def _call(self, fn: str, args, keywords=()) -> ast.Call:
        return ast.Call(func=ast.Attribute(value=_gen_name(self.ag), attr=fn, ctx=ast.Load()),
                        args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in keywords])

    # -- functions --------------------------------------------------------------------------------
    def convert_function(self, fn: ast.FunctionDef) -> None:
        """Converts `fn` in place (and the functions defined inside it, each its own scope)."""
        annotate(fn)
        saved = self.declared
        self.declared = dict(saved)
        for node in fn.body:
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                for n in node.names:
                    self.declared[n] = "global" if isinstance(node, ast.Global) else "nonlocal"
        params = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
        params |= {a.arg for a in (fn.args.vararg, fn.args.kwarg) if a is not None}
        self.scopes.append(_Scope(params | set(assigned(fn.body))))
        fn.body = self._block(fn.body)
        scope = self.scopes.pop()
        fn.body = self._with_undefined(fn.body, scope, params)
        self.declared = saved

    def _with_undefined(self, body: list, scope: _Scope, params: set) -> list:
        """`name = ag.Undefined('name')` at the top, for names that may have no value yet."""
        inits = [ast.Assign(targets=[_gen_name(n, store=True)],
                            value=self._call("Undefined", [ast.Constant(n)]), lineno=0)
                 for n in scope.undefined if n not in params]
        docstring = body[:1] if body and isinstance(body[0], ast.Expr) and \
            isinstance(getattr(body[0], "value", None), ast.Constant) and \
            isinstance(body[0].value.value, str) else []
        return docstring + inits + body[len(docstring):]

    def _new_function(self, name: str, params: list, body: list, outputs: list) -> ast.FunctionDef:
        """A generated function: converts `body` in its own scope, returns `outputs`."""
        self.scopes.append(_Scope(set(params) | set(assigned(body))))
        body = self._block(body)
        scope = self.scopes.pop()
        declared = [n for n in assigned(body) if n in self.declared]
        decls = []
        for kind, node_type in (("global", ast.Global), ("nonlocal", ast.Nonlocal)):
            names = [n for n in declared if self.declared[n] == kind]
            if names:
                decls.append(node_type(names=names))
        body = decls + self._with_undefined(body, scope, set(params))
        if outputs:
            body.append(ast.Return(value=_names_tuple(outputs)))
        if not body:
            body = [ast.Pass()]
        return ast.FunctionDef(name=name, args=_args(params), body=body, decorator_list=[],
                               returns=None, type_comment=None, type_params=[], lineno=0)

    def _need_defined(self, names, defined: set) -> None:
        """Names that must have a value (maybe Undefined) where a statement starts."""
        for n in names:
            if n in defined:
                continue
            self.maybe_undefined.add(n)
            for scope in reversed(self.scopes):
                if n in scope.local:
                    if n not in scope.undefined:
                        scope.undefined.append(n)
                    break

    # -- statements -------------------------------------------------------------------------------
    def _block(self, stmts: list) -> list:
        out = []
        for s in stmts:
            if isinstance(s, ast.If):
                out += self._if(s)
            elif isinstance(s, ast.While):
                out += self._while(s)
            elif isinstance(s, ast.For):
                out += self._for(s)
            elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if isinstance(s, ast.FunctionDef):
                    ControlFlow(self.namer, self.ag).convert_nested(s, self.declared)
                out.append(s)
            elif isinstance(s, (ast.With, ast.Try)):
                s.body = self._block(s.body)
                if isinstance(s, ast.Try):
                    s.orelse = self._block(s.orelse)
                    s.finalbody = self._block(s.finalbody)
                    for h in s.handlers:
                        h.body = self._block(h.body)
                out.append(s)
            else:
                out.append(s)
        return out

    def convert_nested(self, fn: ast.FunctionDef, declared: dict) -> None:
        self.declared = dict(declared)
        self.convert_function(fn)

    def _state_names(self, stmts) -> list:
        return [n for n in assigned(stmts) if n not in self.declared]

    # -- attributes and subscripts (composites) ---------------------------------------------------
    def _composites(self, s, stmts, also_assigned=()) -> list:
        """The composites `stmts` assign that `s` passes through get_state/set_state.

        TF's rule: those whose names (base and index names) are live into the
        statement, i.e. refer to an object from before it (`x = Foo(); x.a = 1`
        inside a loop is a new object's, not tracked). Here, also: names the
        block does not reassign (a reassigned base is a variable of its own,
        whose new object carries its attributes out).
        """
        changed = set(assigned(stmts)) | set(also_assigned)
        return [c for c in composites(stmts)
                if c.support <= s._ag_live_in and not c.support & changed]

    def _state_functions(self, tracked) -> tuple:
        """`def get_state(): ...` and `def set_state(values): ...` for `tracked`, and the keywords.

        get_state reads each composite through `ag.ldu` (Undefined when the
        attribute or key does not exist yet: TF's rule, checked like a name's).
        """
        if not tracked:
            return [], []
        get_name, set_name = self.namer.new("get_state"), self.namer.new("set_state")
        values = self.namer.new("values")
        loads = []
        for c in tracked:
            node = copy.deepcopy(c.node)
            node.ctx = ast.Load()
            read = ast.Lambda(args=_args([]), body=node)
            loads.append(self._call("ldu", [read, ast.Constant(c.name)]))
        getter = ast.FunctionDef(name=get_name, args=_args([]),
                                 body=[ast.Return(value=ast.Tuple(elts=loads, ctx=ast.Load()))],
                                 decorator_list=[], returns=None, type_comment=None,
                                 type_params=[], lineno=0)
        stores = []
        for c in tracked:
            node = copy.deepcopy(c.node)
            node.ctx = ast.Store()
            stores.append(node)
        setter = ast.FunctionDef(name=set_name, args=_args([values]),
                                 body=[ast.Assign(targets=[ast.Tuple(elts=stores, ctx=ast.Store())],
                                                  value=_gen_name(values), lineno=0)],
                                 decorator_list=[], returns=None, type_comment=None,
                                 type_params=[], lineno=0)
        keywords = [("get_state", _gen_name(get_name)), ("set_state", _gen_name(set_name)),
                    ("composites", _strings([c.name for c in tracked]))]
        return [getter, setter], keywords

    def _if(self, s: ast.If) -> list:
        modified = self._state_names(s.body + s.orelse)
        outputs = [n for n in modified if n in s._ag_live_out]
        needed = live_in(s.body, set(outputs)) | live_in(s.orelse, set(outputs))
        params = [n for n in modified if n in needed]
        self._need_defined(params, s._ag_defined)
        # (TF: a composite is always an output, read later or not: it is an object's)
        state_fns, keywords = self._state_functions(self._composites(s, s.body + s.orelse))
        true_name, false_name = self.namer.new("if_true"), self.namer.new("if_false")
        true_fn = self._new_function(true_name, params, s.body, outputs)
        false_fn = self._new_function(false_name, params, s.orelse, outputs)
        if outputs:
            keywords.insert(0, ("outputs", _strings(outputs)))
        if params:
            keywords.insert(0, ("inputs", ast.Tuple(elts=[_gen_name(n) for n in params],
                                                    ctx=ast.Load())))
        call = self._call("if_stmt", [s.test, _gen_name(true_name), _gen_name(false_name)],
                          keywords)
        return state_fns + [true_fn, false_fn, self._result(outputs, call, s)]

    def _result(self, names, call, s):
        if names:
            return ast.copy_location(ast.Assign(targets=[_names_tuple(names, store=True)],
                                                value=call), s)
        return ast.copy_location(ast.Expr(value=call), s)

    def _loop_options(self, body: list) -> tuple:
        """TF's loop directive `tf.autograph.experimental.set_loop_options(...)`, taken out."""
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call):
            func = body[0].value.func
            if isinstance(func, ast.Attribute) and func.attr == "set_loop_options" or \
                    isinstance(func, ast.Name) and func.id == "set_loop_options":
                options = ast.Call(func=ast.Name(id="dict", ctx=ast.Load()), args=[],
                                   keywords=body[0].value.keywords)
                return body[1:], options
        return body, None

    def _while(self, s: ast.While) -> list:
        body, options = self._loop_options(s.body)
        modified = self._state_names(body)
        loop_vars = [n for n in modified if n in s._ag_live_head]
        self._need_defined(loop_vars, s._ag_defined)
        state_fns, state_keywords = self._state_functions(self._composites(s, body))
        test_name, body_name = self.namer.new("loop_test"), self.namer.new("loop_body")
        test_fn = ast.FunctionDef(name=test_name, args=_args(loop_vars),
                                  body=[ast.Return(value=s.test)], decorator_list=[], returns=None,
                                  type_comment=None, type_params=[], lineno=0)
        body_fn = self._new_function(body_name, loop_vars, body, loop_vars)
        keywords = ([("options", options)] if options is not None else []) + state_keywords
        call = self._call("while_stmt", [_gen_name(test_name), _gen_name(body_name),
                                         self._state(loop_vars), _strings(loop_vars)], keywords)
        return state_fns + [test_fn, body_fn, self._result(loop_vars, call, s)]

    def _state(self, names) -> ast.Tuple:
        return ast.Tuple(elts=[_gen_name(n) for n in names], ctx=ast.Load())

    def _for(self, s: ast.For) -> list:
        body, options = self._loop_options(s.body)
        targets = target_names(s.target)
        modified = self._state_names(body) + [t for t in targets if t not in self.declared]
        modified = list(dict.fromkeys(modified))
        loop_vars = [n for n in modified if n in s._ag_live_head]
        self._need_defined(loop_vars, s._ag_defined)
        state_fns, state_keywords = self._state_functions(self._composites(s, body, targets))
        if isinstance(s.target, ast.Name) and s.target.id not in loop_vars:
            iterate = s.target.id  # the loop variable itself is the body's first argument
        else:
            iterate = self.namer.new("iterate")
            body = [ast.Assign(targets=[s.target], value=_gen_name(iterate), lineno=s.lineno)] + body
        body_name = self.namer.new("loop_body")
        body_fn = self._new_function(body_name, [iterate] + loop_vars, body, loop_vars)
        # (the iterate is assigned in the body: keep it a parameter, not a local to initialize)
        result = state_fns + [body_fn]
        keywords = []
        extra = getattr(s, "_ag_extra_test", None)
        if extra is not None:
            test_name = self.namer.new("loop_test")
            result.insert(len(state_fns), ast.FunctionDef(
                name=test_name, args=_args(loop_vars), body=[ast.Return(value=extra)],
                decorator_list=[], returns=None, type_comment=None, type_params=[], lineno=0))
            keywords.append(("extra_test", _gen_name(test_name)))
        if options is not None:
            keywords.append(("options", options))
        keywords += state_keywords
        call = self._call("for_stmt", [s.iter, _gen_name(body_name), self._state(loop_vars),
                                       _strings(loop_vars)], keywords)
        return result + [self._result(loop_vars, call, s)]
