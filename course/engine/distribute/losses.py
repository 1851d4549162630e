"""`tf.nn.compute_average_loss` and `tf.nn.scale_regularization_loss`: losses that add up right
over the replicas.

Under a strategy every replica computes a loss on its share of the global
batch, and the replicas' gradients are *summed* (an all-reduce). So each
replica's loss must be its part of the global mean: the sum of its
per-example losses divided by the *global* batch size, not by its own.

    >>> per_example_loss = tf.constant([1.0, 2.0, 3.0])
    >>> tf.nn.compute_average_loss(per_example_loss)           # one replica: the mean
    <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
    >>> tf.nn.compute_average_loss(per_example_loss, global_batch_size=6)
    <tf.Tensor: shape=(), dtype=float32, numpy=1.0>

Regularization losses are the same in every replica; summed over the
replicas they would count once per replica, so each replica adds its share,
the total divided by the number of replicas.
"""
from __future__ import annotations

from .. import dtypes
from ..ops import array_ops as _array
from ..ops import math_ops as _math
from ..ops import reduce_ops as _reduce
from ..tensor import Tensor, convert_to_tensor
from . import context

__all__ = ["compute_average_loss", "scale_regularization_loss"]


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None) -> Tensor:
    """sum(per_example_loss * sample_weight) / global_batch_size. Mirrors `tf.nn.compute_average_loss`.

    `global_batch_size` defaults to this replica's batch (the first dimension)
    times the replicas in sync; a global batch size of 0 gives 0 (TF's
    div_no_nan). `sample_weight` may be a scalar, of the loss's shape, or have
    one dimension more or less (a trailing 1), as in Keras losses.
    """
    per_example_loss = convert_to_tensor(per_example_loss)
    input_dtype = per_example_loss.dtype
    if per_example_loss.shape.rank == 0:
        raise ValueError("Invalid value passed for `per_example_loss`. Expected a tensor with at "
                         f"least rank 1. Received per_example_loss={per_example_loss} with rank 0")
    if sample_weight is not None:
        # TF: the product is computed in float32, then cast back to the loss's dtype
        per_example_loss = _array.cast(_weighted(per_example_loss, sample_weight), input_dtype)
    if global_batch_size is None:
        if context.has_strategy() and context.in_cross_replica_context():
            raise RuntimeError("You are calling `compute_average_loss` in cross replica context, "
                               "while it was expected to be called in replica context.")
        replicas = context.get_strategy().num_replicas_in_sync
        global_batch_size = _array.shape(per_example_loss)[0] * replicas
    global_batch_size = convert_to_tensor(global_batch_size)
    if global_batch_size.shape.rank != 0:
        raise ValueError("global_batch_size must be scalar..  Expected scalar shape, saw shape: "
                         f"{global_batch_size.shape}.")
    if not global_batch_size.dtype.is_integer:
        raise TypeError('global_batch_size must be an integer..  Expected "x" to be integer '
                        f"type.  Found: tensor of dtype <dtype: {global_batch_size.dtype.name!r}>")
    loss = _reduce.reduce_sum(per_example_loss)
    return _math.divide_no_nan(loss, _array.cast(global_batch_size, input_dtype))


def _weighted(losses: Tensor, sample_weight) -> Tensor:
    """losses * sample_weight in float32, the weight's last dimension squeezed or added when its
    rank is one more or one less than the losses' (TF's squeeze_or_expand_dimensions)."""
    losses = _array.cast(losses, dtypes.float32)
    weight = _array.cast(convert_to_tensor(sample_weight), dtypes.float32)
    rank, weight_rank = losses.shape.rank, weight.shape.rank
    if weight_rank and rank is not None:
        if weight_rank - rank == 1:
            weight = _array.squeeze(weight, [-1])
        elif rank - weight_rank == 1:
            weight = _array.expand_dims(weight, -1)
    return _math.multiply(losses, weight)


def scale_regularization_loss(regularization_loss) -> Tensor:
    """sum(regularization_loss) / replicas in sync. Mirrors `tf.nn.scale_regularization_loss`."""
    if context.has_strategy() and context.in_cross_replica_context():
        raise RuntimeError("You are calling `scale_regularization_loss` in cross replica "
                           "context, while it was expected to be called in replica context.")
    replicas = context.get_strategy().num_replicas_in_sync
    return _math.truediv(_reduce.reduce_sum(regularization_loss), replicas)
