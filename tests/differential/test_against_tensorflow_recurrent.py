"""SimpleRNN, GRU, LSTM, their cells, RNN(cell) and Bidirectional, against TF 2.21 with Keras 3
(rules: tf_compare.py). Each layer is built, then given the same weights in both libraries
(`set_weights` from a seeded NumPy generator), so the numbers do not depend on either
library's random streams; outputs, final states, masked outputs and gradients must agree.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_recurrent.py
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.random.default_rng(3).normal(size=(3, 5, 4)).astype(np.float32)
IDS = np.array([[3, 1, 2, 0, 0], [2, 2, 5, 4, 1], [4, 0, 0, 0, 0]], np.int32)
# A mask that is not a padded tail: the middle steps of the first sequence are skipped.
MASK = np.array([[True, False, False, True, True], [True] * 5, [True, True, False, False, False]])
RTOL = 2e-5  # float32 sums in another order


def _mask(tf, t):
    """The mask Keras attached to `t` (Keras 3 on TF: t._keras_mask; the engine: a side table)."""
    mask = getattr(t, "_keras_mask", None)
    if mask is None and tf.__version__.endswith("course.engine"):
        from course.engine.keras.masking import get_keras_mask  # (only the engine gets here)
        mask = get_keras_mask(t)
    return mask


def _set_weights(layer, seed: int = 0) -> None:
    """The same weights in both libraries: N(0, 0.5) draws, shaped as the layer's weights."""
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(scale=0.5, size=tuple(w.shape)).astype(np.float32)
                       for w in layer.weights])


def _built(tf, make, x=X, seed: int = 0):
    """A layer from `make(tf)`, built on `x`, with the seeded weights."""
    tf.keras.backend.clear_session()
    layer = make(tf)
    layer(x)
    _set_weights(layer, seed)
    return layer


LAYERS = {
    "SimpleRNN": lambda tf, **kw: tf.keras.layers.SimpleRNN(3, **kw),
    "GRU": lambda tf, **kw: tf.keras.layers.GRU(3, **kw),
    "GRU(reset_after=False)": lambda tf, **kw: tf.keras.layers.GRU(3, reset_after=False, **kw),
    "LSTM": lambda tf, **kw: tf.keras.layers.LSTM(3, **kw),
}
OPTIONS = {
    "defaults": {},
    "return_sequences": {"return_sequences": True},
    "return_state": {"return_state": True},
    "return_sequences+return_state": {"return_sequences": True, "return_state": True},
    "go_backwards": {"go_backwards": True, "return_sequences": True},
    "use_bias=False": {"use_bias": False, "return_sequences": True},
    "activation=relu": {"activation": "relu", "return_state": True},
}


def _outputs_case(kind, options):
    def case(tf):
        layer = _built(tf, lambda tf: LAYERS[kind](tf, **options))
        return layer(X), [(w.path, tuple(w.shape)) for w in layer.weights], layer.count_params()
    return case


for _kind in LAYERS:
    for _option, _kwargs in OPTIONS.items():
        cases(f"{_kind} {_option}: outputs, final states, weight paths and shapes",
              rtol=RTOL)(_outputs_case(_kind, _kwargs))


def _masked_case(kind, return_sequences):
    def case(tf):
        layer = _built(tf, lambda tf: LAYERS[kind](tf, return_sequences=return_sequences,
                                                  return_state=True))
        out = layer(X, mask=tf.constant(MASK))
        plain = _built(tf, lambda tf: LAYERS[kind](tf, return_sequences=return_sequences))
        masked = plain(X, mask=tf.constant(MASK))
        return out, masked, _mask(tf, masked)
    return case


def _embedding_case(kind):
    """Embedding(mask_zero=True) -> layer: the padding steps keep the states, and a
    return_sequences output carries the mask on."""
    def case(tf):
        tf.keras.backend.clear_session()
        emb = tf.keras.layers.Embedding(6, 4, mask_zero=True,
                                        weights=np.random.default_rng(5).normal(size=(6, 4)))
        layer = LAYERS[kind](tf, return_sequences=True)
        last = LAYERS[kind](tf)
        layer(emb(IDS)), last(emb(IDS))
        _set_weights(layer)
        _set_weights(last, 1)
        seq = layer(emb(IDS))
        return seq, _mask(tf, seq), last(emb(IDS))
    return case


for _kind in LAYERS:
    cases(f"{_kind} with a mask (not a padded tail): outputs repeat, states carry over",
          rtol=RTOL)(_masked_case(_kind, True))
    cases(f"{_kind} with a mask, last output only", rtol=RTOL)(_masked_case(_kind, False))
    cases(f"{_kind} with a mask and go_backwards (masked steps come first: zero outputs)",
          rtol=RTOL)(lambda tf, k=_kind: _built(tf, lambda tf: LAYERS[k](
              tf, go_backwards=True, return_sequences=True, return_state=True))(
              X, mask=tf.constant(MASK)))
    cases(f"{_kind} after Embedding(mask_zero=True): masked steps and the output mask",
          rtol=RTOL)(_embedding_case(_kind))


def _gradient_case(kind, options):
    masked = options.pop("masked", False)

    def case(tf):
        layer = _built(tf, lambda tf: LAYERS[kind](tf, **options))
        x = tf.constant(X)
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = layer(x, mask=tf.constant(MASK)) if masked else layer(x)
            out = out if isinstance(out, (list, tuple)) else [out]
            loss = sum(tf.reduce_sum((o + 0.5) ** 2) for o in out)
        return tape.gradient(loss, layer.trainable_weights + [x])
    return case


for _kind in LAYERS:
    for _name, _kwargs in {"last output": {}, "sequences and states":
                           {"return_sequences": True, "return_state": True},
                           "go_backwards": {"go_backwards": True},
                           "masked": {"return_sequences": True, "masked": True}}.items():
        cases(f"{_kind} gradients (weights and inputs), {_name}", rtol=1e-4)(
            _gradient_case(_kind, dict(_kwargs)))


@cases("LSTM and GRU with initial_state: outputs and gradients reach the states", rtol=RTOL)
def _(tf):
    out = []
    for kind, n in (("LSTM", 2), ("GRU", 1), ("SimpleRNN", 1)):
        layer = _built(tf, lambda tf: LAYERS[kind](tf, return_state=True))
        states = [tf.constant(np.full((3, 3), 0.1 * (i + 1), np.float32)) for i in range(n)]
        with tf.GradientTape() as tape:
            tape.watch(states)
            result = layer(X, initial_state=states)
            loss = tf.reduce_sum(result[0] ** 2)
        out.append((result, tape.gradient(loss, states)))
    return out


@cases("cells called for one step: LSTMCell, GRUCell (both resets), SimpleRNNCell", rtol=RTOL)
def _(tf):
    x, out = tf.constant(X[:, 0]), []
    for make, n in ((lambda: tf.keras.layers.LSTMCell(3), 2),
                    (lambda: tf.keras.layers.GRUCell(3), 1),
                    (lambda: tf.keras.layers.GRUCell(3, reset_after=False), 1),
                    (lambda: tf.keras.layers.SimpleRNNCell(3), 1)):
        cell = make()
        states = [tf.constant(np.full((3, 3), 0.2, np.float32))] * n
        cell(x, states)
        _set_weights(cell, 2)
        out.append((cell(x, states), [w.path for w in cell.weights], cell.state_size,
                    cell.output_size))
    return out


@cases("RNN(cell) equals the matching layer; its weights live under the RNN", rtol=RTOL)
def _(tf):
    out = []
    for cell, layer in (("LSTMCell", "LSTM"), ("GRUCell", "GRU"), ("SimpleRNNCell", "SimpleRNN")):
        tf.keras.backend.clear_session()
        rnn = tf.keras.layers.RNN(getattr(tf.keras.layers, cell)(3), return_sequences=True,
                                  return_state=True)
        rnn(X)
        _set_weights(rnn)
        same = _built(tf, lambda tf: getattr(tf.keras.layers, layer)(3, return_sequences=True,
                                                                    return_state=True))
        out.append((rnn(X), same(X), [w.path for w in rnn.weights]))
    return out


@cases("RNN of a cell of your own (Keras's MinimalRNNCell example: state_size, build, "
       "call(inputs, states)), masked, with gradients", rtol=1e-4)
def _(tf):
    class MinimalRNNCell(tf.keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                    name="recurrent_kernel")

        def call(self, inputs, states):
            h = tf.matmul(inputs, self.kernel) + tf.matmul(states[0], self.recurrent_kernel)
            return h, [h]
    tf.keras.backend.clear_session()
    layer = tf.keras.layers.RNN(MinimalRNNCell(3), return_sequences=True, return_state=True)
    layer(X)
    _set_weights(layer)
    x = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = layer(x, mask=tf.constant(MASK))
        loss = tf.reduce_sum((out[0] + 0.5) ** 2)
    return out, tape.gradient(loss, layer.trainable_weights + [x]), \
        [w.path for w in layer.weights]


def _bidirectional_case(kind, merge_mode, **kwargs):
    def case(tf):
        layer = _built(tf, lambda tf: tf.keras.layers.Bidirectional(
            LAYERS[kind](tf, **kwargs), merge_mode=merge_mode))
        return layer(X), [w.path for w in layer.weights], \
            layer.compute_output_shape((None, 5, 4))
    return case


for _mode in ("concat", "sum", "mul", "ave", None):
    cases(f"Bidirectional(LSTM, merge_mode={_mode}) sequences", rtol=RTOL)(
        _bidirectional_case("LSTM", _mode, return_sequences=True))
cases("Bidirectional(GRU) last outputs", rtol=RTOL)(_bidirectional_case("GRU", "concat"))
cases("Bidirectional(SimpleRNN, return_state): forward states first", rtol=RTOL)(
    _bidirectional_case("SimpleRNN", "sum", return_state=True))
cases("Bidirectional(LSTM, return_state, merge_mode=None)", rtol=RTOL)(
    _bidirectional_case("LSTM", None, return_state=True, return_sequences=True))


@cases("Bidirectional with a mask: zero outputs at masked steps, the mask passed on, "
       "gradients", rtol=1e-4)
def _(tf):
    layer = _built(tf, lambda tf: tf.keras.layers.Bidirectional(
        tf.keras.layers.GRU(3, return_sequences=True)))
    x = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = layer(x, mask=tf.constant(MASK))
        loss = tf.reduce_sum((out + 0.5) ** 2)
    return out, _mask(tf, out), tape.gradient(loss, layer.trainable_weights + [x])


@cases("a None time dimension in tf.function: the loop is a tf.while_loop; outputs, "
       "masks, gradients", rtol=1e-4)
def _(tf):
    out = []
    for kind in LAYERS:
        layer = _built(tf, lambda tf: LAYERS[kind](tf, return_sequences=True, return_state=True))

        @tf.function(input_signature=[tf.TensorSpec([None, None, 4]),
                                      tf.TensorSpec([None, None], tf.bool)])
        def run(x, mask):
            with tf.GradientTape() as tape:
                tape.watch(x)
                result = layer(x, mask=mask)
                loss = tf.reduce_sum((result[0] + 0.5) ** 2) + tf.reduce_sum(result[1])
            return result, tape.gradient(loss, layer.trainable_weights + [x])
        out.append(run(X, MASK))
        out.append(run(X[:2, :3], MASK[:2, :3]))
    return out


@cases("functional model on Input(shape=(None, 4)): LSTM -> Dense, output shapes", rtol=RTOL)
def _(tf):
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(None, 4))
    seq, h, c = tf.keras.layers.LSTM(3, return_sequences=True, return_state=True)(inputs)
    last = tf.keras.layers.GRU(2)(seq)
    model = tf.keras.Model(inputs, [last, h, c])
    _set_weights(model)
    return model(X), seq.shape, h.shape


@cases("functional encoder-decoder: the encoder's states are the decoder's initial_state; "
       "call, save and load", rtol=RTOL)
def _(tf):
    tf.keras.backend.clear_session()
    source, target = tf.keras.Input(shape=(5, 4)), tf.keras.Input(shape=(3, 4))
    _, h, c = tf.keras.layers.LSTM(3, return_state=True)(source)
    decoded = tf.keras.layers.LSTM(3, return_sequences=True)(target, initial_state=[h, c])
    model = tf.keras.Model([source, target], tf.keras.layers.Dense(2)(decoded))
    _set_weights(model, 6)
    with tempfile.TemporaryDirectory() as d:
        model.save(os.path.join(d, "m.keras"))
        loaded = tf.keras.models.load_model(os.path.join(d, "m.keras"))
    return model([X, X[:, :3]]), loaded([X, X[:, :3]]), [w.path for w in model.weights]


@cases("the ragged_tensor guide's model (Embedding(mask_zero), LSTM(use_bias=False), "
       "GlobalAveragePooling1D, Dense, Activation(tf.nn.relu)): save, load, same outputs",
       rtol=RTOL)
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.layers.Embedding(6, 4, mask_zero=True),
        tf.keras.layers.LSTM(3, return_sequences=True, use_bias=False),
        tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.Dense(3),
        tf.keras.layers.Activation(tf.nn.relu), tf.keras.layers.Dense(1)])
    model(IDS)
    _set_weights(model, 7)
    with tempfile.TemporaryDirectory() as d:
        model.save(os.path.join(d, "m.keras"))
        loaded = tf.keras.models.load_model(os.path.join(d, "m.keras"))
    return model(IDS), loaded(IDS), model.layers[4].get_config()["activation"]


def _summary(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


@cases("summary(): Sequential[Embedding, Bidirectional(LSTM), GRU, Dense] shapes and params")
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.Input((5,)), tf.keras.layers.Embedding(10, 4, mask_zero=True),
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(3, return_sequences=True)),
        tf.keras.layers.GRU(2), tf.keras.layers.Dense(1)])
    return _summary(model)


@cases("summary() of a functional encoder-decoder: a layer with several outputs lists "
       "their shapes")
def _(tf):
    tf.keras.backend.clear_session()
    source, target = tf.keras.Input(shape=(5, 4)), tf.keras.Input(shape=(None, 4))
    _, h, c = tf.keras.layers.LSTM(3, return_state=True)(source)
    decoded = tf.keras.layers.LSTM(3, return_sequences=True)(target, initial_state=[h, c])
    return _summary(tf.keras.Model([source, target], tf.keras.layers.Dense(2)(decoded)))


def _fit_case(make_layer, optimizer, x=X, embed=False):
    def case(tf):
        tf.keras.backend.clear_session()
        first = [tf.keras.Input((5,)), tf.keras.layers.Embedding(6, 4, mask_zero=True)] \
            if embed else [tf.keras.Input((5, 4))]
        model = tf.keras.Sequential(first + [make_layer(tf), tf.keras.layers.Dense(1)])
        _set_weights(model, 4)
        model.compile(optimizer=optimizer, loss="mse")
        y = np.array([[1.0], [-0.5], [0.25]], np.float32)
        history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
        return history.history["loss"], model.get_weights()
    return case


for _kind in LAYERS:
    cases(f"fit Sequential[{_kind}, Dense] with SGD: loss history and weights", rtol=1e-4)(
        _fit_case(lambda tf, k=_kind: LAYERS[k](tf), "sgd"))
cases("fit Sequential[Embedding(mask_zero), LSTM, Dense] with SGD (Adam: the table's "
      "gradient differs, docs/engine-api-keras.md)", rtol=1e-4)(
    _fit_case(lambda tf: tf.keras.layers.LSTM(3), "sgd", IDS, embed=True))
cases("fit Sequential[Bidirectional(GRU), Dense] with Adam", rtol=1e-4)(
    _fit_case(lambda tf: tf.keras.layers.Bidirectional(tf.keras.layers.GRU(3)), "adam"))


@cases("default weights: unit_forget_bias puts ones in the forget gate's bias; zeros "
       "otherwise; the recurrent kernel is orthogonal")
def _(tf):
    tf.keras.backend.clear_session()
    lstm, plain = tf.keras.layers.LSTM(2), tf.keras.layers.LSTM(2, unit_forget_bias=False)
    gru = tf.keras.layers.GRU(2)
    for layer in (lstm, plain, gru):
        layer(X)
    u = lstm.weights[1].numpy()
    return lstm.weights[2], plain.weights[2], gru.weights[2], \
        bool(np.allclose(u @ u.T, np.eye(2), atol=1e-5)), \
        bool(np.abs(lstm.weights[0].numpy()).max() <= np.sqrt(6 / (4 + 8)))


@cases("dropout and recurrent_dropout act only in training")
def _(tf):
    out = []
    for kind in LAYERS:
        layer = _built(tf, lambda tf: LAYERS[kind](tf, dropout=0.5, recurrent_dropout=0.5,
                                                  return_sequences=True))
        same = _built(tf, lambda tf: LAYERS[kind](tf, return_sequences=True))
        inference = layer(X, training=False)
        train = layer(X, training=True)
        out.append((bool(np.allclose(inference.numpy(), same(X).numpy(), atol=1e-6)),
                    bool(np.allclose(train.numpy(), inference.numpy())), train.shape))
    return out


@cases("get_config: Keras 3's keys and values")
def _(tf):
    skip = ("dtype", "kernel_initializer", "recurrent_initializer", "bias_initializer",
            "activity_regularizer", "kernel_constraint", "recurrent_constraint",
            "bias_constraint")
    out = []
    for kind in LAYERS:
        config = LAYERS[kind](tf, return_sequences=True, dropout=0.25).get_config()
        out.append(({k: v for k, v in config.items() if k not in skip},
                    config["recurrent_initializer"]["class_name"],
                    config["recurrent_initializer"]["config"]))
    bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), merge_mode="ave").get_config()
    out.append((bi["merge_mode"], bi["layer"]["class_name"], bi["layer"]["config"]["name"],
                bi["backward_layer"]["config"]["name"],
                bi["backward_layer"]["config"]["go_backwards"]))
    return out


@cases("from_config rebuilds the layer; a .keras file round trip keeps outputs", rtol=RTOL)
def _(tf):
    out = []
    with tempfile.TemporaryDirectory() as d:
        for i, make in enumerate((
                lambda: tf.keras.layers.LSTM(3, return_sequences=True),
                lambda: tf.keras.layers.GRU(3, reset_after=False, go_backwards=True),
                lambda: tf.keras.layers.SimpleRNN(3, activation="relu"),
                lambda: tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(3), merge_mode="sum"),
                lambda: tf.keras.layers.RNN(tf.keras.layers.GRUCell(3)))):
            tf.keras.backend.clear_session()
            model = tf.keras.Sequential([tf.keras.Input((5, 4)), make()])
            _set_weights(model, i)
            path = os.path.join(d, f"m{i}.keras")
            model.save(path)
            loaded = tf.keras.models.load_model(path)
            again = type(model.layers[0]).from_config(model.layers[0].get_config())
            out.append((model(X), loaded(X), [w.path for w in model.weights],
                        type(again).__name__, again.name))
    return out


def _fresh(tf, make):
    tf.keras.backend.clear_session()  # (the messages name the layer: "lstm")
    return make()


cases("LSTM on a matrix (rank 2)")(
    lambda tf: _fresh(tf, lambda: tf.keras.layers.LSTM(3))(tf.ones((2, 3))))
cases("GRU on rank 4")(
    lambda tf: _fresh(tf, lambda: tf.keras.layers.GRU(3))(tf.ones((2, 3, 4, 5))))
cases("RNN(LSTMCell) on a matrix", compare_message=False)(lambda tf: _fresh(
    tf, lambda: tf.keras.layers.RNN(tf.keras.layers.LSTMCell(3)))(tf.ones((2, 3))))
cases("LSTM(0)")(lambda tf: tf.keras.layers.LSTM(0))
cases("GRUCell(-2)")(lambda tf: tf.keras.layers.GRUCell(-2))
cases("Bidirectional of a non-layer")(lambda tf: tf.keras.layers.Bidirectional(3))
cases("Bidirectional merge_mode='max'")(
    lambda tf: tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), merge_mode="max"))
cases("LSTM(use_cudnn='yes')")(lambda tf: tf.keras.layers.LSTM(2, use_cudnn="yes"))
cases("unroll=True with a None time dimension, in a tf.function", compare_message=False)(
    lambda tf: tf.function(tf.keras.layers.SimpleRNN(2, unroll=True), input_signature=[
        tf.TensorSpec([None, None, 4])]).get_concrete_function())


@cases("stateful=True: each call starts from the last one's states (Variables of the batch "
       "size, not weights); states as another layer's initial_state; reset_states; a "
       "stateful model's predict carries them too", rtol=RTOL)
def _(tf):
    tf.keras.backend.clear_session()
    rng = np.random.default_rng(0)
    p1, p2, p3 = (rng.random((4, 5, 3)).astype(np.float32) for _ in range(3))
    ones = {"kernel_initializer": "ones", "recurrent_initializer": "ones"}
    lstm = tf.keras.layers.LSTM(2, stateful=True, **ones)
    first, second = lstm(p1), lstm(p2)
    shapes = [tuple(s.shape) for s in lstm.states], len(lstm.weights)
    carried = tf.keras.layers.LSTM(2, **ones)(p3, initial_state=lstm.states)
    lstm.reset_states()
    again = lstm(p1)
    inputs = tf.keras.Input(batch_shape=(4, 5, 3))
    model = tf.keras.Model(inputs, tf.keras.layers.SimpleRNN(2, stateful=True, **ones)(inputs))
    return (first, second, shapes, carried, again, lstm.get_config()["stateful"],
            model.predict(p1, verbose=0), model.predict(p1, verbose=0))


cases("stateful=True on a KerasTensor of unknown batch size")(
    lambda tf: tf.keras.layers.LSTM(2, stateful=True)(tf.keras.Input((5, 3))))
cases("stateful=True called on another batch size", compare_message=False)(
    lambda tf: (lambda layer: layer(np.ones((4, 5, 3), np.float32)) and layer(
        np.ones((2, 5, 3), np.float32)))(tf.keras.layers.GRU(2, stateful=True)))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
