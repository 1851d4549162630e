"""`tf.experimental.ExtensionType` (extension_type.py): fields, immutability, specs, tf.function.

The same rules are checked against TF 2.21 in tests/differential/test_against_tensorflow_seventh_set.py; these run
without it.
"""
# (no `from __future__ import annotations`: ExtensionType fields are real class annotations)
from typing import Mapping

import numpy as np
import pytest

import course.engine as tf


class Masked(tf.experimental.ExtensionType):
    values: tf.Tensor
    mask: tf.Tensor

    def __validate__(self):
        self.values.shape.assert_is_compatible_with(self.mask.shape)


class Labelled(tf.experimental.ExtensionType):
    label: str
    scores: Mapping[str, tf.Tensor] = {}


def test_fields_are_converted_checked_and_frozen():
    m = Masked([1, 2, 3], [True, False, True])
    assert m.values.dtype == tf.int32 and m.mask.dtype == tf.bool
    with pytest.raises(TypeError, match="^mask: expected a Tensor, got 'NoneType'$"):
        Masked([1, 2], None)
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2,\) are incompatible"):
        Masked([1, 2, 3], [True, False])
    with pytest.raises(AttributeError, match="Cannot mutate attribute `mask`"):
        m.mask = [True, True, True]
    with pytest.raises(TypeError, match="^label: expected 'str', got 'int'$"):
        Labelled(3)
    assert repr(Labelled("a", {"x": 1.0})) == (
        "Labelled(label='a', scores=ImmutableDict({'x': <tf.Tensor: shape=(), dtype=float32, "
        "numpy=1.0>}))")


def test_equality_is_a_bool_tensor_for_the_same_spec_and_false_otherwise():
    a = Masked([1, 2], [True, False])
    assert bool(a == Masked([1, 2], [True, False])) and not bool(a == Masked([1, 3], [True, False]))
    assert (a == Masked([1, 2, 3], [True, True, True])) is False and (a == a.values) is False


def test_a_tf_function_traces_once_per_spec_and_returns_the_type():
    traces = []

    @tf.function
    def doubled(x):
        traces.append(1)
        return Labelled(x.label, {k: v * 2.0 for k, v in x.scores.items()})
    out = doubled(Labelled("a", {"x": 1.0}))
    doubled(Labelled("a", {"x": 4.0}))                      # same spec: no new trace
    doubled(Labelled("b", {"x": 4.0}))                      # a Python value is part of the spec
    assert isinstance(out, Labelled) and float(out.scores["x"]) == 2.0 and len(traces) == 2
    spec = tf.type_spec_from_value(Labelled("a", {"x": 1.0}))
    assert spec == Labelled.Spec(label="a", scores={"x": tf.TensorSpec([], tf.float32)})
    assert spec.scores["x"] == tf.TensorSpec([], tf.float32)


def test_a_spec_with_unknown_sizes_serves_any_length():
    spec = Masked.Spec(tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.bool))
    grow = tf.function(lambda m: Masked(m.values * 2.0, m.mask), input_signature=[spec])
    np.testing.assert_array_equal(grow(Masked([1.0, 2.0, 3.0], [True, False, True])).values,
                                  [2.0, 4.0, 6.0])
    np.testing.assert_array_equal(grow(Masked([5.0], [True])).values, [10.0])


def test_an_unsupported_annotation_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="^In field 'x': Unsupported type annotation 'list'$"):
        type("Bad", (tf.experimental.ExtensionType,), {"__annotations__": {"x": list}})


def test_a_saved_function_of_an_extension_type_takes_and_returns_one_after_loading(tmp_path):
    """TF saves the value's spec and finds the class by its registered name when loading."""
    module = tf.Module()
    module.v = tf.Variable(2.0)
    module.grow = tf.function(lambda m: Masked(m.values * module.v, m.mask))
    module.grow.get_concrete_function(Masked.Spec(tf.TensorSpec([None], tf.float32),
                                                  tf.TensorSpec([None], tf.bool)))
    tf.saved_model.save(module, str(tmp_path / "model"))
    loaded = tf.saved_model.load(str(tmp_path / "model"))
    out = loaded.grow(Masked([1.0, 3.0], [True, False]))
    assert type(out) is Masked
    np.testing.assert_array_equal(out.values, [2.0, 6.0])
    np.testing.assert_array_equal(out.mask, [True, False])


def test_a_field_that_cannot_be_saved_is_a_clear_not_implemented_error(tmp_path):
    class Tagged(tf.experimental.ExtensionType):
        values: tf.Tensor
        tags: Mapping[str, int]
    module = tf.Module()
    module.f = tf.function(lambda t: t.values * 2)
    module.f.get_concrete_function(Tagged([1.0], {"a": 1}))
    with pytest.raises(NotImplementedError, match="field 'tags' holds ImmutableDict"):
        tf.saved_model.save(module, str(tmp_path / "model"))


def test_loading_needs_the_class_defined_under_its_registered_name(tmp_path):
    from course.engine import extension_type

    class Temporary(tf.experimental.ExtensionType):
        __name__ = "test_extension_type.Temporary"
        values: tf.Tensor
    module = tf.Module()
    module.f = tf.function(lambda t: t.values + 1)
    module.f.get_concrete_function(Temporary([1.0]))
    tf.saved_model.save(module, str(tmp_path / "model"))
    del extension_type.REGISTERED["test_extension_type.Temporary"]
    with pytest.raises(ValueError, match="'test_extension_type.Temporary', which is not defined"):
        tf.saved_model.load(str(tmp_path / "model"))
