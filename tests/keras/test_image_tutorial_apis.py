"""Small pieces TF's image tutorials use (their TF behaviour is checked in
tests/differential/test_against_tensorflow_image_tutorials.py)."""
import numpy as np
import pytest

import course.engine as tf


def test_input_layer_takes_keras_2s_input_shape_with_a_warning():
    with pytest.warns(UserWarning, match="`input_shape` is deprecated. Use `shape` instead"):
        layer = tf.keras.layers.InputLayer(input_shape=(28, 28, 1))
    assert layer.batch_shape == (None, 28, 28, 1)


def test_restore_none_restores_nothing_and_its_checks_say_so():
    v = tf.Variable(1.0)
    status = tf.train.Checkpoint(v=v).restore(None)
    assert status.expect_partial() is status and float(v.numpy()) == 1.0
    with pytest.raises(AssertionError, match="No checkpoint specified"):
        status.assert_consumed()
    with pytest.raises(AssertionError, match="No checkpoint specified"):
        status.assert_nontrivial_match()


def test_reduction_none_gives_one_loss_per_example():
    assert tf.keras.losses.Reduction.all() == ("auto", "none", "sum", "sum_over_batch_size")
    loss = tf.keras.losses.SparseCategoricalCrossentropy(
        from_logits=True, reduction=tf.keras.losses.Reduction.NONE)
    assert loss(tf.constant([0, 1]), tf.constant([[2.0, 1.0], [0.5, 1.5]])).shape == (2,)
    with pytest.raises(ValueError, match="Invalid Reduction Key: mean"):
        tf.keras.losses.Reduction.validate("mean")


def test_conv2d_kernel_regularizer_adds_its_penalty_to_losses():
    layer = tf.keras.layers.Conv2D(1, 2, kernel_initializer=tf.keras.initializers.Constant(0.5),
                                   kernel_regularizer=tf.keras.regularizers.l2(0.1))
    layer(tf.ones([1, 2, 2, 3]))
    # 0.1 * sum(0.5 ** 2 over 2 * 2 * 3 * 1 weights) = 0.1 * 12 * 0.25
    np.testing.assert_allclose([float(x) for x in layer.losses], [0.3], rtol=1e-6)


def test_random_flip_horizontal_gives_the_image_or_its_mirror():
    image = tf.reshape(tf.range(12, dtype=tf.float32), [1, 3, 4, 1])
    flip = tf.keras.layers.RandomFlip("horizontal", seed=4)
    seen = set()
    for _ in range(12):
        out = flip(image).numpy()
        assert np.array_equal(out, image.numpy()) or np.array_equal(out, image.numpy()[:, :, ::-1])
        seen.add(np.array_equal(out, image.numpy()))
    assert seen == {True, False}  # both happen in 12 draws (fixed seed)


def test_random_zoom_of_factor_zero_and_training_false_leave_images_unchanged():
    images = np.random.default_rng(1).uniform(0, 255, (2, 5, 6, 3)).astype(np.float32)
    np.testing.assert_allclose(tf.keras.layers.RandomZoom(0.0)(images).numpy(), images,
                               rtol=1e-6, atol=1e-4)
    out = tf.keras.layers.RandomRotation(0.5)(images, training=False)
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), images)


def test_random_rotation_by_half_a_turn_is_a_point_reflection():
    """factor (0.5, 0.5): always 180 degrees about the centre, which maps pixels onto pixels."""
    image = np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1)
    out = tf.keras.layers.RandomRotation((0.5, 0.5))(image).numpy()
    np.testing.assert_allclose(out, image[:, ::-1, ::-1], atol=1e-4)


def test_augmentation_refuses_what_keras_would_silently_take():
    """Keras 3 (checked with TF 2.21) takes these and does not flip / draws from a reversed
    range; the engine says what is wrong instead."""
    with pytest.raises(ValueError, match="unknown mode argument diagonal"):
        tf.keras.layers.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="upper bound less than lower bound"):
        tf.keras.layers.RandomRotation((0.2, -0.1))


def test_argmax_of_a_bool_mask_is_the_index_of_its_first_true():
    mask = tf.constant(["daisy", "roses", "tulips"]) == tf.constant("roses")
    assert int(tf.argmax(mask)) == 1 and int(tf.argmin(tf.constant([True, False]))) == 1


def test_a_sequential_first_with_a_known_input_builds_the_outer_model():
    augment = tf.keras.Sequential([tf.keras.Input((8, 8, 3)), tf.keras.layers.RandomFlip()])
    assert not tf.keras.Sequential([augment]).built  # (Keras 3: a second layer is needed)
    model = tf.keras.Sequential([augment, tf.keras.layers.Conv2D(2, 3)])
    assert model.built and model.output_shape == (None, 6, 6, 2)


def test_a_model_with_augmentation_layers_saves_and_loads(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((8, 8, 3)), tf.keras.layers.RandomFlip("vertical"),
                                 tf.keras.layers.RandomRotation(0.1, fill_mode="wrap"),
                                 tf.keras.layers.RandomZoom(0.2), tf.keras.layers.Conv2D(2, 3)])
    model.save(tmp_path / "augmented.keras")
    loaded = tf.keras.models.load_model(tmp_path / "augmented.keras")
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "RandomFlip", "RandomRotation", "RandomZoom", "Conv2D"]
    assert loaded.layers[0].mode == "vertical" and loaded.layers[1].fill_mode == "wrap"
    x = np.random.default_rng(0).uniform(size=(2, 8, 8, 3)).astype(np.float32)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
