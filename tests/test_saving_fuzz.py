"""Mutated checkpoint and SavedModel files give only clean, named errors (Hypothesis).

Whatever a file's bytes or JSON values are changed to, loading either works
(the change was harmless) or raises one of the engine's file errors
(DataLossError, NotFoundError, InvalidArgumentError, ResourceExhaustedError)
or, for a checkpoint whose shapes no longer fit, ValueError: never a crash
deep inside NumPy, never code execution (files are JSON and `.npz` read by
our checked `.npy` reader). The larger seeded fuzz of all four formats is
tests/test_saving_fuzz_formats.py.
"""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course.engine as tf

CLEAN = (tf.errors.DataLossError, tf.errors.NotFoundError, tf.errors.InvalidArgumentError,
         tf.errors.ResourceExhaustedError)
FUZZ = settings(max_examples=80, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
        self.steps = tf.Variable(np.int64(3))
        self.words = tf.Variable([b"ab", b"", b"\xff\x00"])   # strings: bytes + lengths

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w))[:, 1:] + 1.0


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    model = Model()
    tf.saved_model.save(model, str(root / "export"))
    tf.train.Checkpoint(model=model).save(str(root / "ckpt" / "ckpt"))
    return root


def _fresh_copy(originals, tmp_path_factory):
    work = tmp_path_factory.mktemp("case")
    shutil.copytree(originals / "export", work / "export")
    shutil.copytree(originals / "ckpt", work / "ckpt")
    return work


def _files(work):
    return sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())


def _use_everything(work):
    loaded = tf.saved_model.load(str(work / "export"))
    loaded(tf.ones([4, 2]))
    status = tf.train.Checkpoint(model=Model()).restore(str(work / "ckpt" / "ckpt-1"))
    try:
        status.assert_existing_objects_matched()
    except AssertionError as e:  # a renamed key: a valid checkpoint of other variables
        assert "had no value in checkpoint" in str(e)


byte_edits = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.just(0)),
)


@FUZZ
@given(which=st.integers(0, 100), edit=byte_edits)
def test_byte_level_mutations_give_clean_errors(originals, tmp_path_factory, which, edit):
    work = _fresh_copy(originals, tmp_path_factory)
    files = _files(work)
    target = work / files[which % len(files)]
    raw = target.read_bytes()
    if edit[0] == "delete":
        os.remove(target)
    else:
        at = int(edit[1] * len(raw))
        if edit[0] == "truncate":
            raw = raw[:at]
        elif edit[0] == "flip":
            at = min(at, len(raw) - 1)
            raw = raw[:at] + bytes([raw[at] ^ edit[2]]) + raw[at + 1:]
        else:
            raw = raw[:at] + edit[2] + raw[at:]
        target.write_bytes(raw)
    try:
        _use_everything(work)
    except CLEAN:
        pass
    except ValueError as e:
        assert "incompatible" in str(e) or "Could not find matching" in str(e), e


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False) |
    st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=3),
    max_leaves=6)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


@FUZZ
@given(which_file=st.booleans(), which=st.integers(0, 10_000), new=json_values)
def test_json_value_mutations_give_clean_errors(originals, tmp_path_factory, which_file, which,
                                                new):
    work = _fresh_copy(originals, tmp_path_factory)
    target = work / ("export/saved_model.json" if which_file else "ckpt/ckpt-1.index")
    document = json.loads(target.read_text())
    paths = list(_paths(document))[1:]
    path = paths[which % len(paths)]
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    target.write_text(json.dumps(document))
    try:
        _use_everything(work)
    except CLEAN:
        pass
    except ValueError as e:
        assert "incompatible" in str(e) or "Could not find matching" in str(e) or \
            "Cannot restore" in str(e), e
