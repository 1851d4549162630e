"""One path: what runs is what a learner reads.

- Every state change is an op through `execute`; only execute.py and the
  graph builder (graph/) know whether ops run eagerly or build a graph.
- There is one graph interpreter (graph/run.py); `fit` runs `train_step`
  through `tf.function`, and traced training equals eager training bit for bit.
- Traced graphs handle unknown dimensions (a batch of any size).
"""
from __future__ import annotations

import pathlib
import re

import numpy as np
import pytest

import course.engine as tf

ENGINE = pathlib.Path(tf.__file__).parent


def _sources():
    return {p.relative_to(ENGINE).as_posix(): p.read_text() for p in ENGINE.rglob("*.py")}


def test_only_execute_and_the_graph_builder_know_the_mode():
    """Variables, random ops, tf.print, metrics, optimizers, the tape: none tests the mode."""
    offenders = [f"{name}:{i + 1}" for name, text in _sources().items()
                 if name != "execute.py" and not name.startswith("graph/")
                 for i, line in enumerate(text.splitlines()) if re.search(r"state\.graph", line)]
    assert offenders == []


def test_no_second_implementation_of_the_training_step():
    sources = _sources()
    assert "keras/fused.py" not in sources
    assert not any("_fast_update_step" in t or "_update_inplace" in t or "def train_graph_def" in t
                   for t in sources.values())


def test_one_graph_interpreter():
    """tf.function, Session and loaded SavedModels all run graphs with graph/run.py's Program."""
    sources = _sources()
    runners = [name for name, text in sources.items() if "def _replay" in text or
               re.search(r"for .* in .*\._operations:\n.*execute\(", text)]
    assert runners == []
    assert "compile_graph" in sources["session.py"] and "compile_graph" in sources["ops/call_ops.py"]


def _mlp(seed=0):
    tf.keras.utils.set_random_seed(seed)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(6, 5)), tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dropout(0.3),
        tf.keras.layers.Dense(4, activation="softmax")])
    return model


def test_traced_and_eager_training_give_the_same_weights_for_50_steps():
    """fit's traced train_step and run_eagerly=True: bit-identical weights, same seed."""
    rng = np.random.default_rng(1)
    x = rng.random((50 * 16, 6, 5), dtype=np.float32)
    y = rng.integers(0, 4, len(x))
    runs = []
    for eager in (False, True):
        model = _mlp()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], run_eagerly=eager)
        history = model.fit(x, y, batch_size=16, epochs=1, verbose=0)
        runs.append((model.get_weights(), history.history))
        assert int(model.optimizer.iterations.numpy()) == 50
    (traced, h1), (eager, h2) = runs
    for a, b in zip(traced, eager):
        np.testing.assert_array_equal(a, b)
    assert h1 == h2


def test_the_last_partial_batch_runs_the_same_traced_step_with_an_unknown_batch_size():
    model = _mlp()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.random.default_rng(2).random((100, 6, 5), dtype=np.float32)
    y = np.arange(100) % 4
    model.fit(x, y, batch_size=32, epochs=3, verbose=0)   # 32, 32, 32, then 4
    traces = list(model.train_function._cache.values())
    shapes = sorted({tuple(cf.graph.inputs[0].shape.as_list()) for cf in traces}, key=str)
    # Keras 3 traces fit's step once, on its data's element spec (batch size None), so the
    # last batch of 4 runs the very graph the batches of 32 ran: one trace, not one per size
    assert shapes == [(None, 6, 5)]
    assert model.train_function.experimental_get_tracing_count() == 1


def test_a_training_step_traced_for_any_batch_size():
    """input_signature with None: reshape(-1), the mean's gradient, where: dynamic shapes."""
    w = tf.Variable(tf.random.normal([784, 10], seed=1))
    b = tf.Variable(tf.zeros([10]))
    opt = tf.keras.optimizers.SGD(0.1)

    @tf.function(input_signature=[tf.TensorSpec([None, 28, 28], tf.float32),
                                  tf.TensorSpec([None], tf.int64)])
    def step(images, labels):
        with tf.GradientTape() as tape:
            logits = tf.reshape(images, [-1, 784]) @ w + b
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
        opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
        return loss, tf.shape(tf.where(logits > 0))[0]

    rng = np.random.default_rng(0)
    losses = []
    for n in (5, 17, 5, 17):
        images = tf.constant(rng.random((n, 28, 28), dtype=np.float32))
        labels = tf.constant(rng.integers(0, 10, n))
        before = w.numpy()
        with tf.GradientTape():  # the same loss, eagerly, for comparison
            eager = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels, tf.reshape(images, [-1, 784]) @ w + b))
        loss, positives = step(images, labels)
        losses.append(float(loss))
        np.testing.assert_allclose(float(loss), float(eager), rtol=1e-6)
        assert not np.array_equal(before, w.numpy())
    assert step.experimental_get_tracing_count() == 1


def test_ops_whose_results_nothing_uses_do_not_run():
    """TF's graphs guide: an out-of-range gather whose result is unused does not raise."""
    @tf.function
    def f(x):
        tf.gather(x, 10)   # would raise if it ran
        return x + 1.0

    np.testing.assert_array_equal(f(tf.constant([1.0, 2.0])).numpy(), [2.0, 3.0])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.function(lambda x: tf.gather(x, 10))(tf.constant([1.0, 2.0]))


def test_a_traced_custom_training_step_equals_the_eager_one():
    """The same hand-written step, plain and under tf.function: the same weights."""
    results = []
    for traced in (False, True):
        tf.keras.utils.set_random_seed(3)
        model = _mlp(3)
        opt = tf.keras.optimizers.Adam()
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()

        def step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            return loss

        step = tf.function(step) if traced else step
        rng = np.random.default_rng(4)
        for _ in range(10):
            step(tf.constant(rng.random((8, 6, 5), dtype=np.float32)),
                 tf.constant(rng.integers(0, 4, 8)))
        results.append(model.get_weights())
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_the_gradient_of_a_max_over_an_unknown_batch_size():
    """reduce_max's gradient puts the reduced axes back with expand_dims when a size is known
    only when the graph runs (it reshaped to a shape holding None, and failed); the same
    numbers as eagerly (the gradient goes to the maxima)."""
    x = np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]], np.float32)

    def grad(v):
        with tf.GradientTape() as tape:
            tape.watch(v)
            y = tf.reduce_sum(tf.reduce_max(v, axis=1) * tf.constant([1.0, 2.0]))
        return tape.gradient(y, v)
    traced = tf.function(grad, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    np.testing.assert_array_equal(traced(tf.constant(x)).numpy(), grad(tf.constant(x)).numpy())
    np.testing.assert_array_equal(traced(tf.constant(x)).numpy(), [[0, 1, 0], [1, 0, 1]])
