"""The lattice of `dtype_conversion_mode="all"`/`"safe"` (numpy_api/promotion.py) against TF 2.21's
own promotion table, pair by pair: the result dtype, its weakness, and whether SAFE allows it.

TF keeps the table in `tensorflow.python.framework.flexible_dtypes`; it does not depend on the
mode that is switched on, so it is read here directly (no child process). The engine writes the
same table as a few rules; this checks all 19 x 19 pairs of the dtypes NumPy has (bfloat16,
which neither NumPy nor the engine has, is left out), the unsigned types the engine lacks
included, through the rules' NumPy-dtype form.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest \
        tests/engine/test_against_tensorflow_type_promotion.py
"""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("tensorflow")  # (CI's TF step; elsewhere skipped)

from tensorflow.python.framework import dtypes as tf_dtypes  # noqa: E402
from tensorflow.python.framework import flexible_dtypes  # noqa: E402

from course.engine.numpy_api import promotion  # noqa: E402

_INPUTS = [key for key in flexible_dtypes._all_dtypes if key[0] != tf_dtypes.bfloat16]


def _numpy(key) -> tuple:
    dtype, weak = key
    return np.dtype(dtype.as_numpy_dtype), weak


def _name(key) -> str:
    return f"{key[0].name}{'*' if key[1] else ''}"


PAIRS = [(a, b) for a in _INPUTS for b in _INPUTS]


@pytest.mark.parametrize("a,b", PAIRS, ids=[f"{_name(a)} + {_name(b)}" for a, b in PAIRS])
def test_lattice_matches_tensorflows_table(a, b):
    (result, weak), allowed = flexible_dtypes._BINARY_DTYPE_RES_FULL[a][b]
    ours = promotion._join(_numpy(a), _numpy(b))
    assert ours == (np.dtype(result.as_numpy_dtype), weak)
    safe = allowed == flexible_dtypes.PromoMode.SAFE
    assert promotion._safe(_numpy(a), _numpy(b), ours) == safe
