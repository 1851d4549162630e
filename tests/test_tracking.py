"""TF's tracking rules for tf.Module and tf.train.Checkpoint attributes (tracking.py).

TF rules checked (against TF 2.21 in tests/differential/test_against_tensorflow_saving.py):
lists and dicts assigned to a Module or a Checkpoint become ListWrapper /
_DictWrapper (printed `ListWrapper([...])`, `DictWrapper({...})`), tuples holding
trackables _TupleWrapper; restoring a checkpoint reaches variables held in such
containers, also through a second path to the same variable, and a value whose
variable is appended later is delivered on append. Keras objects keep plain lists.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.tracking import ListWrapper


def test_restoring_into_dict_and_list_attributes_as_in_tfs_checkpoint_guide(tmp_path):
    save = tf.train.Checkpoint()
    save.listed = [tf.Variable(1.0)]
    save.listed.append(tf.Variable(2.0))
    save.mapped = {"one": save.listed[0]}
    save.mapped["two"] = save.listed[1]
    path = save.save(str(tmp_path / "tf_list_example"))

    restore = tf.train.Checkpoint()
    v2 = tf.Variable(0.0)
    restore.mapped = {"two": v2}          # mapped/two is the same variable as listed/1
    status = restore.restore(path)
    assert v2.numpy() == 2.0
    restore.listed = []
    assert repr(restore.listed) == "ListWrapper([])" == str(restore.listed)
    v1 = tf.Variable(0.0)
    restore.listed.append(v1)             # restored on append
    assert v1.numpy() == 1.0
    status.assert_consumed()


def test_a_shared_variable_is_saved_once_with_an_alias(tmp_path):
    v = tf.Variable([1.0, 2.0])
    ckpt = tf.train.Checkpoint(a=[v], b={"same": v})
    ckpt.write(str(tmp_path / "w"))
    index = (tmp_path / "w.index").read_text()
    assert '"aliases": {\n  "b/same": "a/0"' in index and index.count("VARIABLE_VALUE") == 1
    target = tf.Variable([0.0, 0.0])   # only the second path exists here
    status = tf.train.Checkpoint(b={"same": target}).restore(str(tmp_path / "w"))
    assert target.numpy().tolist() == [1.0, 2.0]
    # TF's rule: restore() makes a save_counter, and a checkpoint from write() has none
    with pytest.raises(AssertionError, match="save_counter"):
        status.assert_consumed()


def test_values_wait_for_modules_built_later(tmp_path):
    class Lazy(tf.Module):
        def build(self):
            self.w = tf.Variable(np.zeros(3, np.float32))

    trained = Lazy()
    trained.build()
    trained.w.assign([1.0, 2.0, 3.0])
    path = tf.train.Checkpoint(model=trained).save(str(tmp_path / "ckpt"))
    fresh = Lazy()
    status = tf.train.Checkpoint(model=fresh).restore(path)
    with pytest.raises(AssertionError, match="Unresolved"):
        status.assert_consumed()
    fresh.build()                                         # attribute set: value delivered
    assert fresh.w.numpy().tolist() == [1.0, 2.0, 3.0]
    status.assert_consumed()


def test_module_attributes_are_wrapped_and_printed_as_tf():
    m = tf.Module()
    m.l, m.d, m.t, m.plain = [1, 2], {"a": [1]}, (tf.Variable(1.0), 2), (1, 2)
    assert type(m.l) is ListWrapper and isinstance(m.l, list) and m.l == [1, 2]
    assert repr(m.l) == "ListWrapper([1, 2])"
    assert repr(m.d) == "DictWrapper({'a': ListWrapper([1])})" and str(m.d) == "{'a': ListWrapper([1])}"
    assert repr(m.t).startswith("_TupleWrapper((<tf.Variable") and m.plain == (1, 2)
    assert type(m.plain) is tuple
    m.l.append(tf.Variable(3.0))
    m.d["b"] = tf.Variable(4.0)
    assert len(m.variables) == 3


def test_keras_layers_keep_plain_lists():
    layer = tf.keras.layers.Dense(2)
    layer.extra = [1, 2]
    assert type(layer.extra) is list and repr(layer.extra) == "[1, 2]"
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2)])
    assert type(model.layers) is list
