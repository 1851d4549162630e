"""`tf.compat.v1.placeholder_with_default`: a graph input that need not be fed.

A TF1 placeholder must be fed on every `Session.run`. PlaceholderWithDefault
passes its input through unless `feed_dict` gives it a value, like a
function argument with a default:

    >>> keep = tf.compat.v1.placeholder_with_default(1.0, shape=[])
    >>> sess.run(tf.nn.dropout(x, rate=1.0 - keep))                # keep = 1.0
    >>> sess.run(..., feed_dict={keep: 0.5})                       # keep = 0.5

Its static shape is the declared `shape` (which may leave dimensions unknown),
not the default's: a value of another size may be fed.

Read next: ../session.py (feeding any graph tensor).
"""
from __future__ import annotations

from .. import dtypes
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import TensorShape, convert_to_tensor
from . import register

__all__ = ["placeholder_with_default"]


def _declared_shape(specs, attrs) -> Spec:
    shape = attrs["shape"]
    if specs[0].shape is not None and shape is not None and \
            not TensorShape(shape).is_compatible_with(specs[0].shape):
        raise ValueError(f"Shapes {TensorShape(specs[0].shape)} and {TensorShape(shape)} are "
                         "incompatible (the default value must fit the declared shape).")
    return Spec(specs[0].dtype, shape)


# stateful: a Session may feed it, so its value is never folded into a constant ahead of time
PLACEHOLDER_WITH_DEFAULT = register(Op(
    "PlaceholderWithDefault", lambda x, shape: x, lambda op, dy: (dy,), dtypes=dtypes.ALL,
    stateful=True))
SHAPE_RULES["PlaceholderWithDefault"] = _declared_shape


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's argument name
    """`input`, unless a Session feeds another value. Mirrors TF1's `placeholder_with_default`.

    >>> x = tf.compat.v1.placeholder_with_default([1.0, 2.0], shape=[None])
    >>> x.shape
    TensorShape([None])
    """
    value = convert_to_tensor(input)
    dims = None if shape is None else TensorShape(shape)._dims
    return execute(PLACEHOLDER_WITH_DEFAULT, (value,), {"shape": dims}, name=name)
