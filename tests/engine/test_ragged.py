"""tf.RaggedTensor and tf.ragged without TensorFlow: rules from TF's ragged_tensor guide.

The same behaviour is compared with TF 2.21 in
tests/differential/test_against_tensorflow_ragged.py; here each rule is checked with
hand-computed values, and gradients with central differences (float64).
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.gradient_checker import compute_gradient


def guide():
    return tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []])


def test_a_ragged_tensor_is_values_cut_by_int64_row_splits():
    """Row i is values[row_splits[i]:row_splits[i + 1]]; row_splits are int64 by default."""
    rt = guide()
    assert rt.values.numpy().tolist() == [3, 1, 4, 1, 5, 9, 2, 6]
    assert rt.row_splits.dtype is tf.int64
    assert rt.row_splits.numpy().tolist() == [0, 4, 4, 7, 8, 8]
    assert rt.row_lengths().numpy().tolist() == [4, 0, 3, 1, 0]
    assert rt.value_rowids().numpy().tolist() == [0, 0, 0, 0, 2, 2, 2, 3]
    assert int(rt.nrows()) == 5 and rt.ragged_rank == 1 and rt.dtype is tf.int32
    assert rt.shape.as_list() == [5, None] and str(rt.shape) == "(5, None)"


def test_every_factory_gives_the_same_rows():
    """The guide's five encodings of [[3, 1, 4, 1], [], [5, 9, 2], [6], []]."""
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    made = [tf.RaggedTensor.from_row_splits(values, [0, 4, 4, 7, 8, 8]),
            tf.RaggedTensor.from_row_lengths(values, [4, 0, 3, 1, 0]),
            tf.RaggedTensor.from_value_rowids(values, [0, 0, 0, 0, 2, 2, 2, 3], nrows=5),
            tf.RaggedTensor.from_row_starts(values, [0, 4, 4, 7, 8]),
            tf.RaggedTensor.from_row_limits(values, [4, 4, 7, 8, 8])]
    for rt in made:
        assert rt.to_list() == guide().to_list()


def test_printing_is_numpy_text_with_commas():
    """TF prints <tf.RaggedTensor ...> with ", " between elements, like the guide's cells."""
    assert repr(tf.ragged.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]])) == \
        "<tf.RaggedTensor [[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]]>"
    assert str(tf.ragged.constant([[1.5, 2.0], [], [3.25]])) == \
        "<tf.RaggedTensor [[1.5, 2.0], [], [3.25]]>"
    assert str(tf.strings.split(["a b", "c"])) == "<tf.RaggedTensor [[b'a', b'b'], [b'c']]>"
    # rows of one length make one NumPy array, printed on several lines
    assert str(tf.ragged.constant([[1, 2], [3, 4]])) == "<tf.RaggedTensor [[1, 2],\n [3, 4]]>"


def test_numpy_is_an_object_array_of_rows():
    value = tf.ragged.constant([[1, 2], [3]]).numpy()
    assert value.dtype == object and [r.tolist() for r in value] == [[1, 2], [3]]
    assert value[0].dtype == np.int32


def test_constant_infers_the_dtype_as_tf_constant_does():
    """Ints -> int32, a float anywhere -> float32, strings -> string; empty rows -> float32."""
    assert tf.ragged.constant([[1], [2, 3]]).dtype is tf.int32
    assert tf.ragged.constant([[1], [2.5]]).dtype is tf.float32
    assert tf.ragged.constant([["a"], []]).dtype is tf.string
    assert tf.ragged.constant([[], []]).dtype is tf.float32
    assert tf.ragged.constant([[1], [2]], dtype=tf.float64).dtype is tf.float64


@pytest.mark.parametrize("pylist", [[[1, [2]]], [[1, 2], 3]])
def test_constant_needs_every_number_at_one_depth(pylist):
    with pytest.raises(ValueError, match="all scalar values must have the same nesting depth"):
        tf.ragged.constant(pylist)


def test_tf_constant_of_ragged_rows_points_at_tf_ragged_constant():
    with pytest.raises(ValueError, match=r"(?s)^Can't convert non-rectangular Python sequence "
                                         r"to Tensor\.\nHint: .*tf\.ragged\.constant"):
        tf.constant([[1, 2], [3]])


@pytest.mark.parametrize("splits, first_line", [
    ([1, 4, 4, 8], "do not form a valid RaggedTensor:zero"),
    ([0, 4, 3, 8], "do not form a valid RaggedTensor:monotonic."),
    ([0, 4, 4, 7], "Arguments to _from_row_partition do not form a valid RaggedTensor")])
def test_bad_row_splits_are_invalid_argument_errors(splits, first_line):
    with pytest.raises(tf.errors.InvalidArgumentError, match=first_line):
        tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5, 9, 2, 6], splits)


def test_to_tensor_pads_with_the_default_value():
    dense = guide().to_tensor(default_value=-1)
    assert dense.shape == [5, 4]
    assert dense.numpy().tolist() == [[3, 1, 4, 1], [-1] * 4, [5, 9, 2, -1], [6, -1, -1, -1],
                                      [-1] * 4]
    assert guide().to_tensor(shape=[2, 2]).numpy().tolist() == [[3, 1], [0, 0]]


def test_from_tensor_cuts_trailing_padding_or_at_lengths():
    t = [[1, 0, 0], [2, 3, 0], [0, 0, 0]]
    assert tf.RaggedTensor.from_tensor(t, padding=0).to_list() == [[1], [2, 3], []]
    assert tf.RaggedTensor.from_tensor(t, lengths=[3, 0, 1]).to_list() == [[1, 0, 0], [], [0]]
    assert tf.RaggedTensor.from_tensor(t).shape.as_list() == [3, 3]   # uniform rows


def test_indexing_rows_and_row_slices():
    rt = guide()
    assert rt[2].numpy().tolist() == [5, 9, 2]
    assert rt[1:3].to_list() == [[], [5, 9, 2]]
    assert rt[:, :2].to_list() == [[3, 1], [], [5, 9], [6], []]
    assert rt[:, -1:].to_list() == [[1], [], [2], [6], []]
    with pytest.raises(ValueError, match="Cannot index into an inner ragged dimension."):
        rt[:, 0]
    with pytest.raises(IndexError):
        rt[5]
    assert [r.numpy().tolist() for r in rt] == rt.to_list()   # iteration: one Tensor per row


def test_elementwise_ops_apply_to_flat_values_and_keep_the_rows():
    rt = tf.ragged.constant([[1.0, 4.0], [], [9.0]])
    assert tf.sqrt(rt).to_list() == [[1.0, 2.0], [], [3.0]]
    assert (rt * 2.0 + rt).to_list() == [[3.0, 12.0], [], [27.0]]
    assert tf.math.negative(rt).row_splits.numpy().tolist() == [0, 2, 2, 3]
    assert (rt > 2.0).to_list() == [[False, True], [], [True]]
    with pytest.raises(tf.errors.InvalidArgumentError):
        rt + tf.ragged.constant([[1.0], [4.0], [9.0]])   # other rows
    # TF: a dense row broadcasts against the ragged dimension only where rows are as long
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x == y did not hold."):
        rt + tf.constant([1.0, 2.0, 3.0])
    assert (rt + [[10.0], [20.0], [30.0]]).to_list() == [[11.0, 14.0], [], [39.0]]


def test_to_sparse_and_back():
    """to_sparse puts value j of row i at [i, j]; from_sparse reads the rows back."""
    st = guide().to_sparse()
    assert st.indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [0, 3], [2, 0], [2, 1],
                                           [2, 2], [3, 0]]
    assert st.dense_shape.numpy().tolist() == [5, 4]
    assert tf.RaggedTensor.from_sparse(st).to_list() == guide().to_list()


def test_plain_tensors_still_take_the_plain_path():
    """The ragged-aware tf.add is the same function for dense tensors."""
    assert tf.add(tf.constant([1, 2]), 3).numpy().tolist() == [4, 5]
    assert tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=1).numpy().tolist() == [3, 7]
    assert tf.add is tf.math.add and tf.reduce_sum is tf.math.reduce_sum


def test_reductions_of_empty_rows():
    """TF: an empty row sums to 0, its max is the dtype's lowest value, its mean nan."""
    rt = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
    assert tf.reduce_sum(rt, axis=1).numpy().tolist() == [3.0, 0.0, 3.0]
    assert tf.reduce_max(rt, axis=1).numpy().tolist() == [2.0, float(np.finfo(np.float32).min), 3.0]
    mean = tf.reduce_mean(rt, axis=1).numpy()
    assert mean[0] == 1.5 and np.isnan(mean[1]) and mean[2] == 3.0
    assert tf.reduce_sum(rt, axis=0).numpy().tolist() == [4.0, 2.0]   # columns
    assert tf.reduce_mean(tf.ragged.constant([[1, 2], [4]]), axis=1).dtype is tf.float64


def test_ragged_ops_that_need_row_numbers_stay_eager():
    """Inside tf.function a RaggedTensor's row splits are graph tensors: what needs their
    numbers (row_lengths, indexing, building from lengths) is a clear NotImplementedError."""
    spec = tf.RaggedTensorSpec([None, None], tf.int32)
    for body in (lambda rt: rt.row_lengths(), lambda rt: rt[0],
                 lambda rt: tf.RaggedTensor.from_row_lengths(rt.flat_values, [1, 2])):
        with pytest.raises(NotImplementedError, match="RaggedTensor.*only eagerly"):
            tf.function(body, input_signature=[spec])(tf.ragged.constant([[1], [2, 3]]))


def test_ragged_spec_keys_traces_by_value():
    """Equal specs hash alike (one trace); a general spec admits a specific one, not back."""
    a, b = tf.RaggedTensorSpec([None, None], tf.int32), tf.RaggedTensorSpec([None, None], tf.int32)
    three = tf.RaggedTensorSpec([3, None], tf.int32)
    assert a == b and hash(a) == hash(b) and a != three
    assert three.is_subtype_of(a) and not a.is_subtype_of(three)
    assert not tf.RaggedTensorSpec([3, None], tf.int64).is_subtype_of(a)
    assert three.most_specific_common_supertype([tf.RaggedTensorSpec([4, None], tf.int32)]) == a
    with pytest.raises(NotImplementedError, match="ragged_rank=0"):
        tf.RaggedTensorSpec([None], tf.int32)


def test_ragged_saved_model_leaf_must_be_well_formed(tmp_path):
    """A manifest whose ragged input names graph inputs that do not exist is DataLossError."""
    import json
    import os

    class M(tf.Module):
        @tf.function(input_signature=[tf.RaggedTensorSpec([None, None], tf.float32)])
        def f(self, x):
            return x * 2.0
    tf.saved_model.save(M(), str(tmp_path))
    assert tf.saved_model.load(str(tmp_path)).f(tf.ragged.constant([[1.0], []])).to_list() == \
        [[2.0], []]
    manifest = [n for n in os.listdir(tmp_path) if n.endswith(".json")]
    assert manifest, "the SavedModel has a JSON manifest"
    path = os.path.join(tmp_path, manifest[0])
    with open(path) as f:
        manifest = json.load(f)
    leaves = []

    def find(node):
        if isinstance(node, dict):
            if "ragged" in node and "inputs" in node:
                leaves.append(node)
            for v in node.values():
                find(v)
        elif isinstance(node, list):
            for v in node:
                find(v)
    find(manifest)
    assert leaves and leaves[0]["inputs"] == [0, 1]   # flat_values, then row_splits
    leaves[0]["inputs"] = [0, 7]
    with open(path, "w") as f:
        json.dump(manifest, f)
    with pytest.raises(tf.errors.DataLossError, match="ragged"):
        tf.saved_model.load(str(tmp_path))


def _ragged_loss(x):
    rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 3])
    padded = tf.exp(rt).to_tensor(default_value=0.5)
    return tf.reduce_sum(tf.reduce_max(rt, axis=1)[0::2] ** 2) + \
        tf.reduce_sum(tf.reduce_mean(rt * rt, axis=1)[0::2]) + \
        tf.reduce_sum(padded * tf.reshape(tf.range(9, dtype=tf.float64), [3, 3])) + \
        tf.reduce_sum(rt[:, 1:].flat_values ** 3)


def test_gradients_reach_flat_values_numerically():
    """Central differences through from_row_lengths, to_tensor, reductions and slicing."""
    x = tf.constant([0.3, -1.2, 0.7, 2.0, -0.4], tf.float64)
    theoretical, numerical = compute_gradient(_ragged_loss, [x])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-6)


def test_gradients_through_concat_and_strings_free_ops():
    x = tf.constant([1.0, -2.0, 3.0], tf.float64)

    def f(x):
        a = tf.RaggedTensor.from_row_lengths(x, [2, 1])
        b = tf.RaggedTensor.from_row_lengths(tf.sin(x), [1, 2])
        return tf.reduce_sum(tf.concat([a, b], 1).to_tensor() *
                             tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64))

    theoretical, numerical = compute_gradient(f, [x])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-6)


def test_tile_gradient_numerically():
    """Central differences through tf.tile of a RaggedTensor (one gather of the values)."""
    def f(x):
        rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 1])
        tiled = tf.tile(rt, [2, 3])
        return tf.reduce_sum(tiled.flat_values ** 2 * tf.range(18, dtype=tf.float64))
    theoretical, numerical = compute_gradient(f, [tf.constant([0.5, -1.0, 2.0], tf.float64)])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-6)


def test_tile_of_a_ragged_tensor_refuses_what_it_cannot_do():
    """multiples must be one per dimension and non-negative; ragged_rank 2 is not supported."""
    rt = tf.ragged.constant([[1], [2, 3]])
    with pytest.raises(ValueError, match="multiples must have 2 elements"):
        tf.tile(rt, [1])
    with pytest.raises(ValueError, match="non-negative"):
        tf.tile(rt, [1, -1])
    with pytest.raises(NotImplementedError, match="ragged_rank > 1"):
        tf.tile(tf.ragged.constant([[[1], [2, 3]], [[4]]]), [1, 2, 2])


def test_dynamic_ragged_shape_errors_and_plain_shapes():
    """tf.shape of a dense tensor stays a Tensor; a shape slice other than [:k] is refused;
    an out-of-range index is an IndexError; a RowPartition has no public constructor."""
    assert isinstance(tf.shape(tf.constant([[1, 2]])), tf.Tensor)
    shape = tf.shape(tf.ragged.constant([[1], [2, 3]]))
    with pytest.raises(NotImplementedError, match=r"shape\[:k\]"):
        shape[1:]
    with pytest.raises(IndexError):
        shape[5]
    with pytest.raises(ValueError, match="private"):
        tf.experimental.RowPartition(tf.constant([0, 1], tf.int64))
    with pytest.raises(NotImplementedError, match="tf.experimental.dlpack"):
        tf.experimental.dlpack


def test_dense_to_ragged_batch_refuses_matrices_of_unknown_shape():
    """Only vectors of unknown length become ragged rows here: a matrix of unknown shape is
    a clear NotImplementedError when the transformation is applied."""
    ds = tf.data.Dataset.from_tensor_slices([1, 2]).map(lambda n: tf.zeros([n, n]))
    with pytest.raises(NotImplementedError, match="dense_to_ragged_batch"):
        ds.apply(tf.data.experimental.dense_to_ragged_batch(2))


def test_dense_to_ragged_batch_elements_as_numpy():
    """as_numpy_iterator gives a RaggedTensor's numpy(): an object array of rows (TF's rule)."""
    ds = tf.data.Dataset.from_tensor_slices([1, 3]).map(tf.range) \
        .apply(tf.data.experimental.dense_to_ragged_batch(2))
    rows = next(ds.as_numpy_iterator())
    assert [r.tolist() for r in rows] == [[0], [0, 1, 2]]


def test_dense_to_ragged_batch_logs_tf_deprecation_notice_once(caplog):
    """TF logs that dense_to_ragged_batch is deprecated for Dataset.ragged_batch, once."""
    from course.engine import deprecation
    deprecation.logged.discard("dense_to_ragged_batch (from tf.data.experimental)")
    with caplog.at_level("WARNING", logger="course.engine"):
        tf.data.experimental.dense_to_ragged_batch(2)
        tf.data.experimental.dense_to_ragged_batch(2)
    notices = [r.getMessage() for r in caplog.records if "is deprecated" in r.getMessage()]
    assert len(notices) == 1
    assert notices[0].endswith("Instructions for updating:\nUse `tf.data.Dataset.ragged_batch` "
                               "instead.")


def test_reverse_and_concat_in_rows_gradient_numerically():
    """Central differences through tf.reverse and tf.concat(axis=1), built from ops (rows.py)."""
    def f(x):
        rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 2])
        joined = tf.concat([tf.exp(rt), tf.reverse(rt, [1]) ** 2], axis=1)
        return tf.reduce_sum(joined.flat_values * tf.range(8, dtype=tf.float64))
    theoretical, numerical = compute_gradient(f, [tf.constant([0.5, -1.0, 2.0, 0.3], tf.float64)])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-6)


def test_reverse_of_a_ragged_tensor_only_inside_rows():
    """Reversing the row order or a deeper ragged dimension is a clear NotImplementedError."""
    with pytest.raises(NotImplementedError, match="axis 1"):
        tf.reverse(tf.ragged.constant([[1], [2, 3]]), [0])
    with pytest.raises(NotImplementedError, match="ragged_rank 1"):
        tf.reverse(tf.ragged.constant([[[1], [2, 3]], [[4]]]), [1])


def test_map_fn_over_ragged_rows_refuses_results_it_cannot_make_ragged():
    """Rows of rank 1 make a RaggedTensor; a rank-2 result per row is refused (NotImplementedError,
    naming fn_output_signature), never flattened into the rows silently."""
    rows = tf.ragged.constant([[3, 1], [5]])
    assert tf.map_fn(tf.math.square, rows).to_list() == [[9, 1], [25]]
    with pytest.raises(NotImplementedError, match="fn_output_signature"):
        tf.map_fn(lambda r: tf.reshape(r, [-1, 1]), rows)
    dense = tf.map_fn(tf.reduce_sum, rows, fn_output_signature=tf.TensorSpec([], tf.int32))
    assert dense.numpy().tolist() == [4, 5]
