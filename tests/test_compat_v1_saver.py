"""tf.compat.v1.train.Saver without TensorFlow: the engine's checkpoint files (written
atomically, read without running code, inside their folder), and clear errors."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import DataLossError, InvalidArgumentError, NotFoundError

tf1 = tf.compat.v1


def _saved(folder, name="model", value=(1.0, 2.0)):
    """(graph, variable, saver, path) after saving `value` under folder/name."""
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(list(value), name="v")
        saver = tf1.train.Saver()
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            path = saver.save(sess, os.path.join(folder, name))
    return g, v, saver, path


def test_save_leaves_only_the_checkpoint_files(tmp_path):
    """Atomic writes leave no temporary files: the index, the data, the state file and (TF1
    graph mode, as TF) the `.meta` graph file."""
    _saved(str(tmp_path))
    _saved(str(tmp_path))  # (saving again over the same prefix)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.data-00000-of-00001",
                                            "model.index", "model.meta"]


def test_restore_does_not_grow_the_graph(tmp_path):
    """The restore ops are built once, with the Saver (as TF builds save/restore_all)."""
    g, v, saver, path = _saved(str(tmp_path))
    with g.as_default(), tf1.Session() as sess:
        before = len(g.get_operations())
        for _ in range(3):
            saver.restore(sess, path)
        assert len(g.get_operations()) == before
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_a_corrupted_data_file_is_refused_naming_it(tmp_path):
    _, _, saver, path = _saved(str(tmp_path))
    data = path + ".data-00000-of-00001"
    with open(data, "r+b") as f:
        f.seek(100)
        f.write(b"\xff\xff\xff\xff")
    with pytest.raises(DataLossError, match="checksum mismatch.*" + os.path.basename(data)):
        saver.restore(None, path)


def test_a_missing_data_file_is_named(tmp_path):
    _, _, saver, path = _saved(str(tmp_path))
    os.remove(path + ".data-00000-of-00001")
    with pytest.raises(NotFoundError, match="data file not found: .*model.data-00000-of-00001"):
        saver.restore(None, path)


def test_an_index_that_points_outside_its_folder_is_refused(tmp_path):
    """The index may only name the data file beside it (nothing outside the folder is read)."""
    _, _, saver, path = _saved(str(tmp_path))
    index = json.loads(open(path + ".index").read())
    index["data_file"] = "../elsewhere.data-00000-of-00001"
    with open(path + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(DataLossError, match="checkpoint index is invalid: .*model.index"):
        saver.restore(None, path)


def test_a_state_file_naming_a_path_outside_is_refused(tmp_path):
    _saved(str(tmp_path))
    with open(tmp_path / "checkpoint", "w") as f:
        f.write('model_checkpoint_path: "../../etc/passwd"\n')
    with pytest.raises(InvalidArgumentError, match="outside its folder"):
        tf1.train.get_checkpoint_state(str(tmp_path))


def test_restore_errors_name_the_key_and_the_checkpoint(tmp_path):
    _, _, _, path = _saved(str(tmp_path))
    with tf.Graph().as_default():
        wider = tf.Variable([0.0, 0.0, 0.0], name="v")
        other = tf.Variable(0.0, name="other")
        with tf1.Session() as sess:
            with pytest.raises(ValueError, match=r"Cannot restore v from checkpoint .*model: it "
                                                 r"holds float32 \(2,\), but the variable is "
                                                 r"float32 \(3,\)"):
                tf1.train.Saver([wider]).restore(sess, path)
            with pytest.raises(NotFoundError, match=r"(?s)^Restoring from checkpoint failed\..*"
                                                    r"Key other not found in checkpoint"):
                tf1.train.Saver([other]).restore(sess, path)


def test_duplicate_names_are_refused():
    """Eagerly two variables may share a name; a Saver keys values by name, so it refuses."""
    a, b = tf.Variable(1.0, name="same"), tf.Variable(2.0, name="same")
    with pytest.raises(ValueError, match="At least two variables have the same name: same"):
        tf1.train.Saver([a, b])


def test_load_checkpoint_and_checkpoint_interop(tmp_path):
    """A Saver's checkpoint is an engine checkpoint keyed by variable names: load_checkpoint
    reads it; a tf.train.Checkpoint (keys are attribute paths) finds none of its own keys."""
    _, _, _, path = _saved(str(tmp_path))
    reader = tf.train.load_checkpoint(str(tmp_path))
    assert reader.get_variable_to_shape_map() == {"v": [2]}
    np.testing.assert_array_equal(reader.get_tensor("v"), [1.0, 2.0])
    target = tf.Variable([0.0, 0.0])
    status = tf.train.Checkpoint(v=target).restore(path)
    with pytest.raises(AssertionError):
        status.assert_existing_objects_matched()
    np.testing.assert_array_equal(target.numpy(), [0.0, 0.0])
