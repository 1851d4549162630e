"""The Keras pieces TF's loading tutorials (NumPy, pandas, CSV) and the autoencoder tutorial use:
StringLookup, IntegerLookup, CategoryEncoding, Concatenate, Conv2DTranspose, arithmetic on
KerasTensors, functional models over a dict of inputs in fit. Checked against Keras's
documented rules without TF (tests/differential/test_against_tensorflow_loading.py compares
the same behaviours with TF 2.21)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_string_lookup_puts_the_oov_index_first():
    """Keras: index 0 is the OOV token, the terms follow in vocabulary order."""
    lookup = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c"])
    out = lookup(["c", "a", "zzz"])
    assert out.dtype == tf.int64 and out.numpy().tolist() == [3, 1, 0]
    assert lookup.get_vocabulary() == ["[UNK]", "a", "b", "c"]
    assert lookup.vocabulary_size() == 4


def test_string_lookup_one_hot_drops_a_last_axis_of_one():
    hot = tf.keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot")
    assert hot(np.array([["b"], ["x"]], dtype=object)).numpy().tolist() == [[0, 0, 1], [1, 0, 0]]
    assert hot(["a"]).shape == (1, 3)


def test_multi_hot_and_count_reduce_the_last_axis():
    multi = tf.keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="multi_hot")
    count = tf.keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="count")
    assert multi([["a", "a", "z"]]).numpy().tolist() == [[1, 1, 0]]
    assert count([["a", "a", "z"]]).numpy().tolist() == [[1, 2, 0]]


def test_mask_token_takes_index_zero_for_int_output():
    lookup = tf.keras.layers.StringLookup(vocabulary=["a"], mask_token="")
    assert lookup.get_vocabulary() == ["", "[UNK]", "a"]
    assert lookup(["", "a", "q"]).numpy().tolist() == [0, 2, 1]


def test_adapt_orders_by_count_then_term_descending():
    lookup = tf.keras.layers.StringLookup()
    lookup.adapt(["b", "a", "c", "a", "b", "d"])
    assert lookup.get_vocabulary() == ["[UNK]", "b", "a", "d", "c"]
    short = tf.keras.layers.IntegerLookup(max_tokens=3)
    short.adapt(tf.data.Dataset.from_tensor_slices([5, 5, 3, 3, 9]).batch(2))
    assert short.get_vocabulary() == [-1, 5, 3]  # max_tokens counts the OOV index
    assert short([5, 3, 9]).numpy().tolist() == [1, 2, 0]


def test_integer_lookup_casts_other_integers_and_refuses_floats():
    lookup = tf.keras.layers.IntegerLookup(vocabulary=[1, 4])
    assert lookup(tf.constant([4, 7], tf.int32)).numpy().tolist() == [2, 0]
    with pytest.raises(ValueError, match="expects int64"):
        lookup(tf.constant([1.0]))


def test_lookup_refuses_repeated_terms_and_an_unset_vocabulary():
    with pytest.raises(ValueError, match="repeated term"):
        tf.keras.layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(RuntimeError, match="set the layer's vocabulary"):
        tf.keras.layers.StringLookup(output_mode="one_hot")(["a"])
    with pytest.raises(NotImplementedError, match="invert"):
        tf.keras.layers.StringLookup(vocabulary=["a"], invert=True)


def test_lookup_runs_in_a_traced_function():
    lookup = tf.keras.layers.StringLookup(vocabulary=["x", "y"])
    traced = tf.function(lambda s: lookup(s))
    assert traced(tf.constant(["y", "q"])).numpy().tolist() == [2, 0]


def test_category_encoding_is_float32_and_checks_its_arguments():
    one = tf.keras.layers.CategoryEncoding(num_tokens=3, output_mode="one_hot")
    assert one([2, 0]).dtype == tf.float32
    assert one([2, 0]).numpy().tolist() == [[0, 0, 1], [1, 0, 0]]
    assert tf.keras.layers.CategoryEncoding(num_tokens=3)([[0, 2, 2]]).numpy().tolist() == \
        [[1, 0, 1]]
    with pytest.raises(ValueError, match="num_tokens must be set"):
        tf.keras.layers.CategoryEncoding()


def test_concatenate_joins_on_its_axis_and_checks_the_other_axes():
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input(shape=(1,)), tf.keras.Input(shape=(2,), dtype=tf.int64)
    joined = tf.keras.layers.Concatenate()([a, b])
    assert joined.shape == (None, 3) and joined.dtype == "float32"
    out = tf.keras.layers.Concatenate(axis=0)([np.ones((1, 2)), np.zeros((2, 2))])
    assert out.shape == (3, 2) and out.dtype == tf.float32
    with pytest.raises(ValueError, match="matching shapes except for the concatenation axis"):
        tf.keras.layers.Concatenate()([np.ones((2, 1)), np.ones((3, 1))])
    with pytest.raises(ValueError, match="list of at least 1 input"):
        tf.keras.layers.Concatenate()(np.ones((2, 1)))


@pytest.mark.parametrize("padding", ["same", "valid"])
def test_conv2d_transpose_is_the_input_gradient_of_a_conv2d(padding):
    """Conv2DTranspose(x) = d/d(input) of <Conv2D(input, kernel), x>: the transpose of the
    convolution that maps its output size back to its input size."""
    layer = tf.keras.layers.Conv2DTranspose(3, 3, strides=2, padding=padding, use_bias=False)
    x = np.random.default_rng(0).normal(size=(2, 4, 5, 2)).astype(np.float32)
    y = layer(x)
    size = 8 if padding == "same" else 9  # same: 4 * 2; valid: 4 * 2 + (3 - 2)
    assert y.shape == (2, size, 2 * 5 + (padding == "valid"), 3)
    image = tf.Variable(tf.zeros(y.shape))
    with tf.GradientTape() as tape:
        conv = tf.nn.conv2d(image, layer.kernel, strides=2, padding=padding.upper())
        inner = tf.reduce_sum(conv * x)
    np.testing.assert_allclose(tape.gradient(inner, image).numpy(), y.numpy(), rtol=1e-5,
                               atol=1e-5)


def test_conv2d_transpose_trains_in_a_traced_fit_with_an_unknown_batch():
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input(shape=(4, 4, 1)),
                                 tf.keras.layers.Conv2D(2, 3, strides=2, padding="same"),
                                 tf.keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same")])
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(1).random((10, 4, 4, 1)).astype(np.float32)
    losses = model.fit(x, x, batch_size=4, epochs=3, verbose=0).history["loss"]
    assert model.output_shape == (None, 4, 4, 1) and losses[-1] < losses[0]


def test_operators_on_keras_tensors_make_nodes():
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=())
    model = tf.keras.Model(inputs, [2 * inputs + 1, 1 - inputs, inputs / 4, -inputs,
                                    inputs ** 2, inputs * inputs])
    outs = [t.numpy().tolist() for t in model(np.array([2.0]))]
    assert outs == [[5.0], [-1.0], [0.5], [-2.0], [4.0], [4.0]]
    assert [layer.name for layer in model.layers][:3] == ["input_layer", "multiply", "add"]


def _columns_model():
    tf.keras.utils.set_random_seed(3)
    inputs = {"n": tf.keras.Input(shape=(1,), name="n"),
              "k": tf.keras.Input(shape=(1,), name="k", dtype=tf.string)}
    hot = tf.keras.layers.StringLookup(vocabulary=["u", "v"], output_mode="one_hot")(inputs["k"])
    x = tf.keras.layers.Concatenate()([inputs["n"], hot])
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
    model.compile(optimizer="adam", loss="mse")
    return model


def test_fit_takes_a_dict_of_columns_and_a_dataset_of_dicts():
    columns = {"n": np.linspace(0, 1, 8)[:, None], "k": np.array([["u"], ["v"]] * 4, object)}
    target = np.arange(8.0)
    model = _columns_model()
    before = model.evaluate(columns, target, verbose=0)
    model.fit(columns, target, batch_size=3, epochs=5, verbose=0)
    model.fit(tf.data.Dataset.from_tensor_slices((columns, target)).batch(3), epochs=5,
              verbose=0)
    assert model.evaluate(columns, target, verbose=0) < before
    assert model.predict(columns, verbose=0).shape == (8, 1)
    with pytest.raises(ValueError, match="different numbers of samples"):
        model.fit({"n": columns["n"], "k": columns["k"][:3]}, target, verbose=0)


def test_a_subclassed_model_uses_up_one_keras_tensor_name_when_built():
    """Keras 3 builds a subclassed model by calling it on a KerasTensor once."""
    tf.keras.backend.clear_session()

    class Tiny(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)
    a = tf.keras.Input(shape=(1,), name="a")  # (a named Input takes no keras_tensor name)
    first = tf.keras.layers.Dense(1)(a).name
    Tiny()(np.ones((1, 1)))
    assert (first, tf.keras.layers.Dense(1)(a).name) == ("keras_tensor", "keras_tensor_2")


def test_a_pandas_series_in_a_dict_of_inputs_is_one_column():
    """Keras 3 slices a pandas Series as an (n, 1) array (PandasSeriesSliceable)."""
    pd = pytest.importorskip("pandas")
    from course.engine.keras import data_adapter
    columns = data_adapter.floatx({"a": pd.Series([1.0, 2.0, 3.0]), "b": np.array([[1], [2], [3]])})
    assert columns["a"].shape == (3, 1) and columns["a"].dtype == np.float32
    assert columns["b"].dtype.kind == "i"  # (integers stay integers)


def test_a_loss_compares_only_the_sizes_known_while_tracing():
    """Keras: `target` and `output` need the same rank, and equal sizes where both are known."""
    loss = tf.keras.losses.BinaryCrossentropy()
    traced = tf.function(lambda t: loss(t, tf.fill([2, 1], 0.5)),
                         input_signature=[tf.TensorSpec([None, 1], tf.float32)])
    assert abs(float(traced(tf.ones([2, 1]))) - np.log(2.0)) < 1e-6
    with pytest.raises(ValueError, match="must have the same shape"):
        loss(tf.ones([3, 1]), tf.fill([2, 1], 0.5))


def test_an_adapted_normalization_uses_weights_set_after_it_was_built():
    """Keras: adapted statistics are the layer's weights; set_weights (and loading) change
    what it computes."""
    norm = tf.keras.layers.Normalization()
    norm.adapt(np.array([[1.0], [3.0]]))  # mean 2, variance 1
    norm.set_weights([np.array([10.0]), np.array([4.0]), np.array(2)])
    assert norm(np.array([[14.0]])).numpy().tolist() == [[2.0]]  # (14 - 10) / sqrt(4)


def test_a_functional_model_holding_a_functional_model_and_a_sequential_reloads(tmp_path):
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(4)
    inputs = {"n": tf.keras.Input(shape=(1,), name="n"),
              "k": tf.keras.Input(shape=(1,), name="k", dtype=tf.string)}
    hot = tf.keras.layers.StringLookup(vocabulary=["u", "v"], output_mode="one_hot")(inputs["k"])
    norm = tf.keras.layers.Normalization()
    norm.adapt(np.array([[1.0], [3.0]]))
    head = tf.keras.Model(inputs, tf.keras.layers.Concatenate()([norm(inputs["n"]), hot]))
    body = tf.keras.Sequential([tf.keras.layers.Dense(2, activation="relu"),
                                tf.keras.layers.Dense(1)])
    model = tf.keras.Model(inputs, body(head(inputs)))
    data = {"n": np.array([[1.0], [5.0]]), "k": np.array([["u"], ["w"]], object)}
    model.save(tmp_path / "m.keras")
    back = tf.keras.models.load_model(tmp_path / "m.keras")
    assert [type(layer).__name__ for layer in back.layers] == \
        ["InputLayer", "InputLayer", "Functional", "Sequential"]
    np.testing.assert_array_equal(back(data).numpy(), model(data).numpy())
