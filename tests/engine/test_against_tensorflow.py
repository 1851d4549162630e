"""The same cases, run on this engine and on real TensorFlow, must agree.

Skipped where TensorFlow is not installed. To run it against TF 2.21:

    /opt/tfref/bin/pip install -e . pytest hypothesis
    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/engine/test_against_tensorflow.py

Each case is a function of the module (`tf`). Both runs must give the same
outcome: equal values, dtypes, shapes and printed forms, or the same exception
class with the same message (TF's message, minus its kernel-name prefix and
`name:` suffix; ours, minus the `Hint:` line). Messages listing TF's allowed
dtypes are compared up to that list, since the engine has fewer dtypes.
"""
from __future__ import annotations

import os
import re

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

# (id, case, compare_message). Each case returns a value or a tuple of values.
CASES = []


def case(name, compare_message=True):
    def wrap(fn):
        CASES.append(pytest.param(fn, compare_message, id=name))
        return fn
    return wrap


# -- dtypes and printing -----------------------------------------------------------------
case("dtype repr and str")(lambda tf: (repr(tf.int64), str(tf.float16), tf.float32.as_numpy_dtype))
case("dtype flags")(lambda tf: [(d.is_floating, d.is_integer, d.is_unsigned) for d in
                                (tf.float16, tf.int8, tf.uint8, tf.bool)])
case("as_dtype python types")(lambda tf: (tf.as_dtype(float), tf.as_dtype(bool), tf.as_dtype("double")))
case("as_dtype(int) raises", False)(lambda tf: tf.as_dtype(int))
case("str of a column")(lambda tf: str(tf.constant([[1], [2]])))
case("repr of a scalar")(lambda tf: repr(tf.constant(1.0)))
case("repr of a matrix")(lambda tf: repr(tf.constant([[1.5, 2.0], [3.0, 4.25]])))
case("repr of bool, int64, float16")(lambda tf: (repr(tf.constant(True)), repr(tf.constant(np.arange(3))),
                                                 repr(tf.constant(1, tf.float16))))
case("shape printing")(lambda tf: (str(tf.constant([1, 2, 3]).shape), repr(tf.constant(5).shape),
                                   tf.constant([[1, 2, 3]]).shape.as_list(), tf.constant(3).shape.rank))


@case("print options")
def _(tf):
    with np.printoptions(precision=2):
        return str(tf.constant([1.23456, 2.0])), repr(tf.constant([1.23456, 2.0]))


# -- creation ------------------------------------------------------------------------------
case("default dtypes")(lambda tf: [tf.constant(v).dtype for v in (1, 1.0, True, [1, 2.0], 2**40)])
case("numpy keeps dtype")(lambda tf: [tf.constant(np.array([1], d)).dtype
                                      for d in (np.int16, np.float64, np.uint8, np.float16)])
case("dtype= converts")(lambda tf: (tf.constant([1, 2], tf.float32), tf.constant(-1, tf.uint8),
                                    tf.constant(np.array([1.7, -1.7]), tf.int32),
                                    tf.constant(True, tf.int32)))
case("float to int constant raises")(lambda tf: tf.constant(1.5, tf.int32))
case("int to bool constant raises")(lambda tf: tf.constant(1, tf.bool))
case("constant never casts tensors")(lambda tf: tf.constant(tf.constant(1), tf.float32))
case("devices")(lambda tf: (tf.constant(1.0).device, tf.Variable(1.0).device))
case("convert_to_tensor never casts tensors")(lambda tf: tf.convert_to_tensor(tf.constant(1), tf.float32))
case("dtype_hint")(lambda tf: (tf.convert_to_tensor(1, dtype_hint=tf.float32),
                               tf.convert_to_tensor(1.5, dtype_hint=tf.int32)))
case("constant shape=")(lambda tf: (tf.constant(0.5, shape=[2, 2]), tf.constant([1, 2, 3, 4], shape=[2, 2])))
case("creation ops")(lambda tf: (tf.ones([2, 3]), tf.zeros([2], tf.int32), tf.fill([2, 2], 7),
                                 tf.fill([2], 1.5), tf.ones_like(tf.constant([1, 2])),
                                 tf.zeros_like(tf.constant([1.5])), tf.eye(2, 3, dtype=tf.int32)))
case("range and linspace")(lambda tf: (tf.range(5), tf.range(1, 5, 2), tf.range(0.0, 1.0, 0.25),
                                       tf.range(5, 0, -2), tf.range(tf.constant(3, tf.int64)),
                                       tf.linspace(0.0, 1.0, 5), tf.linspace(0, 1, 3)))
case("range with zero step")(lambda tf: tf.range(0, 5, 0))
case("negative dimension")(lambda tf: tf.zeros([-1, 2]))

# -- operators and dtype rules ---------------------------------------------------------------
case("python scalars take the tensor dtype")(
    lambda tf: (tf.constant([1, 2]) + True, tf.constant([1.0]) + True, tf.constant([1, 2], tf.uint8) + 300,
                tf.constant([1, 2], tf.uint8) - 3, 2 ** tf.constant([2, 3]),
                tf.constant([1, 2]) + np.array([1.5, 2])))
case("int tensor plus python float")(lambda tf: tf.constant([1, 2]) + 1.5)
case("int32 plus float32")(lambda tf: tf.constant([1, 2]) + tf.constant([1.0, 2.0]))
case("int32 plus int64")(lambda tf: tf.constant([1, 2]) * tf.constant([1, 2], tf.int64))
case("float32 vs float64 greater")(lambda tf: tf.constant([1.0]) > tf.constant([1.0], tf.float64))
case("broadcast error")(lambda tf: tf.constant([1.0, 2.0]) * tf.constant([1.0, 2.0, 3.0]))
case("broadcast error 2d")(lambda tf: tf.constant([[1.0, 2.0]]) - tf.ones([3, 3]))
case("truediv dtypes")(lambda tf: [(tf.constant([1, 7], d) / tf.constant([2, 2], d))
                                   for d in (tf.int8, tf.int16, tf.uint8, tf.int32, tf.int64, tf.float16)])
case("truediv mixed dtypes")(lambda tf: tf.constant([1, 2]) / tf.constant([1.0, 2.0]))
case("floordiv and floormod signs")(
    lambda tf: (tf.constant([-7, 7, -7, 7]) // tf.constant([2, 2, -2, -2]),
                tf.constant([-7, 7, -7, 7]) % tf.constant([3, 3, -3, -3]),
                tf.constant([-7.5, 7.5]) // 2.0, tf.constant([-7.5, 7.5]) % -2.0))
case("integer division by zero")(lambda tf: tf.constant([1, 2]) // 0)
case("integer modulo by zero")(lambda tf: tf.constant([1, 2]) % 0)
case("float division by zero")(lambda tf: (tf.constant([1.0, -1.0]) / 0.0, tf.constant([1, 2]) / 0))
case("integer negative power")(lambda tf: tf.constant([2, 3]) ** -1)
case("bool arithmetic", False)(lambda tf: tf.constant([True]) + 1)
case("uint8 negative", False)(lambda tf: -tf.constant([1, 2], tf.uint8))
case("exp of int", False)(lambda tf: tf.exp(tf.constant([1])))
case("unary values")(lambda tf: (tf.abs(tf.constant([-1.5, 2.0])), -tf.constant([1, -2]),
                                 tf.sign(tf.constant([-2, 0, 3])), tf.square(tf.constant([-3])),
                                 tf.math.round(tf.constant([0.5, 1.5, 2.5, -0.5])),
                                 tf.math.log(tf.constant([1.0, 0.0])), tf.sqrt(tf.constant([4.0]))))
case("comparisons and logic")(lambda tf: (tf.constant([1, 2]) < 2, tf.constant([1.0]) >= 1,
                                          tf.constant([True, False]) & tf.constant([True, True]),
                                          ~tf.constant([True]), tf.constant([1, 2]) == tf.constant([1, 2, 3])))
case("matmul")(lambda tf: (tf.constant([[1, 2]]) @ tf.constant([[1], [2]]),
                           tf.matmul(tf.ones([2, 3, 2]), tf.ones([3, 4]), transpose_a=True).shape,
                           tf.matmul(tf.ones([5, 1, 2, 3]), tf.ones([4, 3, 2])).shape))
case("matmul inner mismatch")(lambda tf: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])))
case("matmul batch mismatch")(lambda tf: tf.matmul(tf.ones([5, 2, 3]), tf.ones([4, 3, 1])))
case("matmul of vectors")(lambda tf: tf.constant([1, 2]) @ tf.constant([1, 2]))
case("matmul of int8", False)(lambda tf: tf.matmul(tf.ones([2, 3], tf.int8), tf.ones([3, 4], tf.int8)))

# -- shapes, reductions, selection -------------------------------------------------------------
case("cast")(lambda tf: (tf.cast(tf.constant([1.7, -1.7, 2.5]), tf.int32), tf.cast(tf.constant([300]), tf.uint8),
                         tf.cast(tf.constant([1, 0, 2]), tf.bool)))
case("reshape")(lambda tf: (tf.reshape(tf.range(6), [2, -1]), tf.reshape(tf.constant([5]), [])))
case("reshape size mismatch")(lambda tf: tf.reshape(tf.range(6), [4, 2]))
case("reshape not a multiple")(lambda tf: tf.reshape(tf.range(6), [4, -1]))
case("reshape two -1")(lambda tf: tf.reshape(tf.range(6), [-1, -1]))
case("transpose")(lambda tf: (tf.transpose(tf.reshape(tf.range(6), [1, 2, 3]), [2, 0, 1]),
                              tf.transpose(tf.ones([2, 3]), [-1, 0])))
case("transpose bad perm")(lambda tf: tf.transpose(tf.ones([2, 3]), perm=[0, 0]))
case("transpose perm out of range")(lambda tf: tf.transpose(tf.ones([2, 3]), perm=[0, 2]))
case("squeeze and expand_dims")(lambda tf: (tf.squeeze(tf.ones([1, 2, 1])).shape,
                                            tf.squeeze(tf.ones([1, 2, 1]), axis=[-1]).shape,
                                            tf.expand_dims(tf.ones([2, 3]), -1).shape))
case("squeeze a non-1 dim")(lambda tf: tf.squeeze(tf.ones([1, 2, 1]), axis=1))
case("squeeze out of range")(lambda tf: tf.squeeze(tf.ones([1, 2, 1]), axis=3))
case("expand_dims out of range")(lambda tf: tf.expand_dims(tf.ones([2, 3]), 3))
case("concat and stack")(lambda tf: (tf.concat([tf.ones([2, 3]), tf.zeros([1, 3])], 0),
                                     tf.stack([tf.ones([2]), tf.zeros([2])], 1), tf.stack([1, 2])))
case("concat mismatch")(lambda tf: tf.concat([tf.ones([2, 3]), tf.zeros([2, 2])], 0))
case("concat ranks")(lambda tf: tf.concat([tf.ones([2, 3]), tf.zeros([3])], 0))
case("stack mismatch")(lambda tf: tf.stack([tf.ones([2]), tf.zeros([3])]))
case("stack axis")(lambda tf: tf.stack([tf.ones([2]), tf.zeros([2])], 3))
case("stack a float into ints")(lambda tf: tf.stack([tf.constant(1), 2.5]))
case("tile and broadcast_to")(lambda tf: (tf.tile(tf.constant([[1, 2]]), [2, 3]),
                                          tf.broadcast_to(tf.constant([1, 2]), [3, 2])))
case("broadcast_to mismatch")(lambda tf: tf.broadcast_to(tf.constant([1, 2]), [3, 3]))
case("broadcast_to rank")(lambda tf: tf.broadcast_to(tf.ones([2, 1]), [2]))
case("reductions")(lambda tf: (tf.reduce_sum(tf.constant([[1, 2, 3], [4, 5, 6]]), 0),
                               tf.reduce_mean(tf.constant([-1, -2])), tf.reduce_mean(tf.constant([-3, 2])),
                               tf.reduce_prod(tf.constant([[1, 2], [3, 4]]), 1, keepdims=True),
                               tf.reduce_sum(tf.constant([200, 100], tf.uint8)),
                               tf.math.reduce_std(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=1),
                               tf.math.reduce_logsumexp(tf.constant([-np.inf, -np.inf]))))
case("empty reductions")(lambda tf: (tf.reduce_max(tf.zeros([0, 2]), 0), tf.reduce_min(tf.zeros([0], tf.uint8)),
                                     tf.reduce_sum(tf.zeros([0])), tf.reduce_mean(tf.zeros([0]))))
case("reduction axis out of range")(lambda tf: tf.reduce_sum(tf.constant([[1, 2]]), 2))
case("reduction duplicate axes")(lambda tf: tf.reduce_sum(tf.constant([1, 2]), axis=[0, 0]))
case("argmax")(lambda tf: (tf.argmax(tf.constant([[1, 5], [3, 2]])), tf.argmax(tf.constant([2, 2, 1])),
                           tf.argmin(tf.constant([[1, 5], [3, 2]]), axis=-1, output_type=tf.int32)))
case("argmax axis out of range")(lambda tf: tf.argmax(tf.constant([[1, 5], [3, 2]]), 2))
case("one_hot")(lambda tf: (tf.one_hot([0, 2, -1, 5], 3), tf.one_hot([1], 2, on_value=5, off_value=-1),
                            tf.one_hot([[0, 1]], 2, axis=0)))
case("one_hot on/off mismatch")(lambda tf: tf.one_hot([1], 3, on_value=1.5, off_value=0))
case("where")(lambda tf: (tf.where(tf.constant([True, False]), tf.constant([1, 2]), tf.constant([3, 4])),
                          tf.where(tf.constant([[True], [False]]), 1.0, tf.zeros([2, 3])),
                          tf.where(tf.constant([[True, False], [False, True]])), tf.where(tf.constant([1, 0]))))
case("where int condition")(lambda tf: tf.where(tf.constant([1, 0]), 1, 2))
case("where not broadcastable")(lambda tf: tf.where(tf.constant([True, False]), tf.ones([3]), tf.zeros([3])))
case("clip_by_value")(lambda tf: (tf.clip_by_value(tf.constant([1, 5, 3]), 2, 4),
                                  tf.clip_by_value(tf.constant([1.0, 5.0]), 2.0, tf.constant([3.0, 4.0]))))
case("clip_by_value float bound on ints")(lambda tf: tf.clip_by_value(tf.constant([1, 5]), tf.constant(2.0), 4))
case("gather")(lambda tf: (tf.gather(tf.constant([10, 20, 30]), [2, 0, 2]),
                           tf.gather(tf.constant([[1, 2], [3, 4]]), [1], axis=1)))
case("gather out of range")(lambda tf: tf.gather(tf.constant([10, 20, 30]), [3]))
case("gather axis out of range")(lambda tf: tf.gather(tf.constant([[1, 2], [3, 4]]), [0], axis=2))
case("index")(lambda tf: (tf.constant([[1, 2, 3], [4, 5, 6]])[0], tf.constant([[1, 2, 3], [4, 5, 6]])[:, 1],
                          tf.constant([[1, 2, 3], [4, 5, 6]])[..., -1],
                          tf.constant([[1, 2, 3], [4, 5, 6]])[tf.newaxis].shape,
                          tf.constant([[1, 2, 3], [4, 5, 6]])[::-1, ::2]))
case("index out of range")(lambda tf: tf.constant([[1, 2, 3], [4, 5, 6]])[2])
case("too many indices")(lambda tf: tf.constant([[1, 2, 3], [4, 5, 6]])[0, 0, 0])
case("python protocols")(lambda tf: (len(tf.constant([[1, 2, 3], [4, 5, 6]])), bool(tf.constant([1])),
                                     bool(tf.constant([])), np.asarray(tf.constant([1.0, 2.0]))))
case("bool of many", False)(lambda tf: bool(tf.constant([1, 2])))
case("hash", False)(lambda tf: hash(tf.constant(1)))

# -- nn -----------------------------------------------------------------------------------------
case("activations")(lambda tf: (tf.nn.relu(tf.constant([-1.0, 0.0, 2.0])), tf.nn.relu(tf.constant([-1, 2])),
                                tf.nn.sigmoid(tf.constant([0.0, 100.0, -100.0]))))
case("softmax")(lambda tf: (tf.nn.softmax(tf.constant([[1.0, 2.0, 3.0]])),
                            tf.nn.log_softmax(tf.constant([1000.0, 0.0]))))
case("softmax axis")(lambda tf: tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=2))
case("cross-entropies")(lambda tf: (
    tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0], [0.5, 0.5]], logits=[[1.0, 2.0], [1000.0, 0.0]]),
    tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1]]), logits=[[1.0, 2.0]]),
    tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0], [1.0]], logits=[[1.0, 2.0], [3.0, 4.0]]),
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=[[1.0, 2.0], [1000.0, 0.0]])))
case("cross-entropy shapes")(lambda tf: tf.nn.softmax_cross_entropy_with_logits(
    labels=[[0.0, 1.0]], logits=[[1.0, 2.0, 3.0]]))
case("sparse label out of range")(lambda tf: tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=[2], logits=[[1.0, 2.0]]))

# -- variables and tapes ----------------------------------------------------------------------------
case("variable repr")(lambda tf: (repr(tf.Variable(False)), repr(tf.Variable([[1.0, 2.0]], name="w"))))


@case("variable arithmetic")
def _(tf):
    v = tf.Variable([1.0, 2.0])
    return v * 2, v + v, v[0], -v, v > 1.5


@case("variable assign shape", compare_message=False)  # TF's text has typos ("' Variable:0'")
def _(tf):
    tf.Variable([1.0, 2.0]).assign([1.0, 2.0, 3.0])


@case("variable assign_add shape")
def _(tf):
    tf.Variable([1.0, 2.0]).assign_add([1.0])


@case("variable initial dtype")
def _(tf):
    tf.Variable(tf.constant([1, 2]), dtype=tf.float32)


@case("gradients")
def _(tf):
    x = tf.constant([1.0, 2.0])
    b = tf.constant(3.0)
    v = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, b])
        y = x * b + v * v
        z = tf.reduce_max(tf.concat([x, x], 0))
    return (tape.gradient(y, [x, b]), tape.gradient(y, {"v": v}), tape.gradient(z, x),
            tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0])),
            tape.gradient(y, tf.constant(1.0)),
            tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO))


@case("special gradients")
def _(tf):
    x = tf.constant([0.0, 2.0, 0.0])
    m = tf.constant([1.0, 1.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, m])
        a = tf.reduce_prod(x)
        r = tf.abs(x) + tf.nn.relu(x) + tf.sign(x)
        mx = tf.maximum(m, tf.constant([1.0, 0.0]))
        p = tf.pow(tf.constant([0.0, -2.0]), m * 2.0)
    return (tape.gradient(a, x), tape.gradient(r, x), tape.gradient(mx, m), tape.gradient(p, m))


@case("nested tapes")
def _(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = x ** 4
        d1 = t1.gradient(y, x)
    return d1, t2.gradient(d1, x)


@case("persistent tape differentiates its own gradient")
def _(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * x
        dy = tape.gradient(y, x)
    return dy, tape.gradient(dy, x)


@case("stop_recording")
def _(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = x * x
            zy = y * x
        w = zy + y
    return tape.gradient(z, x), tape.gradient(w, x)


@case("second gradient call")
def _(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    tape.gradient(y, x)


@case("integer sources")
def _(tf):
    x = tf.constant([1, 2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.gradient(y, x)


@case("read before the tape")
def _(tf):
    v = tf.Variable(2.0)
    early = v.read_value()
    with tf.GradientTape() as tape:
        y = v * v
    return tape.gradient(y, early)


# -- the comparison --------------------------------------------------------------------------------
def _outcome(module, fn):
    try:
        return "value", fn(module)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return "error", e


_TF_PREFIX = re.compile(r"^\{\{function_node [^}]*\}\}\s*")


def _tf_message(e) -> str:
    text = _TF_PREFIX.sub("", getattr(e, "message", str(e)))
    text = re.sub(r"\s*name: \S*\s*$", "", text)
    return text.split("\n")[0].strip()


def _our_message(e) -> str:
    return str(e).split("\nHint:")[0].split("\n")[0].strip()


def _error_kind(e) -> str:
    """The class name: tf.errors classes share TF's names, builtins are the same class."""
    return type(e).__name__


def _normalise(x):
    """Turns tensors, shapes and dtypes of either library into comparable Python values."""
    if isinstance(x, (real_tf.Tensor, eng.Tensor)) or hasattr(x, "numpy") and hasattr(x, "dtype"):
        return ("tensor", x.dtype.name, tuple(x.shape.as_list()), np.asarray(x.numpy()))
    if isinstance(x, (real_tf.TensorShape, eng.TensorShape)):
        return ("shape", tuple(x.as_list()))
    if isinstance(x, (real_tf.DType, eng.DType)):
        return ("dtype", x.name)
    if isinstance(x, dict):
        return {k: _normalise(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_normalise(v) for v in x)
    if isinstance(x, str):
        return x.replace("EagerTensor", "Tensor").replace("ResourceVariable", "Variable")
    return x


def _assert_equal(ours, theirs, path="result"):
    if isinstance(theirs, tuple) and theirs and theirs[0] == "tensor":
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours[:3]} != {theirs[:3]}"
        if theirs[3].dtype.kind == "f":
            np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-6, atol=1e-6, err_msg=path)
            assert np.array_equal(np.signbit(ours[3]), np.signbit(theirs[3])) or \
                not np.any(theirs[3] == 0), f"{path}: signs of zeros differ"
        else:
            np.testing.assert_array_equal(ours[3], theirs[3], err_msg=path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), path
        for k in theirs:
            _assert_equal(ours[k], theirs[k], f"{path}[{k!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs), f"{path}: {ours} != {theirs}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _assert_equal(a, b, f"{path}[{i}]")
    elif isinstance(theirs, np.ndarray):
        np.testing.assert_array_equal(ours, theirs, err_msg=path)
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"


# -- formatting, graph node names, tracing of Variable arguments, random nodes --------------------------
case("f-strings format the NumPy value")(lambda tf: (
    f"{tf.constant(2.5):.3f}", f"{tf.constant(1.0)}", f"{tf.constant([1, 2])}"))


@case("graph node names of constants and Python numbers")
def _(tf):
    f = tf.function(lambda x: 1.0 - x * 2.0 + tf.constant(3.0))
    graph = f.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
    return [(op.name, op.type) for op in graph.get_operations()]


@case("Variable arguments trace once per spec and alias pattern")
def _(tf):
    traces = []

    @tf.function
    def bump(v, w):
        traces.append(1)
        v.assign_add(1.0)
        w.assign_add(1.0)
        return v + w

    a, b, c = tf.Variable(0.0), tf.Variable(0.0), tf.Variable(5.0)
    results = [float(bump(a, a)), float(bump(b, c)), float(bump(c, b))]
    return results, len(traces), float(a.numpy()), float(b.numpy()), float(c.numpy())


@case("random ops in a tf.function draw anew on every call")
def _(tf):
    f = tf.function(lambda: (tf.random.uniform([50]), tf.random.normal([50]),
                             tf.random.shuffle(tf.range(50))))
    (a1, b1, c1), (a2, b2, c2) = f(), f()
    return [not bool(tf.reduce_all(p == q)) for p, q in ((a1, a2), (b1, b2), (c1, c2))]


# -- one path: state as ops, resource inputs, names in graphs, semantic fixes (issues 10, 11) -------
case("a Python number divided by a Variable")(lambda tf: (1 / tf.Variable(2.0), 3 - tf.Variable(1.5),
                                                        2 ** tf.Variable(3.0)))
case("a NumPy array and a Python int: the int takes the array's dtype")(
    lambda tf: tf.math.multiply(np.ones([2, 2]), 42))


@case("gradient of a target with respect to itself is 1, watched or not")
def _(tf):
    v, x = tf.Variable(2.0), tf.constant(3.0)
    with tf.GradientTape() as t1:
        pass
    with tf.GradientTape(watch_accessed_variables=False) as t2:
        pass
    with tf.GradientTape() as t3:
        pass
    return t1.gradient(v, v), t2.gradient(v, v), t3.gradient(x, x)


case("a tf.function cannot return an Operation", compare_message=False)(
    lambda tf: tf.function(lambda: tf.print("x"))())


@case("a tf.function returning Python values returns tensors")
def _(tf):
    f = tf.function(lambda: (3, 2.5, True))
    return [repr(t) for t in f()]


@case("assign returns the variable, read after the assignment")
def _(tf):
    v = tf.Variable(1.0)
    r = v.assign(2.0)
    v.assign_add(1.0)
    return repr(r), repr(v.assign_sub(0.5)), float(r)


@case("graph of a function that reads and writes a captured variable")
def _(tf):
    v = tf.Variable(2.0)

    @tf.function
    def f(x):
        v.assign_add(1.0)
        return x * v + 1.0

    cf = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32))
    ops = [(op.name, op.type) for op in cf.graph.get_operations() if op.type != "NoOp"]
    return ops, [t.name for t in cf.inputs], [str(t) for t in cf.outputs], len(cf.variables)


@case("an unused op in a tf.function does not run")
def _(tf):
    @tf.function
    def f(x):
        tf.gather(x, 10)
        return x + 1.0
    return f(tf.constant([1.0, 2.0]))


@case("tf.shape inside a function traced for any batch size")
def _(tf):
    f = tf.function(lambda x: (tf.shape(x), tf.reshape(x, [-1]), tf.reduce_mean(x, axis=0)),
                    input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    cf = f.get_concrete_function()
    return f(tf.ones([4, 3])), [str(t.shape) for t in cf.outputs]


@case("a first call that creates variables is traced twice; creating one every call fails")
def _(tf):
    traces = []

    class Scale(tf.Module):
        def __init__(self):
            self.w = None

        @tf.function
        def __call__(self, x):
            traces.append("trace")
            if self.w is None:
                self.w = tf.Variable(3.0)
            return self.w * x

    scale = Scale()
    out = [scale(tf.constant(1.0)), scale(tf.constant(2.0))]
    f = tf.function(lambda x: tf.Variable(1.0) * x)
    try:
        f(tf.constant(2.0))
        error = None
    except ValueError as e:
        error = "only supports singleton tf.Variables created on the first call" in str(e)
    return out, len(traces), scale.__call__.experimental_get_tracing_count(), error


@case("signatures as text: print(concrete function), pretty_printed_concrete_signatures")
def _(tf):
    @tf.function
    def f(x, scale=2, *, label=None):
        return {"y": x * scale, "pair": (x, x)}

    @tf.function
    def double(a):
        return a + a
    for value in (tf.constant(1), tf.constant(1.5), tf.constant("a")):
        double(value)
    v = tf.Variable(1.0)
    g = tf.function(lambda x: x * v)
    text = str(g.get_concrete_function(tf.constant(1.0)))
    return (str(f.get_concrete_function(tf.TensorSpec([2], tf.float32))),
            double.pretty_printed_concrete_signatures(),
            text.split("Captures:")[0], text.endswith("TensorSpec(shape=(), dtype=tf.resource, "
                                                      "name=None)"))


@case("reduce_retracing: a second shape traces once more with an unknown dimension")
def _(tf):
    f = tf.function(lambda x: x * 2.0, reduce_retracing=True)
    for n in (2, 3, 4, 5):
        f(tf.ones([n]))
    return f.experimental_get_tracing_count()


@case("tf.group and tf.control_dependencies eagerly")
def _(tf):
    v = tf.Variable(1.0)
    with tf.control_dependencies([v.assign(2.0)]):
        w = v + 1.0
    return tf.group(v.assign_add(1.0)), float(w), float(v.numpy())


@case("a gradient through a traced function reaches its captured variable")
def _(tf):
    v = tf.Variable(3.0)
    f = tf.function(lambda x: tf.reduce_sum(tf.sin(x) * v + x * x))
    x = tf.constant([0.5, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, [x, v])


@case("tf.print formats tensors as TF's runtime does (summarize, strings, bools, structures)")
def _(tf):
    import os
    import tempfile
    path = os.path.join(tempfile.mkdtemp(), "log.txt")
    stream = "file://" + path
    tf.print(tf.constant([1.5, 2.0]), tf.range(10), tf.constant(["a", "b"]), tf.constant(3.25),
             "x", 5, output_stream=stream)
    tf.print(tf.reshape(tf.range(24), [2, 3, 4]), output_stream=stream)
    tf.print(tf.range(10), summarize=-1, sep=", ", end="!\n", output_stream=stream)
    tf.print(tf.constant(True), tf.constant([1e-8, 1e10]), tf.constant(0.1), output_stream=stream)
    tf.print({"a": tf.constant(1)}, [tf.constant(1), 2], output_stream=stream)
    @tf.function
    def traced(x):
        tf.print("traced", x, output_stream=stream)
    traced(tf.constant([1, 2]))
    traced(tf.constant([3, 4]))
    with open(path) as f:
        return f.read()


# (tf.keras cases are not run here: under pytest, Keras 3's lazy loading inside TF 2.21 fails
# with RecursionError. Subclassed-model names, layers, weights and summary were checked
# against Keras 3.15 by hand; see tests/keras/test_subclassing.py.)


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    theirs_kind, theirs = _outcome(real_tf, fn)
    ours_kind, ours = _outcome(eng, fn)
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {theirs}; we returned {ours!r}"
        assert _error_kind(ours) == _error_kind(theirs), \
            f"TF raised {type(theirs).__name__} ({_tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({_our_message(ours)})"
        if compare_message:
            assert _our_message(ours).startswith(_tf_message(theirs)) or \
                _tf_message(theirs).startswith(_our_message(ours).split(" [Op:")[0]), \
                f"\nTF : {_tf_message(theirs)}\nours: {_our_message(ours)}"
    else:
        assert ours_kind == "value", f"TF returned {theirs!r}; we raised {type(ours).__name__}: {ours}"
        _assert_equal(_normalise(ours), _normalise(theirs))
