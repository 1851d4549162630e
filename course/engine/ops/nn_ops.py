"""Neural-network ops: `tf.nn.relu`, `leaky_relu`, `relu6`, `sigmoid`, `tanh`, `softmax`,
cross-entropy.

The cross-entropy ops fuse softmax and log for numerical stability: they never
compute log(softmax(x)) naively, so large logits give finite losses.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes, eigen_math, eigen_softmax, onednn_math
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import broadcast_shapes, register
from . import array_ops as _array
from . import index_ops as _index
from . import math_ops as _m
from .complex_ops import conj_if_complex as _conj  # gradients multiply by conj(f'(z))
from . import reduce_ops as _reduce

_FLOAT = dtypes.FLOATING


def _tensor(x, dtype=None) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x, dtype_hint=dtype)


# -- relu -------------------------------------------------------------------------
def _relu_grad(op, dy):
    # TF's ReluGrad: dy * (y > 0), a product with a 0/1 mask (so also at 0 the gradient is 0).
    # A product, as TF's kernel: where dy < 0 it gives -0.0, and nan for an infinite dy,
    # as in TF (a select would give 0.0); and on a random mask it is several times quicker
    # than a select (np.where's branch per element).
    return (_m.multiply(dy, _array.cast(_m.greater(op.output, 0), dy.dtype)),)


RELU = register(Op("Relu", lambda x: np.maximum(x, 0).astype(x.dtype, copy=False), _relu_grad,
                   dtypes=dtypes.NUMERIC))


def relu(features, name=None) -> Tensor:
    """max(x, 0), elementwise. Mirrors `tf.nn.relu`.

    >>> tf.nn.relu(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0., 2.], dtype=float32)>
    """
    return execute(RELU, (_tensor(features),), name=name)


# -- leaky_relu and relu6: relu with a slope below zero, relu with a cap ----------------
def _leaky_relu(x, alpha):
    return np.where(x > 0, x, x * x.dtype.type(alpha)).astype(x.dtype, copy=False)


LEAKY_RELU = register(Op("LeakyRelu", _leaky_relu,
                         # TF's LeakyReluGrad: x > 0: dy;  x <= 0: dy * alpha
                         lambda op, dy: (_index.where(_m.greater(op.inputs[0], 0), dy,
                                                      _m.multiply(dy, op.attrs["alpha"])),),
                         dtypes=_FLOAT))


def leaky_relu(features, alpha: float = 0.2, name=None) -> Tensor:
    """x for x > 0, `alpha * x` otherwise. Mirrors `tf.nn.leaky_relu` (integers become float32).

    >>> tf.nn.leaky_relu(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([-0.2,  2. ], dtype=float32)>
    """
    x = _tensor(features)
    if x.dtype.is_integer:  # (as TF's Python wrapper)
        x = _array.cast(x, dtypes.float32)
    return execute(LEAKY_RELU, (x,), {"alpha": float(alpha)}, name=name)


RELU6 = register(Op("Relu6", lambda x: np.clip(x, 0, 6).astype(x.dtype, copy=False),
                    # TF's Relu6Grad: dy where 0 < x < 6, else 0 (a product with the mask)
                    lambda op, dy: (_m.multiply(dy, _array.cast(_m.logical_and(
                        _m.greater(op.inputs[0], 0), _m.less(op.inputs[0], 6)), dy.dtype)),),
                    dtypes=dtypes.NUMERIC))


def relu6(features, name=None) -> Tensor:
    """min(max(x, 0), 6). Mirrors `tf.nn.relu6`.

    >>> tf.nn.relu6(tf.constant([-1.0, 2.0, 9.0]))
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0., 2., 6.], dtype=float32)>
    """
    return execute(RELU6, (_tensor(features),), name=name)


# -- sigmoid and tanh -----------------------------------------------------------------
def _sigmoid(x):
    if x.dtype == np.float32:  # TF's CPU bits: Eigen's logistic function (eigen_math.py)
        return eigen_math.sigmoid(x)
    return (0.5 * (1 + np.tanh(0.5 * x))).astype(x.dtype, copy=False)  # no overflow for large |x|


def _tanh(x):
    if x.dtype == np.float32:  # TF's CPU bits: Eigen's rational tanh (eigen_math.py)
        return eigen_math.tanh(x)
    return np.tanh(x)


SIGMOID = register(Op("Sigmoid", _sigmoid,
                      # d sigma/dx = sigma (1 - sigma)
                      lambda op, dy: (_m.multiply(dy, _conj(
                          _m.multiply(op.output, _m.subtract(1, op.output)))),),
                      dtypes=_FLOAT | dtypes.COMPLEX))


def sigmoid(x, name=None) -> Tensor:
    """1 / (1 + e^-x), elementwise. Mirrors `tf.math.sigmoid` (also `tf.nn.sigmoid`)."""
    return execute(SIGMOID, (_tensor(x),), name=name)


TANH = register(Op("Tanh", _tanh,
                   # d tanh/dx = 1 - tanh^2
                   lambda op, dy: (_m.multiply(dy, _conj(
                       _m.subtract(1, _m.multiply(op.output, op.output)))),),
                   dtypes=_FLOAT | dtypes.COMPLEX))


def tanh(x, name=None) -> Tensor:
    """Hyperbolic tangent, elementwise. Mirrors `tf.math.tanh` (also `tf.nn.tanh`)."""
    return execute(TANH, (_tensor(x),), name=name)


# -- softmax and log_softmax ------------------------------------------------------------
def _log_softmax(x, axis):
    if x.ndim == 0:  # (only a graph fed tensors of any rank gets here: see _softmax_axis)
        raise invalid_argument("LogSoftmax", "logits must have >= 1 dimension, got []")
    shifted = x - np.max(x, axis=axis, keepdims=True)  # exp never overflows
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(x, axis):
    if x.ndim == 0:
        raise invalid_argument("Softmax", "logits must have >= 1 dimension, got []")
    if x.dtype == np.float32:  # TF's CPU bits: oneDNN's exp, sum order and 1/sum (onednn_math.py)
        return onednn_math.softmax(x, axis)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_grad(op, dy):
    y, axis = op.output, op.attrs["axis"]
    # dy_j/dx_i = y_j (delta_ij - y_i)  =>  dx = y * (dy - sum(dy * y))
    dot = _reduce.reduce_sum(_m.multiply(dy, y), axis=axis, keepdims=True)
    return (_m.multiply(y, _m.subtract(dy, dot)),)


SOFTMAX = register(Op("Softmax", _softmax, _softmax_grad, dtypes=_FLOAT))


def _log_softmax_grad(op, dy):
    y, axis = op.output, op.attrs["axis"]
    # d log_softmax_j/dx_i = delta_ij - softmax_i  =>  dx = dy - softmax * sum(dy)
    from .unary_ops import exp
    return (_m.subtract(dy, _m.multiply(exp(y), _reduce.reduce_sum(dy, axis=axis, keepdims=True))),)


def _log_softmax_kernel(x, axis):
    if x.dtype == np.float32 and x.ndim:  # TF's CPU bits: its Eigen kernel (eigen_softmax.py)
        return eigen_softmax.log_softmax(x, axis)
    return _log_softmax(x, axis)  # (the cross-entropy kernels below use this one)


LOG_SOFTMAX = register(Op("LogSoftmax", _log_softmax_kernel, _log_softmax_grad, dtypes=_FLOAT))


def softmax(logits, axis=None, name=None) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis` (default last). Mirrors `tf.nn.softmax`.

    >>> tf.nn.softmax(tf.constant([1.0, 1.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 0.5], dtype=float32)>
    """
    x = _tensor(logits)
    return execute(SOFTMAX, (x,), {"axis": _softmax_axis(x, axis)}, name=name)


def log_softmax(logits, axis=None, name=None) -> Tensor:
    """log(softmax(x)), computed stably. Mirrors `tf.nn.log_softmax`."""
    x = _tensor(logits)
    return execute(LOG_SOFTMAX, (x,), {"axis": _softmax_axis(x, axis)}, name=name)


def _softmax_axis(x: Tensor, axis) -> int:
    axis = -1 if axis is None else int(axis)
    if x.ndim is None:  # unknown rank: the last axis is found when the graph runs
        if axis != -1:  # TF's own limit, with TF's message
            raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'\nHint: "
                            "tf.nn.softmax along an axis other than -1 needs a tensor of known "
                            "rank (give the placeholder a shape).")
        return axis
    if not -x.ndim <= axis < x.ndim:
        raise invalid_argument("Softmax", f"`dim` must be in the range [{-x.ndim}, {x.ndim}) where "
                                          f"{x.ndim} is the number of dimensions in the input. "
                                          f"Received: dim={axis}")
    return axis


# -- cross-entropy with logits ------------------------------------------------------------
def _xent(labels, logits, axis):
    if labels.shape != logits.shape:  # (the wrapper broadcasts labels that can be)
        raise invalid_argument("SoftmaxCrossEntropyWithLogits",
                               f"logits and labels must be broadcastable: logits_size="
                               f"{_dims(logits.shape)} labels_size={_dims(labels.shape)}",
                               "labels need one probability per class: the shape of logits.")
    return np.sum(-labels * _log_softmax(logits, axis), axis=axis) + 0  # + 0: no -0.0


def _xent_grad(op, dy):
    labels, logits = op.inputs
    axis = op.attrs["axis"]
    dy = _array.expand_dims(dy, axis)
    # d loss/d logits = softmax(logits) - labels ;  d loss/d labels = -log_softmax(logits)
    return (_m.multiply(dy, _m.negative(log_softmax(logits, axis))),
            _m.multiply(dy, _m.subtract(softmax(logits, axis), labels)))


XENT = register(Op("SoftmaxCrossEntropyWithLogits", _xent, _xent_grad, dtypes=_FLOAT))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None) -> Tensor:
    """Cross-entropy between `labels` (probabilities) and softmax(`logits`), per row.

    Mirrors `tf.nn.softmax_cross_entropy_with_logits`; pass raw logits, not
    probabilities: the softmax happens inside, stably.

    >>> tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0]])
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([0.31326166], dtype=float32)>
    """
    logits = _tensor(logits)
    labels = _tensor(labels, logits.dtype)
    if labels.dtype is not logits.dtype and logits.dtype.is_floating:
        labels = _array.cast(labels, logits.dtype)  # TF: labels are cast to the logits' dtype
    if labels._value.shape != logits._value.shape:
        try:
            broadcast_shapes(labels._value.shape, logits._value.shape)
        except ValueError:
            pass  # (the kernel's error: TF's shape function's ValueError while tracing)
        else:
            labels = _array.broadcast_to(labels, logits._value.shape)
    return execute(XENT, (labels, logits), {"axis": int(axis)}, name=name)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _sparse_xent(labels, logits):
    depth = logits.shape[-1]
    bad = (labels < 0) | (labels >= depth)
    if np.any(bad):
        value = int(labels[bad].flat[0])
        raise invalid_argument(
            "SparseSoftmaxCrossEntropyWithLogits",
            f"Received a label value of {value} which is outside the valid range of [0, {depth}).  "
            f"Label values: {' '.join(str(v) for v in labels.ravel()[:20])}",
            f"labels are class indices 0..{depth - 1}, one per row of logits.")
    log_p = _log_softmax(logits, -1)
    return 0 - np.take_along_axis(log_p, labels[..., None].astype(np.int64), axis=-1)[..., 0]


def _sparse_xent_grad(op, dy):
    labels, logits = op.inputs
    depth = None if logits._value.shape is None else logits._value.shape[-1]
    if depth is None:  # the number of classes is known when the graph runs
        from .creation_ops import range as range_op
        classes = range_op(_index.strided_slice(_array.shape(logits, out_type=labels.dtype), -1))
        onehot = _array.cast(_m.equal(_array.expand_dims(labels, -1), classes), logits.dtype)
    else:
        onehot = _index.one_hot(labels, depth, dtype=logits.dtype)
    # d loss/d logits = softmax(logits) - one_hot(label); labels are indices: no gradient
    return (None, _m.multiply(_array.expand_dims(dy, -1), _m.subtract(softmax(logits), onehot)))


SPARSE_XENT = register(Op("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent, _sparse_xent_grad,
                          dtypes=dtypes.ALL, same_dtype=False))


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None) -> Tensor:
    """Cross-entropy where each label is a class index. Mirrors the TF op of that name.

    >>> tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=[[1.0, 2.0]])
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([0.31326166], dtype=float32)>
    """
    logits, labels = _tensor(logits), _tensor(labels)
    op = "SparseSoftmaxCrossEntropyWithLogits"
    if labels.dtype not in (dtypes.int32, dtypes.int64):
        raise invalid_argument(op, f"Value for attr 'Tlabels' of {labels.dtype.name} is not in the "
                                   "list of allowed values: int32, int64",
                               "labels are class indices; for one-hot or probability labels use "
                               "tf.nn.softmax_cross_entropy_with_logits.")
    if not logits.dtype.is_floating:
        raise invalid_argument(op, f"Value for attr 'T' of {logits.dtype.name} is not in the list "
                                   "of allowed values: half, float, double",
                               "logits must be floating point: tf.cast(logits, tf.float32).")
    if logits.ndim is None:  # unknown rank: the kernel checks the shapes when the graph runs
        return execute(SPARSE_XENT, (labels, logits), name=name)
    if labels.ndim != logits.ndim - 1:
        raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                         f"labels.shape={labels.shape} of rank {labels.ndim} and "
                         f"logits.shape={logits.shape} of rank {logits.ndim}")
    if labels._value.shape != logits._value.shape[:-1]:
        raise ValueError(f"Shape mismatch: The shape of labels (received {labels.shape}) should "
                         f"equal the shape of logits except for the last dimension (received "
                         f"{logits.shape}).")
    return execute(SPARSE_XENT, (labels, logits), name=name)


# -- softplus and elu ---------------------------------------------------------------------------
SOFTPLUS = register(Op("Softplus", lambda x: np.logaddexp(0, x).astype(x.dtype, copy=False),
                       # d log(1 + e^x)/dx = sigmoid(x)
                       lambda op, dy: (_m.multiply(dy, sigmoid(op.inputs[0])),), dtypes=_FLOAT))


def softplus(features, name=None) -> Tensor:
    """log(1 + e^x), a smooth relu, computed without overflow. Mirrors `tf.math.softplus`.

    >>> tf.nn.softplus(tf.constant([0.0]))
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([0.6931472], dtype=float32)>
    """
    return execute(SOFTPLUS, (_tensor(features),), name=name)


def _elu(x):
    # (NumPy's expm1, not TF's exp(x) - 1 with Eigen's exp: that recipe made the overfitting
    # tutorial's trainings a quarter slower; the last bit of elu differs from TF's now and then)
    # max(x, 0) + (e^min(x, 0) - 1): for x > 0 the second term is e^0 - 1 = 0, for x <= 0
    # the first is 0. (A sum, not np.where(x > 0, ...): on activations of mixed signs
    # np.where's per-element branch is mispredicted half the time, four times slower.)
    with np.errstate(over="ignore"):
        out = np.expm1(np.minimum(x, 0))
        out += np.maximum(x, 0)  # (in place: one fresh array fewer)
        return out.astype(x.dtype, copy=False)


ELU = register(Op("Elu", _elu,
                  # x > 0: 1;  x <= 0: d(e^x - 1)/dx = e^x = elu(x) + 1.
                  # Both at once: min(elu(x), 0) + 1 is 1 where x > 0 (elu(x) = x > 0).
                  lambda op, dy: (_m.multiply(dy, _m.add(_m.minimum(op.output, 0), 1)),),
                  dtypes=_FLOAT))


def elu(features, name=None) -> Tensor:
    """x for x > 0, e^x - 1 otherwise. Mirrors `tf.nn.elu`.

    >>> tf.nn.elu(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([-0.63212055,  2.        ], dtype=float32)>
    """
    return execute(ELU, (_tensor(features),), name=name)


# -- L2Loss: half the sum of squares (weight decay's penalty) --------------------------------------
def _l2_loss(x):
    return (np.add.reduce(np.square(x), None, x.dtype) / x.dtype.type(2))[()]


L2_LOSS = register(Op("L2Loss", _l2_loss,
                      # d (sum x^2 / 2)/dx = x
                      lambda op, dy: (_m.multiply(op.inputs[0], dy),), dtypes=_FLOAT))


def l2_loss(t, name=None) -> Tensor:
    """sum(t ** 2) / 2, a scalar: the penalty of L2 weight decay. Mirrors `tf.nn.l2_loss`.

    >>> tf.nn.l2_loss(tf.constant([1.0, 2.0]))
    <tf.Tensor: shape=(), dtype=float32, numpy=2.5>
    """
    return execute(L2_LOSS, (_tensor(t),), name=name)


# -- sigmoid cross-entropy (a composite, as in TF) ---------------------------------------------------
def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None) -> Tensor:
    """Elementwise cross-entropy between `labels` (probabilities) and sigmoid(`logits`).

    Mirrors `tf.nn.sigmoid_cross_entropy_with_logits`, computed stably as
    max(x, 0) - x * z + log(1 + e^-|x|) for logits x and labels z.

    >>> tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[0.5, -1.0])
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.474077 , 0.3132617], dtype=float32)>
    """
    if labels is None or logits is None:  # (TF's message, its missing space included)
        raise ValueError(f"Both `labels` and `logits` must be provided for "
                         f"sigmoid_cross_entropy_with_logitsReceived: labels={labels} and "
                         f"logits={logits}")
    logits = _tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype) if not isinstance(labels, Tensor) \
        else labels
    a, b = labels._value.shape, logits._value.shape  # (TF: compatible shapes; None fits any size)
    if a is not None and b is not None and (len(a) != len(b) or any(
            x is not None and y is not None and x != y for x, y in zip(a, b))):
        raise ValueError(f"`logits` and `labels` must have the same shape, received "
                         f"({logits.shape} vs {labels.shape}).")
    from .unary_ops import exp, log1p
    # TF's composite, `where` and all: at a logit of exactly 0 the gradient is sigmoid(0) - z
    zeros = _array.zeros_like(logits)
    positive = _m.greater_equal(logits, zeros)
    relu_logits = _index.where(positive, logits, zeros)
    neg_abs_logits = _index.where(positive, _m.negative(logits), logits)
    return _m.add(_m.subtract(relu_logits, _m.multiply(logits, labels)),
                  log1p(exp(neg_abs_logits)))


# -- embedding lookup (a gather, as in TF) --------------------------------------------------------
def embedding_lookup(params, ids, max_norm=None, name=None):
    """Row `i` of the table `params` for each id `i`: `tf.gather(params, ids)`.

    Mirrors `tf.nn.embedding_lookup` (TF 2) for one table (a tensor, a Variable,
    or a list of one). `max_norm` scales each looked-up vector down to that L2
    norm at most. A `tf.RaggedTensor` of ids gives a RaggedTensor of vectors
    (the lookup runs on its flat values), as in TF.

    >>> tf.nn.embedding_lookup(tf.constant([[0.0, 1.0], [2.0, 3.0]]), [1, 1, 0])
    <tf.Tensor: shape=(3, 2), dtype=float32, numpy=
    array([[2., 3.],
           [2., 3.],
           [0., 1.]], dtype=float32)>
    """
    if isinstance(params, (list, tuple)):
        if len(params) != 1:  # (TF splits ids across several tables: "div" partitioning)
            raise NotImplementedError("tf.nn.embedding_lookup with a list of several tables "
                                      "(partitioned embeddings) is not part of this engine: "
                                      "concatenate them into one table.")
        params = params[0]
    if hasattr(ids, "flat_values"):  # a RaggedTensor: the same rows, vectors as values
        return ids.with_flat_values(embedding_lookup(params, ids.flat_values, max_norm, name))
    result = _index.gather(params, ids, name=name)
    if max_norm is not None:  # TF clips each looked-up vector (the axes after the ids')
        ids_rank = np.ndim(ids) if not isinstance(ids, Tensor) else ids.shape.rank
        result = _index.clip_by_norm(result, max_norm,
                                     axes=list(range(ids_rank, result.shape.rank)))
    return result
