"""What TF's structured-data tutorials use, against TF 2.21 with Keras 3 (rules: tf_compare.py):
the confusion-matrix metrics (TruePositives ... AUC), `fit(class_weight=...)`,
`Dataset.sample_from_datasets`, `keras.utils.timeseries_dataset_from_array`, and
`tf.signal.rfft` / `irfft`. Training cases use constant initial weights and no shuffling."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
R = np.random.default_rng(11)
LABELS = (R.random((40, 1)) < 0.3).astype(np.float32)
SCORES = R.random((40, 1)).astype(np.float32)
WEIGHTS = R.uniform(0.2, 3.0, 40).astype(np.float32)
X = R.normal(size=(64, 3)).astype(np.float32)
Y = (X[:, :1] + 0.3 * X[:, 1:2] > 0.8).astype(np.int64)  # about one in five positive


def _results(tf, metrics, weighted: bool):
    out = []
    for m in metrics:
        m.update_state(LABELS, SCORES)
        first = m.result()
        m.update_state(LABELS[:15], SCORES[:15], sample_weight=WEIGHTS[:15] if weighted else None)
        out += [m.name, first, m.result()]
        m.reset_state()
        out.append(m.result())
    return out


@cases("TruePositives ... FalseNegatives, Precision, Recall: one threshold (0.5 by default) "
       "gives a scalar; counts are sums of sample weights")
def _(tf):
    k = tf.keras.metrics
    return _results(tf, [k.TruePositives(), k.FalsePositives(), k.TrueNegatives(name="tn"),
                         k.FalseNegatives(thresholds=0.25), k.Precision(),
                         k.Recall(thresholds=0.7, name="r")], weighted=True)


@cases("Precision and Recall with several thresholds: one value per threshold")
def _(tf):
    k = tf.keras.metrics
    return _results(tf, [k.Precision(thresholds=[0.2, 0.5, 0.9]),
                         k.Recall(thresholds=[0.1, 0.6])], weighted=False)


@cases("AUC: the ROC curve's area by the trapezoid rule over 200 thresholds; curve='PR' "
       "interpolates precision (Davis and Goadrich); minoring and majoring sums", rtol=1e-5)
def _(tf):
    k = tf.keras.metrics
    return _results(tf, [k.AUC(name="auc"), k.AUC(curve="PR", name="prc"),
                         k.AUC(num_thresholds=7, summation_method="minoring", name="a"),
                         k.AUC(num_thresholds=9, curve="PR", summation_method="majoring",
                               name="b"),
                         k.AUC(from_logits=True, name="c"),
                         k.AUC(curve="PRGAIN", num_thresholds=20, name="d")], weighted=True)


@cases("AUC's docstring example: thresholds [-1e-7, 0.5, 1 + 1e-7], area 0.75, then 1.0 "
       "with sample weights [1, 0, 0, 1]")
def _(tf):
    m = tf.keras.metrics.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    first = m.result()
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    return first, m.result(), [float(t) for t in m.thresholds], m.num_thresholds


cases("AUC: a bad curve")(lambda tf: tf.keras.metrics.AUC(curve="ROCK"))
cases("AUC: a bad summation method")(
    lambda tf: tf.keras.metrics.AUC(summation_method="simpson"))
cases("AUC: fewer than 2 thresholds")(lambda tf: tf.keras.metrics.AUC(num_thresholds=1))


def _classifier(tf, metrics, bias=0.0):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.Input((3,)),
        tf.keras.layers.Dense(4, activation="relu",
                              kernel_initializer=tf.keras.initializers.Constant(0.2)),
        tf.keras.layers.Dense(1, activation="sigmoid",
                              kernel_initializer=tf.keras.initializers.Constant(0.3),
                              bias_initializer=tf.keras.initializers.Constant(bias))])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
                  loss=tf.keras.losses.BinaryCrossentropy(), metrics=metrics)
    return model


def _imbalanced_metrics(tf):
    k = tf.keras.metrics
    return [k.BinaryCrossentropy(name="cross entropy"), k.MeanSquaredError(name="Brier score"),
            k.TruePositives(name="tp"), k.FalsePositives(name="fp"), k.TrueNegatives(name="tn"),
            k.FalseNegatives(name="fn"), k.BinaryAccuracy(name="accuracy"),
            k.Precision(name="precision"), k.Recall(name="recall"), k.AUC(name="auc"),
            k.AUC(name="prc", curve="PR")]


@cases("fit with the imbalanced-data tutorial's metrics, an initial output bias, and "
       "validation data: the logs per epoch", rtol=2e-4)
def _(tf):
    model = _classifier(tf, _imbalanced_metrics(tf), bias=float(np.log(1 / 4)))
    history = model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                        validation_data=(X[:20], Y[:20]))
    return history.history, model.evaluate(X, Y, batch_size=32, verbose=0)


@cases("fit(class_weight=...): each example's loss weighs its class's weight (a class "
       "missing from the dict weighs 1); the compiled metrics are not weighted", rtol=2e-4)
def _(tf):
    model = _classifier(tf, _imbalanced_metrics(tf))
    weighted = model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                         class_weight={0: 0.6, 1: 2.5})
    model = _classifier(tf, ["accuracy"])
    one_class = model.fit(X, Y, batch_size=64, epochs=1, shuffle=False, verbose=0,
                          class_weight={1: 3.0})
    return weighted.history, one_class.history


@cases("fit(class_weight=...) on a dataset of (x, y) batches", rtol=2e-4)
def _(tf):
    model = _classifier(tf, [tf.keras.metrics.Recall(name="recall")])
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(16)
    return model.fit(ds, epochs=2, verbose=0, shuffle=False,
                     class_weight={0: 1.0, 1: 4.0}).history


cases("fit(class_weight=...) must be a dict (Keras calls its .get)")(lambda tf: _classifier(tf, []).fit(
    X, Y, epochs=1, verbose=0, class_weight=[1.0, 2.0]))


@cases("model.metrics and metrics_names: [loss, compile_metrics] (Keras 3), the compiled "
       "metrics listed once a step has run; evaluate's list pairs with metrics_names only "
       "in its first two entries, as the imbalanced-data tutorial prints them", rtol=2e-4)
def _(tf):
    model = _classifier(tf, [])
    seen = [repr(model.metrics), model.metrics_names]
    model = _classifier(tf, ["mae", tf.keras.metrics.AUC(name="auc")])
    seen += [repr(model.metrics), model.metrics_names, repr(model.metrics[1].metrics)]
    model.fit(X, Y, epochs=1, verbose=0, shuffle=False)
    seen += [repr(model.metrics), repr(model.metrics[1].metrics)]
    results = model.evaluate(X, Y, verbose=0)
    return seen, list(zip(model.metrics_names, results)), results


@cases("Dense(bias_initializer=None): Keras 3 draws the bias with glorot_uniform (seeded)")
def _(tf):
    tf.keras.utils.set_random_seed(4)
    layer = tf.keras.layers.Dense(3, bias_initializer=None)
    layer.build((None, 2))
    return layer.bias, layer.get_config()["bias_initializer"], tf.keras.initializers.get(None)


@cases("a Sequential built on windows of 1 step runs on windows of 24 (Keras 3 checks only "
       "the rank there; each layer checks its own sizes), as the time-series tutorial's models")
def _(tf):
    tf.keras.backend.clear_session()
    dense = tf.keras.Sequential([tf.keras.layers.Dense(
        1, kernel_initializer=tf.keras.initializers.Constant(0.5))])
    conv = tf.keras.Sequential([tf.keras.layers.Conv1D(
        2, kernel_size=(3,), kernel_initializer=tf.keras.initializers.Constant(0.1))])
    window = np.linspace(0.0, 1.0, 4 * 24 * 3, dtype=np.float32).reshape(4, 24, 3)
    return (dense(window[:, :1]), dense(window), conv(window[:, :3]), conv(window),
            tf.initializers.zeros()((2,)))


@cases("a Sequential's layer refuses another feature size (the tutorial's multi-step dense "
       "on the wide window): Sequential.call() frames the layer's message")
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
    model(np.zeros((2, 3, 4), np.float32))
    return model(np.zeros((2, 24, 4), np.float32))


# (Keras's message prints the whole input array; the engine names the shapes instead)
cases("a Sequential called with another rank", compare_message=False)(
    lambda tf: tf.keras.Sequential([tf.keras.Input((3, 4)), tf.keras.layers.Dense(1)])(
        np.zeros((2, 4), np.float32)))


@cases("keras.utils.unpack_x_y_sample_weight")
def _(tf):
    unpack = tf.keras.utils.unpack_x_y_sample_weight
    return unpack(1.0), unpack((1.0,)), unpack((1.0, 2.0)), unpack((1.0, 2.0, 3.0)), \
        unpack([1.0, 2.0])


@cases("Dataset.sample_from_datasets: every element once; its spec, repr and cardinality "
       "(unknown for finite inputs, infinite when all repeat)")
def _(tf):
    a, b = tf.data.Dataset.range(4), tf.data.Dataset.range(10, 13)
    mixed = tf.data.Dataset.sample_from_datasets([a, b], weights=[0.3, 0.7])
    endless = tf.data.Dataset.sample_from_datasets([a.repeat(), b.repeat()])
    stops = tf.data.Dataset.sample_from_datasets([a, b], stop_on_empty_dataset=True)
    return (sorted(mixed.as_numpy_iterator()), repr(mixed), mixed.cardinality(),
            endless.cardinality(), len(list(endless.take(9))), stops.cardinality())


@cases("Dataset.sample_from_datasets: seeded draws follow the weights (all from the "
       "one weighted 1)")
def _(tf):
    a, b = tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(100, 103).repeat()
    return list(tf.data.Dataset.sample_from_datasets([a, b], weights=[0.0, 1.0], seed=3)
                .take(5).as_numpy_iterator())


cases("Dataset.sample_from_datasets: element specs must agree")(
    lambda tf: tf.data.Dataset.sample_from_datasets(
        [tf.data.Dataset.range(3), tf.data.Dataset.from_tensor_slices([1.0, 2.0])]))


@cases("Dataset.sample_from_datasets: element shapes that disagree become unknown")
def _(tf):
    a = tf.data.Dataset.from_tensor_slices(np.zeros((2, 3), np.float32))
    b = tf.data.Dataset.from_tensor_slices(np.zeros((2, 5), np.float32))
    return repr(tf.data.Dataset.sample_from_datasets([a, b]).element_spec)


SERIES = np.arange(40, dtype=np.float32).reshape(20, 2)


@cases("timeseries_dataset_from_array: windows, targets, strides, sampling rate, "
       "start and end indices; the element spec")
def _(tf):
    make = tf.keras.utils.timeseries_dataset_from_array
    plain = make(np.arange(10), None, sequence_length=3, batch_size=4)
    with_targets = make(SERIES, np.arange(20) * 10, sequence_length=4, sequence_stride=3,
                        sampling_rate=2, batch_size=3)
    unbatched = make(SERIES, None, sequence_length=5, batch_size=None, start_index=2,
                     end_index=15)
    return ([b for b in plain], [pair for pair in with_targets], [w for w in unbatched],
            repr(plain.element_spec), repr(with_targets.element_spec),
            repr(unbatched.element_spec),
            plain.cardinality(), repr(plain))


@cases("timeseries_dataset_from_array(shuffle=True, seed=...): the same windows in "
       "Keras's order (NumPy's RandomState, then a buffer shuffle)")
def _(tf):
    ds = tf.keras.utils.timeseries_dataset_from_array(
        SERIES, None, sequence_length=3, batch_size=4, shuffle=True, seed=5)
    return sorted(w[0, 0] for batch in ds.as_numpy_iterator() for w in batch[:, :1])


@cases("timeseries_dataset_from_array then map(split): the time-series tutorial's windows")
def _(tf):
    def split(features):
        inputs, labels = features[:, :6, :], features[:, 6:, :1]
        inputs.set_shape([None, 6, None])
        labels.set_shape([None, 1, None])
        return inputs, labels
    ds = tf.keras.utils.timeseries_dataset_from_array(SERIES, None, sequence_length=7,
                                                      batch_size=32).map(split)
    return repr(ds.element_spec), [pair for pair in ds]


@cases("Tensor.set_shape: an eager tensor's shape is only checked; a graph tensor learns the "
       "sizes it lacked; incompatible shapes raise")
def _(tf):
    t = tf.zeros((3, 4))
    t.set_shape([None, 4])
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([None, None, 3])])
    def f(x):
        y = x[:, :2, :]
        seen.append(y.shape)
        y.set_shape([None, 2, None])
        z = tf.identity(x)
        z.set_shape(None)
        z.set_shape(tf.TensorShape([4, None, None]))
        seen.extend([y.shape, z.shape, (z + 1.0).shape])
        return y
    f.get_concrete_function()
    return t.shape, seen


cases("Tensor.set_shape: an eager tensor of another shape")(
    lambda tf: tf.zeros((3, 4)).set_shape([2, 4]))
cases("Tensor.set_shape: a graph tensor of another size")(lambda tf: tf.function(
    lambda x: x[:, :2].set_shape([5, 3]), input_signature=[tf.TensorSpec([None, 3])])
    .get_concrete_function())
cases("Tensor.set_shape: a graph tensor of another rank")(lambda tf: tf.function(
    lambda x: x.set_shape([None]), input_signature=[tf.TensorSpec([None, 3])])
    .get_concrete_function())


for _name, _kwargs in (("sampling_rate 0", {"sampling_rate": 0}),
                       ("sequence_stride too long", {"sequence_stride": 20}),
                       ("start_index too large", {"start_index": 25}),
                       ("end_index before start_index", {"start_index": 5, "end_index": 3})):
    cases(f"timeseries_dataset_from_array: {_name}")(
        lambda tf, kw=_kwargs: tf.keras.utils.timeseries_dataset_from_array(
            SERIES, None, sequence_length=3, **kw))


@cases("rfft and irfft: shapes, dtypes, fft_length crops or pads; a float64 array or a list "
       "becomes float32 (dtype_hint)", rtol=1e-5)
def _(tf):
    x = tf.constant([[1.0, 2.0, 3.0, 0.5], [0.0, 1.0, 0.0, -2.0]])
    spectrum = tf.signal.rfft(x)
    parts = [spectrum, tf.signal.rfft(x, fft_length=[6]), tf.signal.rfft(x, fft_length=[3]),
             tf.signal.rfft(np.array([1.0, 2.0, 3.0])), tf.signal.rfft([1, 2, 3, 4, 5]),
             tf.signal.rfft(tf.constant([1.0, -1.0, 2.0], tf.float64))]
    # (complex values compared exactly by the rules: compare their parts within rtol)
    return ([(z.dtype, tf.math.real(z), tf.math.imag(z)) for z in parts],
            tf.signal.irfft(spectrum),
            tf.signal.irfft(tf.constant([1 + 1j, 2 - 1j, 3 + 0.5j], tf.complex64)),
            tf.signal.irfft(tf.constant([1 + 1j, 2 - 1j, 3 + 0.5j], tf.complex64),
                            fft_length=[5]))


@cases("gradients through rfft and irfft (TF's complex convention)", rtol=1e-5)
def _(tf):
    x = tf.constant([1.0, 2.0, 3.0, 0.5, -1.0])
    z = tf.constant([1 + 1j, 2 - 1j, 3 + 0.5j, -1 + 2j], tf.complex64)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        spectrum = tf.signal.rfft(x, fft_length=[6])
        loss = tf.reduce_sum(tf.math.real(spectrum) * [1.0, 2.0, 3.0, -1.0] +
                             tf.math.imag(spectrum) * [0.5, -1.0, 2.0, 1.0])
        back = tf.reduce_sum(tf.signal.irfft(z) * tf.range(1.0, 7.0))
    dz = tape.gradient(back, z)
    return tape.gradient(loss, x), dz.dtype, tf.math.real(dz), tf.math.imag(dz)


cases("rfft: an int tensor")(lambda tf: tf.signal.rfft(tf.constant([1, 2])))
cases("rfft: a scalar")(lambda tf: tf.signal.rfft(tf.constant(1.0)))
cases("irfft: a real tensor")(lambda tf: tf.signal.irfft(tf.constant([1.0, 2.0])))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
