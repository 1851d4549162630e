"""The unsigned integer dtypes (uint8, uint16, uint32, uint64) on this engine and on TF 2.21.

Every case runs once per unsigned dtype, on real TensorFlow and on the engine; both must give
the same outcome (values, dtypes, shapes and printed forms, or the same error). Which ops take
an unsigned dtype is TF's list of CPU kernels, so the cases walk every op family: where TF has
no kernel the engine must refuse too. TF refuses in two ways: InvalidArgumentError when the op's
definition excludes the dtype, NotFoundError when the definition allows it but no CPU kernel is
registered; the engine raises InvalidArgumentError for both (NotFoundError where it knows
better: the ops in _NOT_FOUND_AS_TF, checked exactly), so the two count as one outcome,
compared up to the list of allowed dtypes (TF's list holds dtypes the engine lacks). The engine
names the checked attribute `T` for every op (execute.py) where TF names the op's own attribute
(`TI`, `Tidx`), so messages are compared without that name.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest \
        tests/engine/test_against_tensorflow_unsigned.py
"""
from __future__ import annotations

import os
import re
import tempfile
import warnings

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .test_against_tensorflow import (_assert_equal, _normalise, _our_message,  # noqa: E402
                                      _outcome, _tf_message)

UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]
CASES = {}  # name -> fn(tf, dtype)


def case(name):
    def wrap(fn):
        CASES[name] = fn
        return fn
    return wrap


def _x(tf, d):
    return tf.constant(np.array([0, 1, 5, 200], dtype=d))


def _y(tf, d):
    return tf.constant(np.array([3, 2, 7, 9], dtype=d))


def _m(tf, d):
    return tf.constant(np.array([[1, 2], [3, 4]], dtype=d))


def _case_of(tf_name, build):
    """A case applying `tf.<tf_name>` (a dotted path) to the tensors `build(tf, d)` makes."""
    def fn(tf, d):
        f = tf
        for part in tf_name.split("."):
            f = getattr(f, part)
        return f(*build(tf, d))
    return fn


# -- dtypes, conversion and printing -------------------------------------------------------------
case("TF: the DType's flags, range and size")(lambda tf, d: (
    tf.as_dtype(d).is_unsigned, tf.as_dtype(d).is_integer, tf.as_dtype(d).is_floating,
    int(tf.as_dtype(d).min), int(tf.as_dtype(d).max), tf.as_dtype(d).size, tf.as_dtype(d).name))
case("TF: as_dtype takes the name, the NumPy type and tf.dtypes.<name>")(lambda tf, d: (
    tf.as_dtype(d), tf.as_dtype(np.dtype(d)), tf.as_dtype(np.dtype(d).type), getattr(tf.dtypes, d),
    getattr(tf, d) == tf.as_dtype(d), repr(getattr(tf, d)), str(getattr(tf, d))))
case("TF: a NumPy unsigned array keeps its dtype; repr and str print it")(lambda tf, d: (
    _x(tf, d), repr(_x(tf, d)), str(_x(tf, d)), repr(tf.constant(np.dtype(d).type(7)))))
case("TF: a Python int out of range wraps modulo 2**bits (below uint64)")(lambda tf, d: (
    tf.constant(-1, d) if d != "uint64" else tf.constant(2**63 - 1, d),
    tf.constant([1, 70000, 2**32 + 3], d) if d != "uint64" else tf.constant([1, 70000], d),
    tf.convert_to_tensor(2**40 + 5, d) if d != "uint64" else tf.convert_to_tensor(2**40, d)))
case("TF: a Python float is no unsigned integer (TypeError)")(lambda tf, d: tf.constant(1.5, d))
case("TF: an unsigned scalar tensor is a Python index (__index__)")(
    lambda tf, d: [10, 11, 12, 13][tf.constant(2, d)])
case("TF: tf.constant(tensor, other dtype) is a TypeError")(
    lambda tf, d: tf.constant(_x(tf, d), tf.int32))
# (A float outside the unsigned range, NaN or inf has no defined cast in C++: TF's result
# depends on the CPU path taken, even on the tensor's length, so only floats in range are compared.)
case("TF: tf.cast wraps ints modulo 2**bits and truncates floats in range toward zero")(
    lambda tf, d: (
    tf.cast(tf.constant([-1, 0, 300, 70000, 2**31 - 1]), d),
    tf.cast(tf.constant([-1, 2**40 + 7], tf.int64), d),
    tf.cast(tf.constant([0.0, 1.5, 200.9, 255.0]), d),
    tf.cast(tf.constant([0.5, float(np.iinfo(d).max) // 2]), d)))
case("TF: tf.cast from unsigned to signed, float and bool keeps the bits or the value")(
    lambda tf, d: (tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.int64),
                   tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.int32),
                   tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.float32),
                   tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.float64),
                   tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.bool),
                   tf.cast(tf.constant(np.array([0, 1, np.iinfo(d).max], d)), tf.uint8)))
case("TF: tf.bitcast reinterprets the bytes (narrower: a new last axis; wider: it goes)")(
    lambda tf, d: (tf.bitcast(tf.constant([-1, 2**20], tf.int64), d),
                   tf.bitcast(tf.constant([1.0, -2.5], tf.float64), d),
                   tf.bitcast(tf.constant(np.arange(8, dtype=d)), tf.uint8)))
case("TF: tf.bitcast to a wider type needs the last axis to be the ratio")(
    lambda tf, d: tf.bitcast(tf.constant([1, 2, 3], tf.uint8), d))
case("TF: tf.bitcast of uint64 to uint32 pairs the two halves")(
    lambda tf, d: tf.bitcast(tf.constant(np.array([[1, 2]], np.uint32)), tf.uint64))
case("TF: tf.zeros, tf.ones, tf.fill, zeros_like and ones_like take unsigned dtypes")(lambda tf, d: (
    tf.zeros([2], d), tf.ones([2, 1], d), tf.fill([3], tf.constant(7, d)),
    tf.zeros_like(_x(tf, d)), tf.ones_like(_x(tf, d))))
case("TF: tf.range has CPU kernels for int32, int64 and floats only")(
    lambda tf, d: tf.range(5, dtype=d))
case("TF: tf.range of an unsigned limit")(lambda tf, d: tf.range(tf.constant(5, d)))

# -- arithmetic: the same-dtype rule; Python numbers take the tensor's dtype ------------------------
for _name in ("add", "subtract", "multiply", "floordiv", "floormod",
              "maximum", "minimum", "squared_difference", "pow", "divide", "divide_no_nan"):
    case(f"TF: tf.math.{_name} on two unsigned tensors")(_case_of(f"math.{_name}", lambda tf, d: (_y(tf, d), _x(tf, d) + 1)))
for _name in ("abs", "negative", "sign", "square", "sqrt", "reciprocal", "exp", "round", "floor",
              "is_finite", "invert_permutation"):
    case(f"TF: tf.math.{_name} of an unsigned tensor")(_case_of(f"math.{_name}", lambda tf, d: (_x(tf, d),)))
case("TF: subtraction wraps below zero; operators with Python ints")(lambda tf, d: (
    _x(tf, d) - 3, 3 - _x(tf, d), _x(tf, d) * 2, _x(tf, d) // 2, _x(tf, d) % 3, _x(tf, d) + 1))
case("TF: / of uint8 and uint16 gives float32, of uint32 and uint64 float64")(
    lambda tf, d: (_x(tf, d) / _y(tf, d), _x(tf, d) / 2, tf.math.truediv(_x(tf, d), _y(tf, d))))
case("TF: unsigned with int32 is an error (no silent promotion)")(lambda tf, d: _x(tf, d) + tf.constant([1, 2, 3, 4]))
case("TF: unary minus has no unsigned kernel")(lambda tf, d: -_x(tf, d))
case("TF: abs() has no unsigned kernel")(lambda tf, d: abs(_x(tf, d)))
case("TF: ** has no unsigned kernel")(lambda tf, d: _x(tf, d) ** 2)
case("TF: comparisons give bool")(lambda tf, d: (
    _x(tf, d) < _y(tf, d), _x(tf, d) >= 5, tf.equal(_x(tf, d), 5), tf.not_equal(_x(tf, d), _y(tf, d)),
    _x(tf, d) <= _y(tf, d), _x(tf, d) > 1))
case("TF: clip_by_value")(lambda tf, d: tf.clip_by_value(_x(tf, d), 1, 100))
case("TF: add_n and accumulate")(lambda tf, d: tf.add_n([_x(tf, d), _y(tf, d), _x(tf, d)]))

# -- reductions, scans, arg-extremes -------------------------------------------------------------
for _name in ("reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_mean", "argmax",
              "argmin", "reduce_variance", "reduce_std", "reduce_logsumexp"):
    case(f"TF: tf.math.{_name}")(_case_of(f"math.{_name}", lambda tf, d: (_m(tf, d),)))
case("TF: reductions along an axis")(lambda tf, d: (
    tf.reduce_sum(_m(tf, d), axis=0), tf.reduce_max(_m(tf, d), axis=1), tf.argmax(_m(tf, d), axis=1),
    tf.reduce_min(_m(tf, d), axis=0, keepdims=True)))

# -- data movement ---------------------------------------------------------------------------------
case("TF: reshape, transpose, expand_dims, squeeze, broadcast_to")(lambda tf, d: (
    tf.reshape(_m(tf, d), [4]), tf.transpose(_m(tf, d)), tf.expand_dims(_x(tf, d), 0),
    tf.squeeze(tf.reshape(_x(tf, d), [1, 4])), tf.broadcast_to(_x(tf, d), [2, 4])))
case("TF: concat, stack, unstack, split")(lambda tf, d: (
    tf.concat([_x(tf, d), _y(tf, d)], 0), tf.stack([_x(tf, d), _y(tf, d)]), tf.unstack(_m(tf, d)),
    tf.split(_x(tf, d), 2)))
case("TF: tile (TF 2.21's CPU kernel has no uint16 branch: UnimplementedError)")(lambda tf, d: (
    tf.tile(_x(tf, d), [1]), tf.tile(_m(tf, d), [1, 2])))
case("TF: gather, gather_nd, slicing, reverse, pad, identity")(lambda tf, d: (
    tf.gather(_x(tf, d), [3, 0]), tf.gather_nd(_m(tf, d), [[1, 0]]), _x(tf, d)[1:3], _m(tf, d)[:, 1],
    tf.reverse(_x(tf, d), [0]), tf.pad(_x(tf, d), [[1, 2]]), tf.identity(_x(tf, d)),
    tf.slice(_m(tf, d), [0, 1], [2, 1])))
case("TF: pad with a constant value")(lambda tf, d: tf.pad(_x(tf, d), [[1, 1]], constant_values=9))
case("TF: where selects; where(condition) lists coordinates")(lambda tf, d: (
    tf.where(_x(tf, d) > 1, _x(tf, d), _y(tf, d)), tf.where(tf.cast(_x(tf, d), tf.bool))))
case("TF: boolean_mask")(lambda tf, d: tf.boolean_mask(_x(tf, d), [True, False, True, False]))
case("TF: gather's indices are int16, int32 or int64 only")(lambda tf, d: (
    tf.gather([10, 20, 30], tf.constant([2, 0], d)),))
case("TF: one_hot of unsigned indices")(lambda tf, d: tf.one_hot(tf.constant([2, 0], d), 3))
case("TF: scatter_nd and tensor_scatter_nd_update/add")(lambda tf, d: (
    tf.scatter_nd([[1], [3]], tf.constant([5, 6], d), [4]),
    tf.tensor_scatter_nd_update(_x(tf, d), [[0]], tf.constant([9], d)),
    tf.tensor_scatter_nd_add(_x(tf, d), [[0]], tf.constant([9], d))))
case("TF: tensor_scatter_nd_max and min")(lambda tf, d: (
    tf.tensor_scatter_nd_max(_x(tf, d), [[0]], tf.constant([9], d)),
    tf.tensor_scatter_nd_min(_x(tf, d), [[3]], tf.constant([9], d))))

# -- segments ---------------------------------------------------------------------------------------
case("TF: tf.math.unsorted_segment_sum")(lambda tf, d: tf.math.unsorted_segment_sum(_x(tf, d), [1, 0, 1, 0], 2))

# -- more op families: sparse, pooling and images, strings, tables, matrices --------------------------
def _sparse(tf, d):
    return tf.sparse.SparseTensor([[0, 0], [1, 1]], tf.constant([1, 2], d), [2, 2])


case("TF: SparseAdd has no CPU kernel for unsigned values (NotFoundError)")(
    lambda tf, d: tf.sparse.add(_sparse(tf, d), _sparse(tf, d)))
case("TF: SparseTensorDenseMatMul has no CPU kernel for unsigned values")(
    lambda tf, d: tf.sparse.sparse_dense_matmul(_sparse(tf, d), _m(tf, d)))
case("TF: sparse to_dense and reduce_sum take unsigned values")(lambda tf, d: (
    tf.sparse.to_dense(_sparse(tf, d)), tf.sparse.reduce_sum(_sparse(tf, d))))
case("TF: max_pool2d takes uint8 and uint16, not uint32 or uint64")(
    lambda tf, d: tf.nn.max_pool2d(tf.reshape(_x(tf, d), [1, 2, 2, 1]), 2, 1, "VALID"))
case("TF: nearest-neighbour resize takes uint8 and uint16, not uint32 or uint64")(
    lambda tf, d: tf.image.resize(tf.reshape(_x(tf, d), [2, 2, 1]), [3, 3], method="nearest"))
case("TF: bilinear resize of unsigned images gives float32")(
    lambda tf, d: tf.image.resize(tf.reshape(_x(tf, d), [2, 2, 1]), [3, 3]))
case("TF: flips and convert_image_dtype scale by the dtype's max")(lambda tf, d: (
    tf.image.flip_left_right(tf.reshape(_x(tf, d), [2, 2, 1])),
    tf.image.convert_image_dtype(tf.constant(np.array([0, np.iinfo(d).max], d)), tf.float32),
    tf.image.convert_image_dtype(tf.constant([0.0, 0.25, 0.5]), d)))
case("TF: strings.as_string prints unsigned numbers")(lambda tf, d: tf.strings.as_string(_x(tf, d)))
case("TF: strings.to_number parses uint32 and uint64 (not uint8 or uint16)")(lambda tf, d: (
    tf.strings.to_number(["5", "4294967295"], d)))
case("TF: strings.to_number refuses negative and out-of-range text")(
    lambda tf, d: tf.strings.to_number("-1", d))
case("TF: StaticHashTable has no kernel for unsigned keys")(lambda tf, d: tf.lookup.StaticHashTable(
    tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], d), tf.constant([10, 20])), -1))
case("TF: integer division by zero is an InvalidArgumentError")(
    lambda tf, d: tf.math.floordiv(_x(tf, d), tf.zeros([4], d)))
case("TF: max, min and argmax see the largest values as large")(lambda tf, d: (
    tf.maximum(_x(tf, d), tf.constant(np.array([np.iinfo(d).max] * 4, d))),
    tf.argmax(tf.constant(np.array([3, np.iinfo(d).max, 0], d))),
    tf.reduce_min(tf.constant(np.array([3, np.iinfo(d).max, 0], d)))))
case("TF: max and min of nothing are the dtype's min and max")(lambda tf, d: (
    tf.reduce_max(tf.zeros([0], d)), tf.reduce_min(tf.zeros([0], d)), tf.reduce_prod(tf.zeros([0], d))))
case("TF: one_hot, eye and linalg.diag, band_part, trace with unsigned dtypes")(lambda tf, d: (
    tf.one_hot([1, 0], 3, dtype=d), tf.eye(2, dtype=d), tf.linalg.diag(_y(tf, d)),
    tf.linalg.band_part(_m(tf, d), 0, 0), tf.linalg.trace(_m(tf, d))))
case("TF: fingerprint hashes the bytes of unsigned rows")(lambda tf, d: tf.fingerprint(_m(tf, d)))
case("TF: tf.print formats unsigned tensors")(lambda tf, d: _printed(tf, _x(tf, d)))


def _printed(tf, t) -> str:
    path = os.path.join(tempfile.mkdtemp(), "out.txt")
    tf.print(t, output_stream="file://" + path)
    with open(path) as f:
        return f.read()


# -- products ----------------------------------------------------------------------------------------
case("TF: tf.matmul")(lambda tf, d: tf.matmul(_m(tf, d), _m(tf, d)))
case("TF: tf.matmul of an unsigned and an int32 tensor (T comes from the first)")(
    lambda tf, d: tf.matmul(_m(tf, d), tf.ones([2, 2], tf.int32)))
case("TF: batched tf.matmul")(lambda tf, d: tf.matmul(tf.stack([_m(tf, d)] * 2), tf.stack([_m(tf, d)] * 2)))
case("TF: tf.tensordot")(lambda tf, d: tf.tensordot(_x(tf, d), _y(tf, d), 1))
case("TF: tf.linalg.matvec")(lambda tf, d: tf.linalg.matvec(_m(tf, d), tf.constant(np.array([1, 2], d))))

# -- random draws ---------------------------------------------------------------------------------------
case("TF: tf.random.uniform with an unsigned dtype")(
    lambda tf, d: tf.random.uniform([3], maxval=10, dtype=d, seed=1))
case("TF: Generator.uniform_full_int draws every bit (Philox, seeded)")(
    lambda tf, d: tf.random.Generator.from_seed(7).uniform_full_int([5], dtype=d))
case("TF: Generator.uniform with an unsigned dtype and no bounds draws full ints")(
    lambda tf, d: tf.random.Generator.from_seed(7).uniform([5], minval=None, maxval=None, dtype=d))
case("TF: Generator.uniform with bounds and an unsigned dtype")(
    lambda tf, d: tf.random.Generator.from_seed(7).uniform([5], minval=0, maxval=10, dtype=d))
case("TF: tf.random.stateless_uniform full-range unsigned draws")(
    lambda tf, d: tf.random.stateless_uniform([5], seed=[1, 2], minval=None, maxval=None, dtype=d))
case("TF: tf.random.stateless_uniform refuses bounds with an unsigned dtype")(
    lambda tf, d: tf.random.stateless_uniform([5], seed=[1, 2], minval=0, maxval=10, dtype=d))
case("TF: tf.random.shuffle moves unsigned elements")(
    lambda tf, d: tf.reduce_sum(tf.random.shuffle(_x(tf, d), seed=3)))


# -- gradients, tf.function, tf.data, tf.io -----------------------------------------------------------
@case("TF: no gradient flows to an unsigned tensor (None)")
def _(tf, d):
    x = _x(tf, d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(x * x)
        return tape.gradient(y, x)


@case("TF: a cast to float makes the unsigned input unconnected (None)")
def _(tf, d):
    x = _x(tf, d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.cast(x, tf.float32) ** 2)
        return tape.gradient(y, x)


@case("TF: tf.function traces an unsigned TensorSpec")
def _(tf, d):
    f = tf.function(lambda t: (t + t, tf.reduce_max(t)))
    concrete = f.get_concrete_function(tf.TensorSpec([None], d))
    return f(_x(tf, d)), concrete.structured_outputs[0].dtype


@case("TF: tf.data slices, maps and batches unsigned tensors")
def _(tf, d):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1, 2, 3, 4], d)).map(lambda t: t * 2).batch(3)
    return ds.element_spec.dtype, ds.element_spec.shape, [b for b in ds]


@case("TF: serialize_tensor writes TF's DataType number; parse_tensor reads it back")
def _(tf, d):
    data = tf.io.serialize_tensor(_m(tf, d))
    return data, tf.io.parse_tensor(data, d)


@case("TF: parse_tensor refuses another dtype")
def _(tf, d):
    return tf.io.parse_tensor(tf.io.serialize_tensor(_m(tf, d)), tf.int32)


@case("TF: decode_raw reads unsigned little-endian numbers")
def _(tf, d):
    return tf.io.decode_raw(tf.constant(bytes(range(16))), d)


@case("TF: tf.Variable of an unsigned dtype; assign_add")
def _(tf, d):
    v = tf.Variable(_x(tf, d))
    v.assign_add(_y(tf, d))
    return v.dtype, v.numpy(), v.trainable


@case("TF: a checkpoint keeps an unsigned variable's dtype and values")
def _(tf, d):
    root = tf.train.Checkpoint(v=tf.Variable(_x(tf, d)))
    path = root.save(os.path.join(tempfile.mkdtemp(), "ckpt"))
    other = tf.train.Checkpoint(v=tf.Variable(tf.zeros([4], d)))
    other.restore(path)
    return other.v.read_value(), tf.train.load_variable(path, "v/.ATTRIBUTES/VARIABLE_VALUE")


@case("TF: a SavedModel's signature keeps unsigned inputs and outputs")
def _(tf, d):
    module = tf.Module()
    module.f = tf.function(lambda t: {"out": t * 2}, input_signature=[tf.TensorSpec([None], d)])
    path = os.path.join(tempfile.mkdtemp(), "model")
    tf.saved_model.save(module, path, signatures=module.f)
    loaded = tf.saved_model.load(path)
    return loaded.f(_x(tf, d)), loaded.signatures["serving_default"](t=_x(tf, d))


_REFUSALS = {"InvalidArgumentError", "NotFoundError"}


def _kind(e) -> str:
    name = type(e).__name__
    return "refused" if name in _REFUSALS else name


# Ops whose NotFoundError the engine gives as TF does (the others: InvalidArgumentError).
_NOT_FOUND_AS_TF = ("tf.matmul", "batched tf.matmul", "tf.range has", "SparseAdd",
                    "SparseTensorDenseMatMul", "StaticHashTable", "Generator.uniform with bounds")


def _message(text: str) -> str:
    text = re.sub(r"Value for attr '\w+'", "Value for attr", text)  # (see the module's docstring)
    return text.split(" is not in the list of allowed values")[0].split(" [Op:")[0]


PARAMS = [(name, d) for name in CASES for d in UNSIGNED]


@pytest.mark.parametrize("name, d", PARAMS, ids=[f"{n} [{d}]" for n, d in PARAMS])
def test_same_outcome_as_tensorflow(name, d):
    fn = CASES[name]
    theirs_kind, theirs = _outcome(real_tf, lambda tf: fn(tf, d))
    ours_kind, ours = _outcome(eng, lambda tf: fn(tf, d))
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {theirs}; we returned {ours!r}"
        assert _kind(ours) == _kind(theirs), \
            f"TF raised {type(theirs).__name__} ({_tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({_our_message(ours)})"
        if any(n in name for n in _NOT_FOUND_AS_TF):
            assert type(ours).__name__ == type(theirs).__name__, (theirs, ours)
        if type(theirs).__name__ != "NotFoundError":  # (TF lists every kernel; we name the dtype)
            tf_text, our_text = _message(_tf_message(theirs)), _message(_our_message(ours))
            assert our_text.startswith(tf_text) or tf_text.startswith(our_text), \
                f"\nTF : {_tf_message(theirs)}\nours: {_our_message(ours)}"
    else:
        assert ours_kind == "value", f"TF returned {theirs!r}; we raised {type(ours).__name__}: {ours}"
        _assert_equal(_normalise(ours), _normalise(theirs))
