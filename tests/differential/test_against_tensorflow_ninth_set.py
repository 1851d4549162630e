"""The ninth guide set (TF's migration guides): the engine and TF 2.21 agree.

Keras 2's `compiled_loss` / `compiled_metrics` in a `train_step` of your own (Keras 3
keeps them: the loss tracker, a Mean, gets the predictions), `BackupAndRestore`
(an interrupted `fit` resumes at the saved epoch; `save_freq` in batches), the
`on_batch_begin/end` aliases, TF1's `SessionRunHook` types, and the preprocessing
layers that replace feature columns: `StringLookup(num_oov_indices=0)`,
`Discretization(bin_boundaries=...)`, `CategoryEncoding(count_weights=, sparse=True)`.
"""
from __future__ import annotations

import json
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()

_X = np.random.RandomState(0).rand(40, 3).astype("float32")
_Y = _X.sum(axis=1, keepdims=True)


def _linear_model(tf, optimizer="sgd"):
    model = tf.keras.Sequential([tf.keras.Input((3,)),
                                 tf.keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1) if optimizer == "sgd" else optimizer,
                  loss="mse")
    return model


# -- compiled_loss / compiled_metrics ------------------------------------------------------
@cases("compiled_loss and compiled_metrics.update_state: the loss tracker (a Mean) averages "
       "the predictions, a compiled metric gets (y, y_pred)", rtol=1e-5)
def _(tf):
    class Custom(tf.keras.Sequential):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compiled_loss(y, y_pred)
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
            self.compiled_metrics.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}
    model = Custom([tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=tf.keras.optimizers.Adagrad(0.05), loss="mse", metrics=["mae"])
    data = tf.data.Dataset.from_tensor_slices((_X[:6], _Y[:6])).batch(2)
    history = model.fit(data, epochs=2, verbose=0)
    return history.history, model.evaluate(data, verbose=0, return_dict=True)


# -- BackupAndRestore -------------------------------------------------------------------------
@cases("BackupAndRestore: an exception keeps the backup; the next fit starts at the saved "
       "epoch, with the saved weights, and then deletes backup_dir", rtol=1e-5)
def _(tf):
    class Interrupt(tf.keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                raise RuntimeError("Interruption")
    folder = tempfile.mkdtemp()
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=folder)
    try:
        _linear_model(tf).fit(_X, _Y, batch_size=10, epochs=5, verbose=0, shuffle=False,
                              callbacks=[backup, Interrupt()])
    except RuntimeError as e:
        stopped = str(e)
    saved = sorted(os.listdir(folder))
    with open(os.path.join(folder, "training_metadata.json")) as f:
        metadata = json.load(f)
    model = _linear_model(tf)
    history = model.fit(_X, _Y, batch_size=10, epochs=5, verbose=0, shuffle=False,
                        callbacks=[backup])
    return (stopped, saved, metadata, history.epoch, os.path.exists(folder),
            model.get_weights())


@cases("BackupAndRestore(save_freq=n): a backup every n batches; one made inside an epoch "
       "restarts that epoch", rtol=1e-5)
def _(tf):
    class InterruptAtStep(tf.keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.steps = 0

        def on_batch_begin(self, batch, logs=None):  # (Keras 2's name: on_train_batch_begin)
            self.steps += 1

        def on_batch_end(self, batch, logs=None):
            if self.steps == 7:
                raise RuntimeError("Interruption")
    folder = tempfile.mkdtemp()
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=folder, save_freq=3,
                                                 delete_checkpoint=False)
    interrupt = InterruptAtStep()
    try:
        _linear_model(tf).fit(_X, _Y, batch_size=10, epochs=3, verbose=0, shuffle=False,
                              callbacks=[backup, interrupt])
    except RuntimeError:
        pass
    with open(os.path.join(folder, "training_metadata.json")) as f:
        metadata = json.load(f)
    history = _linear_model(tf).fit(_X, _Y, batch_size=10, epochs=3, verbose=0, shuffle=False,
                                    callbacks=[backup])
    return interrupt.steps, metadata, history.epoch, sorted(os.listdir(folder))


@cases("BackupAndRestore: an empty backup_dir is a ValueError")
def _(tf):
    tf.keras.callbacks.BackupAndRestore(backup_dir="")


@cases("BackupAndRestore: save_freq is 'epoch' or an int")
def _(tf):
    tf.keras.callbacks.BackupAndRestore(backup_dir="/tmp/x", save_freq="batch")


# -- SessionRunHook -------------------------------------------------------------------------
@cases("SessionRunHook: the base methods do nothing; SessionRunArgs, SessionRunValues and "
       "SessionRunContext hold what a monitored session passes")
def _(tf):
    tf1 = tf.compat.v1

    class Hook(tf1.train.SessionRunHook):
        def begin(self):
            self.step = -1
    hook = Hook()
    hook.begin()
    context = tf1.train.SessionRunContext(tf1.train.SessionRunArgs("loss"), None)
    stopped_before = context.stop_requested
    context.request_stop()
    return (hook.step, hook.before_run(context), hook.after_run(context, None),
            hook.end(None), repr(tf1.train.SessionRunArgs("a", {"x": 1})),
            repr(tf1.train.SessionRunValues([1], None, None)), context.original_args.fetches,
            stopped_before, context.stop_requested)


# -- preprocessing layers in place of feature columns --------------------------------------
@cases("StringLookup(num_oov_indices=0): terms from index 0, no OOV token in the vocabulary")
def _(tf):
    lookup = tf.keras.layers.StringLookup(vocabulary=["small", "medium", "large"],
                                          num_oov_indices=0)
    one_hot = tf.keras.layers.StringLookup(vocabulary=["small", "medium", "large"],
                                           num_oov_indices=0, output_mode="one_hot")
    masked = tf.keras.layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=0,
                                          mask_token="")
    return (lookup(["large", "small"]), lookup.get_vocabulary(), lookup.vocabulary_size(),
            one_hot(["small", "medium", "large"]), masked(["b", "", "a"]),
            masked.get_vocabulary())


@cases("StringLookup(num_oov_indices=0): an input outside the vocabulary is an "
       "InvalidArgumentError naming the OOV values")
def _(tf):
    tf.keras.layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=0)(["c", "b", "d"])


@cases("IntegerLookup(num_oov_indices=0): the same for integers")
def _(tf):
    lookup = tf.keras.layers.IntegerLookup(vocabulary=[12, 36, 5], num_oov_indices=0)
    return lookup(tf.constant([[5, 12], [36, 36]], tf.int64)), lookup.get_vocabulary()


@cases("Discretization: a value's bucket is the number of boundaries at or below it (int32)")
def _(tf):
    layer = tf.keras.layers.Discretization(bin_boundaries=[1, 4, 5])
    return (layer([1., 2., 3., 4., 5.]), layer([[0.5, 9.], [-1., 4.999]]),
            layer(tf.constant([[1, -3]])), layer.get_config())


@cases("Discretization: one_hot, multi_hot and count encode the buckets (float32)")
def _(tf):
    x = [[0.5, 2., 0.7]]
    return [tf.keras.layers.Discretization(bin_boundaries=[0., 1.], output_mode=mode)(x)
            for mode in ("one_hot", "multi_hot", "count")]


@cases("Discretization: sparse=True gives the encoded buckets as a SparseTensor")
def _(tf):
    out = tf.keras.layers.Discretization(bin_boundaries=[0., 1.], output_mode="count",
                                         sparse=True)([[0.5, 2., 0.7]])
    return out.indices, out.values, out.dense_shape


@cases("Discretization: neither num_bins nor bin_boundaries is a ValueError")
def _(tf):
    tf.keras.layers.Discretization()


@cases("Discretization: both num_bins and bin_boundaries is a ValueError")
def _(tf):
    tf.keras.layers.Discretization(bin_boundaries=[1.], num_bins=3)


@cases("Discretization on a KerasTensor: int32 buckets, the input's shape")
def _(tf):
    x = tf.keras.Input((2,))
    y = tf.keras.layers.Discretization(bin_boundaries=[0., 1.])(x)
    return y.dtype, tuple(y.shape)


@cases("CategoryEncoding(count_weights=): each index adds its weight; sparse=True as a "
       "SparseTensor that Dense takes", rtol=1e-6)
def _(tf):
    ids = tf.constant([[5, 11, 5, 17, 17]])
    weights = tf.constant([[0.5, 1.5, 0.7, 1.8, 0.2]])
    dense = tf.keras.layers.CategoryEncoding(num_tokens=20, output_mode="count")
    sparse = tf.keras.layers.CategoryEncoding(num_tokens=20, output_mode="count", sparse=True)
    counts = sparse(ids, count_weights=weights)
    embed = tf.keras.layers.Dense(4, use_bias=False, kernel_initializer="ones")
    return (dense(ids, count_weights=weights), tf.sparse.to_dense(counts), counts.indices,
            embed(counts))


@cases("CategoryEncoding: count_weights with another output_mode is a ValueError")
def _(tf):
    tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")(
        [1, 2], count_weights=[1., 2.])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_ninth_set_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
