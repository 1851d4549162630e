"""tf.experimental.dtensor as the dtensor_overview guide uses it: the engine and TensorFlow 2.21
print the same.

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential/

The cases live in dtensor_cases.py and run in fresh processes that first split
the CPU into six logical devices (TF allows that only before its runtime
starts). Covered: Mesh and Layout (strings, shard counts, errors), DTensor
printing (the value when replicated, each device's component when sharded),
pack / unpack / relayout / copy_to_mesh / call_with_layout, the layouts of
matmul, elementwise ops and reductions, and DVariable's assignment rules.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("tensorflow")

from . import dtensor_cases  # noqa: E402
from .test_against_tensorflow_distribute import _run  # noqa: E402


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> tuple:
    root = tmp_path_factory.mktemp("dtensor")
    script = dtensor_cases.__file__
    return (_run("tensorflow", root / "tf", [], script),
            _run("engine", root / "engine", [], script))


@pytest.mark.parametrize("name", [c.__name__ for c in dtensor_cases.CASES])
def test_same_printout_as_tensorflow(outcomes, name):
    want, got = outcomes
    assert want[name].strip(), f"TF printed nothing for {name}: the case checks nothing"
    assert got[name] == want[name]
