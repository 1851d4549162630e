"""String tf.Variables in checkpoints and SavedModels (saving/string_arrays.py).

TF rules checked (TF 2.21 saves and restores them; the same cases run against it in
tests/differential/test_against_tensorflow_checkpoint_strings.py): a string variable of
any rank round-trips byte for byte (empty strings, NUL and non-UTF-8 bytes), the reader
lists it as tf.string with its shape and `get_tensor` gives `bytes` for rank 0, an
object array of `bytes` otherwise. The engine's own rules: the data file holds numbers
only (NumPy loads it without pickle), and a file whose string lengths do not fit its
bytes gives a DataLossError naming the file before any string is made.
"""
from __future__ import annotations

import hashlib
import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course.engine as tf
from course.engine.saving import string_arrays

KEY = "w/.ATTRIBUTES/VARIABLE_VALUE"
ODD = [[b"a", b""], [b"\x00z\x00", b"\xff\xfe"]]


def test_string_variables_of_every_rank_round_trip_byte_for_byte(tmp_path):
    v, w, e = tf.Variable("hello"), tf.Variable(ODD), tf.Variable(tf.zeros([0], tf.string))
    u = tf.Variable("日本")
    ckpt = tf.train.Checkpoint(v=v, w=w, e=e, u=u)
    path = ckpt.save(str(tmp_path / "ckpt"))
    v.assign("zz"), w.assign([[b"1", b"2"], [b"3", b"4"]]), u.assign("x")
    ckpt.restore(path).assert_consumed()
    assert v.numpy() == b"hello" and w.numpy().tolist() == ODD and e.shape == [0]
    assert u.numpy().decode() == "日本"


def test_the_reader_lists_strings_as_tf_string_and_gives_bytes(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(b"a\x00"), w=tf.Variable(ODD)).save(
        str(tmp_path / "ckpt"))
    reader = tf.train.load_checkpoint(path)
    assert reader.get_variable_to_dtype_map()[KEY] == tf.string
    assert reader.get_variable_to_shape_map()[KEY] == [2, 2]
    assert reader.get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE") == b"a\x00"  # (the NUL kept)
    got = reader.get_tensor(KEY)
    assert got.dtype == object and got.tolist() == ODD


def test_deferred_restoration_of_a_string_variable(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable("saved")).save(str(tmp_path / "ckpt"))
    later = tf.train.Checkpoint()
    later.restore(path)
    later.v = tf.Variable("new")
    assert later.v.numpy() == b"saved"


def test_restoring_a_string_into_a_float_variable_names_both_dtypes(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable("s")).save(str(tmp_path / "ckpt"))
    with pytest.raises(ValueError, match="it holds string, but the variable is float32"):
        tf.train.Checkpoint(v=tf.Variable(1.0)).restore(path)


def test_the_data_file_holds_numbers_only(tmp_path):
    path = tf.train.Checkpoint(w=tf.Variable(ODD)).save(str(tmp_path / "ckpt"))
    with np.load(path + ".data-00000-of-00001", allow_pickle=False) as data:
        assert all(data[name].dtype.kind in "iu" for name in data.files)


def test_a_saved_model_keeps_a_string_variable(tmp_path):
    module = tf.Module()
    module.v = tf.Variable(["a", "bc"])
    module.f = tf.function(lambda: tf.strings.join([module.v[0], module.v[1]]),
                           input_signature=[])
    tf.saved_model.save(module, str(tmp_path / "export"))
    loaded = tf.saved_model.load(str(tmp_path / "export"))
    assert loaded.v.numpy().tolist() == [b"a", b"bc"] and loaded.f().numpy() == b"abc"


def test_pack_and_unpack_are_inverse_and_unpack_checks_the_lengths():
    data, lengths = string_arrays.pack(np.array(ODD, dtype=object))
    assert data.dtype == np.uint8 and lengths.dtype == np.int64 and lengths.shape == (2, 2)
    assert string_arrays.unpack(data, lengths, "here").tolist() == ODD
    for bad in ([[1, 0], [3, 3]], [[1, 0], [3, 1]], [[-1, 0], [3, 4]], [[99, 0], [0, 0]]):
        with pytest.raises(tf.errors.DataLossError, match="here"):
            string_arrays.unpack(data, np.array(bad, np.int64), "here")


def _rewrite(path, index_edit=None, arrays_edit=None):
    """Rewrites a checkpoint's data file (checksum updated, so the checks after it run)."""
    data_path = path + ".data-00000-of-00001"
    with np.load(data_path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    if arrays_edit:
        arrays_edit(arrays)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    raw = buffer.getvalue()
    with open(data_path, "wb") as f:
        f.write(raw)
    index = json.loads(open(path + ".index").read())
    index["data_sha256"] = hashlib.sha256(raw).hexdigest()
    if index_edit:
        index_edit(index["variables"][KEY])
    with open(path + ".index", "w") as f:
        json.dump(index, f)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(lengths=st.lists(st.integers(-2**63, 2**63 - 1), min_size=4, max_size=4),
       declared=st.integers(-5, 2**40), field=st.sampled_from(["lengths", "bytes", "both"]))
def test_hostile_lengths_and_sizes_give_clean_errors(tmp_path_factory, lengths, declared, field):
    path = tf.train.Checkpoint(w=tf.Variable(ODD)).save(str(tmp_path_factory.mktemp("c") / "c"))

    def lengths_edit(arrays):
        name = [n for n in arrays if n.startswith("l")][0]
        arrays[name] = np.array(lengths, np.int64).reshape(2, 2)

    def bytes_edit(entry):
        entry["bytes"] = declared
    try:
        _rewrite(path, bytes_edit if field != "lengths" else None,
                 lengths_edit if field != "bytes" else None)
        restored = tf.Variable([[b""] * 2] * 2)
        tf.train.Checkpoint(w=restored).restore(path)
    except (tf.errors.DataLossError, tf.errors.ResourceExhaustedError):
        return
    # no error: the edit left a consistent file (the lengths add up to the bytes stored)
    assert sum(len(x) for x in restored.numpy().reshape(-1)) == 6


def test_a_damaged_string_entry_in_the_index_is_refused(tmp_path):
    path = tf.train.Checkpoint(w=tf.Variable(ODD)).save(str(tmp_path / "ckpt"))
    _rewrite(path, index_edit=lambda entry: entry.update(lengths="a0"))
    with pytest.raises(tf.errors.DataLossError, match="bad string entry"):
        tf.train.load_checkpoint(path)
