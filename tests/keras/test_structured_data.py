"""What TF's structured-data tutorials need from Keras: the confusion-matrix metrics, fit's
class_weight, model.metrics, a None initializer, timeseries_dataset_from_array. Values are
worked out by hand from Keras's documented rules (written in each test)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

LABELS = [0, 1, 1, 1, 0, 0]
SCORES = [0.9, 0.8, 0.3, 0.6, 0.2, 0.5]


def test_counts_compare_scores_above_the_threshold_and_labels_not_zero():
    # scores > 0.5 are positive: 0.9 (label 0), 0.8, 0.6 (label 1); 0.5 itself is not
    k = tf.keras.metrics
    found = [float(m(LABELS, SCORES)) for m in (k.TruePositives(), k.FalsePositives(),
                                                k.TrueNegatives(), k.FalseNegatives())]
    assert found == [2.0, 1.0, 2.0, 1.0]


def test_counts_sum_sample_weights_and_several_thresholds_give_a_vector():
    m = tf.keras.metrics.TruePositives(thresholds=[0.25, 0.7])
    m.update_state(LABELS, SCORES, sample_weight=[1, 2, 3, 4, 5, 6])
    # above 0.25 with label 1: 0.8, 0.3, 0.6 (weights 2, 3, 4); above 0.7: 0.8 (weight 2)
    np.testing.assert_array_equal(m.result().numpy(), [9.0, 2.0])
    m.reset_state()
    np.testing.assert_array_equal(m.result().numpy(), [0.0, 0.0])


def test_precision_and_recall_are_zero_before_any_positive():
    p, r = tf.keras.metrics.Precision(), tf.keras.metrics.Recall()
    assert float(p.result()) == 0.0 and float(r.result()) == 0.0
    p.update_state(LABELS, SCORES)
    r.update_state(LABELS, SCORES)
    assert float(p.result()) == pytest.approx(2 / 3) and float(r.result()) == pytest.approx(2 / 3)


def test_precision_and_recall_refuse_top_k():
    with pytest.raises(NotImplementedError, match="top_k"):
        tf.keras.metrics.Precision(top_k=2)


def test_auc_of_keras_docstring_example_is_three_quarters():
    # thresholds -1e-7, 0.5, 1 + 1e-7: tp = [2, 1, 0], fp = [2, 0, 0] -> recall [1, .5, 0],
    # fp rate [1, 0, 0]; trapezoids (1 + .5) / 2 * 1 + 0 = 0.75
    m = tf.keras.metrics.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(m.result()) == 0.75
    assert m.thresholds == pytest.approx([-1e-7, 0.5, 1 + 1e-7])


def test_auc_of_a_perfect_ranking_is_one_and_names_are_made_unique():
    first, second = tf.keras.metrics.AUC(), tf.keras.metrics.AUC(curve="PR")
    first.update_state([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert float(first.result()) == pytest.approx(1.0)
    assert second.name != first.name and second.name.startswith("auc")


def test_auc_pr_interpolation_of_a_single_step():
    # one threshold region where precision is constant 2/3 while recall runs 0 -> 1:
    # Davis-Goadrich's interpolation then gives exactly that precision
    m = tf.keras.metrics.AUC(num_thresholds=3, curve="PR")
    m.update_state([1, 0, 1], [0.9, 0.8, 0.7])
    assert float(m.result()) == pytest.approx(2 / 3, rel=1e-6)


def test_auc_rejects_a_bad_curve():
    with pytest.raises(ValueError, match='Invalid AUC curve value: "ROCK"'):
        tf.keras.metrics.AUC(curve="ROCK")


def _model(metrics=None):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(
        1, activation="sigmoid", kernel_initializer="zeros")])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=1.0),
                  loss=tf.keras.losses.BinaryCrossentropy(), metrics=metrics)
    return model


X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]], np.float32)
Y = np.array([[1], [0], [0], [0]], np.int64)


def test_class_weight_scales_each_examples_loss_by_its_class():
    # with zero weights every prediction is 0.5, so each loss is log 2; the class weights
    # {1: 5, 0: 1} make the batch loss (5 + 1 + 1 + 1) * log(2) / 4 (a mean over examples)
    model = _model()
    history = model.fit(X, Y, batch_size=4, epochs=1, verbose=0, shuffle=False,
                        class_weight={0: 1.0, 1: 5.0})
    assert history.history["loss"][0] == pytest.approx(2 * np.log(2), rel=1e-6)
    # the bias's gradient: mean(w * (p - y)) = (5 * -0.5 + 3 * 0.5) / 4 = -0.25; step 1.0
    assert float(model.layers[-1].bias.numpy()[0]) == pytest.approx(0.25, rel=1e-6)


def test_class_weight_leaves_the_compiled_metrics_unweighted():
    model = _model(metrics=[tf.keras.metrics.FalsePositives(name="fp", thresholds=0.4)])
    history = model.fit(X, Y, batch_size=4, epochs=1, verbose=0, class_weight={0: 9.0})
    assert history.history["fp"] == [3.0]  # every 0.5 is above 0.4: three negatives, counted


def test_with_class_weight_reads_one_hot_and_trailing_axis_labels():
    from course.engine.keras.data_adapter import with_class_weight
    _, _, w = with_class_weight((None, np.array([[0.0, 1.0], [1.0, 0.0]])), {1: 3.0})
    np.testing.assert_array_equal(w, [3.0, 1.0])
    _, _, w = with_class_weight((None, np.array([[2], [0]])), {0: 0.5, 2: 4.0})
    np.testing.assert_array_equal(w, [4.0, 0.5])
    assert with_class_weight((1, 2), None) == (1, 2)


def test_model_metrics_and_metrics_names_follow_keras_3():
    model = _model(metrics=["mae"])
    assert model.metrics_names == ["loss", "compile_metrics"]
    assert model.metrics[1].metrics == []  # (not built before a step)
    model.fit(X, Y, epochs=1, verbose=0)
    assert [m.name for m in model.metrics[1].metrics] == ["mae"]
    assert _model().metrics_names == ["loss"]


def test_binary_crossentropy_from_logits_at_zero_has_gradient_sigmoid_minus_label():
    # TF's composite (where(x >= 0, ...)): d/dx at x = 0 is sigmoid(0) - y = 0.5 - y
    x = tf.constant([0.0, 0.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.keras.losses.BinaryCrossentropy(from_logits=True)([1.0, 0.0], x)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), [-0.25, 0.25])


def test_a_none_initializer_draws_glorot_uniform_for_floats():
    layer = tf.keras.layers.Dense(4, bias_initializer=None)
    layer.build((None, 3))
    bias = layer.bias.numpy()
    assert np.all(np.abs(bias) <= np.sqrt(6 / 8)) and np.any(bias != 0)  # fans 4 and 4
    assert layer.get_config()["bias_initializer"] is None


def test_timeseries_windows_targets_and_stride():
    ds = tf.keras.utils.timeseries_dataset_from_array(
        np.arange(10), np.arange(10) * 10, sequence_length=3, sequence_stride=2, batch_size=2)
    pairs = [(x.numpy().tolist(), y.numpy().tolist()) for x, y in ds]
    # windows start at 0, 2, 4, 6 (8 would need rows 8..10); a target is the window's first row
    assert pairs == [([[0, 1, 2], [2, 3, 4]], [0, 20]), ([[4, 5, 6], [6, 7, 8]], [40, 60])]


def test_timeseries_sampling_rate_and_indices():
    ds = tf.keras.utils.timeseries_dataset_from_array(
        np.arange(20), None, sequence_length=3, sampling_rate=2, batch_size=None,
        start_index=4, end_index=12)
    # rows 4..11; windows of 3 rows two apart: starts 4, 5, 6, 7 (7 + 4 = 11)
    assert [w.numpy().tolist() for w in ds] == [[4, 6, 8], [5, 7, 9], [6, 8, 10], [7, 9, 11]]


def test_timeseries_shuffle_keeps_every_window():
    ds = tf.keras.utils.timeseries_dataset_from_array(
        np.arange(30), None, sequence_length=4, batch_size=5, shuffle=True, seed=1)
    firsts = sorted(int(w[0]) for batch in ds for w in batch.numpy())
    assert firsts == list(range(27))


def test_timeseries_checks_its_arguments():
    with pytest.raises(ValueError, match="`sampling_rate` must be higher than 0"):
        tf.keras.utils.timeseries_dataset_from_array(np.arange(5), None, 2, sampling_rate=0)
    with pytest.raises(ValueError, match="`start_index` must be lower than the length"):
        tf.keras.utils.timeseries_dataset_from_array(np.arange(5), None, 2, start_index=7)
