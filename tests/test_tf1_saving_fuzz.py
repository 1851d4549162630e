"""Mutated MetaGraph files and TF1 SavedModels give only clean, named errors (Hypothesis).

As tests/test_saving_fuzz.py does for TF2's files: whatever JSON value of a
MetaGraph file or a TF1 SavedModel's manifest is changed, importing and using
it either works (the change was harmless) or raises one of the engine's file
errors (DataLossError, NotFoundError, InvalidArgumentError,
ResourceExhaustedError), or, where the change renames a tag, a signature or an
input, the error of the lookup that no longer finds it (or of reading the
variable a changed Saver no longer restores, or of feeding a placeholder whose
shape changed); never a crash deep
inside NumPy or the graph builder.
"""
from __future__ import annotations

import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course.engine as tf

tf1 = tf.compat.v1
CLEAN = (tf.errors.DataLossError, tf.errors.NotFoundError, tf.errors.InvalidArgumentError,
         tf.errors.ResourceExhaustedError)
FUZZ = settings(max_examples=120, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """A MetaGraph with a Saver, a cond and a variable, its checkpoint, and a TF1 SavedModel."""
    root = tmp_path_factory.mktemp("tf1fuzz")
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.identity(tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, w),
                                lambda: tf.matmul(x, w) - 1.0), name="y")
        saver = tf1.train.Saver()
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            saver.save(sess, str(root / "ckpt"))   # (writes ckpt.meta too)
            tf1.saved_model.simple_save(sess, str(root / "model"), {"x": x}, {"y": y})
    return root


def _use_everything(work):
    with tf.Graph().as_default():
        saver = tf1.train.import_meta_graph(str(work / "ckpt.meta"))
        with tf1.Session() as sess:
            if saver is not None:
                saver.restore(sess, str(work / "ckpt"))
            sess.run("y:0", {"x:0": [[1.0, 1.0]]})
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], str(work / "model"))
            sig = meta.signature_def["serving_default"]
            sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 1.0]]})
    tf.saved_model.load(str(work / "model")).signatures["serving_default"](
        x=tf.constant([[1.0, 1.0]]))


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
@given(which_file=st.booleans(), which=st.integers(0, 100_000), new=json_values)
def test_json_value_mutations_give_clean_errors(originals, tmp_path_factory, which_file, which,
                                                new):
    work = tmp_path_factory.mktemp("case")
    shutil.copytree(originals, work, dirs_exist_ok=True)
    target = work / ("ckpt.meta" if which_file else os.path.join("model", "saved_model.json"))
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
    except tf.errors.FailedPreconditionError as e:   # the Saver's keys changed: w not restored
        assert "Could not find variable w" in str(e), e
    except RuntimeError as e:   # the tags changed: TF's error for tags not in the SavedModel
        assert "could not be found in SavedModel" in str(e), e
    except KeyError as e:   # a signature key, input, output or node name changed: a lookup
        assert e.args[0] in ("serving_default", "x", "y") or "refers to" in e.args[0], e
    except TypeError as e:   # an input renamed in the signature: the call's keyword is wrong
        assert "Signature expects arguments" in str(e) or "Can not cast" in str(e), e
    except ValueError as e:   # x's shape changed (consistently): the feed no longer fits
        assert "Cannot feed value of shape" in str(e), e
