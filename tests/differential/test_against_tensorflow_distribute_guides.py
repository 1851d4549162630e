"""tf.distribute as TF's distributed-training guides use it (the eighth guide set): the engine
and TensorFlow 2.21 print the same.

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential/

The cases live in distribute_guide_cases.py and run as those of
test_against_tensorflow_distribute.py do (its module docstring explains why):
in fresh processes that first split the CPU into three logical devices, TF's
collective cases each in a process of its own. Covered: `strategy.run` inside
a tf.function (traced once per replica), PerReplica arguments and results of
a tf.function (PerReplicaSpec), the guide's custom training loop with
`tf.nn.compute_average_loss` and `tf.nn.scale_regularization_loss`,
`distribute_datasets_from_function` with its InputContext, and the other
strategies and options the guide shows.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("tensorflow")

from . import distribute_guide_cases  # noqa: E402
from .test_against_tensorflow_distribute import _run  # noqa: E402


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> tuple:
    root = tmp_path_factory.mktemp("distribute_guides")
    script = distribute_guide_cases.__file__
    collective = [c.__name__ for c in distribute_guide_cases.COLLECTIVE]
    others = [c.__name__ for c in distribute_guide_cases.CASES if c.__name__ not in collective]
    want = _run("tensorflow", root / "tf", others, script)
    for name in collective:
        want.update(_run("tensorflow", root / f"tf-{name}", [name], script))
    return want, _run("engine", root / "engine", [], script)


@pytest.mark.parametrize("name", [c.__name__ for c in distribute_guide_cases.CASES])
def test_same_printout_as_tensorflow(outcomes, name):
    want, got = outcomes
    assert want[name].strip(), f"TF printed nothing for {name}: the case checks nothing"
    assert got[name] == want[name]
