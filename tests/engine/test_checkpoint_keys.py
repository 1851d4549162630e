"""tf.train.Checkpoint keys of Keras objects follow Keras 3 on TF's object graph.

The rules (measured with TF 2.21, see tests/differential/test_against_tensorflow_checkpoint_keys.py):
a layer's children are its attributes holding variables or layers (Dense's
kernel is `_kernel`), not its lists or dicts; a Sequential's layers are
`_functional/_operations/N` (N = 1 for the first), a functional model's
`_operations/N`; an optimizer saves `_iterations`, `_learning_rate` and
`_variables/N` (slots in creation order from N = 2, Adam's m and v of each
weight in turn); an iterator's position is `iterator/.ATTRIBUTES/ITERATOR_STATE`;
and an object reached by two paths is named by the shorter.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"


def _keys(tmp_path, **objects) -> list:
    path = tf.train.Checkpoint(**objects).save(str(tmp_path / "ckpt"))
    keys = tf.train.load_checkpoint(path).get_variable_to_shape_map()
    return sorted(k.replace(SUFFIX, "") for k in keys
                  if k not in ("_CHECKPOINTABLE_OBJECT_GRAPH", "save_counter" + SUFFIX))


def test_dense_kernel_is_saved_as_keras_attribute_underscore_kernel(tmp_path):
    layer = tf.keras.layers.Dense(3)
    layer(tf.ones([1, 2]))
    assert _keys(tmp_path, l=layer) == ["l/_kernel", "l/bias"]
    assert layer.kernel is layer._kernel


def test_sequential_layers_are_functional_operations_counting_the_input_layer(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3),
                                 tf.keras.layers.Dropout(0.5), tf.keras.layers.Dense(2)])
    assert _keys(tmp_path, m=model) == [
        "m/_functional/_operations/1/_kernel", "m/_functional/_operations/1/bias",
        "m/_functional/_operations/3/_kernel", "m/_functional/_operations/3/bias"]


def test_layers_held_in_a_list_are_not_saved_as_in_keras_3(tmp_path):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.first = tf.keras.layers.Dense(2)
            self.blocks = [tf.keras.layers.Dense(2)]

        def call(self, x):
            return self.blocks[0](self.first(x))

    net = Net()
    net(tf.ones([1, 2]))
    assert _keys(tmp_path, net=net) == ["net/first/_kernel", "net/first/bias"]


def test_adam_variables_are_iterations_learning_rate_then_m_and_v_of_each_weight(tmp_path):
    w, b = tf.Variable(tf.ones([2, 3])), tf.Variable(tf.ones([3]))
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients([(tf.ones([2, 3]), w), (tf.ones([3]), b)])
    path = tf.train.Checkpoint(opt=opt, w=w, b=b).save(str(tmp_path / "ckpt"))
    shapes = tf.train.load_checkpoint(path).get_variable_to_shape_map()
    assert [shapes[f"opt/_variables/{i}{SUFFIX}"] for i in range(2, 6)] == [[2, 3], [2, 3], [3], [3]]
    assert f"opt/_trainable_variables/0{SUFFIX}" not in shapes   # w's shorter path is "w"


def test_restored_adam_slots_arrive_when_the_first_step_makes_them(tmp_path):
    w = tf.Variable([1.0, 2.0])
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients([(tf.constant([0.5, -1.0]), w)])
    path = tf.train.Checkpoint(opt=opt, w=w).save(str(tmp_path / "ckpt"))
    w2, opt2 = tf.Variable([1.0, 2.0]), tf.keras.optimizers.Adam(0.1)
    status = tf.train.Checkpoint(opt=opt2, w=w2).restore(path)
    opt2.build([w2])   # makes the slots: each takes its saved value (`_variables/2`, `/3`)
    for ours, saved in zip(opt2.variables, opt.variables):
        np.testing.assert_array_equal(ours.numpy(), saved.numpy())
    status.assert_consumed()


def test_iterator_state_key_and_restored_position(tmp_path):
    it = iter(tf.data.Dataset.range(10))
    next(it), next(it), next(it)
    path = tf.train.Checkpoint(iterator=it).save(str(tmp_path / "ckpt"))
    assert _keys(tmp_path, iterator=it) == ["iterator/.ATTRIBUTES/ITERATOR_STATE"]
    it2 = iter(tf.data.Dataset.range(10))
    tf.train.Checkpoint(iterator=it2).restore(path).assert_consumed()
    assert int(next(it2)) == 3


def test_deferred_restore_matches_underscore_kernel_not_kernel(tmp_path):
    """TF's checkpoint guide: a stand-in object's `kernel` matches nothing (the key is `_kernel`)."""
    layer = tf.keras.layers.Dense(5)
    layer(tf.ones([1, 1]))
    path = tf.train.Checkpoint(l1=layer).save(str(tmp_path / "ckpt"))
    fake = tf.Module()
    fake.bias = tf.Variable(tf.zeros([5]))
    tf.train.Checkpoint(l1=fake).restore(path)
    np.testing.assert_array_equal(fake.bias.numpy(), layer.bias.numpy())
    fake.kernel = tf.Variable(tf.zeros([1, 5]))
    assert not fake.kernel.numpy().any()
    fake._kernel = tf.Variable(tf.zeros([1, 5]))
    np.testing.assert_array_equal(fake._kernel.numpy(), layer.kernel.numpy())


@pytest.mark.parametrize("opt_name", ["sgd", "rmsprop", "adagrad"])
def test_a_compiled_model_restores_into_a_new_one(tmp_path, opt_name):
    def make():
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
        model.compile(optimizer=opt_name, loss="mse")
        return model

    model = make()
    model.fit(np.ones((4, 3), "float32"), np.zeros((4, 2), "float32"), epochs=1, verbose=0)
    path = tf.train.Checkpoint(model=model).save(str(tmp_path / "ckpt"))
    again = make()
    tf.train.Checkpoint(model=again).restore(path)
    for ours, saved in zip(again.weights, model.weights):
        np.testing.assert_array_equal(ours.numpy(), saved.numpy())
    assert int(again.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy())
