"""What TF's data-loading tutorials (NumPy, pandas, CSV) and the autoencoder tutorial use, against
TF 2.21 with Keras 3.15 (rules: tf_compare.py): the lookup layers and CategoryEncoding,
Concatenate, Conv2DTranspose, arithmetic on KerasTensors, functional models over a dict of
inputs in fit/predict, `tf.io.decode_csv` and make_csv_dataset's compression and
ignore_errors. Weights come from set_weights or seeded initializers that both libraries
draw alike, so the numbers do not depend on the random streams."""
from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _summary(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the error is what is compared
        return type(e).__name__, re.sub(r"^\{\{function_node [^}]*\}\}\s*", "",
                                        str(e).split("\n")[0])
    return None


# -- lookups ---------------------------------------------------------------------------------------
@cases("StringLookup: int and one_hot outputs, OOV index 0, get_vocabulary and vocabulary_size")
def _(tf):
    lookup = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c"])
    hot = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c"], output_mode="one_hot")
    return (lookup(["c", "a", "zzz"]), lookup(tf.constant([["b"], ["q"]])), lookup("a"),
            hot(["c", "a", "a", "b", "zzz"]), hot(np.array([["a"], ["c"]], dtype=object)),
            lookup.get_vocabulary(), lookup.get_vocabulary(include_special_tokens=False),
            lookup.vocabulary_size())


@cases("StringLookup: multi_hot and count take the last axis as one sample")
def _(tf):
    vocab = ["a", "b"]
    return (tf.keras.layers.StringLookup(vocabulary=vocab, output_mode="multi_hot")(
        [["a", "b"], ["b", "z"]]),
        tf.keras.layers.StringLookup(vocabulary=vocab, output_mode="count")([["a", "a", "z"]]),
        tf.keras.layers.StringLookup(vocabulary=vocab, output_mode="multi_hot")(["b", "b"]))


@cases("StringLookup.adapt: most frequent first, ties to the greater term; max_tokens; mask_token")
def _(tf):
    plain = tf.keras.layers.StringLookup()
    plain.adapt(["b", "a", "c", "a", "b", "d"])
    short = tf.keras.layers.StringLookup(max_tokens=3)
    short.adapt(tf.constant([["x", "y", "y"], ["z", "z", "z"]]))
    masked = tf.keras.layers.StringLookup(mask_token="")
    masked.adapt(np.array([["b", "", "c", "a"]]))
    return (plain.get_vocabulary(), short.get_vocabulary(), short(["z", "y", "x"]),
            masked.get_vocabulary(), masked(["", "b", "zz"]), masked.vocabulary_size())


@cases("StringLookup.adapt on a batched dataset")
def _(tf):
    lookup = tf.keras.layers.StringLookup()
    lookup.adapt(tf.data.Dataset.from_tensor_slices(["p", "q", "q", "r"]).batch(3))
    return lookup.get_vocabulary(), lookup(["q", "r", "p", "s"])


@cases("IntegerLookup: OOV token -1, int64 indices, one_hot; an int32 input")
def _(tf):
    lookup = tf.keras.layers.IntegerLookup(vocabulary=[1, 4, 7, 99])
    hot = tf.keras.layers.IntegerLookup(vocabulary=[1, 4, 7, 99], output_mode="one_hot")
    return (lookup([-1, 4, 1, 5]), lookup(tf.constant([[7], [99]], tf.int32)), hot([-1, 4, 1]),
            lookup.get_vocabulary(), lookup.vocabulary_size())


@cases("Lookup vocabularies Keras refuses (repeated terms, the mask token among them) and "
       "takes (the OOV token among them: an index of its own)")
def _(tf):
    return (_error(lambda: tf.keras.layers.StringLookup(vocabulary=["a", "b", "a"])),
            _error(lambda: tf.keras.layers.StringLookup(vocabulary=["a", "b"], mask_token="b")),
            tf.keras.layers.StringLookup(vocabulary=["a", "[UNK]"])(["[UNK]", "q"]),
            _error(lambda: tf.keras.layers.StringLookup(vocabulary=[])),
            # (Keras wraps errors raised in call(): the class is compared)
            _error(lambda: tf.keras.layers.StringLookup(output_mode="one_hot")(["a"]))[0],
            _error(lambda: tf.keras.layers.StringLookup(output_mode="onehot")))


@cases("A vocabulary from get_vocabulary() (special tokens first) sets the same layer")
def _(tf):
    first = tf.keras.layers.StringLookup(vocabulary=["x", "y"])
    again = tf.keras.layers.StringLookup(vocabulary=first.get_vocabulary())
    return again.get_vocabulary(), again(["y", "x", "w"])


@cases("Lookups on KerasTensors: int64 for int output, float32 (Keras's spec) for one_hot")
def _(tf):
    text = tf.keras.Input(shape=(1,), dtype=tf.string, name="text")
    number = tf.keras.Input(shape=(1,), dtype=tf.int64, name="number")
    vocab = tf.keras.layers.StringLookup(vocabulary=["a", "b"])
    outs = [vocab(text), tf.keras.layers.StringLookup(vocabulary=["a", "b"],
                                                      output_mode="one_hot")(text),
            tf.keras.layers.IntegerLookup(vocabulary=[3, 5], output_mode="one_hot")(number),
            tf.keras.layers.CategoryEncoding(num_tokens=3)(vocab(text))]
    return [(t.shape, t.dtype) for t in outs]


@cases("CategoryEncoding: one_hot, multi_hot (the default), count; float32")
def _(tf):
    return (tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")([3, 0]),
            tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")([[3], [1]]),
            tf.keras.layers.CategoryEncoding(num_tokens=4)([[0, 1, 1], [3, 3, 2]]),
            tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="count")(
                [[0, 1, 1], [3, 3, 3]]),
            tf.keras.layers.CategoryEncoding(num_tokens=3).get_config()["output_mode"])


@cases("CategoryEncoding's argument errors")
def _(tf):
    return (_error(lambda: tf.keras.layers.CategoryEncoding()),
            _error(lambda: tf.keras.layers.CategoryEncoding(num_tokens=0)),
            _error(lambda: tf.keras.layers.CategoryEncoding(num_tokens=2, output_mode="x")))


# -- Concatenate, Conv2DTranspose, operators ----------------------------------------------------------
@cases("Concatenate: int inputs join as float32; KerasTensors; its config; shape errors")
def _(tf):
    a = tf.keras.Input(shape=(1,), name="a", dtype=tf.int64)
    b = tf.keras.Input(shape=(2,), name="b")
    layer = tf.keras.layers.Concatenate(axis=1)
    symbolic = layer([a, b])
    return (symbolic.shape, symbolic.dtype,
            layer([tf.constant([[1]], tf.int64), tf.constant([[2.0, 3.0]])]),
            tf.keras.layers.Concatenate()([np.array([[1.0]]), np.array([[2.0, 3.0]])]),
            tf.keras.layers.Concatenate(axis=0)([np.ones((1, 2)), np.zeros((2, 2))]),
            layer.get_config()["axis"],
            _error(lambda: tf.keras.layers.Concatenate()([tf.ones((2, 1)), tf.ones((3, 1))])),
            _error(lambda: tf.keras.layers.Concatenate()(tf.ones((2, 1)))))


@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("kernel, stride", [(3, 2), (2, 2), (3, 1), (1, 3)])
def test_conv2d_transpose_as_tensorflow(padding, kernel, stride):
    """Conv2DTranspose = the input gradient of a Conv2D: the same output sizes (same: in *
    stride; valid: in * stride + max(k - stride, 0)) and values, for given weights."""
    x = np.random.default_rng(0).normal(size=(2, 5, 6, 3)).astype(np.float32)
    w = np.random.default_rng(1).normal(size=(kernel, kernel, 4, 3)).astype(np.float32)

    def run(tf):
        layer = tf.keras.layers.Conv2DTranspose(4, kernel, strides=stride, padding=padding,
                                                activation="relu")
        layer.build((None, 5, 6, 3))
        layer.set_weights([w, np.arange(4, dtype=np.float32) / 10])
        return layer(x), [v.shape for v in layer.weights], layer.count_params()
    check(run, True, 1e-5)


@cases("Conv2DTranspose in the denoising autoencoder: shapes and the decoder's summary")
def _(tf):
    tf.keras.backend.clear_session()
    decoder = tf.keras.Sequential([
        tf.keras.Input(shape=(7, 7, 8)),
        tf.keras.layers.Conv2DTranspose(8, kernel_size=3, strides=2, activation="relu",
                                        padding="same"),
        tf.keras.layers.Conv2DTranspose(16, kernel_size=3, strides=2, activation="relu",
                                        padding="same"),
        tf.keras.layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same")])
    return decoder.output_shape, _summary(decoder)


@cases("Conv2DTranspose's gradient: training a decoder one step (the kernels' gradients)",
       rtol=1e-4)
def _(tf):
    x = np.random.default_rng(2).normal(size=(3, 4, 4, 2)).astype(np.float32)
    layer = tf.keras.layers.Conv2DTranspose(2, 3, strides=2, padding="same")
    layer.build((None, 4, 4, 2))
    layer.set_weights([np.random.default_rng(3).normal(size=(3, 3, 2, 2)).astype(np.float32),
                       np.zeros(2, np.float32)])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(layer(xt) ** 2)
    return tape.gradient(loss, [xt] + layer.trainable_variables)


@cases("Python arithmetic on KerasTensors (the CSV tutorial's 2*input + 1): outputs, summary")
def _(tf):
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(), dtype=tf.float32)
    result = 2 * inputs + 1
    calc = tf.keras.Model(inputs=inputs, outputs=result)
    more = tf.keras.Model(inputs, [1 - inputs, 3 / inputs, inputs ** 2, inputs * inputs,
                                   -inputs, inputs - 1])
    return (repr(result), calc(np.array([1])), calc(np.array([2.0, 3.0])),
            more(np.array([2.0])), _summary(calc)[5:])


# -- models over a dict of inputs -------------------------------------------------------------------
def _dict_model(tf):
    """A functional model over three columns: numbers (float, int) and strings."""
    tf.keras.utils.set_random_seed(1)
    inputs = {"a": tf.keras.Input(shape=(1,), name="a"),
              "b": tf.keras.Input(shape=(1,), name="b", dtype=tf.int64),
              "s": tf.keras.Input(shape=(1,), name="s", dtype=tf.string)}
    hot = tf.keras.layers.StringLookup(vocabulary=["x", "y"], output_mode="one_hot")(inputs["s"])
    ints = tf.keras.layers.IntegerLookup(vocabulary=[0, 1, 2], output_mode="one_hot")(inputs["b"])
    x = tf.keras.layers.Concatenate(axis=1)([inputs["a"], hot, ints])
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
    model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


ROWS = 12
COLUMNS = {"a": np.linspace(-1, 1, ROWS).astype(np.float32)[:, None],
           "b": (np.arange(ROWS) % 3).astype(np.int64)[:, None],
           "s": np.array([["x"], ["y"], ["z"]] * (ROWS // 3), dtype=object)}
TARGET = (np.arange(ROWS) % 2).astype(np.float32)


@cases("A functional model over a dict of inputs: called on a dict, fit on a dataset of dicts, "
       "predict", rtol=1e-4)
def _(tf):
    model = _dict_model(tf)
    first = model({k: v[:3] for k, v in COLUMNS.items()})
    ds = tf.data.Dataset.from_tensor_slices((COLUMNS, TARGET)).batch(4)
    history = model.fit(ds, epochs=2, verbose=0)
    return first, history.history, model.predict(ds, verbose=0)


@cases("fit on a dict of NumPy columns (numbers only: Keras 3 refuses object arrays there)",
       rtol=1e-4)
def _(tf):
    tf.keras.utils.set_random_seed(2)
    inputs = {name: tf.keras.Input(shape=(1,), name=name) for name in ("p", "q")}
    x = tf.keras.layers.Concatenate(axis=1)(list(inputs.values()))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
    model.compile(optimizer="adam", loss="mse")
    columns = {"p": np.linspace(0, 1, 10)[:, None], "q": np.linspace(1, 3, 10)[:, None]}
    history = model.fit(columns, np.arange(10.0), batch_size=4, epochs=2, verbose=0,
                        shuffle=False)
    return history.history, model.predict(columns, verbose=0), model.evaluate(
        columns, np.arange(10.0), verbose=0)


@cases("A subclassed model takes one KerasTensor name when first built (later names follow)")
def _(tf):
    tf.keras.backend.clear_session()
    a = tf.keras.Input(shape=(1,), name="a")

    class M(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.d(x)
    names = [tf.keras.layers.Dense(2)(a).name]
    m = M()
    m.compile(optimizer="adam", loss="mse")
    m.fit(np.ones((4, 1)), np.ones((4,)), verbose=0, batch_size=2)
    names.append(tf.keras.layers.Dense(2)(a).name)
    m.fit(np.ones((4, 1)), np.ones((4,)), verbose=0, batch_size=2)
    names.append(tf.keras.layers.Dense(2)(a).name)
    M()(np.ones((2, 1)))
    names.append(tf.keras.layers.Dense(2)(a).name)
    return names


@cases("A loss traced with an unknown batch against a known one: only known sizes must agree")
def _(tf):
    loss = tf.keras.losses.BinaryCrossentropy()
    traced = tf.function(lambda t: loss(t, tf.fill([2, 1], 0.25)),
                         input_signature=[tf.TensorSpec([None, 1], tf.float32)])
    return traced(tf.constant([[1.0], [0.0]]))


@cases("The CSV tutorial's saved model: a functional preprocessing model (lookup, one-hot, "
       "adapted Normalization) and a Sequential as layers of a functional model, reloaded")
def _(tf):
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(4)
    inputs = {"n": tf.keras.Input(shape=(1,), name="n"),
              "k": tf.keras.Input(shape=(1,), name="k", dtype=tf.string)}
    lookup = tf.keras.layers.StringLookup(vocabulary=np.array(["u", "v"], dtype=object))
    hot = tf.keras.layers.CategoryEncoding(num_tokens=lookup.vocabulary_size())(
        lookup(inputs["k"]))
    norm = tf.keras.layers.Normalization()
    norm.adapt(np.array([[1.0], [3.0]]))
    head = tf.keras.Model(inputs, tf.keras.layers.Concatenate()([norm(inputs["n"]), hot]))
    body = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu"),
                                tf.keras.layers.Dense(1)])
    model = tf.keras.Model(inputs, body(head(inputs)))
    model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")
    data = {"n": np.array([[1.0], [2.0], [5.0]]), "k": np.array([["u"], ["v"], ["w"]], object)}
    path = os.path.join(tempfile.mkdtemp(), "m.keras")
    model.save(path)
    back = tf.keras.models.load_model(path)
    return model(data), back(data), [layer.name for layer in back.layers], \
        back.layers[2].layers[2].get_vocabulary()


# -- CSV ------------------------------------------------------------------------------------------------
@cases("decode_csv: one tensor per column, dtypes from the defaults, empty fields take them")
def _(tf):
    return (tf.io.decode_csv(["1,a,2.5", "3,,"], [0, "x", 0.0]),
            tf.io.decode_csv("1,2", [[0], tf.constant([], tf.int64)]),
            tf.io.decode_csv([['1,"a,b"'], ["2,c"]], [0, ""]),
            tf.io.decode_csv(["1,2,3"], [0, 0], select_cols=[0, 2]),
            tf.io.decode_csv(["1;NA"], [0, 7], field_delim=";", na_value="NA"),
            tf.io.decode_csv(["1"], [tf.constant(5, tf.int64)]),
            tf.io.decode_csv(["4.5"], [np.float64(0)]))


@cases("decode_csv's errors name the record (TF's words)")
def _(tf):
    def attempt(records, defaults):
        return lambda: tf.io.decode_csv(records, defaults)
    return [_error(attempt(r, d)) for r, d in (
        (["1,2"], [0]), (["1"], [0, 0]), (["x"], [0]),
        ([",1"], [tf.constant([], tf.int32), 0]), (["1.5"], [0]), (["1"], [[0, 1]]))]


@cases("decode_csv in tf.function and Dataset.map (the CSV tutorial's TextLineDataset parser)")
def _(tf):
    @tf.function
    def parse(x):
        return tf.io.decode_csv(x, [0, ""])
    spec = parse.get_concrete_function(tf.TensorSpec([None], tf.string)).structured_outputs
    ds = tf.data.Dataset.from_tensor_slices(["1,2.5,a", "2,,b"]).map(
        lambda line: tf.io.decode_csv(line, [0, 1.0, ""]))
    return ([(t.shape, t.dtype) for t in spec], parse(tf.constant(["4,z"])),
            list(ds.as_numpy_iterator()), [(s.shape, s.dtype) for s in ds.element_spec])


def _gzipped_csv(text: str) -> str:
    path = os.path.join(tempfile.mkdtemp(), "rows.csv.gz")
    with gzip.open(path, "wt") as f:
        f.write(text)
    return path


@cases("make_csv_dataset: compression_type='GZIP', and ignore_errors drops the bad records")
def _(tf):
    path = _gzipped_csv("x,name,y\n1,a,0.5\n2,b,1.5\nbad,c,1\n4,e\n3,d,2.5\n")
    defaults = [0, "", 0.0]
    kept = tf.data.experimental.make_csv_dataset(
        path, batch_size=5, label_name="y", num_epochs=1, shuffle=False, compression_type="GZIP",
        ignore_errors=True, column_defaults=defaults)
    strict = tf.data.experimental.make_csv_dataset(
        path, batch_size=5, label_name="y", num_epochs=1, shuffle=False, compression_type="GZIP",
        column_defaults=defaults)
    return list(kept), _error(lambda: list(strict))[0]


@cases("make_csv_dataset infers the columns of a gzipped file")
def _(tf):
    path = _gzipped_csv("n,w\n1,hi\n2,yo\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=2, num_epochs=1, shuffle=False,
                                               compression_type="GZIP")
    return list(ds), {k: (s.shape, s.dtype) for k, s in ds.element_spec.items()}


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_loading_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
