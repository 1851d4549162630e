"""`tf.keras.mixed_precision`: dtype policies (dtype_policies.py) and loss scaling
(loss_scale_optimizer.py).

    >>> tf.keras.mixed_precision.set_global_policy("mixed_float16")
    >>> optimizer = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD())
"""
from .dtype_policies import (DTypePolicy, Policy, dtype_policy, global_policy, set_dtype_policy,
                             set_global_policy)
from .loss_scale_optimizer import LossScaleOptimizer

__all__ = ["DTypePolicy", "LossScaleOptimizer", "Policy", "dtype_policy", "global_policy",
           "set_dtype_policy", "set_global_policy"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.mixed_precision", __name__, name)
