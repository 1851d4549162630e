"""`tf.compat.v1.nn`: TF1's `tf.nn`, the engine's `tf.nn` functions under their TF1 names.

Two TF1 spellings differ from TF2's:
- `softmax_cross_entropy_with_logits` (TF1) treats the labels as constants: no
  gradient flows into them. `softmax_cross_entropy_with_logits_v2` is TF2's
  `tf.nn.softmax_cross_entropy_with_logits`, which differentiates both.
- `max_pool` is TF1's name of `max_pool2d`.
"""
from ....ops.nn_ops import (relu, sigmoid, tanh, softmax, log_softmax, softplus, elu,
                            sparse_softmax_cross_entropy_with_logits,
                            sigmoid_cross_entropy_with_logits, l2_loss)
from ....ops.nn_ops import softmax_cross_entropy_with_logits as _softmax_cross_entropy_v2
from ....ops.array_ops import stop_gradient
from ....ops.conv_ops import conv2d, max_pool2d
from ....ops.dropout_ops import dropout_v1 as dropout
from .... import unsupported as _unsupported

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "elu",
           "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
           "l2_loss", "conv2d", "max_pool2d", "max_pool", "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2", "dropout"]

max_pool = max_pool2d


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """TF2's `tf.nn.softmax_cross_entropy_with_logits` under its TF1 name (`dim`: old `axis`)."""
    axis = dim if axis is None else axis
    return _softmax_cross_entropy_v2(labels, logits, axis=-1 if axis is None else axis)


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1,
                                      name=None, axis=None):
    """TF1's softmax cross-entropy: as TF2's, but no gradient reaches `labels`.

    >>> tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0]])
    """
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `softmax_cross_entropy_with_logits` with named arguments "
                         "(labels=..., logits=..., ...). Received unnamed argument: "
                         f"{_sentinel}")
    return _softmax_cross_entropy_v2(stop_gradient(labels), logits,
                                     axis=dim if axis is None else axis)


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("compat.v1.nn", __name__, name)
