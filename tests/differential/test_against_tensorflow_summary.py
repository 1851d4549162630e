"""tf.summary writers, run on this engine and on real TensorFlow 2.21: same files, same errors.

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential/

The engine writes events through the `tensorboard` package, so both must be importable.
Each case is a function of the module (`tf`) and a fresh folder; both runs must give
the same outcome (the same value, or the same exception class and message start).
"""
from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")
pytest.importorskip("tensorboard")

import course.engine as eng  # noqa: E402

EVENTS_FILE = re.compile(r"events\.out\.tfevents\.\d+\.[^/]+\.\d+\.\d+(\.\w+)?")


def _files(folder: str) -> list[str]:
    """The folder's file names, with the time/host/pid/counter part replaced by a mark."""
    if not os.path.isdir(folder):
        return ["<no folder>"]
    return sorted(re.sub(r"tfevents\.\d+\.[^/]+\.\d+\.\d+", "tfevents.<id>", name)
                  for name in os.listdir(folder) if EVENTS_FILE.fullmatch(name))


def writer_creates_folder_and_file(tf, root):
    tf.summary.create_file_writer(os.path.join(root, "a", "b"))
    return _files(os.path.join(root, "a", "b"))


def two_writers_two_files(tf, root):
    tf.summary.create_file_writer(root)
    tf.summary.create_file_writer(root, filename_suffix=".x")
    return _files(root)


def file_in_the_way(tf, root):
    open(os.path.join(root, "taken"), "w").close()
    outcomes = []
    for logdir in ("taken", os.path.join("taken", "run")):
        try:
            tf.summary.create_file_writer(os.path.join(root, logdir))
            outcomes.append("created")
        except Exception as e:  # the class and the first words of the message
            text = str(e).split(" [Op:")[0].replace(root + os.sep, "")
            outcomes.append((type(e).__name__, re.sub(r"^\{\{.*?\}\} ", "", text)))
    return outcomes


def noop_writer_creates_nothing(tf, root):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        tf.summary.create_noop_writer()
        return os.listdir(root)
    finally:
        os.chdir(cwd)


CASES = [writer_creates_folder_and_file, two_writers_two_files, file_in_the_way,
         noop_writer_creates_nothing]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_same_outcome_as_tensorflow(case, tmp_path):
    (tmp_path / "tf").mkdir()
    (tmp_path / "engine").mkdir()
    want = case(real_tf, str(tmp_path / "tf"))
    got = case(eng, str(tmp_path / "engine"))
    assert got == want
