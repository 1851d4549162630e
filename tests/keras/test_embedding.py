"""tf.keras.layers.Embedding, GlobalAveragePooling1D and Keras masks (keras/sequence_layers.py,
keras/masking.py), on the engine alone; the same cases run against Keras 3 on TF 2.21 in
tests/differential/test_against_tensorflow_keras_embedding.py.

Each test names the Keras rule it checks; expected values are worked out by hand.
"""
from __future__ import annotations

import contextlib
import gc
import io
import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras.masking import _MASKS, get_keras_mask, set_keras_mask

TABLE = np.arange(12, dtype=np.float32).reshape(4, 3)  # row i = [3i, 3i+1, 3i+2]


def test_the_lookup_returns_row_i_of_the_table_for_id_i():
    emb = tf.keras.layers.Embedding(4, 3, weights=TABLE)
    out = emb(tf.constant([[2, 0], [3, 3]]))
    assert out.shape == [2, 2, 3] and out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), TABLE[[[2, 0], [3, 3]]])


def test_the_table_is_one_weight_named_embeddings_made_at_build():
    emb = tf.keras.layers.Embedding(4, 3)
    assert emb.weights == [] and not emb.built
    with pytest.raises(AttributeError, match="build the layer"):
        emb.embeddings
    emb(tf.constant([1]))
    assert [w.name for w in emb.weights] == ["embeddings"] and emb.embeddings.shape == [4, 3]
    assert emb.count_params() == 12


def test_the_default_initializer_is_uniform_within_0_05():
    """Keras 3: embeddings_initializer="uniform" is RandomUniform(-0.05, 0.05)."""
    emb = tf.keras.layers.Embedding(500, 4)
    emb.build()
    values = emb.embeddings.numpy()
    assert -0.05 <= values.min() and values.max() <= 0.05 and values.std() > 0.02
    assert emb.get_config()["embeddings_initializer"] == {
        "class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": None}}


def test_float_ids_are_cast_to_int32_by_truncation():
    """Keras 3: inputs that are not int32/int64 are cast to int32 (1.7 -> 1)."""
    emb = tf.keras.layers.Embedding(4, 3, weights=TABLE)
    np.testing.assert_array_equal(emb(np.array([[1.7, 2.2]])).numpy(), TABLE[[[1, 2]]])
    np.testing.assert_array_equal(emb(tf.constant([3], tf.int64)).numpy(), TABLE[[3]])


def test_mask_zero_masks_the_padding_id_and_dense_passes_the_mask_on():
    emb = tf.keras.layers.Embedding(4, 3, mask_zero=True, weights=TABLE)
    ids = tf.constant([[1, 0, 2]])
    out = emb(ids)
    expected = [[True, False, True]]
    assert get_keras_mask(out).numpy().tolist() == expected
    assert emb.compute_mask(ids).numpy().tolist() == expected
    dense = tf.keras.layers.Dense(2)(out)
    assert get_keras_mask(dense).numpy().tolist() == expected  # Dense supports masking
    assert tf.keras.layers.Embedding(4, 3).compute_mask(ids) is None


def test_a_layer_without_masking_drops_the_mask_with_keras_warning():
    out = tf.keras.layers.Embedding(4, 3, mask_zero=True)(tf.constant([[1, 0]]))
    with pytest.warns(UserWarning, match="does not support masking"):
        flat = tf.keras.layers.Flatten()(out)
    assert get_keras_mask(flat) is None


def test_global_average_pooling_averages_only_the_unmasked_steps():
    x = tf.constant([[[1.0, 10.0], [3.0, 30.0], [8.0, 80.0]]])
    pool = tf.keras.layers.GlobalAveragePooling1D()
    np.testing.assert_allclose(pool(x).numpy(), [[4.0, 40.0]])
    masked = pool(x, mask=tf.constant([[True, False, True]]))
    np.testing.assert_allclose(masked.numpy(), [[4.5, 45.0]])   # (1 + 8) / 2
    assert pool.compute_output_shape((None, 3, 2)) == (None, 2)
    keep = tf.keras.layers.GlobalAveragePooling1D(keepdims=True)
    assert keep(x).shape == [1, 1, 2]


def test_the_embeddings_mask_reaches_the_pooling():
    emb = tf.keras.layers.Embedding(4, 3, mask_zero=True, weights=TABLE)
    pooled = tf.keras.layers.GlobalAveragePooling1D()(emb(tf.constant([[1, 0, 3]])))
    np.testing.assert_allclose(pooled.numpy(), [(TABLE[1] + TABLE[3]) / 2])
    assert get_keras_mask(pooled) is None   # the pooling computes no mask


def test_the_gradient_reaches_the_rows_used_and_a_repeated_row_twice():
    emb = tf.keras.layers.Embedding(4, 3, weights=TABLE)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(emb(tf.constant([1, 1, 3])) * tf.constant([1.0, 2.0, 3.0]))
    grad = tf.convert_to_tensor(tape.gradient(loss, emb.embeddings)).numpy()
    np.testing.assert_array_equal(grad, [[0, 0, 0], [2, 4, 6], [0, 0, 0], [1, 2, 3]])


def _sequential():
    model = tf.keras.Sequential([tf.keras.Input((4,)),
                                 tf.keras.layers.Embedding(6, 3, mask_zero=True),
                                 tf.keras.layers.GlobalAveragePooling1D(),
                                 tf.keras.layers.Dense(1)])
    model.set_weights([np.ones((6, 3), np.float32) * np.arange(6)[:, None] / 10,
                       np.array([[0.5], [-1.0], [0.25]], np.float32), np.zeros(1, np.float32)])
    return model


def test_fit_trains_the_table_and_leaves_rows_never_used_unchanged():
    """SGD: a row no input uses gets a zero gradient (and the masked id 0 too)."""
    model = _sequential()
    before = model.get_weights()[0]
    model.compile(optimizer=tf.keras.optimizers.SGD(0.5), loss="mse")
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    history = model.fit(ids, np.array([1.0, -1.0]), epochs=5, verbose=0)
    after = model.get_weights()[0]
    assert history.history["loss"][-1] < history.history["loss"][0]
    np.testing.assert_array_equal(after[[0, 4, 5]], before[[0, 4, 5]])
    assert not np.allclose(after[[1, 2, 3]], before[[1, 2, 3]])


def test_summary_counts_input_dim_times_output_dim():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _sequential().summary()
    text = out.getvalue()
    assert "(Embedding)" in text and "(None, 4, 3)" in text and "18" in text
    assert "Total params: 22" in text   # 6*3 + 3*1 + 1


def test_a_keras_file_round_trip_keeps_the_layers_config_and_table(tmp_path):
    model = _sequential()
    path = os.path.join(tmp_path, "m.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    ids = np.array([[1, 2, 0, 0]])
    np.testing.assert_array_equal(loaded.predict(ids, verbose=0), model.predict(ids, verbose=0))
    assert loaded.layers[0].get_config() == model.layers[0].get_config()
    assert [type(layer).__name__ for layer in loaded.layers] == \
        ["Embedding", "GlobalAveragePooling1D", "Dense"]


def test_the_mask_table_forgets_a_tensor_when_it_is_freed():
    t = tf.constant([1.0])
    set_keras_mask(t, tf.constant([True]))
    key = id(t)
    assert key in _MASKS
    del t
    gc.collect()
    assert key not in _MASKS


@pytest.mark.parametrize("args, message", [
    ((0, 3), "`input_dim` must be a positive integer. Received: input_dim=0"),
    ((3, 0), "`output_dim` must be a positive integer. Received: output_dim=0"),
    ((2.0, 3), r"input_dim=2.0 \(of type float\)"),
])
def test_bad_sizes_raise_keras_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        tf.keras.layers.Embedding(*args)


def test_an_id_outside_the_table_is_tfs_invalid_argument_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0,1\] = 4 is not in \[0, 4\)"):
        tf.keras.layers.Embedding(4, 3)(tf.constant([[1, 4]]))


def test_global_average_pooling_wants_rank_3():
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        tf.keras.layers.GlobalAveragePooling1D()(tf.ones((2, 3)))


# -- tf.nn.embedding_lookup (ops/nn_ops.py) ---------------------------------------------------------
def test_embedding_lookup_is_a_gather_of_rows():
    out = tf.nn.embedding_lookup(tf.Variable(TABLE), [[3, 0], [1, 1]])
    np.testing.assert_array_equal(out.numpy(), TABLE[[[3, 0], [1, 1]]])
    np.testing.assert_array_equal(tf.nn.embedding_lookup([TABLE], [2]).numpy(), TABLE[[2]])


def test_embedding_lookup_max_norm_scales_each_vector_to_that_norm_at_most():
    """TF: each looked-up vector v becomes v * max_norm / max(|v|, max_norm)."""
    out = tf.nn.embedding_lookup(TABLE, [0, 3], max_norm=5.0).numpy()
    np.testing.assert_allclose(out[0], TABLE[0])   # |[0, 1, 2]| = 2.24 < 5: unchanged
    np.testing.assert_allclose(out[1], TABLE[3] * 5.0 / np.linalg.norm(TABLE[3]), rtol=1e-6)


def test_embedding_lookup_of_ragged_ids_keeps_the_rows():
    out = tf.nn.embedding_lookup(TABLE, tf.ragged.constant([[1, 3], [], [2]]))
    assert isinstance(out, tf.RaggedTensor) and out.shape.as_list() == [3, None, 3]
    assert out.to_list() == [[TABLE[1].tolist(), TABLE[3].tolist()], [], [TABLE[2].tolist()]]


def test_embedding_lookup_of_several_tables_is_not_supported():
    with pytest.raises(NotImplementedError, match="several tables"):
        tf.nn.embedding_lookup([TABLE, TABLE], [0])


def test_strings_join_of_ragged_tensors_joins_their_values_and_broadcasts_a_scalar():
    words = tf.ragged.constant([["a", "b"], ["c"]])
    assert tf.strings.join([words, words], separator="+").to_list() == \
        [[b"a+a", b"b+b"], [b"c+c"]]
    assert tf.strings.join([words, "!"]).to_list() == [[b"a!", b"b!"], [b"c!"]]


def test_keras_mask_attribute_on_tensors_and_keras_tensors():
    """Keras 3 exposes the mask as `tensor._keras_mask`; a tensor without one has no such
    attribute; a layer that supports_masking passes the input's KerasTensor mask on as is."""
    ids = np.array([[3, 1, 0], [2, 0, 0]], np.int32)
    out = tf.keras.layers.Embedding(6, 2, mask_zero=True)(tf.constant(ids))
    np.testing.assert_array_equal(out._keras_mask.numpy(), ids > 0)
    assert not hasattr(tf.constant([1.0]), "_keras_mask")
    steps = tf.constant([[[1.0, 2.0], [0.0, 0.0]]])
    masked = tf.keras.layers.Masking()(steps)
    np.testing.assert_array_equal(masked._keras_mask.numpy(), [[True, False]])
    np.testing.assert_array_equal(masked.numpy(), steps.numpy())
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input((None,), dtype="int32")
    embedded = tf.keras.layers.Embedding(6, 2, mask_zero=True)(inputs)
    passed = tf.keras.layers.Activation("relu")(embedded)
    assert passed._keras_mask is embedded._keras_mask
    assert embedded._keras_mask.shape == (None, None) and embedded._keras_mask.dtype == "bool"
    pooled = tf.keras.layers.GlobalAveragePooling1D()(passed)
    assert not hasattr(pooled, "_keras_mask")


def test_a_layer_with_its_own_compute_mask_masks_each_of_its_outputs():
    """Keras 3: overriding compute_mask makes a layer support masking; a list of outputs gets
    the list of masks it returns, one each."""
    class Halves(tf.keras.layers.Layer):
        def call(self, inputs):
            return [inputs[:, :2], inputs[:, 2:]]

        def compute_mask(self, inputs, mask=None):
            return None if mask is None else [mask[:, :2], mask[:, 2:]]
    ids = np.array([[3, 1, 0, 0], [2, 0, 4, 0]], np.int32)
    first, second = Halves()(tf.keras.layers.Embedding(6, 2, mask_zero=True)(tf.constant(ids)))
    np.testing.assert_array_equal(first._keras_mask.numpy(), ids[:, :2] > 0)
    np.testing.assert_array_equal(second._keras_mask.numpy(), ids[:, 2:] > 0)
    assert Halves().supports_masking and not tf.keras.layers.Layer().supports_masking
