"""tf.debugging.enable_check_numerics: the engine and TF 2.21 raise for the same ops, saying
the same things.

TF's rules (check_numerics_callback.py): while enabled, each op whose floating output holds
a NaN or an Inf fails with InvalidArgumentError from a CheckNumericsV2 op; the message names
the op, the output's slot, dtype and shape, eagerly how many -Inf, +Inf and NaN elements,
the inputs (converted), and ends with CheckNumericsV2's "Tensor had -Inf, +Inf, and NaN
values". In a tf.function a `<node>/CheckNumericsV2` node checks the op when the graph runs
(even a value that is unused), naming the graph; a function traced before enabling has no
checks, one traced while enabled keeps them. Integer, complex and boolean outputs, eager
constants, function inputs and TF's "safe" ops (Reshape, Fill, Identity, Maximum) are not
checked. Compared: the message from its "!!!" line on, without TF's `{{function_node ...}}`
prefix and `name:` suffix; in a graph, the lines up to the creation stack (whose frames are
TF's own there) and the kernel's last line.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _watched(tf, fn):
    """fn() with checking on; the error's text as compared (see the module docstring)."""
    tf.debugging.enable_check_numerics()
    try:
        return fn()
    except tf.errors.InvalidArgumentError as e:
        return type(e).__name__, _comparable(str(e))
    finally:
        tf.debugging.disable_check_numerics()


def _comparable(text: str) -> str:
    text = re.sub(r"\{\{function_node [^}]*\}\} ", "", text)
    text = re.sub(r" name: $", "", text)
    if text.startswith("Graph execution error:"):
        head = text[text.index("!!!"):text.index("  Stack trace of op's creation")]
        last = text[text.rindex(" : Tensor had"):]
        return head + last.split(" [Op:__inference")[0]   # (TF numbers its functions)
    return text


def _eager(title, fn):
    cases(f"eager: {title}")(lambda tf: _watched(tf, lambda: fn(tf)))


_eager("Log of 0: -Inf, one input", lambda tf: tf.math.log(tf.constant([0.0, 1.0])))
_eager("a tensor divided by the Python number 0.0: +Inf and NaN, two inputs",
       lambda tf: tf.constant([1.0, 0.0]) / 0.0)
_eager("Sqrt of -1 in float64: NaN, a scalar", lambda tf: tf.sqrt(tf.constant(-1.0, tf.float64)))
_eager("Mul giving -Inf, +Inf and NaN at once", lambda tf: tf.constant(
    [np.inf, -np.inf, 0.0], tf.float64) * tf.constant([1.0, 1.0, np.nan], tf.float64))
_eager("float16 overflow", lambda tf: tf.constant([60000.0], tf.float16) * 2.0)


@cases("eager: the mean of nothing: NaN (TF's Mean also takes the axes as an input: up to them)")
def _(tf):
    kind, text = _watched(tf, lambda: tf.reduce_mean(tf.zeros([0])))
    return kind, text.split("  Input tensor")[0], text.split("\n")[-1]


_eager("Cast of 1e39 to float32", lambda tf: tf.cast(tf.constant([1e39], tf.float64), tf.float32))
_eager("MatMul of Inf and 0", lambda tf: tf.matmul(tf.constant([[np.inf]]), tf.constant([[0.0]])))
_eager("Softmax of an Inf", lambda tf: tf.nn.softmax(tf.constant([np.inf, 1.0])))
_eager("tf.stack runs Pack, which TF's safe list does not name",
       lambda tf: tf.stack([tf.constant(np.nan)]))
_eager("Pow: 0 ** -1", lambda tf: tf.constant(0.0) ** -1.0)


@cases("eager: not checked: constants, safe ops, ints, complex, bools")
def _(tf):
    def run():
        nan = tf.constant([np.nan])
        return (tf.reshape(nan, [1]), tf.identity(nan), tf.fill([2], np.nan),
                tf.maximum(nan, 1.0), tf.complex(tf.constant(np.inf), 0.0),
                tf.constant([1]) + 1, tf.math.is_nan(nan), nan == 1.0, tf.Variable([np.inf]))
    return _watched(tf, run)


@cases("eager: a variable holding NaN fails when read (up to its inputs)")
def _(tf):
    v = tf.Variable(np.nan)
    kind, text = _watched(tf, lambda: v + 1.0)
    return kind, text.split("  Input tensor:")[0], text.split("\n")[-1]


@cases("eager: a Keras Dense layer fed a NaN: its MatMul (up to the inputs)")
def _(tf):
    layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
    kind, text = _watched(tf, lambda: layer(tf.constant([[np.nan]])))
    return kind, text.split("  Input tensors")[0]


@cases("eager: the gradient of sqrt at 0 is +Inf (the op's name differs: up to it)")
def _(tf):
    x = tf.Variable([0.0])

    def run():
        with tf.GradientTape() as tape:
            y = tf.sqrt(x)
        return tape.gradient(y, x)
    kind, text = _watched(tf, run)
    return kind, text.split("\n")[-1]


def _in_function(title, make, arg):
    @cases(f"graph: {title}")
    def _(tf):
        f = tf.function(make(tf))
        return _watched(tf, lambda: f(*[tf.constant(a) for a in arg]))


def _log(tf):
    def f(x):
        return tf.math.log(x) * 2.0
    return f


def _divide(tf):
    def f(x, y):
        return x / y
    return f


def _unused(tf):
    def f(x):
        tf.math.log(x)
        return x + 1.0
    return f


def _named(tf):
    def f(x):
        return tf.math.log(x, name="mylog")
    return f


def _input_only(tf):
    def f(x):
        return tf.shape(x)
    return f


_in_function("Log in a function: the node Log/CheckNumericsV2", _log, [[0.0, 1.0]])
_in_function("x / y: two inputs listed, no counts", _divide, [1.0, 0.0])
_in_function("an unused Log is checked all the same", _unused, [[0.0]])
_in_function("a named op: mylog/CheckNumericsV2", _named, [0.0])
_in_function("a NaN argument used only for its shape: inputs are not checked", _input_only,
             [[np.nan]])


@cases("graph: traced while enabled, the checks stay after disabling")
def _(tf):
    during = tf.function(lambda x: tf.math.log(x))
    first = _watched(tf, lambda: during(tf.constant([1.0])))
    try:
        during(tf.constant([0.0]))
        later = "no error"
    except tf.errors.InvalidArgumentError:
        later = "still checked"
    return first, later


@cases("eager: a function traced before enabling: its call, one op, is checked (up to the "
       "op's name, which TF numbers)")
def _(tf):
    before = tf.function(lambda x: tf.math.log(x))
    before(tf.constant([1.0]))
    kind, text = _watched(tf, lambda: before(tf.constant([0.0])))
    name = re.search(r'op "(__inference_[^"]*)"', text).group(1)
    return kind, text.replace(name, "__inference_<lambda>"), name.startswith("__inference_")


@cases("eager: a function reading a variable: its call lists the argument, then the handle")
def _(tf):
    v = tf.Variable(1.0)

    @tf.function
    def stateful(x):
        return tf.math.log(x) * v
    stateful(tf.constant([1.0]))
    kind, text = _watched(tf, lambda: stateful(tf.constant([0.0])))
    return kind, text.split("         1: ")[0].split(" (# of outputs")[1]


@cases("TF1 graph: the checked tensor takes the op's place, so a fetch runs its check")
def _(tf):
    tf1 = tf.compat.v1
    tf.debugging.enable_check_numerics()
    try:
        with tf.Graph().as_default():
            x = tf1.placeholder(tf.float32, [1])
            z = tf.math.log(x) * 0.0 + 1.0
            with tf1.Session() as session:
                fine = session.run(z, {x: [1.0]})
                try:
                    session.run(z, {x: [0.0]})
                except tf.errors.InvalidArgumentError as e:
                    text = str(e)
    finally:
        tf.debugging.disable_check_numerics()
    # (the session's frame around the kernel's message is each library's own)
    head = text[text.index("!!!"):text.index("  Stack trace of op's creation")]
    last = re.search(r" : Tensor had [^\n\[]*", text).group(0).strip()
    return fine, head, last, "{{node Log/CheckNumericsV2}}" in text


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_numerics_watch_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
