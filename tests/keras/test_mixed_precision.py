"""`tf.keras.mixed_precision`: dtype policies, autocast weights, and the LossScaleOptimizer.

The same rules are checked against Keras 3 on TF 2.21 in tests/differential/test_against_tensorflow_seventh_set.py;
these run without it.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

mp = tf.keras.mixed_precision


@pytest.fixture(autouse=True)
def _float32_policy():
    mp.set_global_policy("float32")
    yield
    mp.set_global_policy("float32")


def test_a_mixed_dense_computes_in_float16_from_float32_weights():
    mp.set_global_policy("mixed_float16")
    dense = tf.keras.layers.Dense(2, kernel_initializer="ones")
    x = np.array([[0.1, 0.2, 0.3]], np.float32)
    y = dense(x)
    assert y.dtype == tf.float16 and dense.kernel.dtype == tf.float32
    assert (dense.compute_dtype, dense.variable_dtype) == ("float16", "float32")
    np.testing.assert_array_equal(y.numpy(), np.float16(x.astype(np.float16).sum()) * np.ones((1, 2)))
    assert dense.kernel.read_value().dtype == tf.float32  # cast only while the layer is called


def test_the_gradient_of_a_mixed_layer_reaches_its_float32_weights():
    mp.set_global_policy("mixed_float16")
    dense = tf.keras.layers.Dense(1, kernel_initializer="ones", use_bias=False)
    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.cast(dense(x), tf.float32) ** 2)
    (grad,) = tape.gradient(loss, dense.trainable_variables)
    assert grad.dtype == tf.float32
    np.testing.assert_allclose(grad.numpy(), [[2 * 3.0 * 1.0], [2 * 3.0 * 2.0]])


def test_a_layer_made_with_autocast_false_reads_float32_weights_inside_a_mixed_one():
    seen = []

    class Probe(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(), initializer="ones", name="w")

        def call(self, x):
            seen.append((self.name, self.w.read_value().dtype))
            return x

    class Outer(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__(name="outer")
            self.inner = Probe(name="inner", autocast=False)

        def call(self, x):
            return self.inner(x)

    mp.set_global_policy("mixed_float16")
    Probe(name="alone")(tf.ones((1,)))
    Outer()(tf.ones((1,)))
    assert seen[0] == ("alone", tf.float16)
    assert seen[1:] and set(seen[1:]) == {("inner", tf.float32)}  # (built by a symbolic run too)


def test_policy_names_and_errors():
    assert repr(mp.Policy("mixed_float16")) == '<DTypePolicy "mixed_float16">'
    assert (mp.Policy("float64").compute_dtype, mp.Policy("float64").variable_dtype) == \
        ("float64", "float64")
    with pytest.raises(ValueError, match="Cannot convert 'bogus' to a mixed precision"):
        mp.Policy("bogus")
    with pytest.raises(NotImplementedError, match="mixed_bfloat16"):
        mp.Policy("mixed_bfloat16")
    with pytest.raises(ValueError, match="Invalid `policy` argument"):
        mp.set_global_policy(3)


def test_loss_scaling_skips_a_non_finite_step_and_grows_after_finite_ones():
    opt = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(1.0), initial_scale=4.0,
                                dynamic_growth_steps=2)
    w = tf.Variable([0.0, 0.0])
    opt.apply_gradients([(tf.constant([4.0, 8.0]), w)])          # unscaled: [1, 2]
    np.testing.assert_array_equal(w.numpy(), [-1.0, -2.0])
    opt.apply_gradients([(tf.constant([np.inf, 8.0]), w)])       # skipped, scale 2
    np.testing.assert_array_equal(w.numpy(), [-1.0, -2.0])
    assert (opt.dynamic_scale.numpy(), opt.step_counter.numpy()) == (2.0, 0)
    opt.apply_gradients([(tf.constant([2.0, 2.0]), w)])
    opt.apply_gradients([(tf.constant([2.0, 2.0]), w)])          # second finite step: doubles
    np.testing.assert_array_equal(w.numpy(), [-3.0, -4.0])
    assert (opt.dynamic_scale.numpy(), opt.step_counter.numpy(), opt.iterations.numpy()) == \
        (4.0, 0, 3)
    assert float(opt.scale_loss(tf.constant(0.5))) == 2.0


def _trained(policy: str):
    mp.set_global_policy(policy)
    model = tf.keras.Sequential([tf.keras.Input((2,)),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones"),
                                 tf.keras.layers.Activation("linear", dtype="float32")])
    model.compile(optimizer="sgd", loss="mse")
    x = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    history = model.fit(x, np.array([[1.0], [2.0]], np.float32), epochs=5, verbose=0)
    return model, history.history["loss"]


def test_compile_wraps_a_mixed_models_optimizer_and_fit_trains_it_as_float32_would():
    model, losses = _trained("mixed_float16")
    assert isinstance(model.optimizer, mp.LossScaleOptimizer)
    # the scale 2 ** 15 never overflows these float16 gradients: five steps, none skipped
    assert model.optimizer.iterations.numpy() == 5 and model.optimizer.dynamic_scale.numpy() == 2 ** 15
    assert model.layers[0].kernel.dtype == tf.float32
    plain, float32_losses = _trained("float32")
    assert not isinstance(plain.optimizer, mp.LossScaleOptimizer)
    np.testing.assert_allclose(losses, float32_losses, rtol=1e-3)  # float16's precision
    assert losses[-1] < losses[0]
