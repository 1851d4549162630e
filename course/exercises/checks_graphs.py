"""Checkers for 09 Graphs and sessions, 10 TensorBoard and 11 Saving and loading.

Same contract as every `checks_*.py`: a checker returns None when the answer is
right, or a short hint saying what is off. Checkers that need files
(checkpoints, SavedModels, event files) make them in a temporary folder and
delete it afterwards.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

import course.engine as tf
from course.i18n import tr

from .helpers import function_hint, is_tensor_like, text


# -- 09 Graphs and sessions -----------------------------------------------------------------
def graphs_and_sessions_1(answer):  # traces of g for 1.0, 2.0, [1.0, 2.0], 3, 4, 5.0 (tensors but 3 and 4)
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return tr("expected a whole number, got a {kind}.", kind=type(answer).__name__)
    if answer == 4:
        return None
    if answer == 6:
        return tr("a tensor with a dtype and shape seen before reuses the trace it made then.")
    if answer == 3:
        return tr("Python numbers are part of the trace key by value: 3 and 4 trace separately.")
    return tr("go through the calls one by one: a new (dtype, shape) of a tensor traces, "
              "and so does every new Python value.")


def graphs_and_sessions_2(answer):  # run_graph(xs): y = x * x + 1 through a TF1 Session -> NumPy array
    hint = function_hint(answer, "graphs-and-sessions.2", "run_graph")
    if hint:
        return hint
    for xs in ([1.0, 2.0, 3.0], [[0.5], [-2.0]]):
        got = answer(xs)
        if is_tensor_like(got) and not isinstance(got, np.ndarray):
            return tr("you returned a tensor: build the graph with a placeholder inside "
                      "tf.compat.v1.Graph() and run it with sess.run(y, feed_dict=...), "
                      "which returns a NumPy array.")
        if not isinstance(got, np.ndarray):
            return tr("sess.run returns a NumPy array; got a {kind}.", kind=type(got).__name__)
        want = np.asarray(xs, np.float32) ** 2 + 1
        if got.shape != want.shape or not np.allclose(got, want):
            return tr("for xs={xs} expected {want}, got {got}: the placeholder's shape should "
                      "accept any shape (shape=None).", xs=xs, want=want.tolist(),
                      got=np.asarray(got).tolist())
    return None


def graphs_and_sessions_3(answer):  # a TensorSpec for float32 vectors of any length
    if not (hasattr(answer, "shape") and hasattr(answer, "dtype")) or is_tensor_like(answer):
        return tr("expected a tf.TensorSpec, got a {kind}.", kind=type(answer).__name__)
    if answer.dtype != tf.float32:
        return tr("the vectors are float32, the spec says {dtype}.", dtype=answer.dtype.name)
    if answer.shape.rank is None:
        return tr("that spec accepts every rank, even matrices; ask for vectors: shape [None].")
    if answer.shape.rank != 1:
        return tr("a vector has one axis; the spec has {rank}.", rank=answer.shape.rank)
    if answer.shape[0] is not None:
        return tr("the spec fixes the length to {length}; None means 'any length'.",
                  length=answer.shape[0])
    f = tf.function(lambda x: tf.reduce_sum(x * x), input_signature=[answer])
    for n in (1, 2, 5):
        f(tf.ones([n]))
    if f.experimental_get_tracing_count() != 1:
        return tr("f traced {count} times for three lengths.",
                  count=f.experimental_get_tracing_count())
    return None


# -- 11 Saving and loading -------------------------------------------------------------------
def saving_and_loading_1(answer):  # checkpoint numbers kept by CheckpointManager(max_to_keep=2), 5 saves
    if not isinstance(answer, (list, tuple)) or not all(isinstance(n, int) for n in answer):
        return tr("expected a list of checkpoint numbers, such as [1, 2].")
    if list(answer) == [4, 5]:
        return None
    if list(answer) == [1, 2]:
        return tr("the manager keeps the *newest* checkpoints and deletes older ones.")
    return tr("the numbers count saves from 1; max_to_keep=2 keeps two of them.")


class _Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(0.0)


def saving_and_loading_2(answer):  # restore_latest(model, directory) -> path restored, or None
    hint = function_hint(answer, "saving-and-loading.2", "restore_latest")
    if hint:
        return hint
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty"
        empty.mkdir()
        model = _Counter()
        if answer(model, str(empty)) is not None:
            return tr("for a folder without checkpoints, return None (and change nothing).")
        source = _Counter()
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=source), folder,
                                             max_to_keep=3)
        for value in (1.0, 2.0, 3.0):
            source.w.assign(value)
            manager.save()
        got = answer(model, folder)
        if float(model.w.numpy()) == 1.0:
            return tr("that restored the oldest checkpoint; tf.train.latest_checkpoint finds the newest.")
        if float(model.w.numpy()) != 3.0:
            return tr("the model's w should be 3.0 after restoring: "
                      "tf.train.Checkpoint(model=model).restore(path).")
        if got is None or Path(str(got)).name != "ckpt-3":
            return tr("return the path you restored (it ends in ckpt-3), got {got}.", got=repr(got))
    return None


def saving_and_loading_3(answer):  # export(directory): a SavedModel whose f(x) = 2 x + 1 for float32 vectors
    hint = function_hint(answer, "saving-and-loading.3", "export")
    if hint:
        return hint
    with tempfile.TemporaryDirectory() as folder:
        answer(folder)
        if not any(Path(folder).iterdir()):
            return tr("nothing was saved in the folder: call tf.saved_model.save(module, directory).")
        loaded = tf.saved_model.load(folder)
        if not hasattr(loaded, "f"):
            return tr("the loaded object has no `f`: give your tf.Module a tf.function named f.")
        for xs in ([0.0, 1.0, 2.0], [-3.0]):
            got = loaded.f(tf.constant(xs))
            want = 2 * np.asarray(xs, np.float32) + 1
            if not is_tensor_like(got) or not np.allclose(got.numpy(), want):
                return tr("loaded.f({xs}) should be {want}.", xs=xs, want=want.tolist())
    return None


# -- 10 TensorBoard -------------------------------------------------------------------------
def _logged_scalars(folder: str, tag: str) -> list[tuple[int, float]]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util import tensor_util
    events = EventAccumulator(folder, size_guidance={"tensors": 0})
    events.Reload()
    if tag not in events.Tags()["tensors"]:
        return []
    return [(e.step, float(tensor_util.make_ndarray(e.tensor_proto)))
            for e in events.Tensors(tag)]


def tensorboard_1(answer):  # log_losses(writer, losses): scalar "loss" at steps 0, 1, 2, ...
    hint = function_hint(answer, "tensorboard.1", "log_losses")
    if hint:
        return hint
    losses = [2.5, 1.25, 0.75, 0.5]
    with tempfile.TemporaryDirectory() as folder:
        writer = tf.summary.create_file_writer(folder)
        answer(writer, losses)
        writer.close()
        got = _logged_scalars(folder, "loss")
    if not got:
        return tr("no scalar named 'loss' was written: use `with writer.as_default():` and tf.summary.scalar('loss', ...).")
    steps = [step for step, _ in got]
    if steps != list(range(len(losses))):
        return tr("expected steps {want}, got {got}: pass step=i.",
                  want=list(range(len(losses))), got=steps)
    if not np.allclose([value for _, value in got], losses):
        return tr("the steps are right, but the values are not the losses in order.")
    return None


def tensorboard_2(answer):  # the command that serves the project's logs/ folder on port 6006
    words = text(answer).replace("=", " ").split()
    if words[:1] != ["tensorboard"]:
        return tr("the command is called tensorboard.")
    if "--logdir" not in words or words.index("--logdir") + 1 == len(words):
        return tr("tell it where the event files are: --logdir followed by the folder.")
    folder = words[words.index("--logdir") + 1]
    if Path(folder).name != "logs":
        return tr("{folder} is not the logs/ folder the notebooks write to.", folder=repr(folder))
    if "--port" in words and words[words.index("--port") + 1:][:1] != ["6006"]:
        return tr("the course's TensorBoard uses port 6006 (which is also the default).")
    return None


CHECKS = {
    "graphs-and-sessions.1": graphs_and_sessions_1,
    "graphs-and-sessions.2": graphs_and_sessions_2,
    "graphs-and-sessions.3": graphs_and_sessions_3,
    "tensorboard.1": tensorboard_1,
    "tensorboard.2": tensorboard_2,
    "saving-and-loading.1": saving_and_loading_1,
    "saving-and-loading.2": saving_and_loading_2,
    "saving-and-loading.3": saving_and_loading_3,
}
