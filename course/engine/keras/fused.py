"""A fused training step for the course's MLPs: the same numbers as the tape, less overhead.

`Model.train_step` records every op on a GradientTape and plays the
records backwards: general, and the way to learn. For the plain stacks the
course trains most (Flatten, Dense with relu/linear, Dropout, a last Dense
with softmax and sparse categorical cross-entropy), this module does the
same forward and backward pass directly on NumPy arrays, calling the very
kernels the engine's ops use, in the same order, so the loss, the gradients
and therefore the trained weights are the same, bit for bit
(tests/keras/test_fused.py checks it). What it saves: the tape's bookkeeping, Tensor wrappers, and the
gradient with respect to the input images, which nobody needs (one third
of the first layer's matrix products).

Any other model, or a step inside an outer GradientTape or a tf.function,
uses `Model.train_step`.
"""
from __future__ import annotations

import numpy as np

from ..execute import state
from ..ops import nn_ops
from ..tensor import Tensor
from . import activations, losses
from .layers import Dense, Dropout, Flatten

__all__ = ["plan", "train_step"]


def plan(model) -> list | None:
    """The layers as a list the fused step can run, or None if the model does not qualify."""
    layers = getattr(model, "layers", None)
    if not layers or state.tapes or state.graph is not None:
        return None
    loss = model.loss
    if type(loss) is not losses.SparseCategoricalCrossentropy or loss.reduction != "sum_over_batch_size":
        return None
    *body, last = layers
    if not isinstance(last, Dense) or not last.trainable:
        return None
    if last.activation is not (activations.linear if loss.from_logits else activations.softmax):
        return None
    for layer in body:
        if isinstance(layer, Dense):
            if layer.activation not in (activations.relu, activations.linear) or not layer.trainable:
                return None
        elif not isinstance(layer, (Flatten, Dropout)):
            return None
    if any(w.dtype.as_numpy_dtype is not np.float32 for w in model.weights) or model.losses:
        return None  # (weight penalties: the documented step adds them)
    return layers


def train_step(model, layers: list, x: np.ndarray, y: np.ndarray) -> dict:
    """One step: forward, loss, backward, `apply_gradients`, metrics (as Model.train_step)."""
    # -- forward, keeping what the backward pass needs ------------------------------------
    h = x
    saved = []  # (layer, input, output or mask) per layer
    for layer in layers[:-1]:
        if isinstance(layer, Flatten):
            out = h.reshape(len(h), -1)
        elif isinstance(layer, Dropout):
            if layer.rate == 0:
                continue
            mask = layer.mask(h.shape, layer.dtype)
            saved.append((layer, h, mask))
            h = np.multiply(h, mask)
            continue
        else:
            out = _dense(layer, h)
            if layer.activation is activations.relu:
                out = np.maximum(out, 0).astype(out.dtype, copy=False)   # Relu's kernel
        saved.append((layer, h, out))
        h = out
    last = layers[-1]
    logits = _dense(last, h)
    labels = y[..., 0] if y.ndim == logits.ndim else y
    labels = labels.astype(np.int64, copy=False)
    if labels.shape != logits.shape[:-1]:  # let the loss function explain the mismatch
        losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    losses.check_labels(labels, logits.shape[-1])
    per_sample = nn_ops._sparse_xent(labels, logits)        # the op's kernel
    loss = np.mean(per_sample, dtype=per_sample.dtype)      # the Mean op's kernel
    probs = nn_ops._softmax(logits, -1)

    # -- backward: the engine's gradient rules, applied by hand --------------------------------
    grads = {}
    n = np.float32(1) / np.float32(per_sample.size)         # d mean / d value = 1/n
    onehot = np.zeros_like(logits)
    onehot[np.arange(len(labels)), labels] = 1
    dz = (probs - onehot) * n                                # softmax - one_hot, times 1/n
    grads.update(_dense_grads(last, h, dz))
    if any(isinstance(s[0], Dense) for s in saved):
        dz = np.matmul(dz, last.kernel._value.T)             # d(x @ W)/dx = dy W^T
    for i in range(len(saved) - 1, -1, -1):
        if not any(isinstance(s[0], Dense) for s in saved[:i + 1]):
            break                                            # no weights below this point
        layer, inp, out = saved[i]
        needs_input_grad = any(isinstance(s[0], Dense) for s in saved[:i])
        if isinstance(layer, Flatten):
            dz = dz.reshape(inp.shape)
        elif isinstance(layer, Dropout):
            dz = np.multiply(dz, out)                        # d(x * mask)/dx = mask
        else:
            dh = dz
            if layer.activation is activations.relu:
                dh = np.where(out > 0, dz, np.zeros_like(dz))  # Relu's gradient: dy where out > 0
            grads.update(_dense_grads(layer, inp, dh))
            if not needs_input_grad:
                break                                        # nothing below needs a gradient
            dz = np.matmul(dh, layer.kernel._value.T)        # d(x @ W)/dx = dy W^T
    variables = model._trainable_cache or model.trainable_variables
    model.optimizer.apply_gradients([(Tensor(grads[id(v)]), v) for v in variables])
    return model._update_metrics(y, Tensor(probs), Tensor(loss), len(x))


def _dense(layer: Dense, h: np.ndarray) -> np.ndarray:
    if not layer.built:
        layer(Tensor(h[:1]))  # builds it, exactly as a first call would
    z = np.matmul(h, layer.kernel._value)
    return np.add(z, layer.bias._value) if layer.use_bias else z


def _dense_grads(layer: Dense, inp: np.ndarray, dz: np.ndarray) -> dict:
    grads = {id(layer.kernel): np.matmul(np.swapaxes(inp, -1, -2), dz)}  # dW = x^T dy
    if layer.use_bias:
        grads[id(layer.bias)] = np.sum(dz, axis=0)                      # broadcast -> sum
    return grads
