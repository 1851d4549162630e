"""From a Python function to its converted twin: source, rewrite, compile, cache.

    converted(f)      the function tf.function traces: f rewritten (cached), or f itself
    to_code(f)        the rewritten source, as text (what `tf.autograph.to_code` shows)

The rewrite reads f's *source* (inspect.getsource), parses it with `ast`,
and runs the passes in order: lowering.py (jumps become flags),
expressions.py (and/or/not, calls), control_flow.py (if/while/for).

Building the new function runs no code from any file: the new syntax tree
is compiled (`compile`) into code objects, and the function object is made
from the code object (`types.FunctionType`) with f's own globals, defaults
and closure cells. Nothing is executed then; the converted function runs
only when tf.function traces it, exactly as f would have. The source is
f's own, the one its caller wrote; no `exec` or `eval` is involved.

Functions of this engine, NumPy and other libraries are never converted
(their Python control flow is not about tensors), nor lambdas, generators
and functions marked `tf.autograph.experimental.do_not_convert`. A
function whose source cannot be read (defined in a Python shell) runs as
it is, with a warning, as in TF.
"""
from __future__ import annotations

import ast
import functools
import inspect
import logging
import textwrap
import types

from . import operators
from .control_flow import ControlFlow
from .expressions import Expressions
from .lowering import Namer, lower_jumps

__all__ = ["converted", "convert", "to_code", "do_not_convert"]

_log = logging.getLogger("course.engine")

# Code of these packages is never converted: it is not user code.
_NOT_CONVERTED = ("course.engine", "numpy", "scipy", "pandas", "matplotlib", "keras", "tensorflow",
                  "torch", "functools", "collections", "itertools", "typing", "abc", "inspect",
                  "logging", "os", "re", "math", "random", "copy", "json", "contextlib",
                  "builtins", "threading", "unittest", "_pytest", "pytest")


def do_not_convert(func=None):
    """Marks a function AutoGraph must leave alone. Mirrors `tf.autograph.experimental.do_not_convert`.

    >>> @tf.autograph.experimental.do_not_convert
    ... def helper(x):
    ...     return x            # traced as written: no if/for rewriting inside
    """
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__ag_do_not_convert__ = True
    return wrapper


class _Converted:
    """The result of converting one code object: compiled code and its readable source."""

    __slots__ = ("code", "source", "error")

    def __init__(self, code=None, source=None, error=None):
        self.code, self.source, self.error = code, source, error


_CACHE: dict = {}  # f.__code__ -> _Converted

# Every code object of converted code -> (whether it starts a call of a converted function,
# the name tracebacks give it, a lambda's own lines by number or None). An error raised while
# tracing shows these lines (errors.py).
CONVERTED_CODE: dict = {}


def _remember(code, fn, node: ast.FunctionDef, user_defs: set) -> None:
    """Notes a converted function's code and the code inside it, for tracebacks. A lambda is
    shown as TF shows it: named `None`, its line as the lambda's own text. Functions the user
    wrote inside (`user_defs`) keep their names; the ones AutoGraph wrote (loop bodies,
    branches) are named after the function they came from."""
    if fn.__name__ == "<lambda>":
        lines = enumerate(getattr(node, "_ag_lambda_text", "").split("\n"), node.lineno)
        CONVERTED_CODE[code] = (True, "None", dict(lines))
    else:
        CONVERTED_CODE[code] = (True, fn.__name__, None)
    for inner in code.co_consts:
        if isinstance(inner, types.CodeType):
            _remember_inner(inner, CONVERTED_CODE[code][1], user_defs)


def _remember_inner(code, name: str, user_defs: set) -> None:
    shown = code.co_name if code.co_name in user_defs else name
    CONVERTED_CODE.setdefault(code, (False, shown, None))
    for inner in code.co_consts:
        if isinstance(inner, types.CodeType):
            _remember_inner(inner, shown, user_defs)


def _is_user_function(fn) -> bool:
    module = getattr(fn, "__module__", None) or ""
    if any(module == m or module.startswith(m + ".") for m in _NOT_CONVERTED):
        return False
    code = fn.__code__
    return not code.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE |
                                inspect.CO_ASYNC_GENERATOR)


def _already_converted(fn) -> bool:
    """Whether fn's code is converted code: a converted function, or a function defined
    inside one (a nested def, converted with it)."""
    return fn.__code__ in CONVERTED_CODE


def converted(fn):
    """`fn` rewritten by AutoGraph when it is user code; otherwise `fn` itself."""
    if getattr(fn, "__ag_do_not_convert__", False):
        return fn
    if inspect.ismethod(fn):
        inner = converted(fn.__func__)
        return fn if inner is fn.__func__ else types.MethodType(inner, fn.__self__)
    if not inspect.isfunction(fn):
        call = getattr(type(fn), "__call__", None)  # an object called like a function (TF too)
        if inspect.isfunction(call) and not inspect.isclass(fn) and _is_user_function(call):
            return types.MethodType(converted(call), fn)
        return fn
    if not _is_user_function(fn) or _already_converted(fn):
        return fn
    result = _CACHE.get(fn.__code__)
    if result is None:
        result = _CACHE[fn.__code__] = _convert_code(fn)
        if result.error is not None and fn.__name__ != "<lambda>":  # (a lambda: silently as-is)
            _log.warning("AutoGraph could not transform %s and will run it as-is. Cause: %s",
                         fn.__qualname__, result.error)
    if result.code is None:
        return fn
    return _function_from(result.code, fn)


def convert(fn):
    """Like `converted`, but raises if `fn` cannot be converted (used by `to_code`)."""
    target = fn.__func__ if inspect.ismethod(fn) else fn
    if not inspect.isfunction(target):
        raise ValueError(f"Expected a Python function, got {fn!r}")
    result = _CACHE.get(target.__code__) or _convert_code(target)
    _CACHE[target.__code__] = result
    if result.code is None:
        raise ValueError(f"AutoGraph could not convert {target.__qualname__}: {result.error}")
    return result


def to_code(fn) -> str:
    """The source of `fn` as AutoGraph converts it. Mirrors `tf.autograph.to_code`.

    >>> def f(x):
    ...     if x > 0:
    ...         x = x * x
    ...     return x
    >>> print(tf.autograph.to_code(f))
    def f(x):
        def if_true(x):
            x = x * x
            return x
        ...
        x = ag.if_stmt(x > 0, if_true, if_false, inputs=(x,), outputs=('x',))
        return x
    """
    fn = getattr(fn, "python_function", fn)  # (a tf.function: its Python function)
    return convert(fn).source


# -- the rewrite ----------------------------------------------------------------------------------
def _parse(fn) -> ast.FunctionDef:
    if fn.__name__ == "<lambda>":
        return _parse_lambda(fn)
    # (the code's own source: inspect.getsource(fn) would follow a decorator's __wrapped__)
    source = textwrap.dedent(inspect.getsource(fn.__code__))
    tree = ast.parse(source)
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef) or node.name != fn.__code__.co_name:
        raise ValueError("its source is not a plain `def` statement")
    ast.increment_lineno(tree, fn.__code__.co_firstlineno - 1)  # (tracebacks show f's lines)
    node.decorator_list = []  # (tf.function already applied: do not apply it again)
    return node


def _parse_lambda(fn) -> ast.FunctionDef:
    """A lambda as `def __lambda(args): return body`, found in the lines that hold it.

    The lambda starts at a `lambda` keyword on its first line and ends somewhere
    in the next few lines: the longest text from there that parses as a lambda
    is the whole lambda (its body extends as far as it can). It is taken only
    if it compiles to the same names, variables and constants as the lambda,
    and if no other `lambda` on that line does too (look-alikes run as written).
    """
    lines, _ = inspect.findsource(fn)
    start = fn.__code__.co_firstlineno - 1
    first, rest = lines[start], "".join(lines[start + 1:start + 10])
    found = []
    for col in [i for i in range(len(first)) if first.startswith("lambda", i)]:
        text = (first[col:] + rest).rstrip()
        for end in range(len(text), 6, -1):
            tree = _parsed("(" + text[:end] + "\n)", mode="eval")
            if tree is not None and isinstance(tree.body, ast.Lambda) and \
                    _same_code(tree.body, fn):
                found.append((tree.body, text[:end]))
                break
    if len(found) != 1:
        raise ValueError("its source does not show which lambda it is")
    node, text = found[0]
    ast.increment_lineno(node, start)
    function = ast.FunctionDef(name="__lambda", args=node.args, body=[ast.Return(value=node.body)],
                               decorator_list=[], returns=None, type_comment=None,
                               type_params=[], lineno=node.lineno)
    function._ag_lambda_text = text  # (what tracebacks show for its lines, as TF does)
    return function


def _same_code(node: ast.Lambda, fn) -> bool:
    """Whether `node` compiles to fn's own code (in a factory giving it fn's free variables)."""
    factory = ast.FunctionDef(
        name="__factory", args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in
                                                                   fn.__code__.co_freevars],
                                             vararg=None, kwonlyargs=[], kw_defaults=[],
                                             kwarg=None, defaults=[]),
        body=[ast.Return(value=node)], decorator_list=[], returns=None, type_comment=None,
        type_params=[], lineno=1)
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    try:
        code = compile(module, "<lambda>", "exec")
    except (SyntaxError, ValueError):
        return False
    inner = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    mine = next((c for c in inner.co_consts if isinstance(c, types.CodeType)), None)
    # (names, variables and constants: the bytecode itself may differ, e.g. where the
    # compiler knew a name was an imported module)
    return mine is not None and _signature(mine) == _signature(fn.__code__)


def _signature(code) -> tuple:
    consts = tuple(c for c in code.co_consts if not isinstance(c, types.CodeType))
    return (code.co_argcount, code.co_kwonlyargcount, code.co_names, code.co_varnames,
            code.co_freevars, consts)


def _parsed(source: str, mode: str = "exec"):
    try:
        return ast.parse(source, mode=mode)
    except SyntaxError:
        return None


def _convert_code(fn) -> _Converted:
    try:
        node = _parse(fn)
    except (OSError, TypeError, ValueError, SyntaxError) as e:
        return _Converted(error=f"could not read its source ({e})")
    user_defs = {n.name for n in ast.walk(node) if isinstance(n, ast.FunctionDef)} | \
        {"<lambda>" for n in ast.walk(node) if isinstance(n, ast.Lambda)}
    namer = Namer(node)
    ag = namer.new("ag")
    for inner in [n for n in ast.walk(node) if isinstance(n, ast.FunctionDef)]:
        lower_jumps(inner, namer, ag)
    shadowed = set(fn.__globals__) | {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                                      and isinstance(n.ctx, ast.Store)} | \
        {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    params = node.args.posonlyargs + node.args.args
    expressions = Expressions(ag, shadowed, params[0].arg if params else None)
    node = expressions.visit(node)
    for loop in ast.walk(node):
        if getattr(loop, "_ag_extra_test", None) is not None:
            loop._ag_extra_test = expressions.visit(loop._ag_extra_test)
    flow = ControlFlow(namer, ag)
    flow.convert_function(node)
    _LoadChecks(ag, flow.maybe_undefined).visit(node)
    _fix_locations(node, node.lineno)
    source = _readable(node)
    try:
        code = _compile(fn, node, ag)
    except SyntaxError as e:  # (a rewrite Python refuses, e.g. around `nonlocal`: keep the original)
        return _Converted(source=source, error=f"the converted code does not compile ({e})")
    # (for errors: which frames are the user's code, and by which names; TF calls a lambda None)
    _remember(code, fn, node, user_defs)
    return _Converted(code=code, source=source)


class _LoadChecks(ast.NodeTransformer):
    """User code reading a variable that may have no value yet: `x` becomes `ag.ld(x)`."""

    def __init__(self, ag: str, names: set):
        self.ag, self.names = ag, names

    def visit_Name(self, node):
        if node.id in self.names and isinstance(node.ctx, ast.Load) and \
                not getattr(node, "_ag_generated", False):
            func = ast.Attribute(value=ast.Name(id=self.ag, ctx=ast.Load()), attr="ld",
                                 ctx=ast.Load())
            return ast.copy_location(ast.Call(func=func, args=[node], keywords=[]), node)
        return node


def _fix_locations(node, line: int) -> None:
    """Generated nodes take the line of the statement they came from (for tracebacks)."""
    if "lineno" in node._attributes:
        if not getattr(node, "lineno", None):
            node.lineno = line
        line = node.lineno
        end = getattr(node, "end_lineno", None)
        node.end_lineno = line if end is None or end < line else end
        node.col_offset = getattr(node, "col_offset", None) or 0
        node.end_col_offset = getattr(node, "end_col_offset", None) or 0
        if node.end_lineno == line and node.end_col_offset < node.col_offset:
            node.end_col_offset = node.col_offset
    for child in ast.iter_child_nodes(node):
        _fix_locations(child, line)


def _readable(node: ast.FunctionDef) -> str:
    """The converted function as text (ast.unparse, without a blank line right after a `def`)."""
    lines = ast.unparse(node).split("\n")
    out = [line for i, line in enumerate(lines)
           if line.strip() or i == 0 or not lines[i - 1].rstrip().endswith(":")]
    return "\n".join(out) + "\n"


def _compile(fn, node: ast.FunctionDef, ag: str):
    """The converted function's code object, compiled inside a factory that owns its closure.

    Python gives a nested function closure cells only for names of an
    enclosing function: the factory's parameters are fn's free variables
    (and `ag`), so the compiled function refers to them as fn did. The
    factory declares the function's own name global unless fn closed over
    it, so a recursive call still finds the module's function (for a
    tf.function, the traced wrapper) rather than a cell of the factory.
    """
    freevars = list(fn.__code__.co_freevars)
    own_name = [] if node.name in freevars else [ast.Global(names=[node.name])]
    factory = ast.FunctionDef(
        name="__ag_factory", args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in
                                                                      freevars + [ag]],
                                                vararg=None, kwonlyargs=[], kw_defaults=[],
                                                kwarg=None, defaults=[]),
        body=own_name + [node], decorator_list=[],
        returns=None, type_comment=None, type_params=[], lineno=node.lineno)
    module = ast.Module(body=[factory], type_ignores=[])
    _fix_locations(factory, node.lineno)
    filename = fn.__code__.co_filename
    module_code = compile(module, filename, "exec")
    factory_code = next(c for c in module_code.co_consts if isinstance(c, types.CodeType))
    return next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and
                c.co_name == node.name)


def _function_from(code: types.CodeType, fn):
    """A function object running `code`, with fn's globals, defaults and closure cells."""
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    # The one free variable fn did not have is `ag`, the converted code's operators.
    closure = tuple(cells[name] if name in cells else types.CellType(operators)
                    for name in code.co_freevars)
    assert len(code.co_freevars) - len(cells) <= 1, code.co_freevars
    new = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, closure or None)
    new.__kwdefaults__ = fn.__kwdefaults__
    new.__dict__.update(fn.__dict__)
    new.__doc__, new.__qualname__, new.__module__ = fn.__doc__, fn.__qualname__, fn.__module__
    new.__annotations__ = dict(getattr(fn, "__annotations__", {}))
    new.__wrapped__ = fn
    return new

