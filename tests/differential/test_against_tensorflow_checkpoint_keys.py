"""tf.train.Checkpoint keys of Keras objects: the engine and TF 2.21 with Keras 3 agree.

TF names a saved value by the path of object-graph children that leads to it,
and Keras 3 on TF decides what those children are: a layer's attributes that
hold a variable or a layer (Dense's kernel is `_kernel`), not its lists or
dicts; a functional model's layers as `_operations/N` (the InputLayer is 0), a
Sequential's as `_functional/_operations/N`; an optimizer's `_iterations`,
`_learning_rate` and `_variables/N` (slots in creation order, after those two),
and `_trainable_variables/N` for model variables reached no other way. Each
case builds the same objects on both sides, saves a checkpoint and returns the
sorted keys with their shapes and dtypes (TF's checkpoint guide lists them).
"""
from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
_ROOT = os.path.join(tempfile.gettempdir(), "course-differential-checkpoint-keys")


@pytest.fixture(autouse=True)
def _clean_tmp():
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


def _folder(tf, name):
    path = os.path.join(_ROOT, tf.__name__, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def _keys(tf, name, **objects):
    """Sorted (key, shape, dtype) of a checkpoint of `objects` (the object graph left out)."""
    path = tf.train.Checkpoint(**objects).save(os.path.join(_folder(tf, name), "ckpt"))
    reader = tf.train.load_checkpoint(path)
    shapes, dtypes = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
    return [(k, list(shapes[k]), dtypes[k].name) for k in sorted(shapes)
            if k != "_CHECKPOINTABLE_OBJECT_GRAPH"]


def _layer_case(title, make, shape, dtype="float32"):
    @cases(f"keys of a built {title}")
    def _(tf):
        layer = make(tf)
        layer(tf.zeros(shape, dtype=dtype))
        return _keys(tf, "layer", layer=layer)


_layer_case("Dense: `_kernel` (Keras 3's attribute) and `bias`",
            lambda tf: tf.keras.layers.Dense(3), [2, 4])
_layer_case("Dense without bias", lambda tf: tf.keras.layers.Dense(3, use_bias=False), [2, 4])
_layer_case("Conv2D: `_kernel`, `bias`", lambda tf: tf.keras.layers.Conv2D(2, 3), [1, 5, 5, 2])
_layer_case("BatchNormalization: gamma, beta, moving_mean, moving_variance",
            lambda tf: tf.keras.layers.BatchNormalization(), [2, 4])
_layer_case("Embedding: `_embeddings`", lambda tf: tf.keras.layers.Embedding(5, 2), [1, 2],
            "int32")
_layer_case("Normalization: adapt_mean, adapt_variance, count (int64)",
            lambda tf: tf.keras.layers.Normalization(), [2, 4])
_layer_case("SimpleRNN: cell/kernel, cell/recurrent_kernel, cell/bias",
            lambda tf: tf.keras.layers.SimpleRNN(3), [2, 3, 4])
_layer_case("GRU: the cell's weights under `cell`", lambda tf: tf.keras.layers.GRU(3), [2, 3, 4])
_layer_case("LSTM: the cell's weights under `cell`", lambda tf: tf.keras.layers.LSTM(3),
            [2, 3, 4])
_layer_case("Bidirectional: forward_layer/cell/..., backward_layer/cell/...",
            lambda tf: tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(3)), [2, 3, 4])
_layer_case("Dropout: nothing (its seed generator is not saved)",
            lambda tf: tf.keras.layers.Dropout(0.5), [2, 4])


@cases("keys of a built LSTMCell: kernel, recurrent_kernel, bias")
def _(tf):
    cell = tf.keras.layers.LSTMCell(3)
    cell.build((None, 4))
    return _keys(tf, "cell", cell=cell)


@cases("keys of a Sequential (with an Input and a Dropout): _functional/_operations/N, "
       "N counting the InputLayer as 0 and the layers without weights")
def _(tf):
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3),
                                 tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(2)])
    return _keys(tf, "seq", model=model)


@cases("keys of a Sequential built by build(): the first layer is _operations/1")
def _(tf):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Dense(2)])
    model.build((None, 4))
    return _keys(tf, "seq_build", model=model)


@cases("keys of a functional model: _operations/N, the InputLayer is 0")
def _(tf):
    inputs = tf.keras.Input((4,))
    outputs = tf.keras.layers.Dense(2)(tf.keras.layers.Dense(3)(inputs))
    return _keys(tf, "functional", model=tf.keras.Model(inputs, outputs))


@cases("keys of a subclassed model: layers and variables in attributes by name; layers "
       "held in a list or a dict are not saved (Keras 3's tracked containers)")
def _(tf):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.l1 = tf.keras.layers.Dense(5)
            self.blocks = [tf.keras.layers.Dense(2), tf.keras.layers.Dense(2)]
            self.by_name = {"a": tf.keras.layers.Dense(2)}
            self.pair = (tf.keras.layers.Dense(2), tf.keras.layers.Dense(2))
            self.v = tf.Variable(1.0)
            self.w = self.add_weight(shape=(), name="w")

        def call(self, x):
            x = self.by_name["a"](self.blocks[1](self.blocks[0](self.l1(x))))
            return self.pair[0](x) + self.pair[1](x) + self.v + self.w

    net = Net()
    net(tf.ones([2, 4]))
    return _keys(tf, "subclassed", net=net)


@cases("keys of a custom layer: a weight assigned to an attribute is saved by its name; one "
       "kept only in a list, or not kept at all, is not saved")
def _(tf):
    class Custom(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 2), name="w")
            self.extra = [self.add_weight(shape=(), name="a"), self.add_weight(shape=(), name="b")]
            self.add_weight(shape=(3,), name="loose")
            self.inner = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.inner(tf.matmul(x, self.w))

    layer = Custom()
    layer(tf.ones([2, 4]))
    return _keys(tf, "custom", layer=layer), len(layer.weights)


def _net(tf):
    """The guide's model: a subclassed Keras model holding one Dense(5) as `l1`."""
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.l1 = tf.keras.layers.Dense(5)

        def call(self, x):
            return self.l1(x)

    return Net()


def _trained(tf, optimizer):
    net = _net(tf)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(net(tf.ones([2, 1])))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    return net


def _optimizer_case(title, make):
    @cases(f"keys of a model and its {title} after one step: _iterations, _learning_rate, "
           "_variables/N (slots from N = 2, in Keras's creation order)")
    def _(tf):
        optimizer = make(tf)
        net = _trained(tf, optimizer)
        return _keys(tf, "opt", net=net, optimizer=optimizer)


_optimizer_case("Adam (m and v of each weight in turn)", lambda tf: tf.keras.optimizers.Adam(0.1))
_optimizer_case("SGD without momentum (no slots)", lambda tf: tf.keras.optimizers.SGD(0.1))
_optimizer_case("SGD with momentum", lambda tf: tf.keras.optimizers.SGD(0.1, momentum=0.9))
_optimizer_case("RMSprop", lambda tf: tf.keras.optimizers.RMSprop())
_optimizer_case("RMSprop with momentum (velocities, then momentums)",
                lambda tf: tf.keras.optimizers.RMSprop(momentum=0.5))
_optimizer_case("Adagrad", lambda tf: tf.keras.optimizers.Adagrad())


@cases("keys of an optimizer saved alone: the model's variables as _trainable_variables/N "
       "(the shortest path to them); an unbuilt optimizer has only iterations and learning rate")
def _(tf):
    optimizer = tf.keras.optimizers.Adam(0.1)
    _trained(tf, optimizer)
    return _keys(tf, "alone", optimizer=optimizer), \
        _keys(tf, "unbuilt", optimizer=tf.keras.optimizers.Adam())


@cases("keys of an optimizer with a learning-rate schedule: no _learning_rate, slots from "
       "_variables/1")
def _(tf):
    schedule = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    optimizer = tf.keras.optimizers.SGD(schedule, momentum=0.9)
    net = _trained(tf, optimizer)
    return _keys(tf, "schedule", net=net, optimizer=optimizer)


@cases("keys of a compiled Sequential: its optimizer is the child `optimizer`, its metrics "
       "are not saved")
def _(tf):
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return _keys(tf, "compiled", model=model)


@cases("the shortest path names an object: a variable reached as a/l/0/w and as b/v is b/v")
def _(tf):
    v = tf.Variable(1.0)
    a, b = tf.Module(), tf.Module()
    a.l = [tf.Module()]
    a.l[0].w = v
    b.v = v
    return _keys(tf, "bfs", a=a, b=b)


def _guide_objects(tf):
    """TF's checkpoint guide's objects: a fresh model (one Dense), Adam, a dataset iterator,
    and a Checkpoint of them (with a step counter)."""
    inputs = tf.range(10.)[:, None]
    labels = inputs * 5. + tf.range(5.)[None, :]
    dataset = tf.data.Dataset.from_tensor_slices(dict(x=inputs, y=labels)).repeat().batch(2)
    net, opt = _net(tf), tf.keras.optimizers.Adam(0.1)
    iterator = iter(dataset)
    ckpt = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, net=net, iterator=iterator)
    return net, opt, iterator, ckpt


def _guide_training(tf, folder):
    """TF's checkpoint guide: the objects trained 10 steps, saved by a CheckpointManager."""
    net, opt, iterator, ckpt = _guide_objects(tf)
    manager = tf.train.CheckpointManager(ckpt, folder, max_to_keep=3)
    for _ in range(10):
        example = next(iterator)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.abs(net(example["x"]) - example["y"]))
        grads = tape.gradient(loss, net.trainable_variables)
        opt.apply_gradients(zip(grads, net.trainable_variables))
        ckpt.step.assign_add(1)
    manager.save()
    return net, opt, manager


@cases("TF's checkpoint guide: the keys of a model, Adam and an iterator "
       "(iterator/.ATTRIBUTES/ITERATOR_STATE), and the deferred restore: `bias` matches, "
       "`kernel` does not (the key is `_kernel`), so the variable assigned later stays zero")
def _(tf):
    folder = _folder(tf, "guide")
    _guide_training(tf, folder)
    reader = tf.train.load_checkpoint(folder)
    keys = sorted(reader.get_variable_to_shape_map())
    to_restore = tf.Variable(tf.zeros([5]))
    fake_layer = tf.train.Checkpoint(bias=to_restore)
    new_root = tf.train.Checkpoint(net=tf.train.Checkpoint(l1=fake_layer))
    status = new_root.restore(tf.train.latest_checkpoint(folder))
    bias_restored = bool(np.array_equal(
        to_restore.numpy(), reader.get_tensor("net/l1/bias/.ATTRIBUTES/VARIABLE_VALUE")))
    status.assert_existing_objects_matched()
    deferred = tf.Variable(tf.zeros([1, 5]))
    fake_layer.kernel = deferred
    return keys, bias_restored, deferred.numpy().tolist()


@cases("restoring the guide's checkpoint into a new model, optimizer and iterator: the "
       "kernel (`_kernel`, built later), the Adam slots (`_variables/N`, made by the first "
       "step) and the iterator's position all come back")
def _(tf):
    folder = _folder(tf, "guide_restore")
    net, opt, manager = _guide_training(tf, folder)
    saved = {"kernel": net.l1.kernel.numpy(), "m": opt.variables[2].numpy(),
             "iterations": int(opt.iterations.numpy())}
    net2, opt2, iterator, ckpt = _guide_objects(tf)
    ckpt.restore(manager.latest_checkpoint)
    first = next(iterator)["x"].numpy().tolist()   # the 11th batch: the position came back
    first += next(iterator)["x"].numpy().tolist()
    # builds the layer: its kernel is restored. (Through the model, net2(x), TF's Keras 3 first
    # builds the layer in a symbolic trace where the restore fails, then builds it again, and
    # the kernel it keeps is not restored: a difference documented in docs/engine-api.)
    net2.l1(tf.ones([1, 1]))
    kernel_back = bool(np.array_equal(net2.l1.kernel.numpy(), saved["kernel"]))
    opt2.build(net2.trainable_variables)           # makes the slots: restored on creation
    m_back = bool(np.array_equal(opt2.variables[2].numpy(), saved["m"]))
    return first, kernel_back, m_back, int(opt2.iterations.numpy()) == saved["iterations"]


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_checkpoint_keys_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
