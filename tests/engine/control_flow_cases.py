"""Cases for the control-flow ops (If, Case, While, TensorList, Range, Fill, Assert).

The op-table guards in tests/engine/test_gradients.py and tests/test_function.py
take their cases for these ops from here:

- GRAD_CASES: numeric gradient checks (float64 central differences). If, Case
  and While exist only in graphs (eagerly, tf.cond is Python's if), so their
  cases wrap the op in a tf.function: the tape around the call differentiates
  the traced If/While through its gradient (the node rewritten to output
  what its gradient needs). Their second derivatives are checked through a
  tf.function call (the call's second backward function, ops/call_ops.py), and
  inside one graph in tests/engine/test_control_flow.py.
- NO_GRADIENT: the ops without a gradient, with TF's reason.
- GRAPH_CASES / EFFECT_CASES: the same op eagerly and in a tf.function must
  agree (and each case's graph must contain its op).
"""
from __future__ import annotations

import numpy as np

import course.engine as tf
from course.engine.ops import list_concat_ops, list_ops
from course.engine.ops.control_flow_ops import Assert

R = np.random.default_rng(11)


def _u(shape):
    return R.uniform(-2.0, 2.0, size=shape)


class GradCase:
    """f(*args) differentiated w.r.t. `wrt` (the same fields as test_gradients.Case)."""

    def __init__(self, name, f, args, wrt=(0,), eps=1e-6, second=True, variables=False):
        self.name, self.f, self.wrt, self.eps = name, f, wrt, eps
        self.args = [np.asarray(a, np.float64) if isinstance(a, np.ndarray) else a for a in args]
        self.second = second
        self.variables = variables

    def __repr__(self):
        return self.name


# A variable read inside a branch or body makes the node stateful: If, Case, While (TF's names).
_V64 = tf.Variable(np.array([0.5, -1.5, 2.0]))


def _traced(fn):
    fn = tf.function(fn, autograph=False)
    fn.through_a_call = True  # (second derivatives: checked in one graph, see the docstring)
    return fn


GRAD_CASES = {
    "StatelessIf": [
        GradCase("true branch", _traced(lambda x: tf.cond(tf.reduce_sum(x) < 100.0,
                                                          lambda: x * x * 3.0, lambda: tf.sin(x))),
                 [_u((3,))]),
        GradCase("false branch", _traced(lambda x: tf.cond(tf.reduce_sum(x) > 100.0,
                                                           lambda: x * x, lambda: tf.sin(x) * x)),
                 [_u((2, 3))]),
        GradCase("two inputs, one used by each branch", _traced(
            lambda x, y: tf.cond(tf.reduce_sum(x) > 100.0, lambda: x * 2.0, lambda: y * y)),
                 [_u((3,)), _u((3,))], wrt=(0, 1)),
        GradCase("nested cond", _traced(lambda x: tf.cond(
            tf.reduce_sum(x) < 100.0,
            lambda: tf.cond(tf.reduce_max(x) > 100.0, lambda: x, lambda: tf.exp(x) * x),
            lambda: x)), [_u((3,))]),
    ],
    "If": [GradCase("reads a variable", _traced(
        lambda x: tf.cond(tf.reduce_sum(x) < 100.0, lambda: x * _V64 * x, lambda: x)), [_u((3,))])],
    "StatelessCase": [GradCase("branch 1 of 3", _traced(lambda x: tf.switch_case(
        tf.constant(1), [lambda: x, lambda: tf.sin(x) * x, lambda: x * 3.0])), [_u((3,))])],
    "Case": [GradCase("out of range: the last branch", _traced(lambda x: tf.switch_case(
        tf.constant(7), [lambda: x, lambda: x * _V64 * x])), [_u((3,))])],
    "StatelessWhile": [
        GradCase("y = sin(y) * x, 3 times", _traced(lambda x: tf.while_loop(
            lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x), (0, x))[1]), [_u((3,))]),
        GradCase("zero iterations", _traced(lambda x: tf.while_loop(
            lambda i, y: i < 0, lambda i, y: (i + 1, y * x), (0, x))[1]), [_u((2,))]),
        GradCase("a loop inside a loop", _traced(lambda x: tf.while_loop(
            lambda i, y: i < 2,
            lambda i, y: (i + 1, tf.while_loop(lambda j, z: j < 2,
                                               lambda j, z: (j + 1, tf.tanh(z) * x), (0, y))[1]),
            (0, x))[1]), [_u((2,))]),
        GradCase("a TensorArray written in the loop", _traced(lambda x: tf.reshape(tf.while_loop(
            lambda i, h, ta: i < 3,
            lambda i, h, ta: (i + 1, tf.tanh(h * x), ta.write(i, h * h)),
            (0, x, tf.TensorArray(tf.float64, size=3)))[2].stack(), [3, 2])), [_u((2,))]),
    ],
    "While": [GradCase("reads a variable each iteration", _traced(lambda x: tf.while_loop(
        lambda i, y: i < 2, lambda i, y: (i + 1, y * _V64 + tf.sin(x)), (0, x))[1]), [_u((3,))])],
    "Fill": [GradCase("value to shape", lambda v: tf.fill(tf.constant([2, 3]), v) * 1.5, [_u(())])],
    "TensorListFromTensor": [GradCase("rows, stacked back", lambda x: list_ops.stack(
        list_ops.from_tensor(x), [3], tf.float64) * 2.0, [_u((2, 3))])],
    "TensorListStack": [GradCase("unstack then stack", lambda x: tf.TensorArray(
        tf.float64, size=2).unstack(x).stack() ** 2, [_u((2, 3))])],
    "TensorListGetItem": [GradCase("a row read twice", lambda x: (lambda ta: ta.read(1) * ta.read(1)
                                                                   + ta.read(0))(
        tf.TensorArray(tf.float64, size=2).unstack(x)), [_u((2, 3))])],
    "TensorListSetItem": [GradCase("written, overwritten, read", lambda x, y: tf.TensorArray(
        tf.float64, size=3).write(0, x).write(1, y * y).write(0, x * 3.0).write(2, x).stack(),
        [_u((2,)), _u((2,))], wrt=(0, 1))],
    "TensorListGather": [GradCase("repeated rows", lambda x: tf.TensorArray(
        tf.float64, size=3).unstack(x).gather([2, 0]) ** 2, [_u((3, 2))])],
    "TensorListScatterIntoExistingList": [GradCase("rows into a list", lambda x, y: tf.TensorArray(
        tf.float64, size=3).unstack(x).scatter([2, 0], y * y).stack(), [_u((3, 2)), _u((2, 2))],
        wrt=(0, 1))],
    "TensorListResize": [GradCase("cut, then grown", lambda x: list_ops.stack(list_ops.resize(
        list_ops.resize(list_ops.from_tensor(x), 1), 3), [2], tf.float64), [_u((2, 2))])],
    "TensorListConcatV2": [
        GradCase("pieces of 1 and 2 rows", lambda x, y: tf.TensorArray(
            tf.float64, size=2, infer_shape=False).write(0, x).write(1, y * y).concat() * 1.5,
            [_u((1, 2)), _u((2, 2))], wrt=(0, 1)),
        GradCase("unwritten pieces as long as leading_dims", lambda x: list_concat_ops.concat(
            list_ops.set_item(list_ops.reserve((None, 2), 3, tf.float64), 1, x), (None, 2),
            tf.float64, leading_dims=[1, 0, 2]) ** 2, [_u((2, 2))])],
    "TensorListSplit": [GradCase("1, 2 and 3 rows, the middle one read twice", lambda x: (
        lambda ta: ta.read(1) * ta.read(1) + ta.concat()[:2])(
        tf.TensorArray(tf.float64, size=3).split(x, [1, 2, 3])), [_u((6, 2))])],
    "TensorListAdd": [GradCase("two gradient lists", lambda x, y: list_ops.stack(list_ops.add_lists(
        list_ops.from_tensor(x), list_ops.from_tensor(y * x)), [2], tf.float64),
        [_u((2, 2)), _u((2, 2))], wrt=(0, 1))],
}

NO_GRADIENT = {
    "Range": "its inputs are bounds and a step; TF registers no gradient",
    "TensorListReserve": "its inputs are an element shape and a length (integers)",
    "TensorListLength": "integer output (a count)",
    "Assert": "no outputs (it checks a condition)",
}

# -- graph == eager --------------------------------------------------------------------------------
_X = np.array([[0.5, -1.25, 2.0], [3.0, 0.75, -0.5]], np.float32)
_V32 = tf.Variable(np.array([1.5, -0.5, 2.0], np.float32))


def _list_of(x):
    return tf.TensorArray(tf.float32, size=2).unstack(x)


GRAPH_CASES = {
    "StatelessIf": (lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: tf.sin(x)), [_X]),
    "If": (lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * _V32, lambda: x - _V32), [_X]),
    "StatelessCase": (lambda x: tf.switch_case(tf.cast(tf.reduce_sum(x) > 0, tf.int32),
                                               [lambda: x * 2.0, lambda: tf.sin(x)]), [_X]),
    "Case": (lambda x: tf.switch_case(tf.constant(0), [lambda: x * _V32, lambda: x]), [_X]),
    "StatelessWhile": (lambda x: tf.while_loop(lambda i, y: i < 3,
                                               lambda i, y: (i + 1, tf.sin(y) * 1.5), (0, x))[1],
                       [_X]),
    "While": (lambda x: tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * _V32),
                                      (0, x))[1], [_X]),
    "Range": (lambda x: tf.cast(tf.range(tf.shape(x)[1]), tf.float32) + x, [_X]),
    "Fill": (lambda x: tf.fill(tf.shape(x), 2.5) * x, [_X]),
    # (a stacked list's length is known only when the graph runs: the cases sum over it)
    "TensorListReserve": (lambda x: tf.reduce_sum(tf.TensorArray(tf.float32, size=2).write(
        0, x[1]).write(1, x[0] * 2.0).stack(), axis=0), [_X]),
    "TensorListFromTensor": (lambda x: tf.reduce_sum(_list_of(x).stack() * x, axis=0), [_X]),
    "TensorListStack": (lambda x: tf.reduce_sum(_list_of(x * 2.0).stack() ** 2, axis=0), [_X]),
    "TensorListGetItem": (lambda x: _list_of(x).read(1), [_X]),
    "TensorListSetItem": (lambda x: tf.reduce_sum(_list_of(x).write(0, x[1] * 3.0).stack() * x,
                                                  axis=0), [_X]),
    "TensorListLength": (lambda x: _list_of(x).size(), [_X]),
    "TensorListGather": (lambda x: _list_of(x).gather([1, 1, 0]), [_X]),
    "TensorListScatterIntoExistingList": (lambda x: tf.reduce_sum(
        _list_of(x).scatter([1, 0], x * 2.0).stack() * x, axis=0), [_X]),
    "TensorListResize": (lambda x: tf.reduce_sum(list_ops.stack(list_ops.resize(
        list_ops.from_tensor(x), 3), [3], tf.float32), axis=0), [_X]),
    "TensorListConcatV2": (lambda x: tf.reduce_sum(tf.TensorArray(
        tf.float32, size=2, infer_shape=False, element_shape=[None, 3]).write(0, x).write(
        1, x[:1] * 2.0).concat(), axis=0),
        [_X]),
    "TensorListSplit": (lambda x: tf.TensorArray(tf.float32, size=2).split(x, [1, 1]).read(1),
                        [_X]),
    "TensorListAdd": (lambda x: tf.reduce_sum(list_ops.stack(list_ops.add_lists(
        list_ops.from_tensor(x), list_ops.from_tensor(x * x)), [3], tf.float32), axis=0), [_X]),
}

EFFECT_CASES = {
    "Assert": lambda v, g: Assert(tf.reduce_all(g > -10.0), ["g is not below -10"]),
}
