"""`tf.keras.utils`: seeding and the progress bar."""
from __future__ import annotations

import random

import numpy as np

from ..ops import random_ops
from .progbar import Progbar

__all__ = ["set_random_seed", "Progbar"]


def set_random_seed(seed: int) -> None:
    """Seeds Python, NumPy and the engine at once. Mirrors `keras.utils.set_random_seed`."""
    random.seed(seed)
    np.random.seed(seed)
    random_ops.set_seed(seed)
