"""The dispatch decorators, BatchableExtensionType, and ExtensionTypes in tf.data, tf.map_fn and
traced control flow, against real TF 2.21 (the extension_type guide's cells 33-69).

TF's dispatch registrations are process-global: every case unregisters what it registers
in a `finally`, on both sides, so no other case or module sees them. Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_extension_dispatch.py
"""
# (no `from __future__ import annotations`: ExtensionType fields and dispatch signatures need
# real annotations)
from typing import List, Union

import pytest

from .tf_compare import Cases, check

case = Cases()


def _masked(tf, base=None):
    class MaskedTensor(base or tf.experimental.ExtensionType):
        values: tf.Tensor
        mask: tf.Tensor

        def with_values(self, values):
            return MaskedTensor(values, self.mask)
    return MaskedTensor


def _fields(x):
    return (type(x).__name__, x.values, x.mask)


def _to_masked(tf, MaskedTensor, x):
    return x if isinstance(x, MaskedTensor) else MaskedTensor(x, tf.ones_like(x, tf.bool))


# -- dispatch_for_api ---------------------------------------------------------------------------
@case("dispatch_for_api(tf.stack) with List[MaskedTensor]: the target runs; plain tensors not")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_api(tf.stack)
    def masked_stack(values: List[MaskedTensor], axis=0):
        return MaskedTensor(tf.stack([v.values for v in values], axis),
                            tf.stack([v.mask for v in values], axis))
    try:
        x = MaskedTensor([1, 2, 3], [True, True, False])
        y = MaskedTensor([4, 5, 6], [False, True, True])
        return _fields(tf.stack([x, y], axis=1)), tf.stack([[1], [2]])
    finally:
        tf.experimental.unregister_dispatch_for(masked_stack)


@case("a List[Union[MaskedTensor, tf.Tensor]] signature takes mixed lists")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_api(tf.stack)
    def masked_stack_v2(values: List[Union[MaskedTensor, tf.Tensor]], axis=0):
        values = [_to_masked(tf, MaskedTensor, v) for v in values]
        return MaskedTensor(tf.stack([v.values for v in values], axis),
                            tf.stack([v.mask for v in values], axis))
    try:
        x = MaskedTensor([1, 2, 3], [True, True, False])
        out = tf.stack([x, tf.constant([4, 5, 6]), x])
        plain = tf.stack([tf.constant([1]), tf.constant([2])])   # (no dispatchable value)
        return _fields(out), type(plain).__name__
    finally:
        tf.experimental.unregister_dispatch_for(masked_stack_v2)


@case("after unregister_dispatch_for, the API refuses the type again")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_api(tf.stack)
    def masked_stack(values: List[MaskedTensor], axis=0):
        return values[0]
    tf.experimental.unregister_dispatch_for(masked_stack)
    try:
        tf.stack([MaskedTensor([1], [True])])
    except (TypeError, ValueError) as e:
        return type(e).__name__
    return "no error"


@case("a target whose parameters are not the API's is a ValueError")
def _(tf):
    MaskedTensor = _masked(tf)
    try:
        @tf.experimental.dispatch_for_api(tf.stack)
        def bad(vals: List[MaskedTensor], axis=0):
            return vals
    except ValueError:
        return "ValueError"
    tf.experimental.unregister_dispatch_for(bad)
    return "registered"


@case("an annotation that is not a class, List or Union is refused at registration")
def _(tf):
    from typing import Dict
    found = []
    for annotation in ("MaskedTensor", Dict[str, int]):
        def target(values, axis=0):
            return values
        target.__annotations__ = {"values": annotation}
        try:
            tf.experimental.dispatch_for_api(tf.stack)(target)
        except ValueError as e:
            found.append(str(e))
        else:
            tf.experimental.unregister_dispatch_for(target)
            found.append("registered")
    return found


@case("unregistering a function never registered is a ValueError", compare_message=False)
def _(tf):
    def never(x):
        return x
    tf.experimental.unregister_dispatch_for(never)


@case("dispatch_for_api(tf.matmul) with TF's full signature; the API with adjoint_b")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_api(tf.matmul)
    def masked_matmul(a: MaskedTensor, b, transpose_a=False, transpose_b=False,
                      adjoint_a=False, adjoint_b=False, a_is_sparse=False, b_is_sparse=False,
                      output_type=None, grad_a=False, grad_b=False, name=None):
        return tf.matmul(tf.where(a.mask, a.values, 0.0), b, transpose_a, transpose_b)
    try:
        a = MaskedTensor([[1.0, 2.0], [3.0, 4.0]], [[True, False], [False, True]])
        return (tf.matmul(a, [[1.0], [1.0]]), tf.matmul(a, [[1.0, 1.0]], transpose_b=True),
                tf.matmul([[1.0, 2.0]], [[3.0, 4.0]], adjoint_b=True))
    finally:
        tf.experimental.unregister_dispatch_for(masked_matmul)


case("matmul: transpose_a and adjoint_a together are a ValueError")(
    lambda tf: tf.matmul([[1.0]], [[1.0]], transpose_a=True, adjoint_a=True))
case("matmul: adjoint_a conjugates a complex matrix")(
    lambda tf: tf.matmul(tf.constant([[1 + 2j]]), tf.constant([[1j]]), adjoint_a=True))


# -- the elementwise decorators -----------------------------------------------------------------
@case("dispatch_for_unary_elementwise_apis: tf.abs, tf.math.negative, tf.ones_like(dtype=)")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_unary_elementwise_apis(MaskedTensor)
    def unary(api_func, x):
        return MaskedTensor(api_func(x.values), x.mask)
    try:
        x = MaskedTensor([1, -2, -3], [True, False, True])
        return (_fields(tf.abs(x)), _fields(tf.math.negative(x)),
                _fields(tf.ones_like(x, dtype=tf.float32)), _fields(tf.cast(x, tf.float32)),
                tf.abs(tf.constant([-1])))
    finally:
        tf.experimental.unregister_dispatch_for(unary)


@case("dispatch_for_binary_elementwise_apis(MaskedTensor, MaskedTensor): tf.math.add broadcasts")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_binary_elementwise_apis(MaskedTensor, MaskedTensor)
    def binary(api_func, x, y):
        return MaskedTensor(api_func(x.values, y.values), x.mask & y.mask)
    try:
        x = MaskedTensor([1, -2, -3], [True, False, True])
        y = MaskedTensor([[4], [5]], [[True], [False]])
        return _fields(tf.math.add(x, y)), _fields(tf.maximum(x, x)), _fields(tf.less(x, y))
    finally:
        tf.experimental.unregister_dispatch_for(binary)


@case("binary elementwise with Union[MaskedTensor, tf.Tensor] on both sides")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_binary_elementwise_apis(Union[MaskedTensor, tf.Tensor],
                                                          Union[MaskedTensor, tf.Tensor])
    def binary(api_func, x, y):
        x, y = _to_masked(tf, MaskedTensor, x), _to_masked(tf, MaskedTensor, y)
        return MaskedTensor(api_func(x.values, y.values), x.mask & y.mask)
    try:
        x = MaskedTensor([1, 2], [True, False])
        return (_fields(tf.multiply(x, tf.constant([10, 20]))),
                _fields(tf.subtract(tf.constant([10, 20]), x)),
                tf.add(tf.constant([1]), tf.constant([2])))
    finally:
        tf.experimental.unregister_dispatch_for(binary)


@case("an elementwise handler without a match: the API's own error")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.experimental.dispatch_for_binary_elementwise_apis(MaskedTensor, MaskedTensor)
    def binary(api_func, x, y):
        return MaskedTensor(api_func(x.values, y.values), x.mask & y.mask)
    try:
        try:
            tf.add(MaskedTensor([1], [True]), tf.constant([1]))
        except (TypeError, ValueError) as e:
            return type(e).__name__
        return "no error"
    finally:
        tf.experimental.unregister_dispatch_for(binary)


# -- BatchableExtensionType: tf.data and tf.map_fn ---------------------------------------------
def _network(tf):
    class Network(tf.experimental.BatchableExtensionType):
        shape: tf.TensorShape
        work: tf.Tensor
        bandwidth: tf.Tensor

        def __init__(self, work, bandwidth):
            self.work = tf.convert_to_tensor(work)
            self.bandwidth = tf.convert_to_tensor(bandwidth)
            self.shape = self.work.shape[:-1].merge_with(self.bandwidth.shape[:-2])
    return Network


def _networks(tf, Network=None):
    Network = Network or _network(tf)
    return Network(work=[[5.0, 3, 8], [3, 4, 2]],
                   bandwidth=[[[0.0, 2, 0], [2, 0, 3], [0, 3, 0]],
                              [[0.0, 2, 2], [2, 0, 2], [2, 2, 0]]])


@case("Dataset.from_tensor_slices of a batched BatchableExtensionType (its TensorShape field)")
def _(tf):
    nets = _networks(tf)
    return nets.shape, [(n.shape, n.work, n.bandwidth)
                        for n in tf.data.Dataset.from_tensor_slices(nets)]


@case("batch and unbatch of a BatchableExtensionType dataset; element_spec shapes")
def _(tf):
    MaskedTensor = _masked(tf, tf.experimental.BatchableExtensionType)
    mt = MaskedTensor(tf.reshape(tf.range(12), [6, 2]), tf.ones([6, 2]) > 0)
    ds = tf.data.Dataset.from_tensor_slices(mt)
    batched = ds.batch(4)
    unbatched = batched.unbatch()
    return (ds.element_spec.values.shape, batched.element_spec.values.shape,
            [_fields(b) for b in batched], [_fields(u) for u in unbatched])


@case("a batch's TensorShape field: None unless drop_remainder")
def _(tf):
    nets = _networks(tf)
    ds = tf.data.Dataset.from_tensor_slices(nets)
    return (next(iter(ds.batch(2))).shape, next(iter(ds.batch(2, drop_remainder=True))).shape)


@case("from_tensors of any ExtensionType; Iterator.next()")
def _(tf):
    Pastry = type("Pastry", (tf.experimental.ExtensionType,),
                  {"__annotations__": {"sweetness": tf.Tensor, "chewiness": tf.Tensor}})
    value = iter(tf.data.Dataset.from_tensors(Pastry(5, 5))).next()
    return type(value).__name__, value.sweetness, value.chewiness


@case("from_generator with output_signature=MaskedTensor.Spec(...)")
def _(tf):
    MaskedTensor = _masked(tf, tf.experimental.BatchableExtensionType)
    spec = MaskedTensor.Spec(values=tf.TensorSpec([4], tf.int32), mask=tf.TensorSpec([4], tf.bool))

    def gen():
        for i in range(2, 5):
            yield MaskedTensor(tf.range(4), [j % i != 0 for j in range(4)])
    ds = tf.data.Dataset.from_generator(gen, output_signature=spec)
    return [_fields(v) for v in ds], [_fields(v) for v in ds.batch(2)]


@case("tf.map_fn over a batch of networks gives a batch of networks")
def _(tf):
    Network = _network(tf)

    def balance(network):
        delta = tf.expand_dims(network.work, -1) - tf.expand_dims(network.work, -2)
        delta /= 4
        delta = tf.maximum(tf.minimum(delta, network.bandwidth), -network.bandwidth)
        return Network(network.work + tf.reduce_sum(delta, -1), network.bandwidth)
    out = tf.map_fn(balance, _networks(tf, Network))
    return type(out).__name__, out.shape, out.work, out.bandwidth


@case("TensorShape.merge_with and concatenate")
def _(tf):
    return (tf.TensorShape([None, 3]).merge_with([2, None]), tf.TensorShape(None).merge_with([1]),
            tf.TensorShape([1]).concatenate([2, None]))


case("TensorShape.merge_with of disagreeing shapes is a ValueError")(
    lambda tf: tf.TensorShape([2]).merge_with([3]))


# -- traced control flow ------------------------------------------------------------------------
@case("an ExtensionType through AutoGraph's if and for over tf.range in a tf.function")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.function
    def fn(x, b):
        if b:
            x = MaskedTensor(x, tf.less(x, 0))
        else:
            x = MaskedTensor(x, tf.greater(x, 0))
        for _ in tf.range(5 if b else 7):
            x = x.with_values(x.values + 1 / 2)
        return x
    return (_fields(fn(tf.constant([1.0, -2, 3]), tf.constant(True))),
            _fields(fn(tf.constant([1.0, -2, 3]), tf.constant(False))))


@case("an ExtensionType as a traced tf.while_loop variable")
def _(tf):
    MaskedTensor = _masked(tf)

    @tf.function
    def fn(mt):
        return tf.while_loop(lambda i, _: i < 10,
                             lambda i, m: (i + 1, m.with_values(m.values + 3 / 7)), [0, mt])
    i, mt = fn(MaskedTensor([22.0, 33, 108, 55], [True, True, True, False]))
    return i, _fields(mt)


# -- SavedModel ---------------------------------------------------------------------------------
@case("a saved tf.function takes and returns an ExtensionType after loading (by __name__)")
def _(tf):
    import tempfile

    class Saved(tf.experimental.ExtensionType):
        __name__ = "test_against_tensorflow_extension_dispatch.Saved"
        values: tf.Tensor
        mask: tf.Tensor

    class Grower(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(100.0)

        @tf.function
        def grow(self, x):
            return Saved(x.values * self.v, x.mask)

        @tf.function
        def mean(self, x):
            return tf.reduce_sum(tf.where(x.mask, x.values, 0.0))

        @tf.function
        def wrapper(self, values, mask):
            return self.mean(Saved(values, mask))
    module = Grower()
    module.grow.get_concrete_function(Saved.Spec(values=tf.TensorSpec(None, tf.float32),
                                                 mask=tf.TensorSpec(None, tf.bool)))
    module.wrapper.get_concrete_function(tf.TensorSpec(None, tf.float32),
                                         tf.TensorSpec(None, tf.bool))
    with tempfile.TemporaryDirectory() as path:
        tf.saved_model.save(module, path)
        loaded = tf.saved_model.load(path)
        out = loaded.grow(Saved([1.0, 2, 3], [False, True, False]))
        return (type(out).__name__, out.values, out.mask,
                loaded.wrapper(tf.constant([1.0, 2.0]), tf.constant([True, False])))


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
