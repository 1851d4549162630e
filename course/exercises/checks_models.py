"""Checkers for the notebooks on graphs, saving, Keras and TensorBoard (04, 06, 07, 08).

Same contract as `checks.py`: a checker returns None when the answer is right,
or a short hint. `checks.py` adds `MODEL_CHECKS` to its `CHECKS` table.
Checkers that need files (checkpoints, SavedModels, event files) make them in
a temporary folder and delete it afterwards.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

import course.engine as tf

from .checks import _is_tensor_like, _number, _text


# -- 04 Graphs and sessions -----------------------------------------------------------------
def check_04_1(answer):  # traces of g for 1.0, 2.0, [1.0, 2.0], 3, 4, 5.0 (tensors but 3 and 4)
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return f"expected a whole number, got a {type(answer).__name__}."
    if answer == 4:
        return None
    if answer == 6:
        return "a tensor with a dtype and shape seen before reuses the trace it made then."
    if answer == 3:
        return "Python numbers are part of the trace key by value: 3 and 4 trace separately."
    return ("go through the calls one by one: a new (dtype, shape) of a tensor traces, "
            "and so does every new Python value.")


def check_04_2(answer):  # run_graph(xs): y = x * x + 1 through a TF1 Session -> NumPy array
    if not callable(answer):
        return "pass the function itself: check('04.2', run_graph)."
    for xs in ([1.0, 2.0, 3.0], [[0.5], [-2.0]]):
        got = answer(xs)
        if _is_tensor_like(got) and not isinstance(got, np.ndarray):
            return ("you returned a tensor: build the graph with a placeholder inside "
                    "tf.compat.v1.Graph() and run it with sess.run(y, feed_dict=...), "
                    "which returns a NumPy array.")
        if not isinstance(got, np.ndarray):
            return f"sess.run returns a NumPy array; got a {type(got).__name__}."
        want = np.asarray(xs, np.float32) ** 2 + 1
        if got.shape != want.shape or not np.allclose(got, want):
            return (f"for xs={xs} expected {want.tolist()}, got {np.asarray(got).tolist()}: "
                    "the placeholder's shape should accept any shape (shape=None).")
    return None


def check_04_3(answer):  # a TensorSpec for float32 vectors of any length
    if not (hasattr(answer, "shape") and hasattr(answer, "dtype")) or _is_tensor_like(answer):
        return f"expected a tf.TensorSpec, got a {type(answer).__name__}."
    if answer.dtype != tf.float32:
        return f"the vectors are float32, the spec says {answer.dtype.name}."
    if answer.shape.rank is None:
        return "that spec accepts every rank, even matrices; ask for vectors: shape [None]."
    if answer.shape.rank != 1:
        return f"a vector has one axis; the spec has {answer.shape.rank}."
    if answer.shape[0] is not None:
        return f"the spec fixes the length to {answer.shape[0]}; None means 'any length'."
    f = tf.function(lambda x: tf.reduce_sum(x * x), input_signature=[answer])
    for n in (1, 2, 5):
        f(tf.ones([n]))
    if f.experimental_get_tracing_count() != 1:
        return f"f traced {f.experimental_get_tracing_count()} times for three lengths."
    return None


# -- 06 Saving and loading -------------------------------------------------------------------
def check_06_1(answer):  # checkpoint numbers kept by CheckpointManager(max_to_keep=2), 5 saves
    if not isinstance(answer, (list, tuple)) or not all(isinstance(n, int) for n in answer):
        return "expected a list of checkpoint numbers, such as [1, 2]."
    if list(answer) == [4, 5]:
        return None
    if list(answer) == [1, 2]:
        return "the manager keeps the *newest* checkpoints and deletes older ones."
    return "the numbers count saves from 1; max_to_keep=2 keeps two of them."


class _Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(0.0)


def check_06_2(answer):  # restore_latest(model, directory) -> path restored, or None
    if not callable(answer):
        return "pass the function itself: check('06.2', restore_latest)."
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty"
        empty.mkdir()
        model = _Counter()
        if answer(model, str(empty)) is not None:
            return "for a folder without checkpoints, return None (and change nothing)."
        source = _Counter()
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=source), folder,
                                             max_to_keep=3)
        for value in (1.0, 2.0, 3.0):
            source.w.assign(value)
            manager.save()
        got = answer(model, folder)
        if float(model.w.numpy()) == 1.0:
            return "that restored the oldest checkpoint; tf.train.latest_checkpoint finds the newest."
        if float(model.w.numpy()) != 3.0:
            return ("the model's w should be 3.0 after restoring: "
                    "tf.train.Checkpoint(model=model).restore(path).")
        if got is None or Path(str(got)).name != "ckpt-3":
            return f"return the path you restored (it ends in ckpt-3), got {got!r}."
    return None


def check_06_3(answer):  # export(directory): a SavedModel whose f(x) = 2 x + 1 for float32 vectors
    if not callable(answer):
        return "pass the function itself: check('06.3', export)."
    with tempfile.TemporaryDirectory() as folder:
        answer(folder)
        if not any(Path(folder).iterdir()):
            return "nothing was saved in the folder: call tf.saved_model.save(module, directory)."
        loaded = tf.saved_model.load(folder)
        if not hasattr(loaded, "f"):
            return "the loaded object has no `f`: give your tf.Module a tf.function named f."
        for xs in ([0.0, 1.0, 2.0], [-3.0]):
            got = loaded.f(tf.constant(xs))
            want = 2 * np.asarray(xs, np.float32) + 1
            if not _is_tensor_like(got) or not np.allclose(got.numpy(), want):
                return f"loaded.f({xs}) should be {want.tolist()}."
    return None


# -- 07 A first neural network ---------------------------------------------------------------
def check_07_1(answer):  # parameters of Dense(128) on flattened 28 x 28 images
    n = _number(answer)
    if n == 28 * 28 * 128 + 128:
        return None
    if n == 28 * 28 * 128:
        return "that counts the weights; each of the 128 units has a bias too."
    return "every one of the 128 units has one weight per input pixel (28 * 28 of them), plus a bias."


def check_07_2(answer):  # predicted_labels(probabilities) -> the most likely class per row
    if not callable(answer):
        return "pass the function itself: check('07.2', predicted_labels)."
    probabilities = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.0, 0.1, 0.9],
                              [0.3, 0.3, 0.4]], np.float32)
    got = np.asarray(answer(probabilities))
    if got.shape != (4,):
        return (f"expected one label per image, shape (4,), got {got.shape}: "
                "take the largest entry along axis=1.")
    if not np.issubdtype(got.dtype, np.integer):
        return f"labels are whole numbers; got dtype {got.dtype}."
    if not np.array_equal(got, [1, 0, 2, 2]):
        return f"expected [1, 0, 2, 2], got {got.tolist()}: the label is the *position* of the largest probability."
    return None


def check_07_3(answer):  # build_model(): Input(28, 28) -> Flatten -> Dense(128, relu) -> Dense(10, softmax)
    if not callable(answer):
        return "pass the function itself: check('07.3', build_model)."
    model = answer()
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        return f"return a Keras model, got a {type(model).__name__}."
    kinds = [type(layer).__name__ for layer in model.layers]
    if kinds != ["Flatten", "Dense", "Dense"]:
        return f"expected layers Flatten, Dense, Dense; got {', '.join(kinds)}."
    if model.count_params() != 101_770:
        return (f"expected 101,770 parameters, got {model.count_params():,}: "
                "Dense(128) then Dense(10), on 28 x 28 inputs.")
    out = model(np.random.default_rng(0).uniform(size=(3, 28, 28)).astype(np.float32)).numpy()
    if out.shape != (3, 10):
        return f"for 3 images the output should have shape (3, 10), got {out.shape}."
    if not np.allclose(out.sum(axis=1), 1.0, atol=1e-5) or (out < 0).any():
        return "the outputs should be probabilities: activation='softmax' on the last layer."
    hidden = model.layers[1].activation
    if getattr(hidden, "__name__", str(hidden)) != "relu":
        return "the hidden layer uses activation='relu'."
    return None


# -- 08 TensorBoard -------------------------------------------------------------------------
def _logged_scalars(folder: str, tag: str) -> list[tuple[int, float]]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util import tensor_util
    events = EventAccumulator(folder, size_guidance={"tensors": 0})
    events.Reload()
    if tag not in events.Tags()["tensors"]:
        return []
    return [(e.step, float(tensor_util.make_ndarray(e.tensor_proto)))
            for e in events.Tensors(tag)]


def check_08_1(answer):  # log_losses(writer, losses): scalar "loss" at steps 0, 1, 2, ...
    if not callable(answer):
        return "pass the function itself: check('08.1', log_losses)."
    losses = [2.5, 1.25, 0.75, 0.5]
    with tempfile.TemporaryDirectory() as folder:
        writer = tf.summary.create_file_writer(folder)
        answer(writer, losses)
        writer.close()
        got = _logged_scalars(folder, "loss")
    if not got:
        return "no scalar named 'loss' was written: use `with writer.as_default():` and tf.summary.scalar('loss', ...)."
    steps = [step for step, _ in got]
    if steps != list(range(len(losses))):
        return f"expected steps {list(range(len(losses)))}, got {steps}: pass step=i."
    if not np.allclose([value for _, value in got], losses):
        return "the steps are right, but the values are not the losses in order."
    return None


def check_08_2(answer):  # the command that serves the project's logs/ folder on port 6006
    words = _text(answer).replace("=", " ").split()
    if words[:1] != ["tensorboard"]:
        return "the command is called tensorboard."
    if "--logdir" not in words or words.index("--logdir") + 1 == len(words):
        return "tell it where the event files are: --logdir followed by the folder."
    folder = words[words.index("--logdir") + 1]
    if Path(folder).name != "logs":
        return f"{folder!r} is not the logs/ folder the notebooks write to."
    if "--port" in words and words[words.index("--port") + 1:][:1] != ["6006"]:
        return "the course's TensorBoard uses port 6006 (which is also the default)."
    return None


MODEL_CHECKS = {
    "04.1": check_04_1,
    "04.2": check_04_2,
    "04.3": check_04_3,
    "06.1": check_06_1,
    "06.2": check_06_2,
    "06.3": check_06_3,
    "07.1": check_07_1,
    "07.2": check_07_2,
    "07.3": check_07_3,
    "08.1": check_08_1,
    "08.2": check_08_2,
}
