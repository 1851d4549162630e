"""Devices, `tf.config`, `tf.version`, `tf.py_function`, `tf.custom_gradient` and the checkpoint
reader against TF 2.21 (rules: tf_compare.py)."""
from __future__ import annotations

import os
import tempfile

import pytest

import numpy as np

from .tf_compare import Cases, check, eng, real_tf

cases = Cases()

cases("list devices")(lambda tf: (
    [repr(d) for d in tf.config.list_physical_devices()], tf.config.list_physical_devices("GPU"),
    [repr(d) for d in tf.config.list_logical_devices("CPU")], tf.config.get_visible_devices("TPU"),
    tf.config.experimental.list_physical_devices("GPU"), tf.config.list_physical_devices("XPU")))
cases("a physical device's fields")(lambda tf: (tf.config.list_physical_devices("CPU")[0].name,
                                                tf.config.list_physical_devices("CPU")[0].device_type))
cases("memory growth is for GPUs")(lambda tf: tf.config.experimental.set_memory_growth(
    tf.config.list_physical_devices("CPU")[0], True))
cases("threading settings default to 0 (the system chooses)")(lambda tf: (
    tf.config.threading.get_intra_op_parallelism_threads(),
    tf.config.threading.get_inter_op_parallelism_threads()))


class _ArrayLike:
    """Anything NumPy can turn into an array (a pandas Series, ...): only `__array__`."""

    def __init__(self, value):
        self.value = value

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value, dtype=dtype)


@cases("tf.constant of an object with __array__ (a pandas column): what NumPy makes of it, "
       "float64 stays float64, strings become tf.string")
def _(tf):
    return [tf.constant(_ArrayLike(v)) for v in ([1.5, 2.0], np.array(["a", "bc"], dtype=object),
                                                 [1, 2], 3.0)] + \
        [tf.constant(_ArrayLike([1, 2]), dtype=tf.float32)]


@cases("numpy() of any rank-0 tensor is a NumPy scalar (bytes for a string), whichever op made it")
def _(tf):
    made = [tf.reshape(tf.constant([1.5]), []), tf.squeeze(tf.constant([2.0])),
            tf.math.divide_no_nan(1.0, 2.0), tf.reduce_logsumexp(tf.constant([1.0, 2.0])),
            tf.tile(tf.constant(3), []), tf.reshape(tf.constant(["ab"]), []),
            tf.where(tf.constant(True), 1.0, 2.0), tf.constant(4.0) + 1.0]
    return [(type(t.numpy()).__name__, repr(t.numpy())) for t in made]


@cases("run_functions_eagerly: the Python body runs on every call")
def _(tf):
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x * 2

    f(1.0), f(1.0)
    traced = len(calls)
    tf.config.run_functions_eagerly(True)
    try:
        flag = tf.config.functions_run_eagerly()
        f(1.0), f(1.0)
    finally:
        tf.config.run_functions_eagerly(False)
    return traced, len(calls), flag, tf.config.functions_run_eagerly()


@cases("tf.device: CPU and (soft placement) GPU names; as gives None")
def _(tf):
    out = []
    for name in ("CPU:0", "/CPU:0", "GPU:0", "/device:GPU:0", "/job:localhost/replica:0/task:0/device:CPU:0",
                 "cpu:0", "TPU:1"):
        with tf.device(name) as d:
            out.append((d, (tf.constant(1.0) * 2).device, tf.Variable(1.0).device))
    return out


cases("tf.device: a malformed name")(lambda tf: tf.device("foo").__enter__())
cases("version: the API mirrored")(lambda tf: (tf.__version__.split("+")[0], tf.version.VERSION.split("+")[0]))


@cases("py_function eagerly: a Python function on tensors, output cast to Tout")
def _(tf):
    seen = []

    def f(x, y):
        seen.append(type(x).__name__.replace("EagerTensor", "Tensor"))
        return x.numpy() * 2 + y.numpy()
    return tf.py_function(f, [tf.constant([1.0, 2.0]), 3.0], tf.float32), seen


@cases("py_function in a tf.function runs Python on every call, traces once")
def _(tf):
    log = []

    @tf.py_function(Tout=tf.float32)
    def py_plus(x, y):
        log.append("run")
        return x + y

    @tf.function
    def wrapper(x, y):
        log.append("trace")
        return py_plus(x, y)
    a = wrapper(tf.constant(1.0), tf.constant(2.0))
    b = wrapper(tf.constant(3.0), tf.constant(2.0))
    return a, b, log


@cases("py_function with Tout as a list gives a list; gradients flow through it")
def _(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        (y,) = tf.py_function(lambda a: a * tf.sin(a), [x], [tf.float32])
    return y, tape.gradient(y, x)


@cases("custom_gradient: the guide's clip_gradients")
def _(tf):
    @tf.custom_gradient
    def clip_gradients(y):
        def backward(dy):
            return tf.clip_by_norm(dy, 0.5)
        return y, backward

    v = tf.Variable(2.0)
    with tf.GradientTape() as t:
        output = clip_gradients(v * v)
    return output, t.gradient(output, v)


@cases("custom_gradient: a numerically stable log(1 + e^x)")
def _(tf):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    x = tf.constant([0.0, 10.0, 50.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    return y, tape.gradient(y, x)


def _log1pexp(tf):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))  # (uses `e`, a tensor of the forward pass)
        return tf.math.log(1 + e), grad
    return log1pexp


@cases("custom_gradient inside tf.function: a tape outside the call uses the custom gradient "
       "(the guide's clip_gradients in a Module's method, and a function of x * 3)")
def _(tf):
    @tf.custom_gradient
    def clip_gradients(y):
        def backward(dy):
            return tf.clip_by_norm(dy, 0.5)
        return y, backward

    class MyModule(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec(None)])
        def call_custom_grad(self, x):
            return clip_gradients(x)

    v = tf.Variable(2.0)
    with tf.GradientTape() as t:
        output = MyModule().call_custom_grad(v * v)
    f = tf.function(lambda x: clip_gradients(x * 3.0))
    with tf.GradientTape() as t2:
        out2 = f(v)
    return output, t.gradient(output, v), t2.gradient(out2, v)


@cases("custom_gradient inside tf.function whose gradient uses a forward tensor; inside a "
       "tf.function called by another; first and second derivatives through the call")
def _(tf):
    log1pexp = _log1pexp(tf)
    inner = tf.function(lambda x: log1pexp(x) * 2.0)
    outer = tf.function(lambda x: inner(x) + x)
    x = tf.constant([0.0, 1.0, 30.0])
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = inner(x)
        g = t1.gradient(y, x)
    with tf.GradientTape() as t3:
        t3.watch(x)
        z = outer(x)
    return g, t2.gradient(g, x), t3.gradient(z, x)


@cases("custom_gradient with a tape inside tf.function: the traced gradient is the custom one")
def _(tf):
    log1pexp = _log1pexp(tf)

    @tf.function
    def step(x):
        with tf.GradientTape() as t:
            t.watch(x)
            y = log1pexp(x)
        return t.gradient(y, x)
    return step(tf.constant([0.0, 100.0]))


@cases("a SavedModel saved with experimental_custom_gradients=False: the loaded function "
       "differentiates the ops inside (clip_gradients' identity: 2 * v)")
def _(tf):
    @tf.custom_gradient
    def clip_gradients(y):
        def backward(dy):
            return tf.clip_by_norm(dy, 0.5)
        return y, backward

    class MyModule(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec(None)])
        def call_custom_grad(self, x):
            return clip_gradients(x)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "saved_model")
        tf.saved_model.save(MyModule(), path, options=tf.saved_model.SaveOptions(
            experimental_custom_gradients=False))
        loaded = tf.saved_model.load(path)
        v = tf.Variable(2.0)
        with tf.GradientTape() as t:
            output = loaded.call_custom_grad(v * v)
        return output, t.gradient(output, v)


@cases("the checkpoint reader: shapes, dtypes, values, list_variables")
def _(tf):
    folder = tempfile.mkdtemp()
    ckpt = tf.train.Checkpoint(w=tf.Variable([[1.0, 2.0]]), s=tf.Variable(3), b=tf.Variable(True))
    prefix = ckpt.save(os.path.join(folder, "ckpt"))
    keys = ["w/.ATTRIBUTES/VARIABLE_VALUE", "s/.ATTRIBUTES/VARIABLE_VALUE",
            "b/.ATTRIBUTES/VARIABLE_VALUE", "save_counter/.ATTRIBUTES/VARIABLE_VALUE"]
    out = []
    for reader in (tf.train.load_checkpoint(folder), tf.train.load_checkpoint(prefix)):
        shapes, types = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
        out.append([(shapes[k], types[k], reader.get_tensor(k), reader.has_tensor(k)) for k in keys])
    listed = [kv for kv in tf.train.list_variables(folder) if kv[0] in keys]
    return out, listed, reader.has_tensor("nope"), tf.train.load_variable(folder, keys[0])


@cases("the checkpoint reader: a missing key, a missing file")
def _(tf):
    folder = tempfile.mkdtemp()
    tf.train.Checkpoint(w=tf.Variable(1.0)).save(os.path.join(folder, "ckpt"))
    errors = []
    for f in (lambda: tf.train.load_checkpoint(folder).get_tensor("nope"),
              lambda: tf.train.load_checkpoint(os.path.join(folder, "missing"))):
        try:
            f()
        except Exception as e:  # noqa: BLE001 - the error is the result
            errors.append((type(e).__name__, str(e).split(" for ")[0]))
    return errors


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


def test_version_names_the_engine():
    """TF says "2.21.0"; the engine says which API it mirrors and that it is the engine."""
    assert real_tf.__version__ == "2.21.0"
    assert eng.__version__ == eng.version.VERSION == "2.21.0+course.engine"
