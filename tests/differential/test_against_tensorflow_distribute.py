"""tf.distribute on this engine and on TensorFlow 2.21: the same printed results.

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential/

The cases live in distribute_cases.py. TF accepts the logical CPUs that
MirroredStrategy needs only before its runtime starts, and other modules of
this suite have started it long before: so the cases run in two fresh
processes (TF: more, see distribute_cases.py), each splitting the CPU into three logical
devices first (distribute_cases.py explains). They run once per session of
this module; each case then compares what
the two printed: PerReplica and MirroredVariable layouts, the numbers of
Generators in replicas (TF's per-replica keys, bit for bit), checkpoints and
SavedModels made in a scope, reductions, datasets split per replica, and
errors (class and first line).
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("tensorflow")

from . import distribute_cases  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(library: str, folder: pathlib.Path, names: list, script: str = None) -> dict:
    """Runs the cases `names` of `script` (distribute_cases.py) with `library`: their printouts."""
    folder.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3")
    script = script or distribute_cases.__file__
    done = subprocess.run([sys.executable, str(pathlib.Path(script)), library,
                           str(folder), *names], capture_output=True, text=True, env=env, cwd=str(ROOT),
                          timeout=600)
    assert done.returncode == 0, f"the {library} process failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> tuple:
    root = tmp_path_factory.mktemp("distribute")
    collective = [c.__name__ for c in distribute_cases.COLLECTIVE]
    others = [c.__name__ for c in distribute_cases.CASES if c.__name__ not in collective]
    want = _run("tensorflow", root / "tf", others)
    for name in collective:  # (each in a process of its own: see distribute_cases.py)
        want.update(_run("tensorflow", root / f"tf-{name}", [name]))
    return want, _run("engine", root / "engine", [])


@pytest.mark.parametrize("name", [c.__name__ for c in distribute_cases.CASES])
def test_same_printout_as_tensorflow(outcomes, name):
    want, got = outcomes
    assert want[name].strip(), f"TF printed nothing for {name}: the case checks nothing"
    assert got[name] == want[name]
