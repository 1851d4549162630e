"""tf.slice, tf.gather_nd, tf.scatter_nd and tf.tensor_scatter_nd_* against TF 2.21 (the guide
"Introduction to tensor slicing"; rules: tf_compare.py): values, dtypes, CPU error messages,
gradients and tf.function, with shapes known only in part while tracing."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
M = np.arange(12, dtype=np.float32).reshape(3, 4)
CUBE = np.arange(24, dtype=np.int32).reshape(2, 3, 4)


def _grads(tf, f, *xs):
    """The gradients of sum(f(*xs) * weights) (weights not all one, so places are told apart)."""
    xs = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = f(*xs)
        loss = tf.reduce_sum(y * tf.reshape(tf.range(1.0, 1.0 + tf.cast(tf.size(y), tf.float32)),
                                            tf.shape(y)))
    return tape.gradient(loss, xs)


# -- tf.slice ----------------------------------------------------------------------------
cases("slice: a vector, a box of a matrix, of a cube")(lambda tf: (
    tf.slice(tf.constant([0, 1, 2, 3, 4, 5]), begin=[2], size=[3]),
    tf.slice(tf.constant(M), [1, 1], [2, 2]),
    tf.slice(tf.constant(CUBE), [1, 0, 2], [1, 2, 2])))
cases("slice: size -1 takes the rest; size 0 is empty")(lambda tf: (
    tf.slice(tf.constant(M), [1, 2], [-1, -1]), tf.slice(tf.constant(M), [3, 0], [-1, 2]),
    tf.slice(tf.constant(M), [1, 1], [0, 2])))
cases("slice: int64 begin and size; strings; bools")(lambda tf: (
    tf.slice(tf.constant(M), tf.constant([0, 1], tf.int64), [2, 1]),
    tf.slice(tf.constant(["a", "b", "c"]), [1], [2]),
    tf.slice(tf.constant([True, False, True]), [1], [-1])))
cases("slice: size past the end")(lambda tf: tf.slice(tf.constant(M), [1, 2], [1, 3]))
cases("slice: a negative begin")(lambda tf: tf.slice(tf.constant(M), [-1, 0], [1, 1]))
cases("slice: size -2")(lambda tf: tf.slice(tf.constant(M), [0, 0], [-2, 1]))
cases("slice: begin longer than the rank")(lambda tf: tf.slice(tf.constant(M), [0, 0, 0], [1, 1]))
cases("slice: begin int64, size int32 tensors")(lambda tf: tf.slice(
    tf.constant(M), tf.constant([0, 0], tf.int64), tf.constant([1, 1])))
cases("slice: float begin")(lambda tf: tf.slice(tf.constant(M), [0.0, 1.0], [1, 1]))

# -- tf.gather_nd ---------------------------------------------------------------------------
cases("gather_nd: rows, elements, and a matrix of places")(lambda tf: (
    tf.gather_nd(tf.constant([[0, 5], [1, 6], [2, 7]]), indices=[[2], [0]]),
    tf.gather_nd(tf.constant(CUBE), [[0, 0, 0], [1, 2, 1]]),
    tf.gather_nd(tf.constant(CUBE), [[[0, 0], [0, 2]], [[1, 0], [1, 2]]]),
    tf.gather_nd(tf.constant(CUBE), [[0, 0], [0, 2], [1, 0], [1, 2]])))
cases("gather_nd: a NumPy int64 array, int64 and int16 indices, strings")(lambda tf: (
    tf.gather_nd(np.arange(18).reshape(2, 3, 3), [[1, 2, 1]]),
    tf.gather_nd(tf.constant(M), tf.constant([[2, 3], [0, 0]], tf.int64)),
    tf.gather_nd(tf.constant(M), tf.constant([[1]], tf.int16)),
    tf.gather_nd(tf.constant([["a", "b"], ["c", "d"]]), [[1, 0], [0, 1]])))
cases("gather_nd: empty coordinates pick the whole tensor")(lambda tf: tf.gather_nd(
    tf.constant([[1, 2], [3, 4]]), tf.zeros([3, 0], tf.int32)))
cases("gather_nd: batch_dims=1 rows and elements")(lambda tf: (
    tf.gather_nd(tf.constant(CUBE), [[1], [0]], batch_dims=1),
    tf.gather_nd(tf.constant(CUBE), [[[1, 2], [0, 0]], [[2, 3], [1, 1]]], batch_dims=1)))
cases("gather_nd: batch_dims=2")(lambda tf: tf.gather_nd(
    tf.constant(CUBE), [[[3], [0], [1]], [[2], [2], [0]]], batch_dims=2))
cases("gather_nd: batch_dims not less than the rank of indices")(lambda tf: tf.gather_nd(
    tf.constant(CUBE), [[1], [0]], batch_dims=2))
cases("gather_nd: an index out of range")(lambda tf: tf.gather_nd(tf.constant([1, 2, 3]), [[1], [5]]))
cases("gather_nd: a negative index")(lambda tf: tf.gather_nd(tf.constant(M), [[0, 0], [-1, 2]]))
cases("gather_nd: out of range within a batch")(lambda tf: tf.gather_nd(
    tf.constant(CUBE), [[1], [7]], batch_dims=1))
cases("gather_nd: more coordinates than dimensions")(lambda tf: tf.gather_nd(
    tf.constant([1, 2, 3]), [[1, 1]]))
cases("gather_nd: a scalar index")(lambda tf: tf.gather_nd(tf.constant([1, 2, 3]), 1))
cases("gather_nd: float indices")(lambda tf: tf.gather_nd(tf.constant([1, 2, 3]), [[1.0]]))

# -- tf.scatter_nd ------------------------------------------------------------------------
cases("scatter_nd: elements into a vector, the shape as a tensor")(lambda tf: tf.scatter_nd(
    indices=tf.constant([[1], [3], [5], [7], [9]]), updates=tf.constant([2, 4, 6, 8, 10]),
    shape=tf.constant([10])))
cases("scatter_nd: repeated places add up")(lambda tf: (
    tf.scatter_nd([[1], [3], [1]], [1.5, 2.0, 3.0], [5]),
    tf.scatter_nd([[0, 1], [0, 1], [2, 0]], [1, 2, 3], [3, 2])))
cases("scatter_nd: rows; int64 indices with a list shape")(lambda tf: (
    tf.scatter_nd([[0], [2]], [[1, 2], [3, 4]], [3, 2]),
    tf.scatter_nd(tf.constant([[1], [3]], tf.int64), [1.0, 2.0], [4])))
@cases("scatter_nd: gather_nd then scatter_nd back: a sparse copy")
def _(tf):
    places = tf.constant([[0, 2], [2, 1], [3, 3]])
    picked = tf.gather_nd(tf.reshape(tf.range(20), [4, 5]), indices=places)
    return tf.scatter_nd(indices=places, updates=picked, shape=tf.constant([4, 5]))


cases("scatter_nd: bools and strings")(lambda tf: (
    tf.scatter_nd([[0], [0]], [True, True], [2]), tf.scatter_nd([[1]], ["x"], [3])))
cases("scatter_nd: an index out of range")(lambda tf: tf.scatter_nd([[1], [7]], [1, 2], [5]))
cases("scatter_nd: a negative index")(lambda tf: tf.scatter_nd([[1], [-1]], [1, 2], [5]))
cases("scatter_nd: updates of the wrong length")(lambda tf: tf.scatter_nd([[1], [3]], [1, 2, 3], [5]))
cases("scatter_nd: rows of the wrong width")(lambda tf: tf.scatter_nd([[0]], [[3.0, 4.0, 5.0]], [2, 2]))
cases("scatter_nd: int64 indices, int32 shape tensor")(lambda tf: tf.scatter_nd(
    tf.constant([[1]], tf.int64), [1], tf.constant([5])))
cases("scatter_nd: places without coordinates")(lambda tf: tf.scatter_nd(
    tf.zeros([2, 0], tf.int32), [[1, 2], [3, 4]], [2]))
cases("scatter_nd: into a scalar")(lambda tf: tf.scatter_nd([[0]], [3.0], tf.zeros([0], tf.int32)))
cases("tensor_scatter_nd_add: places without coordinates")(lambda tf: tf.tensor_scatter_nd_add(
    tf.constant([1, 1]), tf.zeros([2, 0], tf.int32), [[1, 2], [3, 4]]))
cases("scatter_nd: a negative dimension")(lambda tf: tf.scatter_nd([[0]], [3.0], [-2]))

# -- tf.tensor_scatter_nd_* ------------------------------------------------------------------
T11 = [[2, 7, 0], [9, 0, 1], [0, 3, 8]]
cases("tensor_scatter_nd_add and _sub: a magic square, an identity")(lambda tf: (
    tf.tensor_scatter_nd_add(tf.constant(T11), [[0, 2], [1, 1], [2, 0]], [6, 5, 4]),
    tf.tensor_scatter_nd_sub(tf.constant(T11), [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1],
                                                [2, 2]], [1, 7, 9, -1, 1, 3, 7])))
cases("tensor_scatter_nd_min and _max")(lambda tf: (
    tf.tensor_scatter_nd_min(-tf.constant(T11), [[0, 2], [1, 1], [2, 0]], [-6, -5, -4]),
    tf.tensor_scatter_nd_max(-tf.constant(T11), [[0, 2], [1, 1], [2, 0]], [6, 5, 4]),
    tf.tensor_scatter_nd_max(tf.constant([1.0, 2.0]), [[0], [0]], [3.0, -1.0])))
cases("tensor_scatter_nd_update: elements, rows, strings, int64 indices")(lambda tf: (
    tf.tensor_scatter_nd_update(tf.constant(M), [[0, 0], [2, 3]], [-1.0, -2.0]),
    tf.tensor_scatter_nd_update(tf.constant(M), [[1]], [[7.0, 7.0, 7.0, 7.0]]),
    tf.tensor_scatter_nd_update(tf.constant(["a", "b"]), [[1]], ["z"]),
    tf.tensor_scatter_nd_update(tf.constant([1, 2, 3]), tf.constant([[2]], tf.int64), [0])))
cases("tensor_scatter_nd_add: repeated places add up")(lambda tf: tf.tensor_scatter_nd_add(
    tf.constant([1, 2, 3]), [[0], [0], [2]], [10, 5, 1]))
cases("tensor_scatter_nd_update: an index out of range")(lambda tf: tf.tensor_scatter_nd_update(
    tf.constant(M), [[0, 0], [1, 5]], [9.0, 8.0]))
cases("tensor_scatter_nd_update: updates do not match the indices")(
    lambda tf: tf.tensor_scatter_nd_update(tf.constant(M), [[0, 0], [1, 1]], [9.0, 8.0, 7.0]))
cases("tensor_scatter_nd_update: rows of the wrong width")(lambda tf: tf.tensor_scatter_nd_update(
    tf.constant([[1.0, 2.0]]), [[0]], [[3.0, 4.0, 5.0]]))
cases("tensor_scatter_nd_update: float updates into int32")(lambda tf: tf.tensor_scatter_nd_update(
    tf.constant([1, 2]), [[0]], [9.0]))
cases("tensor_scatter_nd_add: updates of another dtype")(lambda tf: tf.tensor_scatter_nd_add(
    tf.constant([1.0, 2.0]), [[0]], tf.constant([3])))
cases("tensor_scatter_nd_min: int16 indices")(lambda tf: tf.tensor_scatter_nd_min(
    tf.constant([1, 2]), tf.constant([[0]], tf.int16), [0]))

# -- tf.gather with batch_dims ------------------------------------------------------------------
cases("gather: batch_dims with axis None, axis 2, batch_dims -1")(lambda tf: (
    tf.gather(tf.constant(CUBE), [[1, 0], [2, 2]], batch_dims=1),
    tf.gather(tf.constant(CUBE), [[1, 0], [2, 3]], axis=2, batch_dims=1),
    tf.gather(tf.constant(CUBE), [[1, 0], [2, 3]], axis=-1, batch_dims=-1)))
cases("gather: batch sizes differ")(lambda tf: tf.gather(
    tf.constant(CUBE), [[1, 0], [2, 2], [0, 0]], axis=1, batch_dims=1))
cases("strided_slice with masks")(lambda tf: (
    tf.strided_slice(tf.constant(M), [0, 1], [2, 4], [1, 2]),
    tf.strided_slice(tf.constant(M), [1, 1], [2, 3], [1, 1], begin_mask=1, shrink_axis_mask=2),
    tf.strided_slice(tf.constant(CUBE), [0, 1], [1, 2], ellipsis_mask=1, new_axis_mask=2)))


# -- gradients ------------------------------------------------------------------------------
cases("gradient of slice: dy padded back")(lambda tf: _grads(
    tf, lambda x: tf.slice(x, [1, 1], [-1, 2]), M))
cases("gradient of gather_nd: repeats add up; with batch_dims")(lambda tf: (
    _grads(tf, lambda x: tf.gather_nd(x, [[0, 1], [2, 3], [0, 1]]), M),
    _grads(tf, lambda x: tf.gather_nd(x, [[[1]], [[0]]], batch_dims=1), M.reshape(2, 3, 2))))
cases("gradient of scatter_nd: the updates read dy")(lambda tf: _grads(
    tf, lambda v: tf.scatter_nd([[1, 0], [2, 2], [1, 0]], v, [3, 3]), np.float32([1, 2, 3])))
cases("gradient of tensor_scatter_nd_update: overwritten places get none")(lambda tf: _grads(
    tf, lambda x, v: tf.tensor_scatter_nd_update(x, [[0, 1], [2, 0], [0, 1]], v), M,
    np.float32([1, 2, 3])))
cases("gradient of tensor_scatter_nd_add and _sub")(lambda tf: (
    _grads(tf, lambda x, v: tf.tensor_scatter_nd_add(x, [[1], [1]], v), M, M[:2] + 1),
    _grads(tf, lambda x, v: tf.tensor_scatter_nd_sub(x, [[2, 0]], v), M, np.float32([4]))))
cases("gradient of tensor_scatter_nd_min and _max: ties share")(lambda tf: (
    _grads(tf, lambda x, v: tf.tensor_scatter_nd_max(x, [[0, 0], [0, 1], [1, 1], [0, 1]], v), M,
           np.float32([4, 1, -3, 0.5])),
    _grads(tf, lambda x, v: tf.tensor_scatter_nd_min(x, [[0, 0], [0, 1], [1, 1]], v), M,
           np.float32([0, 1, 9]))))
cases("gradient of gather with batch_dims")(lambda tf: _grads(
    tf, lambda x: tf.gather(x, [[1, 0, 1], [2, 2, 0]], axis=1, batch_dims=1), M[:2].reshape(2, 3, 2)))


# -- inside tf.function -------------------------------------------------------------------------
@cases("tf.function: shapes known in part while tracing, then the values")
def _(tf):
    specs = {
        "gather_nd rows": (lambda p, i: tf.gather_nd(p, i),
                           [tf.TensorSpec([None, 4]), tf.TensorSpec([None, 1], tf.int32)]),
        "gather_nd elements": (lambda p, i: tf.gather_nd(p, i),
                               [tf.TensorSpec([None, 4]), tf.TensorSpec([None, 2], tf.int32)]),
        "slice with begin a tensor": (lambda x, b: tf.slice(x, b, [1, -1]),
                                      [tf.TensorSpec([None, 4]), tf.TensorSpec([2], tf.int32)]),
        "slice known begin": (lambda x: tf.slice(x, [1, 1], [1, -1]), [tf.TensorSpec([None, 4])]),
        "scatter_nd into tf.shape": (lambda i, v, x: tf.scatter_nd(i, v, tf.shape(x)),
                                     [tf.TensorSpec([None, 1], tf.int32), tf.TensorSpec([None, 4]),
                                      tf.TensorSpec([None, 4])]),
        "tensor_scatter_nd_update": (lambda t, i, v: tf.tensor_scatter_nd_update(t, i, v),
                                     [tf.TensorSpec([None, 4]), tf.TensorSpec([None, 1], tf.int32),
                                      tf.TensorSpec([None, 4])]),
    }
    shapes = {name: tf.function(f).get_concrete_function(*s).outputs[0].shape
              for name, (f, s) in specs.items()}
    m, rows = tf.constant(M), tf.constant([[2], [0]])
    values = [tf.function(specs["gather_nd rows"][0])(m, rows),
              tf.function(specs["slice with begin a tensor"][0])(m, tf.constant([1, 2])),
              tf.function(specs["scatter_nd into tf.shape"][0])(rows, m[:2], m),
              tf.function(specs["tensor_scatter_nd_update"][0])(m, rows, -m[:2])]
    return shapes, values


@cases("tf.function: an index out of range is found when the graph runs")
def _(tf):
    @tf.function
    def f(x):
        return tf.gather_nd(x, [[5]])
    try:
        f(tf.constant([1, 2, 3]))
    except tf.errors.InvalidArgumentError as e:  # (TF's text first says where the node was made)
        line = next(line for line in str(e).splitlines() if "does not index" in line)
        return line.split(", node name")[0].split(" [Op:")[0].strip()


@cases("tf.function: a training step through gather_nd and tensor_scatter_nd_add")
def _(tf):
    w = tf.Variable(M)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            picked = tf.gather_nd(w, [[0, 1], [2, 2]])
            y = tf.tensor_scatter_nd_add(tf.zeros([3]), [[0], [2]], picked * picked)
            loss = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0]))
        g = tape.gradient(loss, w)
        w.assign_sub(0.01 * g)
        return loss, g
    return step(), step(), w


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
