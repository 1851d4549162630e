"""`tf.nn`: activations, losses, convolution and pooling for neural networks."""
from ..ragged.dispatch import relu, sigmoid, tanh  # (they also take RaggedTensors)
from ..ops.nn_ops import (softmax, log_softmax,
                          softmax_cross_entropy_with_logits,
                          sparse_softmax_cross_entropy_with_logits, softplus, elu,
                          sigmoid_cross_entropy_with_logits, l2_loss, embedding_lookup,
                          leaky_relu, relu6)
from ..ops.conv_ops import conv2d, max_pool2d
from ..ops.matrix_ops import l2_normalize
from ..ops.dropout_ops import dropout
from ..distribute.losses import compute_average_loss, scale_regularization_loss
from . import nn_experimental as experimental
from .. import unsupported as _unsupported

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax",
           "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
           "softplus", "elu", "sigmoid_cross_entropy_with_logits", "l2_loss", "conv2d",
           "max_pool2d", "l2_normalize", "embedding_lookup", "leaky_relu", "relu6", "dropout",
           "compute_average_loss", "scale_regularization_loss", "experimental"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("nn", __name__, name)
