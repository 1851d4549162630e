"""Shapes that cannot work, found while a graph is built: TF's ValueError, here and on TF 2.21.

The rule (TF's graph construction: each new node's shape function runs at
once): a node whose input shapes cannot work raises `ValueError` while the
graph is built, in TF1 graph mode and while a tf.function is traced alike,
with the shape function's message and then the node,

    <message> for '{{node NAME}} = OpType[attrs](inputs)' with input shapes: <shapes>.

Inputs are named after the graph's nodes (a placeholder's or argument's name,
`Const`, `add/y` for a Python number). What TF finds only when the node runs
(a constant index out of range) stays a runtime `InvalidArgumentError`.

How messages are compared here: the whole text (not only its first line), for
TF1 graph mode and `tf.function(autograph=False)`, where TF adds nothing. With
autograph on, TF wraps the message in an `in user code:` frame (the class is
kept); there the text compared is what follows the frame's last line that
starts with four spaces and the class name, those four spaces removed.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_trace_errors.py
"""
from __future__ import annotations

import pytest

from .tf_compare import eng, real_tf

CASES = []


def case(name: str, frame: bool = False, upto_node: bool = False):
    """Registers `fn(tf)`, which must raise; `frame`: autograph's frame may wrap the message;
    `upto_node`: only the message before the node is compared (the node's text is the
    engine's approximation, docs/engine-api-graphs.md)."""
    def wrap(fn):
        CASES.append(pytest.param(fn, frame, upto_node, id=name))
        return fn
    return wrap


def _in_graph(tf, build):
    """Builds `build(tf, placeholder)` in a TF1 graph (placeholders of float32, named)."""
    with tf.Graph().as_default():
        build(tf, lambda shape, name: tf.compat.v1.placeholder(tf.float32, shape, name=name))


def _traced(tf, fn, *args, autograph=False):
    return tf.function(fn, autograph=autograph)(*args)


def _after_frame(text: str, kind: str) -> str:
    """The message inside autograph's `in user code:` frame (the text itself if there is none)."""
    if not text.startswith("in user code:"):
        return text
    lines = text.rstrip("\n").split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith(f"    {kind}: "))
    return "\n".join(line[4:] for line in lines[start:])[len(kind) + 2:]


# -- TF1 graph mode -------------------------------------------------------------------------
@case("broadcasting: an unknown batch, 3 against 2; placeholders named x and y")
def _(tf):
    _in_graph(tf, lambda tf, p: p([None, 3], "x") + p([2], "y"))


@case("broadcasting: the first pair from the left that cannot be")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x") - p([4, 5], "y"))


@case("broadcasting: a Python list becomes the node add/y")
def _(tf):
    _in_graph(tf, lambda tf, p: p([None, 3], "x") + [1.0, 2.0])


@case("broadcasting: tf.constant nodes are Const and Const_1; int32 is DT_INT32")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.constant([1, 2, 3]) * tf.constant([1, 2]))


@case("broadcasting: truediv is RealDiv, floordiv FloorDiv")
def _(tf):
    _in_graph(tf, lambda tf, p: (tf.constant([1, 2, 3]) // tf.constant([1, 2])))


@case("broadcasting: tf.maximum")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.maximum(p([2, 3], "x"), p([4], "y")))


@case("broadcasting: a comparison")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x") < p([4], "y"))


@case("broadcasting: Equal has the attr incompatible_shape_error")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.equal(p([2, 3], "x"), p([4], "y")))


@case("broadcasting: LogicalAnd has no attrs; its inputs are the Greater nodes")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.logical_and(p([2, 3], "x") > 0, p([4], "y") > 0))


@case("broadcasting: tf.where broadcasts then and else first")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.where(p([2, 3], "c") > 0, p([4], "t"), p([2, 3], "e")))


@case("tf.ones and tf.zeros make nodes named ones and zeros (then ones_1)")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.maximum(tf.ones([2, 3]), tf.zeros([4])) + tf.ones([5]))


@case("tf.one_hot's node is one_hot")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.one_hot(tf.constant([0, 1]), 3) * p([2, 4], "b"))


@case("softmax_cross_entropy_with_logits: labels and logits that cannot broadcast "
      "(TF's node reads reshaped inputs: the message only)", upto_node=True)
def _(tf):
    _in_graph(tf, lambda tf, p: tf.nn.softmax_cross_entropy_with_logits(labels=p([2, 3], "l"),
                                                                       logits=p([2, 4], "z")))


@case("a node named by the caller")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.add(p([2, 3], "x"), p([4], "y"), name="plus"))


@case("matmul: inner dimensions 3 and 2")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p([2, 3], "a"), p([2, 3], "b")))


@case("matmul: the transposes are attrs, and pick the inner dimensions")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p([2, 3], "a"), p([2, 3], "b"), transpose_a=True,
                                          transpose_b=True))


@case("matmul: a vector is rank 1, not 2")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p([2, 3], "a"), p([3], "b")))


@case("batch matmul: the node is MatMul, the op BatchMatMulV2; inner before batch")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p([4, 2, 3], "a"), p([5, 2, 3], "b")))


@case("batch matmul: batch dimensions that cannot broadcast")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p([4, 2, 3], "a"), p([5, 3, 3], "b")))


@case("batch matmul: an input of unknown rank takes BatchMatMulV2 (at least rank 2)")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.matmul(p(None, "a"), p([2], "b")))


@case("reshape: 6 elements to 8; the shape is the input Reshape/shape")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reshape(p([2, 3], "x"), [4, 2]))


@case("reshape: an int32 constant to [3, 3]")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reshape(tf.constant([1, 2, 3, 4]), [3, 3]))


@case("reshape: with -1 the known sizes must divide the input's")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reshape(p([2, 3], "x"), [-1, 4, 1]))


@case("reshape: an unknown batch; the known part must divide the target's size")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reshape(p([None, 3], "x"), [5]))


@case("broadcast_to: sizes compared from the right")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.broadcast_to(p([2, 1], "a"), [2, 3, 4]))


@case("broadcast_to: a target of lower rank")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.broadcast_to(p([2, 3], "a"), [3]))


@case("concat: sizes off the axis must agree (the axis taken out of the shapes)")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.concat([p([2, 3], "x"), p([2, 4], "y")], axis=0))


@case("concat: three inputs, axis 1; an unknown size merges")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.concat([p([None, 3], "x"), p([2, 3], "y"), p([4, 3], "z")],
                                          axis=1))


@case("concat: ranks must agree")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.concat([p([2], "x"), p([2, 3], "y")], axis=0))


@case("concat: an axis past the rank")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.concat([p([2, 3], "x"), p([2, 3], "y")], axis=-3))


@case("stack along axis 1: shapes merge from the last input back")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.stack([p([2, 3], "x"), p([2, 3], "y"), p([2, 4], "z")],
                                         axis=1))


@case("squeeze: a dimension that is not 1 (squeeze_dims as given)")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.squeeze(p([2, 3], "x"), axis=-1))


@case("squeeze: an axis out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.squeeze(p([2, 3], "x"), axis=5))


@case("reduce_sum: an axis out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reduce_sum(p([2, 3], "x"), axis=2))


@case("reduce_mean with keepdims: a negative axis out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reduce_mean(p([2, 3], "x"), axis=-3, keepdims=True))


@case("reduce_max: several axes, one out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reduce_max(p([2, 3], "x"), axis=[0, 2]))


@case("reduce_any: no T attr")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.reduce_any(p([2, 3], "x") > 0, axis=3))


@case("argmax: an axis out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.argmax(p([2, 3], "x"), axis=2))


@case("gather: an axis the params do not have")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.gather(p([2, 3], "x"), tf.constant([0]), axis=2))


@case("indexing: an index past the end; begin, end and strides are TF's stack inputs")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x")[5])


@case("indexing: a negative index is named as TF counts it (-3 of size 2 is -1)")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x")[1:2:1, -4])


@case("indexing: a slice then an index (begin and end masks)")
def _(tf):
    _in_graph(tf, lambda tf, p: p([None, 3], "x")[::2, 3])


@case("indexing: an ellipsis and a new axis")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x")[None, ..., 4])


@case("indexing: more indices than dimensions")
def _(tf):
    _in_graph(tf, lambda tf, p: p([2, 3], "x")[0, 0, 0])


@case("expand_dims: an axis out of range")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.expand_dims(p([2, 3], "x"), axis=4))


@case("transpose: one perm entry per dimension; the node is transpose")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.transpose(p([2, 3], "x"), perm=[0, 1, 2]))


@case("tile: one multiple per dimension")
def _(tf):
    _in_graph(tf, lambda tf, p: tf.tile(p([2, 3], "x"), [1, 2, 3]))


# -- tf.function ----------------------------------------------------------------------------
@case("tf.function(autograph=False): the arguments are named after the parameters")
def _(tf):
    _traced(tf, lambda a, b: tf.matmul(a, b), tf.ones([2, 3]), tf.ones([2, 3]))


@case("tf.function(autograph=False): a constant made inside is Const")
def _(tf):
    _traced(tf, lambda x: x * tf.constant([1.0, 2.0]), tf.ones([3]))


@case("tf.function(autograph=False): tf.ones made inside is the node ones")
def _(tf):
    _traced(tf, lambda x: tf.matmul(x, tf.ones([2, 2])), tf.ones([2, 3]))


@case("tf.function(autograph=False): indexing past the end")
def _(tf):
    _traced(tf, lambda x: x[0, 3], tf.ones([2, 3]))


@case("tf.function with an input_signature: found by get_concrete_function")
def _(tf):
    f = tf.function(lambda x, y: x + y, autograph=False,
                    input_signature=[tf.TensorSpec([None, 3]), tf.TensorSpec([2])])
    f.get_concrete_function()


@case("tf.function (autograph): the same ValueError, inside TF's frame", frame=True)
def _(tf):
    def add(a, b):
        return a + b
    _traced(tf, add, tf.ones([2, 3]), tf.ones([4]), autograph=True)


@case("tf.function (autograph): reshape in a traced function", frame=True)
def _(tf):
    def flatten(images):
        return tf.reshape(images, [-1, 5])
    _traced(tf, flatten, tf.ones([2, 3]), autograph=True)


@pytest.mark.parametrize("fn, frame, upto_node", CASES)
def test_trace_errors_are_tfs_value_error(fn, frame, upto_node):
    with pytest.raises(Exception) as theirs:
        fn(real_tf)
    with pytest.raises(Exception) as ours:
        fn(eng)
    assert type(theirs.value) is ValueError, f"TF raised {theirs.value!r}"
    assert type(ours.value) is ValueError, f"the engine raised {ours.value!r}"
    a, b = str(ours.value), str(theirs.value)
    if frame:
        a, b = _after_frame(a, "ValueError"), _after_frame(b, "ValueError")
    if upto_node:
        a, b = a.split(" for '{{node ")[0], b.split(" for '{{node ")[0]
    assert a == b, f"\nTF  : {b}\nours: {a}"


def test_a_constant_index_out_of_range_is_found_when_the_graph_runs():
    """TF's shape functions never look at values: the gather is traced, and fails when run."""
    def pick(tf):
        return tf.function(lambda x: tf.gather(x, [5]), autograph=False)
    for tf in (real_tf, eng):
        concrete = pick(tf).get_concrete_function(tf.TensorSpec([3]))  # (traced: no error)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = 5 is not in \[0, 3\)"):
            concrete(tf.ones([3]))


_KEYS = [(0,), (5,), (-5,), (slice(1, None),), (slice(5, 7),), (Ellipsis, 0), (None, 0),
         (slice(None), 1), (slice(None, None, 2),), (0, None, Ellipsis), (Ellipsis, slice(0, 2))]


@pytest.mark.parametrize("shape", [[None, 3], [None, None], [2, None, 4]], ids=str)
def test_indexing_an_unknown_dimension_is_checked_when_the_graph_runs(shape):
    """TF's rule: an index into a dimension of unknown size builds (x[5] of [None, 3] is
    checked when the graph runs), and a slice of one has an unknown length."""
    def shapes(tf):
        out = []
        with tf.Graph().as_default():
            x = tf.compat.v1.placeholder(tf.float32, shape)
            for key in _KEYS:
                try:
                    out.append(x[key].shape.as_list())
                except ValueError as e:  # (an index past a known size: the shape function's)
                    out.append(str(e).split(" for ")[0])
        return out
    assert shapes(eng) == shapes(real_tf)
