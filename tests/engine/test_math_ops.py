"""Arithmetic, comparison and logic ops: values against NumPy, dtype rules against TF.

Each TF rule is stated in the test's name or docstring. Values are checked
against NumPy in every dtype the op accepts.
"""
from __future__ import annotations

import operator

import numpy as np
import pytest

import course.engine as tf

RNG = np.random.default_rng(3)
FLOATS = [np.float16, np.float32, np.float64]
SIGNED_INTS = [np.int8, np.int16, np.int32, np.int64]
INTS = SIGNED_INTS + [np.uint8]
NUMERIC = FLOATS + INTS


def sample(np_dtype, shape=(3, 4), positive=False):
    if np.dtype(np_dtype).kind == "f":
        low = 0.5 if positive else -3.0
        return RNG.uniform(low, 3.0, size=shape).astype(np_dtype)
    low = 1 if positive or np.dtype(np_dtype).kind == "u" else -5
    return RNG.integers(low, 6, size=shape).astype(np_dtype)


def assert_same(t, expected, rtol=None):
    """t's dtype and values are NumPy's `expected` (floats within float16/32 rounding)."""
    expected = np.asarray(expected)
    assert isinstance(t, tf.Tensor)
    assert t.dtype is tf.as_dtype(expected.dtype), (t.dtype, expected.dtype)
    assert t.shape == expected.shape
    if expected.dtype.kind == "f":
        tol = rtol or {2: 2e-3, 4: 1e-6, 8: 1e-12}[expected.dtype.itemsize]
        np.testing.assert_allclose(t.numpy(), expected, rtol=tol, atol=tol)
    else:
        np.testing.assert_array_equal(t.numpy(), expected)


BINARY = [
    # (public function, NumPy reference, dtypes, positive y)
    ("add", tf.add, np.add, NUMERIC, False),
    ("subtract", tf.subtract, np.subtract, NUMERIC, False),
    ("multiply", tf.multiply, np.multiply, NUMERIC, False),
    ("maximum", tf.maximum, np.maximum, NUMERIC, False),
    ("minimum", tf.minimum, np.minimum, NUMERIC, False),
    ("floordiv", tf.math.floordiv, np.floor_divide, NUMERIC, True),
    ("floormod", tf.math.floormod, np.mod, NUMERIC, True),
    ("mod", tf.math.mod, np.mod, NUMERIC, True),
    ("squared_difference", tf.math.squared_difference, lambda x, y: np.square(x - y),
     FLOATS + [np.int32, np.int64], False),
    ("pow", tf.pow, np.power, FLOATS + SIGNED_INTS, True),
]


@pytest.mark.parametrize("name, f, ref, kinds, positive", BINARY, ids=[b[0] for b in BINARY])
def test_binary_ops_match_numpy_in_every_dtype(name, f, ref, kinds, positive):
    """Same dtype in, same dtype out (TF never promotes), values as NumPy with broadcasting."""
    for np_dtype in kinds:
        x = sample(np_dtype, (3, 4), positive=name == "pow")
        y = sample(np_dtype, (4,), positive=positive)
        if name == "pow" and np.dtype(np_dtype).kind == "i":
            y = RNG.integers(0, 3, size=(4,)).astype(np_dtype)
        with np.errstate(all="ignore"):
            expected = ref(x, y).astype(np_dtype)
        assert_same(f(tf.constant(x), tf.constant(y)), expected)


@pytest.mark.parametrize("np_dtype", NUMERIC, ids=lambda d: np.dtype(d).name)
def test_operators_are_the_ops(np_dtype):
    """+ - * // % ** @ and unary -, abs() call the same ops as the functions."""
    x, y = sample(np_dtype, (3, 3), positive=True), sample(np_dtype, (3, 3), positive=True)
    a, b = tf.constant(x), tf.constant(y)
    assert_same(a + b, x + y)
    assert_same(a - b, (x - y).astype(np_dtype))
    assert_same(a * b, x * y)
    assert_same(a // b, x // y)
    assert_same(a % b, x % y)
    assert_same(2 + a, (2 + x).astype(np_dtype))
    assert_same(a * 2, (x * 2).astype(np_dtype))
    if np.dtype(np_dtype).kind != "u":
        assert_same(-a, -x)
        assert_same(abs(a), np.abs(x))
    if np_dtype not in (np.uint8,):
        assert_same(a ** 2, (x ** 2).astype(np_dtype))
    if np_dtype in (np.float16, np.float32, np.float64, np.int32, np.int64):
        assert_same(a @ b, np.matmul(x, y))


@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge,
                                operator.eq, operator.ne])
def test_comparisons_give_bool_tensors(op):
    x, y = sample(np.int32), sample(np.int32)
    assert_same(op(tf.constant(x), tf.constant(y)), op(x, y))
    assert_same(op(tf.constant(x.astype(np.float32)), 1.5), op(x.astype(np.float32), 1.5))


def test_comparison_functions():
    x, y = sample(np.float32), sample(np.float32)
    for f, ref in [(tf.equal, np.equal), (tf.not_equal, np.not_equal), (tf.less, np.less),
                   (tf.less_equal, np.less_equal), (tf.greater, np.greater),
                   (tf.greater_equal, np.greater_equal)]:
        assert_same(f(x, y), ref(x, y))
    assert tf.math.equal is tf.equal


def test_logic_ops_on_bool_tensors():
    a = tf.constant([True, True, False, False])
    b = tf.constant([True, False, True, False])
    assert tf.logical_and(a, b).numpy().tolist() == [True, False, False, False]
    assert tf.logical_or(a, b).numpy().tolist() == [True, True, True, False]
    assert tf.logical_not(a).numpy().tolist() == [False, False, True, True]
    assert tf.math.logical_xor(a, b).numpy().tolist() == [False, True, True, False]
    assert (a & b).numpy().tolist() == [True, False, False, False]
    assert (a | b).numpy().tolist() == [True, True, True, False]
    assert (a ^ b).numpy().tolist() == [False, True, True, False]
    assert (~a).numpy().tolist() == [False, False, True, True]


UNARY = [
    ("negative", tf.negative, np.negative, FLOATS + SIGNED_INTS, False),
    ("abs", tf.abs, np.abs, FLOATS + SIGNED_INTS, False),
    ("sign", tf.sign, np.sign, FLOATS + SIGNED_INTS, False),
    ("square", tf.square, np.square, NUMERIC, False),
    ("exp", tf.exp, np.exp, FLOATS, False),
    ("log", tf.math.log, np.log, FLOATS, True),
    ("log1p", tf.math.log1p, np.log1p, FLOATS, True),
    ("sqrt", tf.sqrt, np.sqrt, FLOATS, True),
    ("rsqrt", tf.math.rsqrt, lambda x: 1 / np.sqrt(x), FLOATS, True),
    ("reciprocal", tf.math.reciprocal, np.reciprocal, FLOATS, True),
    ("sin", tf.sin, np.sin, FLOATS, False),
    ("cos", tf.cos, np.cos, FLOATS, False),
    ("floor", tf.floor, np.floor, FLOATS, False),
    ("ceil", tf.math.ceil, np.ceil, FLOATS, False),
    ("round", tf.round, np.round, NUMERIC, False),
    ("sigmoid", tf.sigmoid, lambda x: 1 / (1 + np.exp(-x)), FLOATS, False),
    ("tanh", tf.tanh, np.tanh, FLOATS, False),
    ("relu", tf.nn.relu, lambda x: np.maximum(x, 0), NUMERIC, False),
]


@pytest.mark.parametrize("name, f, ref, kinds, positive", UNARY, ids=[u[0] for u in UNARY])
def test_unary_ops_match_numpy_in_every_dtype(name, f, ref, kinds, positive):
    for np_dtype in kinds:
        x = sample(np_dtype, positive=positive)
        assert_same(f(tf.constant(x)), ref(x).astype(np_dtype))


@pytest.mark.parametrize("f", [tf.exp, tf.sqrt, tf.math.log, tf.sin, tf.sigmoid],
                         ids=lambda f: f.__name__)
def test_float_only_ops_reject_integers(f):
    """TF: exp, sqrt, log, sin, sigmoid take floats only (InvalidArgumentError, attr 'T')."""
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Value for attr 'T' of int32 is not in the list of allowed values: "
                             r"half, float, double"):
        f(tf.constant([1, 2]))


def test_round_is_half_to_even():
    """TF: tf.round rounds half to even (banker's rounding)."""
    assert tf.round(tf.constant([0.5, 1.5, 2.5, -0.5])).numpy().tolist() == [0.0, 2.0, 2.0, -0.0]


def test_special_float_values_need_no_warnings():
    """TF returns inf/nan silently: log(0) = -inf, sqrt(-1) = nan, 1/0 = inf."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tf.math.log(tf.constant([0.0])).numpy()[0] == -np.inf
        assert np.isnan(tf.sqrt(tf.constant([-1.0])).numpy()[0])
        assert (tf.constant([1.0, -1.0]) / 0.0).numpy().tolist() == [np.inf, -np.inf]


# -- TF's dtype rules ------------------------------------------------------------------
@pytest.mark.parametrize("a, b, first, second", [
    (tf.constant([1, 2]), tf.constant([1.0, 2.0]), "int32", "float"),
    (tf.constant([1, 2]), tf.constant([1, 2], tf.int64), "int32", "int64"),
    (tf.constant([1.0]), tf.constant([1.0], tf.float64), "float", "double"),
    (tf.constant([1.0], tf.float16), tf.constant([1.0]), "half", "float"),
])
def test_no_silent_promotion_between_tensor_dtypes(a, b, first, second):
    """TF: mixing dtypes is an InvalidArgumentError naming both (int32 + float32 fails)."""
    msg = (f"cannot compute AddV2 as input #1\\(zero-based\\) was expected to be a {first} "
           f"tensor but is a {second} tensor \\[Op:AddV2\\]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=msg):
        a + b
    with pytest.raises(tf.errors.InvalidArgumentError, match=msg.replace("AddV2", "Mul")):
        tf.multiply(a, b)


def test_dtype_error_suggests_a_cast():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"tf\.cast"):
        tf.constant([1, 2]) + tf.constant([1.0, 2.0])


def test_python_scalars_take_the_tensor_dtype():
    """TF: `t + 1` adds a 1 of t's dtype; True is 1; uint8 wraps out-of-range ints."""
    assert_same(tf.constant([1.0], tf.float16) + 1, np.array([2.0], np.float16))
    assert_same(tf.constant([1, 2], tf.int64) * 3, np.array([3, 6], np.int64))
    assert_same(tf.constant([1, 2]) + True, np.array([2, 3], np.int32))
    assert_same(tf.constant([1, 2], tf.uint8) + 300, np.array([45, 46], np.uint8))
    assert_same(tf.constant([1, 2], tf.uint8) - 3, np.array([254, 255], np.uint8))
    assert_same(2 ** tf.constant([2, 3]), np.array([4, 8], np.int32))
    assert_same(tf.constant([1.0, 2.0]) + np.float64(1), np.array([2.0, 3.0], np.float32))


def test_int_tensor_plus_python_float_raises():
    """TF: a Python float cannot become an int, so int_tensor + 1.5 is an error."""
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="expected to be a int32 tensor but is a float tensor"):
        tf.constant([1, 2]) + 1.5


def test_numpy_operands_are_converted_to_the_tensor_dtype():
    """TF: a NumPy operand is converted to the tensor's dtype, as NumPy casts (1.5 -> 1)."""
    assert_same(tf.constant([1.0, 2.0]) + np.array([1.0, 2.0]), np.array([2.0, 4.0], np.float32))
    assert_same(np.array([1.0, 2.0]) + tf.constant([1.0, 2.0]), np.array([2.0, 4.0], np.float32))
    assert_same(tf.constant([1, 2]) + np.array([1.5, 2]), np.array([2, 4], np.int32))
    assert_same(tf.constant([1, 2], tf.uint8) + np.array([-1]), np.array([0, 1], np.uint8))


@pytest.mark.parametrize("np_dtype, result", [
    (np.int8, np.float32), (np.int16, np.float32), (np.uint8, np.float32),
    (np.int32, np.float64), (np.int64, np.float64),
    (np.float16, np.float16), (np.float32, np.float32), (np.float64, np.float64),
])
def test_truediv_dtype_rule(np_dtype, result):
    """TF: int8/int16/uint8 divide in float32, int32/int64 in float64, floats keep theirs."""
    x, y = np.array([1, 7], np_dtype), np.array([2, 2], np_dtype)
    expected = (x.astype(result) / y.astype(result)).astype(result)
    assert_same(tf.constant(x) / tf.constant(y), expected)
    assert_same(tf.truediv(x, y), expected)
    assert_same(tf.divide(tf.constant(x), 2), expected)
    assert_same(tf.math.truediv(x, y), expected)


def test_truediv_of_different_dtypes_is_a_type_error():
    """TF: `x` and `y` must have the same dtype, got tf.int32 != tf.float32 (TypeError)."""
    with pytest.raises(TypeError, match="`x` and `y` must have the same dtype, got tf.int32 != "
                                        "tf.float32"):
        tf.constant([1, 2]) / tf.constant([1.0, 2.0])
    with pytest.raises(TypeError, match="Invalid dtype .*bool.* in __truediv__"):
        tf.constant([True]) / tf.constant([True])


def test_integer_division_by_zero_is_an_error_float_division_is_not():
    """TF: int // 0 and int % 0 raise InvalidArgumentError; int / 0 and float // 0 give inf/nan."""
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Integer division by zero \[Op:FloorDiv\]"):
        tf.constant([1, 2]) // 0
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Integer division by zero \[Op:FloorMod\]"):
        tf.constant([1, 2]) % 0
    assert (tf.constant([1, 2]) / 0).numpy().tolist() == [np.inf, np.inf]
    assert (tf.constant([1.0]) // 0.0).numpy()[0] == np.inf
    assert np.isnan((tf.constant([1.0]) % 0.0).numpy()[0])


def test_floordiv_and_floormod_follow_python_sign_rules():
    """TF: -7 // 2 == -4 and -7 % 3 == 2 (the sign of the divisor), as in Python."""
    x = tf.constant([-7, 7, -7, 7])
    assert (x // tf.constant([2, 2, -2, -2])).numpy().tolist() == [-4, 3, 3, -4]
    assert (x % tf.constant([3, 3, -3, -3])).numpy().tolist() == [2, 1, -1, -2]
    assert (tf.constant([-7.5, 7.5]) // 2.0).numpy().tolist() == [-4.0, 3.0]
    assert (tf.constant([-7.5, 7.5]) % 2.0).numpy().tolist() == [0.5, 1.5]
    assert (tf.constant([-7.5, 7.5]) % -2.0).numpy().tolist() == [-1.5, -0.5]
    for a in range(-7, 8):
        for b in (-3, -2, 2, 3):
            assert int(tf.math.floordiv(a, b)) == a // b and int(tf.math.floormod(a, b)) == a % b


def test_integer_to_negative_power_is_an_error():
    """TF: Integers to negative integer powers are not allowed (InvalidArgumentError)."""
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Integers to negative integer powers are not allowed \[Op:Pow\]"):
        tf.constant([2, 3]) ** -1
    assert_same(tf.constant([2.0, 4.0]) ** -1, np.array([0.5, 0.25], np.float32))


def test_ops_reject_dtypes_tf_rejects():
    """TF's allowed lists: no arithmetic on bool, no Neg/Abs/Sign/Pow on uint8."""
    for f in (lambda: tf.constant([True]) + 1, lambda: tf.square(tf.constant([True])),
              lambda: tf.maximum(tf.constant([True]), tf.constant([False]))):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool"):
            f()
    for f in (tf.negative, tf.abs, tf.sign):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of uint8"):
            f(tf.constant([1], tf.uint8))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of uint8"):
        tf.pow(tf.constant([2], tf.uint8), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of int8"):
        tf.math.squared_difference(tf.constant([1], tf.int8), tf.constant([2], tf.int8))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool"):
        tf.constant([True]) < tf.constant([False])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of int32 is not "
                                                             "in the list of allowed values: bool"):
        tf.logical_and(tf.constant([1]), tf.constant([1]))


def test_error_hints_do_not_claim_floats_are_needed_when_ints_are_allowed():
    """A bool into AddV2 (which takes ints) must not be told to cast to float32."""
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.constant([True]) + tf.constant([True])
    assert "needs floating point" not in str(info.value)


# -- matmul --------------------------------------------------------------------------------
@pytest.mark.parametrize("a_shape, b_shape, ta, tb", [
    ((2, 3), (3, 4), False, False), ((3, 2), (3, 4), True, False), ((2, 3), (4, 3), False, True),
    ((3, 2), (4, 3), True, True), ((5, 2, 3), (5, 3, 4), False, False),
    ((2, 1, 2, 3), (4, 3, 2), False, False), ((2, 3), (4, 3, 2), False, False),
    ((5, 3, 2), (4, 3), True, True), ((1, 2, 3), (6, 3, 1), False, False),
])
def test_matmul_matches_numpy_with_batch_broadcasting_and_transposes(a_shape, b_shape, ta, tb):
    """TF: batch dimensions broadcast; transpose_a/b swap the last two axes first."""
    a, b = sample(np.float64, a_shape), sample(np.float64, b_shape)
    ea = np.swapaxes(a, -1, -2) if ta else a
    eb = np.swapaxes(b, -1, -2) if tb else b
    assert_same(tf.matmul(a, b, transpose_a=ta, transpose_b=tb), np.matmul(ea, eb))
    assert_same(tf.linalg.matmul(a, b, transpose_a=ta, transpose_b=tb), np.matmul(ea, eb))


def test_matmul_integer_dtypes_follow_tf_kernels():
    """TF: MatMul takes int32/int64 but not int8/int16/uint8; BatchMatMulV2 adds int16."""
    x = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_same(tf.constant(x) @ tf.constant(x.T), x @ x.T)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of int8"):
        tf.matmul(tf.ones([2, 3], tf.int8), tf.ones([3, 4], tf.int8))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"of int16 .*\[Op:MatMul\]"):
        tf.matmul(tf.ones([2, 3], tf.int16), tf.ones([3, 4], tf.int16))
    assert tf.matmul(tf.ones([2, 2, 3], tf.int16), tf.ones([2, 3, 4], tf.int16)).dtype is tf.int16


def test_matmul_errors_name_the_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[2,3\] "
                             r"\[Op:MatMul\]"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"In\[0\] and In\[1\] must have compatible batch dimensions: "
                             r"\[5,2,3\] vs. \[4,3,1\] \[Op:BatchMatMulV2\]"):
        tf.matmul(tf.ones([5, 2, 3]), tf.ones([4, 3, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"In\[0\] and In\[1\] ndims must be == 2: 1 \[Op:MatMul\]"):
        tf.constant([1, 2]) @ tf.constant([1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"tf\.multiply"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))


def test_broadcasting_error_names_both_shapes_and_the_op():
    """TF: Incompatible shapes: [2] vs. [3] [Op:Mul], plus how to line shapes up."""
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Mul\]"):
        tf.constant([1.0, 2.0]) * tf.constant([1.0, 2.0, 3.0])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Incompatible shapes: \[1,2\] vs. \[3,3\] \[Op:Sub\](.|\n)*expand_dims"):
        tf.constant([[1.0, 2.0]]) - tf.ones([3, 3])


def test_add_n_sums_a_list():
    from course.engine.ops.math_ops import add_n
    assert_same(add_n([tf.constant([1, 2]), tf.constant([10, 20]), tf.constant([100, 200])]),
                np.array([111, 222], np.int32))
