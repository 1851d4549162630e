"""tf.sparse arithmetic, SparseTensorSpec, and datasets of SparseTensors against TF 2.21.

TF's rules (the sparse_tensor and data guides, and the kernels SparseAdd,
SparseTensorDenseMatMul, SparseSlice, SparseReduceMax/Sum):
- `sparse.add` merges two lists of entries in row-major order; where both have an
  entry the sum is kept only if its magnitude reaches `threshold`; sparse + dense is dense;
- `sparse_dense_matmul` is A @ B with A sparse (adjoints transpose), repeated entries add;
- `sparse.slice` keeps the entries inside the box, moved to start at 0, and cuts the
  box where the tensor ends; `sparse.transpose` permutes indices, then reorders;
- `sparse.reduce_max`/`reduce_sum` reduce the stored values of each group (not the
  implicit zeros); an empty group gives 0;
- `sparse * dense` and `sparse / dense` keep the sparse entries; `map_values` maps the values;
- a SparseTensor is one dataset leaf with a `SparseTensorSpec`: from_tensor_slices gives
  its rows, batch stacks rows (a new first dimension), unbatch undoes it, map traces with it;
  a SparseTensor argument of a tf.function is keyed by its SparseTensorSpec;
- Keras: `Input(sparse=True)` takes a SparseTensor, which `Dense` multiplies with its kernel,
  and `predict` slices into batches of rows.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _parts(sp):
    return sp.indices, sp.values, sp.dense_shape


def _a(tf):
    return tf.sparse.SparseTensor(indices=[[0, 2], [3, 4]], values=[31, 2], dense_shape=[4, 10])


def _b(tf):
    return tf.sparse.SparseTensor(indices=[[0, 2], [3, 0]], values=[56, 38], dense_shape=[4, 10])


cases("the guide's sparse.add: the common entry summed, entries in row-major order")(
    lambda tf: (_parts(tf.sparse.add(_a(tf), _b(tf))), str(tf.sparse.add(_a(tf), _b(tf)))))
cases("sparse.add with a threshold drops small sums of common entries only")(lambda tf: _parts(
    tf.sparse.add(tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 1]], [1.0, 2.0, 0.1], [2, 2]),
                  tf.sparse.SparseTensor([[0, 0], [0, 1]], [-1.0, 0.5], [2, 2]), threshold=1.0)))
cases("sparse.add of a SparseTensor and a dense tensor is dense")(lambda tf: (
    tf.sparse.add(_a(tf), tf.ones([4, 10], tf.int32)),
    tf.sparse.add(tf.ones([4, 10], tf.int32), _b(tf))))
cases("sparse.add of different dense shapes: TF's InvalidArgumentError")(lambda tf: tf.sparse.add(
    _a(tf), tf.sparse.SparseTensor([[0, 0]], [1], [4, 9])))
cases("the guide's sparse_dense_matmul")(lambda tf: tf.sparse.sparse_dense_matmul(
    tf.sparse.SparseTensor(indices=([0, 1], [1, 0], [1, 1]), values=[13, 15, 17],
                           dense_shape=(2, 2)), tf.constant([[4], [6]])))
cases("sparse_dense_matmul with adjoints, and dense @ sparse")(lambda tf: (
    tf.sparse.sparse_dense_matmul(_a(tf), tf.reshape(tf.range(8), [4, 2]), adjoint_a=True),
    tf.sparse.sparse_dense_matmul(_a(tf), tf.reshape(tf.range(20), [2, 10]), adjoint_b=True),
    tf.sparse.sparse_dense_matmul(tf.reshape(tf.range(8), [2, 4]), _a(tf))))
cases("sparse_dense_matmul of float values; repeated entries add up")(lambda tf: (
    tf.sparse.sparse_dense_matmul(tf.sparse.SparseTensor([[0, 1], [0, 1]], [1.5, 2.0], [2, 2]),
                                  tf.constant([[1.0, 2.0], [3.0, 4.0]])),))
cases("sparse_dense_matmul with inner dimensions that differ: TF's error")(
    lambda tf: tf.sparse.sparse_dense_matmul(_a(tf), tf.ones([3, 2], tf.int32)))
cases("sparse_dense_matmul of a vector b: TF's error")(
    lambda tf: tf.sparse.sparse_dense_matmul(_a(tf), tf.ones([10], tf.int32)))
cases("sparse_dense_matmul of a 3-D SparseTensor: TF's error")(
    lambda tf: tf.sparse.sparse_dense_matmul(tf.sparse.SparseTensor([[0, 2, 1]], [1], [4, 10, 2]),
                                             tf.ones([10, 2], tf.int32)))
cases("the guide's sparse.slice (one slice empty, of shape (8, 0))")(lambda tf: [
    tf.sparse.to_dense(tf.sparse.slice(tf.sparse.SparseTensor(
        [[0, 2], [1, 1], [1, 3], [2, 0], [2, 4], [2, 5], [3, 5]], [1] * 7, [8, 6]),
        start=start, size=[8, size])) for start, size in (([0, 0], 5), ([0, 5], 6), ([0, 10], 6))])
cases("sparse.slice moves the entries and cuts the box at the tensor's end")(
    lambda tf: _parts(tf.sparse.slice(_a(tf), [0, 3], [10, 10])))
cases("sparse.transpose reverses the dimensions (or follows perm), in row-major order")(
    lambda tf: (_parts(tf.sparse.transpose(_a(tf))),
                _parts(tf.sparse.transpose(tf.sparse.SparseTensor(
                    [[0, 1, 2], [1, 0, 0], [1, 2, 1]], [1, 2, 3], [2, 3, 4]), perm=[2, 0, 1]))))
cases("the guide's sparse.reduce_max: the stored values only")(lambda tf: (
    tf.sparse.reduce_max(tf.sparse.from_dense([-5, 0, -3])), tf.math.reduce_max([-5, 0, -3])))
cases("sparse.reduce_max and reduce_sum along axes; an empty group is 0")(lambda tf: [
    f(tf.sparse.SparseTensor([[0, 0], [1, 2], [1, 3]], [-1.0, -2.0, -0.5], [3, 4]), **kw)
    for f in (tf.sparse.reduce_max, tf.sparse.reduce_sum)
    for kw in ({}, {"axis": 1}, {"axis": 0}, {"axis": -1, "keepdims": True}, {"axis": [0, 1]})])
cases("sparse.reduce_max of integers: an empty group is 0")(lambda tf: tf.sparse.reduce_max(
    tf.sparse.SparseTensor([[0, 0], [1, 2]], [-1, -2], [3, 4]), axis=1))
cases("the guide's map_values, and sparse * dense and sparse / dense")(lambda tf: (
    tf.sparse.to_dense(tf.sparse.map_values(tf.add, tf.sparse.from_dense(
        [[1, 0, 0, 8], [0, 0, 0, 0], [0, 0, 3, 0]]), 5)),
    _parts(_a(tf) * 2), _parts(_a(tf) * tf.range(10)),
    _parts(tf.sparse.from_dense([[2.0, 0.0], [0.0, 3.0]]) / tf.constant([2.0, 4.0]))))
cases("map_values without a SparseTensor: TF's ValueError")(
    lambda tf: tf.sparse.map_values(tf.add, 1, 5))
cases("SparseTensorSpec: printed, from a value")(lambda tf: (
    repr(tf.SparseTensorSpec([3, 4], tf.int32)), repr(tf.SparseTensorSpec.from_value(_a(tf))),
    tf.SparseTensorSpec.from_value(_a(tf)).shape, tf.SparseTensorSpec([None], tf.float32).dtype))


@cases("gradients of sparse.add, sparse_dense_matmul, slice and reduce_sum reach the values")
def _(tf):
    v = tf.Variable([1.0, 2.0, 3.0])
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as tape:
        a = tf.sparse.SparseTensor([[0, 1], [1, 0], [1, 2]], v * v, [2, 3])
        b = tf.sparse.SparseTensor([[0, 1], [1, 1]], v[:2] * 3.0, [2, 3])
        total = tf.sparse.add(a, b)
        y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(total, w) ** 2)
        y += tf.reduce_sum(tf.sparse.slice(a, [1, 0], [1, 3]).values * [2.0, 5.0])
        y += tf.reduce_sum(tf.sparse.reduce_sum(a, axis=0) * [1.0, 2.0, 3.0])
    return tape.gradient(y, [v, w])


@cases("the guide's tf.function of SparseTensors: keyed by SparseTensorSpec")
def _(tf):
    @tf.function
    def f(x, y):
        return tf.sparse.sparse_dense_matmul(x, y)

    a = tf.sparse.SparseTensor(indices=[[0, 3], [2, 4]], values=[15, 25], dense_shape=[3, 10])
    b = tf.sparse.to_dense(tf.sparse.transpose(a))
    other = tf.sparse.SparseTensor(indices=[[1, 1]], values=[7], dense_shape=[3, 10])
    return (f(a, b), f(other, b), f.experimental_get_tracing_count(),
            repr(f.get_concrete_function(a, b).structured_input_signature[0][0]))


@cases("a tf.function returns a SparseTensor, and reads its static shape")
def _(tf):
    @tf.function
    def f(x):
        return x * 2, x.shape

    out, shape = f(_a(tf))
    return _parts(out), shape


@cases("the guide's Keras model on an Input(sparse=True): Dense multiplies the SparseTensor")
def _(tf):
    x = tf.keras.Input(shape=(4,), sparse=True)
    y = tf.keras.layers.Dense(3, kernel_initializer="ones", bias_initializer="ones")(x)
    model = tf.keras.Model(x, y)
    data = tf.sparse.SparseTensor([(0, 0), (0, 1), (4, 3), (5, 0)], [1, 2, 3, 4], (6, 4))
    return (model(data), model.predict(data, verbose=0),
            model.predict(data, batch_size=4, verbose=0), x.sparse, y.sparse, x.shape)


def _pprint(st):  # (the guide's pprint_sparse_tensor)
    return (st.dense_shape.numpy().tolist(), st.indices.numpy().tolist(),
            st.values.numpy().tolist())


def _sparse_data(tf):
    return tf.sparse.SparseTensor(indices=[(0, 0), (0, 1), (0, 2), (4, 3), (5, 0), (5, 1)],
                                  values=[1, 1, 1, 1, 1, 1], dense_shape=(6, 4))


cases("the guide's dataset of a SparseTensor's rows: element_spec and elements")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(_sparse_data(tf))),
    [_pprint(e) for e in tf.data.Dataset.from_tensor_slices(_sparse_data(tf))]))
cases("batch stacks sparse rows, unbatch undoes it (element_spec and elements)")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).batch(2).element_spec),
    repr(tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).batch(4, True).element_spec),
    [_pprint(e) for e in tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).batch(4)],
    [_pprint(e) for e in tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).batch(2).unbatch()]))
cases("map over SparseTensor elements (the guide's x * 2)")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).map(lambda x: x * 2).element_spec),
    [_pprint(e) for e in tf.data.Dataset.from_tensor_slices(_sparse_data(tf)).map(lambda x: x * 2)]))
cases("the data guide's from_tensors of a SparseTensor, with a tuple")(lambda tf: (
    repr(tf.data.Dataset.from_tensors(tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2],
                                                      dense_shape=[3, 4])).element_spec),
    [(_pprint(s), x) for s, x in tf.data.Dataset.from_tensors((_a(tf), tf.constant(1)))]))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
