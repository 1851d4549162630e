"""String tf.Variables in tf.train.Checkpoint and SavedModels: the engine and TF 2.21 agree.

Each library writes and reads its own files (the engine's checkpoint format is its own,
checkpoint_files.py; TF's is a tensor bundle): what is compared is what a program sees.
TF's rules: a string variable of any rank is saved and restored byte for byte (empty
strings, NULs, bytes that are not UTF-8); the reader lists it as tf.string with its
shape and `get_tensor` gives `bytes` for rank 0 and an object array otherwise; a value
waiting for a variable created later is restored into it; a shape that differs is
TF's ValueError. The engine's own file rules are tested in tests/test_checkpoint_strings.py.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()
_ROOT = os.path.join(tempfile.gettempdir(), "course-differential-checkpoint-strings")
ODD = [[b"a", b""], [b"\x00z\x00", b"\xff\xfe"]]


@pytest.fixture(autouse=True)
def _clean_tmp():
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


def _prefix(tf, name):
    path = os.path.join(_ROOT, tf.__name__, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return os.path.join(path, "ckpt")


@cases("string variables of rank 0, 2 and an empty one round-trip byte for byte")
def _(tf):
    v, w = tf.Variable("hello"), tf.Variable(ODD)
    e, u = tf.Variable(tf.zeros([0], tf.string)), tf.Variable("日本")
    ckpt = tf.train.Checkpoint(v=v, w=w, e=e, u=u)
    path = ckpt.save(_prefix(tf, "round"))
    v.assign("zz"), w.assign([["1", "2"], ["3", "4"]]), u.assign("x")
    ckpt.restore(path).assert_consumed()
    return v.numpy(), w.numpy().tolist(), e.numpy().tolist(), u.numpy().decode(), repr(w)


@cases("the reader: tf.string in the dtype map, shapes, bytes for rank 0, object arrays")
def _(tf):
    path = tf.train.Checkpoint(v=tf.Variable(b"a\x00"), w=tf.Variable(ODD)).save(
        _prefix(tf, "reader"))
    reader = tf.train.load_checkpoint(path)
    dtypes = {k: d.name for k, d in reader.get_variable_to_dtype_map().items()
              if k != "_CHECKPOINTABLE_OBJECT_GRAPH"}
    scalar = reader.get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE")
    matrix = reader.get_tensor("w/.ATTRIBUTES/VARIABLE_VALUE")
    return (sorted(dtypes.items()), tf.train.list_variables(path), type(scalar).__name__, scalar,
            matrix.dtype.name, matrix.tolist(),
            tf.train.load_variable(path, "w/.ATTRIBUTES/VARIABLE_VALUE").tolist())


@cases("a saved string waits for a variable created after restore")
def _(tf):
    path = tf.train.Checkpoint(v=tf.Variable("saved")).save(_prefix(tf, "deferred"))
    later = tf.train.Checkpoint()
    later.restore(path)
    later.v = tf.Variable("new")
    return later.v.numpy()


@cases("a CheckpointManager keeps string variables and restores the latest")
def _(tf):
    v = tf.Variable(["first", "run"])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v),
                                         os.path.dirname(_prefix(tf, "manager")), max_to_keep=2)
    manager.save()
    v.assign(["second", "run!"])
    manager.save()
    v.assign(["", ""])
    tf.train.Checkpoint(v=v).restore(manager.latest_checkpoint)
    return v.numpy().tolist(), [os.path.basename(p) for p in manager.checkpoints]


@cases("a string of another shape than the variable's: TF's ValueError, up to the name")
def _(tf):
    # (TF names the variable, `Variable:0`; the engine names the checkpoint key and file)
    path = tf.train.Checkpoint(v=tf.Variable("one")).save(_prefix(tf, "shape"))
    try:
        tf.train.Checkpoint(v=tf.Variable(["a", "b"])).restore(path)
    except ValueError as e:
        return str(e).split(" and name ")[0]


@cases("a SavedModel keeps a string variable and a function reading it")
def _(tf):
    module = tf.Module()
    module.v = tf.Variable(["a", "bc"])
    module.f = tf.function(lambda: tf.strings.join([module.v[0], module.v[1]], separator="-"),
                           input_signature=[])
    folder = os.path.dirname(_prefix(tf, "saved_model"))
    tf.saved_model.save(module, folder)
    loaded = tf.saved_model.load(folder)
    return loaded.v.numpy().tolist(), loaded.v.dtype.name, loaded.f()


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_checkpoint_strings_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
