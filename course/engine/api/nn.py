"""`tf.nn`: activations and losses for neural networks."""
from ..ops.nn_ops import (relu, sigmoid, tanh, softmax, log_softmax,
                          softmax_cross_entropy_with_logits,
                          sparse_softmax_cross_entropy_with_logits)

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax",
           "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits"]
