"""The dispatch decorators (dispatch.py): TF APIs that accept ExtensionTypes.

Checked against TF 2.21 in tests/differential/test_against_tensorflow_extension_dispatch.py.
Every test unregisters what it registers (in `finally`), as TF's registrations are global.
"""
# (no `from __future__ import annotations`: dispatch signatures are real annotations)
from typing import List, Union

import pytest

import course.engine as tf
from course.engine import dispatch


class Masked(tf.experimental.ExtensionType):
    values: tf.Tensor
    mask: tf.Tensor


def _masked(x):
    return x if isinstance(x, Masked) else Masked(x, tf.ones_like(x, tf.bool))


def test_dispatch_for_api_runs_the_target_for_its_types_and_the_api_otherwise():
    plain = tf.stack

    @tf.experimental.dispatch_for_api(tf.stack)
    def masked_stack(values: List[Masked], axis=0):
        return Masked(tf.stack([v.values for v in values], axis),
                      tf.stack([v.mask for v in values], axis))
    try:
        out = tf.stack([Masked([1, 2], [True, False]), Masked([3, 4], [False, True])])
        assert isinstance(out, Masked) and out.values.shape == (2, 2)
        assert tf.stack([1, 2]).numpy().tolist() == [1, 2]      # plain tensors: the API
        with pytest.raises((TypeError, ValueError)):             # a mixed list does not match
            tf.stack([Masked([1], [True]), tf.constant([2])])
    finally:
        tf.experimental.unregister_dispatch_for(masked_stack)
    assert tf.stack is plain   # (nothing registered: the plain function again)


def test_a_list_of_union_matches_when_at_least_one_value_is_dispatchable():
    @tf.experimental.dispatch_for_api(tf.stack)
    def stack_v2(values: List[Union[Masked, tf.Tensor]], axis=0):
        values = [_masked(v) for v in values]
        return Masked(tf.stack([v.values for v in values], axis),
                      tf.stack([v.mask for v in values], axis))
    try:
        out = tf.stack([Masked([1], [False]), tf.constant([2])])
        assert out.mask.numpy().tolist() == [[False], [True]]
        assert not isinstance(tf.stack([tf.constant([1]), tf.constant([2])]), Masked)
    finally:
        tf.experimental.unregister_dispatch_for(stack_v2)


def test_the_wrapper_is_installed_in_every_public_namespace_and_removed_after():
    plain = tf.math.add
    handler = tf.experimental.dispatch_for_binary_elementwise_apis(Masked, Masked)(
        lambda api_func, x, y: Masked(api_func(x.values, y.values), x.mask & y.mask))
    try:
        assert tf.add is tf.math.add and tf.add is not plain
    finally:
        tf.experimental.unregister_dispatch_for(handler)
    assert tf.add is plain and tf.math.add is plain and not dispatch._wrappers


def test_unary_elementwise_handler_gets_the_api_with_its_other_arguments():
    @tf.experimental.dispatch_for_unary_elementwise_apis(Masked)
    def unary(api_func, x):
        return Masked(api_func(x.values), x.mask)
    try:
        x = Masked([1, -2], [True, False])
        assert tf.abs(x).values.numpy().tolist() == [1, 2]
        ones = tf.ones_like(x, dtype=tf.float32)
        assert ones.values.dtype == tf.float32 and ones.mask.numpy().tolist() == [True, False]
        assert tf.abs(tf.constant([-3])).numpy().tolist() == [3]
    finally:
        tf.experimental.unregister_dispatch_for(unary)


def test_binary_elementwise_handler_with_union_types_and_broadcasting():
    @tf.experimental.dispatch_for_binary_elementwise_apis(Union[Masked, tf.Tensor],
                                                          Union[Masked, tf.Tensor])
    def binary(api_func, x, y):
        x, y = _masked(x), _masked(y)
        return Masked(api_func(x.values, y.values), x.mask & y.mask)
    try:
        out = tf.math.add(Masked([1, 2], [True, False]), tf.constant([[10], [20]]))
        assert out.values.numpy().tolist() == [[11, 12], [21, 22]]
        assert isinstance(tf.add(tf.constant(1), tf.constant(2)), tf.Tensor)  # no dispatchable
    finally:
        tf.experimental.unregister_dispatch_for(binary)


def test_a_target_whose_parameters_differ_from_the_api_is_refused():
    with pytest.raises(ValueError, match="does not match API's signature"):
        @tf.experimental.dispatch_for_api(tf.stack)
        def bad(vals: List[Masked], axis=0):
            return vals


def test_unregistering_a_function_never_registered_is_a_value_error():
    with pytest.raises(ValueError, match="was not registered"):
        tf.experimental.unregister_dispatch_for(lambda x: x)


def test_matmul_dispatch_with_tfs_full_signature_and_adjoint():
    @tf.experimental.dispatch_for_api(tf.matmul)
    def masked_matmul(a: Masked, b, transpose_a=False, transpose_b=False, adjoint_a=False,
                      adjoint_b=False, a_is_sparse=False, b_is_sparse=False, output_type=None,
                      grad_a=False, grad_b=False, name=None):
        return tf.matmul(tf.where(a.mask, a.values, 0.0), b, transpose_a, transpose_b)
    try:
        a = Masked([[1.0, 2.0]], [[True, False]])
        assert tf.matmul(a, [[3.0], [4.0]]).numpy().tolist() == [[3.0]]
    finally:
        tf.experimental.unregister_dispatch_for(masked_matmul)
    with pytest.raises(ValueError, match="Only one of `transpose_a` and `adjoint_a`"):
        tf.matmul([[1.0]], [[1.0]], transpose_a=True, adjoint_a=True)
    assert tf.matmul([[1.0, 2.0]], [[3.0, 4.0]], adjoint_b=True).numpy().tolist() == [[11.0]]


def test_an_annotation_that_is_not_a_type_is_refused_at_registration():
    """As TF, a string annotation is never resolved (`from __future__ import annotations`)."""
    with pytest.raises(ValueError, match="Type annotation Masked is not currently supported"):
        @tf.experimental.dispatch_for_api(tf.stack)
        def by_string(values: "Masked", axis=0):
            return values
    assert tf.stack is dispatch._plain(tf.stack) and not dispatch._wrappers
