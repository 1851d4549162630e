"""Cases for the tf.image kernels (ReverseV2, AdjustContrastv2).

tests/engine/test_gradients.py and tests/test_function.py take their op-table cases from
here: GRAD_CASES (numeric gradient checks), SPECIAL_GRADIENT (AdjustContrastv2, whose
"gradient" is TF's LookupError), GRAPH_CASES (eager and tf.function agree).
"""
from __future__ import annotations

import numpy as np

import course.engine as tf
from course.engine.ops.image_transform_ops import image_projective_transform

R = np.random.default_rng(19)


class GradCase:
    """f(*args) differentiated w.r.t. `wrt` (the same fields as test_gradients.Case)."""

    def __init__(self, name, f, args, wrt=(0,), eps=1e-6, second=True, variables=False,
                 rtol=1e-5, atol=1e-6):
        self.name, self.f, self.wrt, self.eps = name, f, wrt, eps
        self.args = [np.asarray(a, np.float64) for a in args]
        self.second, self.variables = second, variables
        self.rtol, self.atol = rtol, atol

    def __repr__(self):
        return self.name


def _resize_grad_of(method, size):
    """The resize's own gradient op, as a function of the upstream gradient (linear in it)."""
    def f(dy):
        x = tf.zeros([2, 3, 5, 2], dy.dtype)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.image.resize(x, size, method=method)
        return tape.gradient(y, x, output_gradients=tf.cast(dy, y.dtype))
    return f


GRAD_CASES = {
    "ResizeBilinear": [GradCase(f"{size}", lambda x, size=size: tf.image.resize(x, size),
                                [R.uniform(-2, 2, (2, 3, 5, 2))], eps=1e-2, second=False,
                                rtol=1e-3, atol=1e-4)  # (TF's kernel is float32)
                       for size in ([5, 7], [2, 3], [3, 9])],
    "ResizeNearestNeighbor": [GradCase(f"{size}", lambda x, size=size: tf.image.resize(
        x, size, method="nearest"), [R.uniform(-2, 2, (2, 3, 5, 2))]) for size in ([5, 7], [2, 2])],
    # (the grad ops are linear in the upstream gradient: a wide step loses nothing)
    "ResizeBilinearGrad": [GradCase("[4, 8]", _resize_grad_of("bilinear", [4, 8]),
                                    [R.uniform(-2, 2, (2, 4, 8, 2))], eps=1e-1, second=False,
                                    rtol=1e-3, atol=1e-4)],
    "ResizeNearestNeighborGrad": [GradCase("[4, 8]", _resize_grad_of("nearest", [4, 8]),
                                           [R.uniform(-2, 2, (2, 4, 8, 2))])],
    "ReverseV2": [GradCase("axis 1", lambda x: tf.reverse(x, [1]), [R.uniform(-2, 2, (3, 4))]),
                  GradCase("axes 0 and 2", lambda x: tf.reverse(x, [0, -1]),
                           [R.uniform(-2, 2, (2, 3, 4))])],
}

SPECIAL_GRADIENT = {
    "AdjustContrastv2": "TF registers no gradient: the tape raises LookupError "
                        "(test_images.py and the differential image cases check it)",
}

NO_GRADIENT = {
    "ImageProjectiveTransformV3": "augmentation before the weights: nothing is differentiated "
                                  "through it (TF's gradient is the inverse transform, not the "
                                  "exact adjoint, so no numeric check could pass either)",
}

_IMG = R.uniform(0, 1, (2, 4, 5, 3)).astype(np.float32)
_DY = R.uniform(-1, 1, (2, 4, 8, 2)).astype(np.float32)  # an upstream gradient of a [4, 8] resize

GRAPH_CASES = {
    "ReverseV2": (lambda x: tf.reverse(x, [1, 2]), [_IMG]),
    "AdjustContrastv2": (lambda x: tf.image.adjust_contrast(x, 1.7), [_IMG]),
    "ResizeBilinear": (lambda x: tf.image.resize(x, [7, 3]), [_IMG]),
    "ResizeNearestNeighbor": (lambda x: tf.image.resize(x, [7, 3], method="nearest"), [_IMG]),
    "ResizeBilinearGrad": (_resize_grad_of("bilinear", [4, 8]), [_DY]),
    "ResizeNearestNeighborGrad": (_resize_grad_of("nearest", [4, 8]), [_DY]),
    "ImageProjectiveTransformV3": (lambda x: image_projective_transform(
        x, [[0.9, -0.3, 2.2, 0.3, 0.9, -1.1, 0.0, 0.0]]), [_IMG]),
}
