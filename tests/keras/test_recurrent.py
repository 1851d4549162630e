"""tf.keras.layers.SimpleRNN, GRU, LSTM, their cells, RNN(cell) and Bidirectional
(keras/recurrent.py, keras/recurrent_cells.py), on the engine alone; the same layers run
against Keras 3 on TF 2.21 in tests/differential/test_against_tensorflow_recurrent.py.

Expected values come from the cells' equations (Keras 3's documentation, written out in
NumPy below) or from rules such as "go_backwards is the forward layer on the reversed
sequence"; none is copied from the engine's output.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras.masking import get_keras_mask

X = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def seeded(layer, x=X, seed=1):
    """`layer` built on x, with N(0, 0.5) weights from a seeded generator."""
    layer(x)
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(scale=0.5, size=tuple(w.shape)).astype(np.float32)
                       for w in layer.weights])
    return layer


# -- the cells' equations ----------------------------------------------------------------------
def lstm_reference(x, kernel, recurrent, bias, units):
    """Keras's LSTM: z = x W + h U + b; gates i, f, c, o in that order."""
    h = c = np.zeros((x.shape[0], units))
    hs = []
    for t in range(x.shape[1]):
        z = x[:, t] @ kernel + h @ recurrent + bias
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, 1), h, c


def gru_reference(x, kernel, recurrent, bias, units, reset_after):
    """Keras's GRU: gates z, r, h; reset_after applies r after the recurrent product."""
    h, hs = np.zeros((x.shape[0], units)), []
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros_like(bias))
    for t in range(x.shape[1]):
        xw = x[:, t] @ kernel + b_in
        hu = h @ recurrent + b_rec
        z = sigmoid(xw[:, :units] + hu[:, :units])
        r = sigmoid(xw[:, units:2 * units] + hu[:, units:2 * units])
        if reset_after:
            hh = np.tanh(xw[:, 2 * units:] + r * hu[:, 2 * units:])
        else:
            hh = np.tanh(xw[:, 2 * units:] + (r * h) @ recurrent[:, 2 * units:])
        h = z * h + (1 - z) * hh
        hs.append(h)
    return np.stack(hs, 1), h


def test_lstm_follows_the_lstm_equations_with_gates_in_i_f_c_o_order():
    layer = seeded(tf.keras.layers.LSTM(2, return_sequences=True, return_state=True))
    seq, h, c = layer(X)
    kernel, recurrent, bias = layer.get_weights()
    want_seq, want_h, want_c = lstm_reference(X, kernel, recurrent, bias, 2)
    np.testing.assert_allclose(seq.numpy(), want_seq, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h.numpy(), want_h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.numpy(), want_c, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_follows_the_gru_equations_with_gates_in_z_r_h_order(reset_after):
    layer = seeded(tf.keras.layers.GRU(2, reset_after=reset_after, return_sequences=True))
    kernel, recurrent, bias = layer.get_weights()
    assert bias.shape == ((2, 6) if reset_after else (6,))  # Keras 3's bias layouts
    want, _ = gru_reference(X, kernel, recurrent, bias, 2, reset_after)
    np.testing.assert_allclose(layer(X).numpy(), want, rtol=1e-5, atol=1e-6)


def test_simple_rnn_is_tanh_of_x_w_plus_b_plus_h_u():
    layer = seeded(tf.keras.layers.SimpleRNN(2))
    kernel, recurrent, bias = layer.get_weights()
    h = np.zeros((2, 2))
    for t in range(4):
        h = np.tanh(X[:, t] @ kernel + bias + h @ recurrent)
    np.testing.assert_allclose(layer(X).numpy(), h, rtol=1e-5, atol=1e-6)


# -- shapes, weights, options ------------------------------------------------------------------
@pytest.mark.parametrize("kind, gates", [("SimpleRNN", 1), ("GRU", 3), ("LSTM", 4)])
def test_weights_are_kernel_recurrent_kernel_bias_under_the_cell(kind, gates):
    tf.keras.backend.clear_session()
    layer = getattr(tf.keras.layers, kind)(5)
    layer(X)
    shapes = [tuple(w.shape) for w in layer.weights]
    cell = layer.cell.name
    assert [w.path for w in layer.weights] == [f"{layer.name}/{cell}/{n}" for n in
                                               ("kernel", "recurrent_kernel", "bias")]
    assert shapes[:2] == [(3, gates * 5), (5, gates * 5)]


@pytest.mark.parametrize("kind", ["SimpleRNN", "GRU", "LSTM"])
@pytest.mark.parametrize("sequences", [False, True])
def test_output_shapes_match_compute_output_shape(kind, sequences):
    layer = getattr(tf.keras.layers, kind)(5, return_sequences=sequences, return_state=True)
    out = layer(X)
    expected = layer.compute_output_shape(X.shape)
    assert isinstance(out, tuple) and [tuple(o.shape) for o in out] == [tuple(e) for e in expected]
    assert len(out) == (3 if kind == "LSTM" else 2)


def test_unit_forget_bias_starts_the_forget_gate_bias_at_one():
    layer = tf.keras.layers.LSTM(2)
    layer(X)
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
    plain = tf.keras.layers.LSTM(2, unit_forget_bias=False)
    plain(X)
    np.testing.assert_array_equal(plain.cell.bias.numpy(), np.zeros(8))


def test_go_backwards_is_the_forward_layer_on_the_reversed_sequence():
    forward = seeded(tf.keras.layers.GRU(2, return_sequences=True))
    backward = seeded(tf.keras.layers.GRU(2, return_sequences=True, go_backwards=True))
    np.testing.assert_allclose(backward(X).numpy(), forward(X[:, ::-1]).numpy(), rtol=1e-6)


def test_initial_state_starts_the_loop():
    layer = seeded(tf.keras.layers.SimpleRNN(2))
    kernel, recurrent, bias = layer.get_weights()
    h = np.full((2, 2), 0.3, np.float32)
    out = layer(X, initial_state=[tf.constant(h)])
    for t in range(4):
        h = np.tanh(X[:, t] @ kernel + bias + h @ recurrent)
    np.testing.assert_allclose(out.numpy(), h, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="expects 1 initial state"):
        layer(X, initial_state=[tf.zeros([2, 2])] * 2)


# -- masks -----------------------------------------------------------------------------------
def test_a_masked_step_repeats_the_output_and_keeps_the_states():
    layer = seeded(tf.keras.layers.LSTM(2, return_sequences=True, return_state=True))
    mask = np.array([[True, True, False, False], [True, False, True, True]])
    seq, h, c = layer(X, mask=tf.constant(mask))
    np.testing.assert_array_equal(seq.numpy()[0, 2], seq.numpy()[0, 1])
    np.testing.assert_array_equal(seq.numpy()[1, 1], seq.numpy()[1, 0])
    # a padded tail gives the states of the shorter sequence
    _, h2, c2 = layer(X[:1, :2])
    np.testing.assert_allclose(h.numpy()[0], h2.numpy()[0], rtol=1e-6)
    np.testing.assert_allclose(c.numpy()[0], c2.numpy()[0], rtol=1e-6)


def test_embedding_mask_reaches_the_layer_and_return_sequences_passes_it_on():
    emb = tf.keras.layers.Embedding(5, 3, mask_zero=True)
    ids = tf.constant([[1, 2, 0], [3, 0, 0]])
    seq = tf.keras.layers.GRU(2, return_sequences=True)(emb(ids))
    np.testing.assert_array_equal(get_keras_mask(seq).numpy(), ids.numpy() != 0)
    np.testing.assert_array_equal(seq.numpy()[1, 2], seq.numpy()[1, 0])
    assert get_keras_mask(tf.keras.layers.GRU(2)(emb(ids))) is None


# -- Bidirectional and RNN(cell) ----------------------------------------------------------------
@pytest.mark.parametrize("mode, merge", [
    ("concat", lambda a, b: np.concatenate([a, b], -1)), ("sum", np.add), ("mul", np.multiply),
    ("ave", lambda a, b: (a + b) / 2)])
def test_bidirectional_merges_forward_and_flipped_backward_outputs(mode, merge):
    bi = seeded(tf.keras.layers.Bidirectional(tf.keras.layers.SimpleRNN(2, return_sequences=True),
                                              merge_mode=mode))
    forward, backward = bi.forward_layer, bi.backward_layer
    assert backward.go_backwards and not forward.go_backwards
    want = merge(forward(X).numpy(), backward(X).numpy()[:, ::-1])
    np.testing.assert_allclose(bi(X).numpy(), want, rtol=1e-6)


def test_bidirectional_merge_mode_none_and_return_state():
    bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, return_state=True), merge_mode=None)
    out = bi(X)
    assert len(out) == 6 and [tuple(o.shape) for o in out] == [(2, 2)] * 6
    with pytest.raises(ValueError, match="Invalid merge mode"):
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), merge_mode="max")


def test_rnn_of_a_cell_is_the_layer():
    cell_layer = seeded(tf.keras.layers.RNN(tf.keras.layers.GRUCell(2)))
    layer = seeded(tf.keras.layers.GRU(2))
    np.testing.assert_allclose(cell_layer(X).numpy(), layer(X).numpy(), rtol=1e-6)


# -- the loop over an unknown number of steps (tf.while_loop) ------------------------------------
def test_a_none_time_dimension_runs_a_while_loop_with_the_same_numbers_and_gradients():
    layer = seeded(tf.keras.layers.LSTM(2, return_sequences=True))

    def loss_and_grads(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum((layer(x) + 0.5) ** 2)
        return loss, tape.gradient(loss, layer.trainable_weights)
    traced = tf.function(loss_and_grads, input_signature=[tf.TensorSpec([None, None, 3])])
    graph = traced.get_concrete_function().graph
    assert "While" in {op.type for op in graph.get_operations()}
    eager_loss, eager_grads = loss_and_grads(tf.constant(X))
    loss, grads = traced(X)
    np.testing.assert_allclose(loss.numpy(), eager_loss.numpy(), rtol=1e-5)
    for g, e in zip(grads, eager_grads):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-5, atol=1e-6)


def test_fit_traced_and_eager_give_the_same_losses():
    losses = []
    for eager in (False, True):
        tf.keras.utils.set_random_seed(3)
        model = tf.keras.Sequential([tf.keras.Input((4, 3)), tf.keras.layers.GRU(2),
                                     tf.keras.layers.Dense(1)])
        model.compile("sgd", "mse", run_eagerly=eager)
        history = model.fit(X, np.ones((2, 1), np.float32), epochs=2, verbose=0)
        losses.append(history.history["loss"])
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-6)


# -- dropout ----------------------------------------------------------------------------------
def test_dropout_acts_in_training_only_and_masks_are_drawn_per_call():
    layer = seeded(tf.keras.layers.LSTM(2, dropout=0.5, recurrent_dropout=0.5))
    plain = seeded(tf.keras.layers.LSTM(2))
    np.testing.assert_allclose(layer(X, training=False).numpy(), plain(X).numpy(), rtol=1e-6)
    first, second = layer(X, training=True).numpy(), layer(X, training=True).numpy()
    assert not np.allclose(first, plain(X).numpy()) and not np.allclose(first, second)
    assert layer.cell._dropout_mask is None  # (reset after each sequence)


# -- config, saving, checkpoints, errors ------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda: tf.keras.layers.LSTM(3, return_sequences=True, dropout=0.1, unit_forget_bias=False),
    lambda: tf.keras.layers.GRU(3, reset_after=False, go_backwards=True),
    lambda: tf.keras.layers.SimpleRNN(3, activation="relu", return_state=True),
    lambda: tf.keras.layers.RNN(tf.keras.layers.LSTMCell(3)),
    lambda: tf.keras.layers.Bidirectional(tf.keras.layers.GRU(3), merge_mode="mul"),
    lambda: tf.keras.layers.GRUCell(3, reset_after=False)])
def test_from_config_of_get_config_gives_the_same_config(make):
    layer = make()
    assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()


def test_a_keras_file_and_a_checkpoint_restore_the_weights(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((4, 3)),
                                 tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(
                                     2, return_sequences=True)),
                                 tf.keras.layers.GRU(2), tf.keras.layers.Dense(1)])
    seeded(model)
    model.save(tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded(X).numpy(), model(X).numpy(), rtol=1e-6)
    path = tf.train.Checkpoint(model=model).write(str(tmp_path / "ckpt"))
    other = tf.keras.models.clone_model(model) if hasattr(tf.keras.models, "clone_model") \
        else tf.keras.Sequential.from_config(model.get_config())
    tf.train.Checkpoint(model=other).read(path)
    np.testing.assert_allclose(other(X).numpy(), model(X).numpy(), rtol=1e-6)


def test_wrong_rank_is_keras_input_spec_error():
    tf.keras.backend.clear_session()
    with pytest.raises(ValueError, match=r"layer 'lstm' is incompatible with the layer: "
                                         r"expected ndim=3, found ndim=2. Full shape "
                                         r"received: \(2, 3\)"):
        tf.keras.layers.LSTM(3)(tf.ones((2, 3)))


def test_stateful_layers_carry_their_states_between_calls_until_reset():
    """stateful=True: a call on the second half of a sequence continues the first half."""
    tf.keras.backend.clear_session()
    seq = np.random.default_rng(1).random((2, 6, 3)).astype(np.float32)
    whole = tf.keras.layers.GRU(4, return_sequences=True)
    stateful = tf.keras.layers.GRU(4, return_sequences=True, stateful=True)
    full = whole(seq)
    stateful(seq[:, :1])
    stateful.set_weights(whole.get_weights())
    stateful.reset_states()
    halves = np.concatenate([stateful(seq[:, :3]).numpy(), stateful(seq[:, 3:]).numpy()], 1)
    np.testing.assert_allclose(halves, full.numpy(), rtol=1e-5, atol=1e-6)
    assert len(stateful.weights) == 3  # (the states are not weights)
    stateful.reset_states()
    np.testing.assert_array_equal(stateful.states[0].numpy(), np.zeros((2, 4), np.float32))
    with pytest.raises(ValueError, match="batch size must be static"):
        tf.keras.layers.LSTM(3, stateful=True)(tf.keras.Input((5, 3)))
    with pytest.raises(NotImplementedError, match="stateful"):
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(3, stateful=True))


def test_unsupported_arguments_say_so():
    with pytest.raises(ValueError, match="expected a positive integer, got 0"):
        tf.keras.layers.GRU(0)
    with pytest.raises(NotImplementedError, match="constraints"):
        tf.keras.layers.SimpleRNN(2, kernel_constraint="non_neg")


def test_orthogonal_initializer_gives_orthonormal_columns_or_rows():
    tall = tf.keras.initializers.Orthogonal(seed=2)((6, 3)).numpy()
    wide = tf.keras.initializers.Orthogonal(gain=2.0)((3, 6)).numpy()
    np.testing.assert_allclose(tall.T @ tall, np.eye(3), atol=1e-5)
    np.testing.assert_allclose(wide @ wide.T, 4 * np.eye(3), atol=1e-4)
    np.testing.assert_array_equal(tall, tf.keras.initializers.Orthogonal(seed=2)((6, 3)).numpy())
    with pytest.raises(ValueError, match="at least two-dimensional"):
        tf.keras.initializers.Orthogonal()((3,))
