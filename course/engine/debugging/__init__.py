"""`tf.debugging`: the checks a learner uses to find a bug (NaNs, wrong shapes, wrong values).

    comparisons.py  assert_equal, assert_less, assert_near, assert_positive, ...
                    (eagerly at once; in a tf.function an Assert op)
    shapes.py       assert_rank, assert_scalar, assert_type, ... (checked at once)
    switches.py     device placement logging, traceback filtering (recorded)
    numerics_watch.py  enable_check_numerics: every op's outputs checked for NaN and Inf
    ../ops/numerics_ops.py  check_numerics: the CheckNumerics op and its gradient
    ../ops/control_flow_ops.py  Assert

>>> tf.debugging.check_numerics(tf.math.log(tf.constant([-1.0])), "log")
InvalidArgumentError: log : Tensor had NaN values [Op:CheckNumerics]
"""
from __future__ import annotations

from .. import unsupported
from ..ops.control_flow_ops import Assert
from ..ops.numerics_ops import check_numerics
from .comparisons import (assert_equal, assert_none_equal, assert_greater, assert_greater_equal,
                          assert_less, assert_less_equal, assert_near, assert_positive,
                          assert_negative, assert_non_negative, assert_non_positive)
from .numerics_watch import enable_check_numerics, disable_check_numerics
from .shapes import (assert_rank, assert_rank_at_least, assert_rank_in, assert_scalar,
                     assert_shapes, assert_type, assert_integer, assert_same_float_dtype,
                     is_numeric_tensor, assert_proper_iterable)
from .switches import (set_log_device_placement, get_log_device_placement,
                       enable_traceback_filtering, disable_traceback_filtering,
                       is_traceback_filtering_enabled)

__all__ = ["Assert", "check_numerics", "assert_all_finite", "assert_equal", "assert_none_equal",
           "assert_greater", "assert_greater_equal", "assert_less", "assert_less_equal",
           "assert_near", "assert_positive", "assert_negative", "assert_non_negative",
           "assert_non_positive", "assert_rank", "assert_rank_at_least", "assert_rank_in",
           "assert_scalar", "assert_shapes", "assert_type", "assert_integer",
           "assert_same_float_dtype", "is_numeric_tensor", "set_log_device_placement",
           "get_log_device_placement", "enable_traceback_filtering", "disable_traceback_filtering",
           "is_traceback_filtering_enabled", "assert_proper_iterable", "enable_check_numerics",
           "disable_check_numerics"]


def assert_all_finite(x, message: str, name=None):
    """`x`, or InvalidArgumentError when it holds a NaN or an Inf. Mirrors
    `tf.debugging.assert_all_finite` (TF's is check_numerics under another name)."""
    return check_numerics(x, message, name=name)


def __getattr__(name):  # Python calls this only for names the module lacks (see unsupported.py)
    return unsupported.missing("debugging", __name__, name)
