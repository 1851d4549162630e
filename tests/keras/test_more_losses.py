"""Keras 3's regression, hinge and probabilistic losses and metrics: each formula on small
hand-checked numbers, the gradients against central differences, and callbacks' direction."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

losses, metrics = tf.keras.losses, tf.keras.metrics


def test_huber_is_quadratic_up_to_delta_and_linear_beyond():
    # errors 0.5 and 3: 0.5 * 0.25 and 1 * 3 - 0.5, averaged
    assert float(losses.Huber()([[0.0, 0.0]], [[0.5, 3.0]])) == pytest.approx((0.125 + 2.5) / 2)
    # delta 2: error 3 costs 2 * 3 - 0.5 * 4
    assert float(losses.Huber(delta=2.0)([[0.0]], [[3.0]])) == pytest.approx(4.0)
    assert losses.Huber().name == "huber_loss"


def test_log_cosh_matches_log_of_cosh_without_overflowing():
    x = np.array([[0.1, -2.0, 5.0]], np.float32)
    np.testing.assert_allclose(losses.log_cosh(np.zeros_like(x), x).numpy(),
                               np.mean(np.log(np.cosh(x.astype(np.float64)))), rtol=1e-6)
    assert np.isfinite(float(losses.LogCosh()([[0.0]], [[500.0]])))  # cosh(500) overflows


def test_hinge_turns_zero_one_labels_into_minus_one_plus_one_only_when_all_are_binary():
    p = np.array([[0.5, -2.0]], np.float32)
    # labels 1, 0 -> +1, -1: max(1 - 0.5, 0) and max(1 - 2, 0)
    assert float(losses.hinge([[1.0, 0.0]], p)[0]) == pytest.approx(0.25)
    # labels 2, 0 are not binary: used as given
    assert float(losses.hinge([[2.0, 0.0]], p)[0]) == pytest.approx((0.0 + 1.0) / 2)


def test_cosine_similarity_loss_is_minus_the_cosine_and_the_metric_is_the_cosine():
    y, p = [[1.0, 0.0]], [[1.0, 1.0]]
    assert float(losses.CosineSimilarity()(y, p)) == pytest.approx(-np.sqrt(0.5), rel=1e-6)
    m = metrics.CosineSimilarity()
    m.update_state(y, p)
    assert float(m.result()) == pytest.approx(np.sqrt(0.5), rel=1e-6)


def test_root_mean_squared_error_is_the_root_of_the_mean_over_every_value():
    m = metrics.RootMeanSquaredError()
    m.update_state([[0.0, 0.0]], [[3.0, 4.0]])
    m.update_state([[0.0]], [[5.0]])
    assert float(m.result()) == pytest.approx(np.sqrt((9 + 16 + 25) / 3))


def test_kl_divergence_and_poisson_formulas():
    t, p = np.array([[0.25, 0.75]], np.float32), np.array([[0.5, 0.5]], np.float32)
    assert float(losses.kl_divergence(t, p)[0]) == pytest.approx(
        0.25 * np.log(0.5) + 0.75 * np.log(1.5), rel=1e-5)
    assert float(losses.poisson(t, p)[0]) == pytest.approx(
        np.mean(p - t * np.log(p + 1e-7)), rel=1e-6)


def test_targets_broadcast_against_predictions_as_in_keras():
    """Keras's regression losses do not require equal shapes: [n, 1] targets meet every
    column of [n, 3] predictions."""
    y, p = np.array([[1.0], [2.0]], np.float32), np.array([[1.0, 2.0, 3.0]] * 2, np.float32)
    assert float(losses.MeanSquaredError()(y, p)) == pytest.approx(np.mean((y - p) ** 2))
    assert float(losses.MeanAbsoluteError()(y, p)) == pytest.approx(np.mean(np.abs(y - p)))


def test_sample_weights_of_one_per_sample_broadcast_over_the_values():
    values = losses.MeanSquaredError(reduction="none")([[0.0, 0.0], [0.0, 0.0]],
                                                       [[1.0, 1.0], [2.0, 2.0]])
    weighted = losses.MeanSquaredError()([[0.0, 0.0], [0.0, 0.0]], [[1.0, 1.0], [2.0, 2.0]],
                                         sample_weight=[2.0, 0.5])
    assert float(weighted) == pytest.approx(float(np.mean(values.numpy() * [2.0, 0.5])))


@pytest.mark.parametrize("loss", [losses.Huber(), losses.Huber(delta=0.3), losses.LogCosh(),
                                  losses.MeanSquaredLogarithmicError(), losses.CosineSimilarity(),
                                  losses.SquaredHinge(), losses.Poisson(),
                                  losses.MeanAbsolutePercentageError()],
                         ids=lambda loss: loss.name)
def test_loss_gradients_match_central_differences(loss):
    y = np.array([[0.2, 1.5, 0.7], [2.0, 0.1, 0.9]])
    p = np.array([[0.4, 1.0, 1.2], [1.1, 0.6, 0.3]])
    theoretical, numerical = tf.test.compute_gradient(lambda q: loss(y, q), [p], delta=1e-6)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-4, atol=1e-6)


def test_monitoring_callbacks_know_which_way_each_metric_improves():
    assert metrics.CosineSimilarity()._direction == "up"
    for m in (metrics.RootMeanSquaredError(), metrics.Hinge(), metrics.KLDivergence(),
              metrics.MeanAbsolutePercentageError(), metrics.LogCoshError(), metrics.Poisson()):
        assert m._direction == "down", m.name


def test_get_gives_functions_by_name_and_instances_by_class_name():
    assert losses.get("huber") is losses.huber and losses.get("kld") is losses.kl_divergence
    assert isinstance(losses.get("Huber"), losses.Huber)
    assert isinstance(losses.as_loss("huber"), losses.Huber)   # what compile makes of it
    assert isinstance(metrics.get("root_mean_squared_error"), metrics.RootMeanSquaredError)
