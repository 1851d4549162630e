"""tf.summary writers, run on this engine and on real TensorFlow 2.21: same files, same errors.

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential/

The engine writes events through the `tensorboard` package, so both must be importable.
Each case is a function of the module (`tf`) and a fresh folder; both runs must give
the same outcome (the same value, or the same exception class and message start).
"""
from __future__ import annotations

import os
import re

import numpy as np

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


def _events(folder: str) -> list:
    """(step, tag, plugin, value) of every summary written under `folder`, in file order."""
    import numpy as np
    from tensorboard.backend.event_processing import event_file_loader
    from tensorboard.util import tensor_util
    out = []
    for name in sorted(os.listdir(folder)):
        for event in event_file_loader.EventFileLoader(os.path.join(folder, name)).Load():
            for v in event.summary.value:
                value = tensor_util.make_ndarray(v.tensor) if v.HasField("tensor") else \
                    v.simple_value
                if v.metadata.plugin_data.plugin_name == "histograms":
                    value = np.round(np.asarray(value, np.float64), 5)  # (bucket edges)
                out.append((event.step, v.tag, v.metadata.plugin_data.plugin_name,
                            np.asarray(value).tolist()))
    return out


def summaries_in_a_traced_function(tf, root):
    """TF 2: summary ops in a tf.function write each time it runs, with that run's values and
    step (a tensor or a Variable); tags are inside the name scope; they return bool tensors."""
    writer = tf.summary.create_file_writer(root)
    step = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def train_step(x):
        with writer.as_default():
            with tf.name_scope("train"):
                tf.summary.scalar("loss", tf.reduce_sum(x * x), step=step)
            tf.summary.histogram("x", x, step=step)
            written = tf.summary.text("note", tf.strings.as_string(tf.reduce_max(x)), step=step)
        step.assign_add(1)
        return written

    flags = [bool(train_step(tf.constant([1.0, float(k), 3.0]))) for k in range(3)]
    writer.flush()
    return flags, _events(root)


def summaries_eagerly_with_scopes_and_default_steps(tf, root):
    writer = tf.summary.create_file_writer(root)
    results = [repr(tf.summary.scalar("no writer", 1.0, step=0))]
    with writer.as_default(step=7):
        with tf.name_scope("outer"):
            with tf.name_scope("inner"):
                results.append(repr(tf.summary.scalar("a b/c", 2.5)))
        results.append(repr(tf.summary.image("img", tf.zeros([1, 2, 3, 1]), step=1)))
        results.append(repr(tf.summary.text("t", ["x", "y"], step=2)))
        results.append(repr(tf.summary.histogram("h", [1.0, 4.0], step=np.int64(3))))
    writer.flush()
    return results, [e[:3] for e in _events(root)]


def summary_scope_tags(tf, root):
    with tf.name_scope("s"):
        with tf.summary.experimental.summary_scope("a b", "dflt") as (tag, scope):
            first = (tag, scope)
        with tf.summary.experimental.summary_scope(None, "dflt") as (tag, scope):
            second = (tag, scope)
    return first, second


def scalar_of_a_vector_is_refused(tf, root):
    with tf.summary.create_file_writer(root).as_default():
        try:
            tf.summary.scalar("v", [1.0, 2.0], step=0)
        except ValueError as e:
            return str(e).split("\n")[0]


CASES = [writer_creates_folder_and_file, two_writers_two_files, file_in_the_way,
         noop_writer_creates_nothing, summaries_in_a_traced_function,
         summaries_eagerly_with_scopes_and_default_steps, summary_scope_tags,
         scalar_of_a_vector_is_refused]


def same_outcome_in_fresh_folders(case, tmp_path) -> None:
    """Runs `case(tf, folder)` with TensorFlow, then with the engine, each in a folder of its
    own; asserts they agree."""
    (tmp_path / "tf").mkdir()
    (tmp_path / "engine").mkdir()
    want = case(real_tf, str(tmp_path / "tf"))
    got = case(eng, str(tmp_path / "engine"))
    assert got == want


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_same_outcome_as_tensorflow(case, tmp_path):
    same_outcome_in_fresh_folders(case, tmp_path)
