"""Cases for the tf.image kernels (ReverseV2, AdjustContrastv2).

tests/engine/test_gradients.py and tests/test_function.py take their op-table cases from
here: GRAD_CASES (numeric gradient checks), SPECIAL_GRADIENT (AdjustContrastv2, whose
"gradient" is TF's LookupError), GRAPH_CASES (eager and tf.function agree).
"""
from __future__ import annotations

import numpy as np

import course.engine as tf

R = np.random.default_rng(19)


class GradCase:
    """f(*args) differentiated w.r.t. `wrt` (the same fields as test_gradients.Case)."""

    def __init__(self, name, f, args, wrt=(0,), eps=1e-6, second=True, variables=False):
        self.name, self.f, self.wrt, self.eps = name, f, wrt, eps
        self.args = [np.asarray(a, np.float64) for a in args]
        self.second, self.variables = second, variables

    def __repr__(self):
        return self.name


GRAD_CASES = {
    "ReverseV2": [GradCase("axis 1", lambda x: tf.reverse(x, [1]), [R.uniform(-2, 2, (3, 4))]),
                  GradCase("axes 0 and 2", lambda x: tf.reverse(x, [0, -1]),
                           [R.uniform(-2, 2, (2, 3, 4))])],
}

SPECIAL_GRADIENT = {
    "AdjustContrastv2": "TF registers no gradient: the tape raises LookupError "
                        "(test_images.py and the differential image cases check it)",
}

_IMG = R.uniform(0, 1, (2, 4, 5, 3)).astype(np.float32)

GRAPH_CASES = {
    "ReverseV2": (lambda x: tf.reverse(x, [1, 2]), [_IMG]),
    "AdjustContrastv2": (lambda x: tf.image.adjust_contrast(x, 1.7), [_IMG]),
}
