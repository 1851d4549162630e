"""`tf.experimental.BatchableExtensionType` (extension_type.py): batching in tf.data and tf.map_fn.

Checked against TF 2.21 in tests/differential/test_against_tensorflow_extension_dispatch.py.
"""
# (no `from __future__ import annotations`: ExtensionType fields are real class annotations)
import numpy as np
import pytest

import course.engine as tf


class Masked(tf.experimental.BatchableExtensionType):
    values: tf.Tensor
    mask: tf.Tensor


class Network(tf.experimental.BatchableExtensionType):
    shape: tf.TensorShape
    work: tf.Tensor

    def __init__(self, work):
        self.work = tf.convert_to_tensor(work)
        self.shape = self.work.shape[:-1]


class Plain(tf.experimental.ExtensionType):
    values: tf.Tensor


def test_from_tensor_slices_gives_each_value_of_the_batch_with_the_unbatched_spec():
    batch = Masked([[1, 2], [3, 4], [5, 6]], [[True, False]] * 3)
    ds = tf.data.Dataset.from_tensor_slices(batch)
    assert ds.element_spec == Masked.Spec(values=tf.TensorSpec([2], tf.int32),
                                          mask=tf.TensorSpec([2], tf.bool))
    rows = list(ds)
    assert [r.values.numpy().tolist() for r in rows] == [[1, 2], [3, 4], [5, 6]]


def test_a_tensorshape_field_loses_its_first_dimension_when_unbatched_and_gains_it_batched():
    """TF rebuilds a dataset's values from its element_spec: a batch's TensorShape field has
    the spec's batch dimension (None unless drop_remainder)."""
    net = Network([[1.0, 2.0], [3.0, 4.0]])
    assert net.shape == tf.TensorShape([2])
    rows = list(tf.data.Dataset.from_tensor_slices(net))
    assert [r.shape for r in rows] == [tf.TensorShape([]), tf.TensorShape([])]
    again = next(iter(tf.data.Dataset.from_tensor_slices(net).batch(2)))
    assert again.shape == tf.TensorShape([None])
    again = next(iter(tf.data.Dataset.from_tensor_slices(net).batch(2, drop_remainder=True)))
    assert again.shape == tf.TensorShape([2])


def test_batch_and_unbatch_round_trip_and_batch_spec_has_an_unknown_batch_dimension():
    ds = tf.data.Dataset.from_tensor_slices(Masked([[1], [2], [3]], [[True], [False], [True]]))
    batched = ds.batch(2)
    assert batched.element_spec.values == tf.TensorSpec([None, 1], tf.int32)
    assert [b.values.shape.as_list() for b in batched] == [[2, 1], [1, 1]]
    assert [int(v.values[0]) for v in batched.unbatch()] == [1, 2, 3]


def test_from_tensors_keeps_any_extension_type_as_one_element():
    value = next(iter(tf.data.Dataset.from_tensors(Plain([1, 2]))))
    assert isinstance(value, Plain) and value.values.numpy().tolist() == [1, 2]


def test_an_extension_type_that_is_not_batchable_cannot_be_sliced():
    with pytest.raises(ValueError, match="not batchable"):
        tf.data.Dataset.from_tensor_slices(Plain([[1], [2]]))


def test_from_generator_checks_each_value_against_the_extension_type_spec():
    spec = Masked.Spec(values=tf.TensorSpec([2], tf.int32), mask=tf.TensorSpec([2], tf.bool))
    ds = tf.data.Dataset.from_generator(lambda: iter([Masked([1, 2], [True, False])]),
                                        output_signature=spec)
    assert [v.values.numpy().tolist() for v in ds] == [[1, 2]]
    bad = tf.data.Dataset.from_generator(lambda: iter([Masked([1, 2, 3], [True] * 3)]),
                                         output_signature=spec)
    with pytest.raises(tf.errors.InvalidArgumentError, match="generator"):
        list(bad)


def test_iterator_next_is_python_2s_name_for_next():
    assert int(iter(tf.data.Dataset.range(3)).next()) == 0


def test_map_fn_over_a_batch_gives_a_batch_of_the_results():
    batch = Masked([[1, 2], [3, 4]], [[True, False], [False, True]])
    out = tf.map_fn(lambda m: Masked(m.values * 10, m.mask), batch)
    assert isinstance(out, Masked)
    np.testing.assert_array_equal(out.values.numpy(), [[10, 20], [30, 40]])
    sums = tf.map_fn(lambda m: tf.reduce_sum(m.values), batch, fn_output_signature=tf.int32)
    assert sums.numpy().tolist() == [3, 7]


def test_tensorshape_merge_with_fills_unknown_dimensions_and_refuses_disagreeing_ones():
    assert tf.TensorShape([None, 3]).merge_with([2, None]) == tf.TensorShape([2, 3])
    assert tf.TensorShape(None).merge_with([2]) == tf.TensorShape([2])
    with pytest.raises(ValueError, match="are not compatible"):
        tf.TensorShape([2]).merge_with([3])
    assert tf.TensorShape([1]).concatenate([2, 3]) == tf.TensorShape([1, 2, 3])


class Scaled(tf.experimental.ExtensionType):
    values: tf.Tensor
    scale: tf.Tensor

    def with_values(self, values):
        return Scaled(values, self.scale)


def test_an_extension_type_is_a_loop_variable_and_a_branch_result_of_traced_control_flow():
    """TF passes a composite value through a traced cond or while loop as its tensors."""
    @tf.function
    def fn(x, flag):
        if flag:
            s = Scaled(x, tf.constant(2.0))
        else:
            s = Scaled(-x, tf.constant(3.0))
        for _ in tf.range(3):
            s = s.with_values(s.values * s.scale)
        return s
    out = fn(tf.constant([1.0, 2.0]), tf.constant(True))
    assert isinstance(out, Scaled) and out.values.numpy().tolist() == [8.0, 16.0]
    out = fn(tf.constant([1.0, 2.0]), tf.constant(False))
    assert out.values.numpy().tolist() == [-27.0, -54.0] and float(out.scale) == 3.0


def test_traced_cond_refuses_branches_of_different_extension_types():
    @tf.function
    def fn(flag):
        return tf.cond(flag, lambda: Scaled([1.0], [1.0]), lambda: Masked([1.0], [True]))
    with pytest.raises(ValueError, match="same number, type, and overall structure"):
        fn(tf.constant(True))
