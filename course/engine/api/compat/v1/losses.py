"""`tf.compat.v1.losses`: TF1's loss functions (only `mean_squared_error` here).

TF1's losses reduce with SUM_BY_NONZERO_WEIGHTS: the sum of the weighted
losses divided by how many of them have a nonzero weight (with the default
`weights=1.0`, the mean).
"""
from ....ops.array_ops import cast, ones_like
from ....ops.math_ops import divide_no_nan, multiply, not_equal, squared_difference
from ....ops.reduce_ops import reduce_sum
from .... import dtypes
from .... import unsupported as _unsupported

__all__ = ["mean_squared_error"]


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=None,
                       reduction="weighted_sum_by_nonzero_weights"):
    """sum(weights * (predictions - labels)**2) / (number of nonzero weights), a float32 scalar.

    Mirrors `tf.compat.v1.losses.mean_squared_error` with its default reduction.

    >>> tf.compat.v1.losses.mean_squared_error([1.0, 2.0], [1.0, 4.0])
    <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
    """
    if reduction != "weighted_sum_by_nonzero_weights":
        raise NotImplementedError(f"tf.compat.v1.losses.mean_squared_error: only the default "
                                  f"reduction is part of this engine, not {reduction!r}")
    predictions = cast(predictions, dtypes.float32)
    labels = cast(labels, dtypes.float32)
    losses = squared_difference(predictions, labels)
    weights = cast(weights, dtypes.float32)
    weighted = multiply(losses, weights)
    present = multiply(ones_like(losses), cast(not_equal(weights, 0.0), dtypes.float32))
    return divide_no_nan(reduce_sum(weighted), reduce_sum(present))


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("compat.v1.losses", __name__, name)
