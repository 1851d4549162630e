"""tf.train.Checkpoint, CheckpointManager and latest_checkpoint.

TF rules checked: object-based names from attribute paths; `save` numbers
files prefix-1, prefix-2, ... and updates the `checkpoint` state file;
`restore` status objects; deferred restoration of variables created later;
max_to_keep deletes the oldest files; bad files give clear errors.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.saving import atomic
from course.engine.saving.checkpoint import restore_on_create


class Dense(tf.Module):
    def __init__(self, n_in, n_out, seed):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.w = tf.Variable(rng.standard_normal((n_in, n_out)).astype(np.float32), name="w")
        self.b = tf.Variable(np.zeros(n_out, np.float64), name="b")


class Net(tf.Module):
    def __init__(self, seed=0):
        super().__init__()
        self.layers = [Dense(2, 3, seed), Dense(3, 1, seed + 1)]
        self.steps = tf.Variable(np.int64(0), trainable=False)
        self.flags = {"on": tf.Variable(np.array([True, False]))}
        self.counts = tf.Variable(np.array([1, 2, 3], np.int32))


def _values(module):
    return [v.numpy().copy() for v in module.variables]


def test_round_trip_of_nested_module_with_several_dtypes(tmp_path):
    net = Net(seed=0)
    net.steps.assign(7)
    before = _values(net)
    path = tf.train.Checkpoint(model=net).save(str(tmp_path / "ckpt"))
    assert path == str(tmp_path / "ckpt-1")
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-1.data-00000-of-00001",
                                           "ckpt-1.index"]
    other = Net(seed=5)
    assert not all(np.array_equal(a, b) for a, b in zip(before, _values(other)))
    tf.train.Checkpoint(model=other).restore(path).assert_consumed()
    for a, b in zip(before, _values(other)):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_names_come_from_attribute_paths(tmp_path):
    net = Net()
    prefix = tf.train.Checkpoint(model=net).write(str(tmp_path / "weights"))
    index = json.loads((tmp_path / "weights.index").read_text())
    assert prefix == str(tmp_path / "weights")
    assert set(index["variables"]) == {
        "model/layers/0/w/.ATTRIBUTES/VARIABLE_VALUE", "model/layers/0/b/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/1/w/.ATTRIBUTES/VARIABLE_VALUE", "model/layers/1/b/.ATTRIBUTES/VARIABLE_VALUE",
        "model/steps/.ATTRIBUTES/VARIABLE_VALUE", "model/flags/on/.ATTRIBUTES/VARIABLE_VALUE",
        "model/counts/.ATTRIBUTES/VARIABLE_VALUE"}  # (TF: only save() and restore() make save_counter)
    assert not (tmp_path / "checkpoint").exists()   # write() does not touch the state file


def test_save_counter_and_latest_checkpoint(tmp_path):
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    first = ckpt.save(str(tmp_path / "ckpt"))
    v.assign(2.0)
    second = ckpt.save(str(tmp_path / "ckpt"))
    assert (first, second) == (str(tmp_path / "ckpt-1"), str(tmp_path / "ckpt-2"))
    assert int(ckpt.save_counter.numpy()) == 2
    assert tf.train.latest_checkpoint(str(tmp_path)) == second
    assert 'model_checkpoint_path: "ckpt-2"' in (tmp_path / "checkpoint").read_text()
    ckpt.restore(first)
    assert v.numpy() == 1.0 and int(ckpt.save_counter.numpy()) == 1


def test_manager_keeps_max_to_keep(tmp_path):
    v = tf.Variable(0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), max_to_keep=2)
    for i in range(4):
        v.assign(i)
        manager.save()
    assert manager.checkpoints == [str(tmp_path / "ckpt-3"), str(tmp_path / "ckpt-4")]
    assert sorted(p for p in os.listdir(tmp_path) if p.endswith(".index")) == \
        ["ckpt-3.index", "ckpt-4.index"]
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "ckpt-4")
    again = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(0)), str(tmp_path),
                                       max_to_keep=2)
    assert again.checkpoints == manager.checkpoints          # recovered from the state file


def test_restore_status_checks(tmp_path):
    a = tf.Variable(1.0)
    path = tf.train.Checkpoint(a=a, b=tf.Variable(2.0)).save(str(tmp_path / "ckpt"))
    partial = tf.train.Checkpoint(a=tf.Variable(0.0)).restore(path)
    partial.assert_existing_objects_matched()
    with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint.*b/\.ATTRIBUTES"):
        partial.assert_consumed()
    assert partial.expect_partial() is partial
    extra = tf.train.Checkpoint(a=tf.Variable(0.0), c=tf.Variable(0.0)).restore(path)
    with pytest.raises(AssertionError, match="not bound to checkpointed values.*c/\\.ATTRIBUTES"):
        extra.assert_existing_objects_matched()


def test_deferred_restoration_of_a_variable_created_later(tmp_path):
    class Optimizer(tf.Module):
        def __init__(self):
            super().__init__()
            self.slots = []

        def build(self, n):
            for i in range(n):
                self.slots.append(restore_on_create(self, ("slots", i), tf.Variable(0.0)))

    trained = Optimizer()
    trained.build(2)
    trained.slots[0].assign(0.5)
    trained.slots[1].assign(-1.5)
    path = tf.train.Checkpoint(opt=trained).save(str(tmp_path / "ckpt"))

    fresh = Optimizer()
    status = tf.train.Checkpoint(opt=fresh).restore(path)
    with pytest.raises(AssertionError, match="Unresolved"):
        status.assert_consumed()          # the slots do not exist yet
    fresh.build(2)                        # created now: they take the saved values
    assert [s.numpy() for s in fresh.slots] == [0.5, -1.5]
    status.assert_consumed()


def test_shape_mismatch_names_the_variable_and_file(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).save(str(tmp_path / "ckpt"))
    target = tf.Variable([0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"incompatible tensor with shape \(2,\).*shape \(3,\).*"
                                         r"v/\.ATTRIBUTES/VARIABLE_VALUE.*ckpt-1"):
        tf.train.Checkpoint(v=target).restore(path)
    assert target.numpy().tolist() == [0.0, 0.0, 0.0]   # nothing half-restored


def test_missing_truncated_and_corrupted_files(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).save(str(tmp_path / "ckpt"))
    ckpt = tf.train.Checkpoint(v=tf.Variable([0.0, 0.0]))
    with pytest.raises(tf.errors.NotFoundError, match="ckpt-9"):
        ckpt.restore(str(tmp_path / "ckpt-9"))
    data = tmp_path / "ckpt-1.data-00000-of-00001"
    raw = data.read_bytes()
    data.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(tf.errors.DataLossError, match=r"corrupted or truncated.*ckpt-1\.data"):
        ckpt.restore(path)
    data.write_bytes(raw)
    index = tmp_path / "ckpt-1.index"
    index.write_text(index.read_text()[:40])
    with pytest.raises(tf.errors.DataLossError, match=r"ckpt-1\.index"):
        ckpt.restore(path)


def test_interrupted_save_leaves_the_last_good_checkpoint(tmp_path, monkeypatch):
    v = tf.Variable([1.0, 2.0])
    ckpt = tf.train.Checkpoint(v=v)
    good = ckpt.save(str(tmp_path / "ckpt"))
    v.assign([5.0, 6.0])
    calls = []

    def failing_write(f, data):
        calls.append(1)
        f.write(data[: len(data) // 2])
        raise OSError("disk full (simulated crash mid-write)")

    monkeypatch.setattr(atomic, "_write_all", failing_write)
    with pytest.raises(OSError, match="simulated"):
        ckpt.save(str(tmp_path / "ckpt"))
    monkeypatch.undo()
    assert calls
    assert tf.train.latest_checkpoint(str(tmp_path)) == good
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp") or p.startswith("ckpt-2")]
    restored = tf.Variable([0.0, 0.0])
    tf.train.Checkpoint(v=restored).restore(tf.train.latest_checkpoint(str(tmp_path))) \
        .assert_consumed()
    assert restored.numpy().tolist() == [1.0, 2.0]


def test_restore_inside_a_traced_function_is_not_allowed_to_freeze_graph_state(tmp_path):
    """Restoring assigns values eagerly, even if called while a graph is being built."""
    v = tf.Variable(3.0)
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "ckpt"))
    target = tf.Variable(0.0)
    with tf.Graph().as_default():
        tf.train.Checkpoint(v=target).restore(path)
    assert target.numpy() == 3.0


def test_a_manager_in_a_relative_folder_deletes_its_old_checkpoints(tmp_path, monkeypatch):
    """The notebooks' usage: CheckpointManager(ckpt, "../checkpoints/run", max_to_keep=3)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    v = tf.Variable(1.0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), "../checkpoints/run",
                                         max_to_keep=2)
    for _ in range(4):
        v.assign_add(1.0)
        manager.save()
    assert [p.split("/")[-1] for p in manager.checkpoints] == ["ckpt-3", "ckpt-4"]
    left = sorted(p.name for p in (tmp_path / "checkpoints" / "run").iterdir())
    assert left == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index",
                    "ckpt-4.data-00000-of-00001", "ckpt-4.index"]
