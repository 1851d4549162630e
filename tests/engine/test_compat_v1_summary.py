"""TF1's summaries, collections and FileWriter (tf.compat.v1.summary): the kernels' messages
by hand, the TF 2 forwarding rule, and an events file TensorBoard reads back."""
from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

import course.engine as tf

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing import event_file_loader  # noqa: E402
from tensorboard.compat.proto import summary_pb2  # noqa: E402

tf1 = tf.compat.v1


def _run(fetch, feed=None):
    with tf1.Session() as sess:
        return summary_pb2.Summary.FromString(sess.run(fetch, feed))


def test_a_scalar_summary_is_a_string_node_named_and_tagged_by_its_scope():
    with tf.Graph().as_default():
        first = tf1.summary.scalar("loss", 1.5)
        second = tf1.summary.scalar("loss", 2.0)
        assert (first.name, second.name, first.dtype) == ("loss:0", "loss_1:0", tf.string)
        assert [(v.tag, v.simple_value) for v in _run(second).value] == [("loss_1", 2.0)]


def test_histogram_buckets_are_tf1s_ten_percent_buckets_with_empty_runs_merged():
    """TF1's limits: +-1e-12 * 1.1**k up to 1e20, 0 between; a value lands in the first bucket
    whose limit is above it; runs of empty buckets are sent as one (ending at the run's end)."""
    with tf.Graph().as_default():
        h = _run(tf1.summary.histogram("h", tf.constant([1.0, 1.0, -3.0]))).value[0].histo
    assert (h.min, h.max, h.num, h.sum, h.sum_squares) == (-3.0, 1.0, 3.0, -1.0, 11.0)
    counts = dict(zip(h.bucket_limit, h.bucket))
    one = next(limit for limit in h.bucket_limit if limit > 1.0)   # the bucket holding 1.0
    assert counts[one] == 2.0 and sum(h.bucket) == 3.0
    assert one == pytest.approx(1.0, rel=0.1) and h.bucket_limit[-1] == np.finfo(np.float64).max
    assert all(c > 0 for c in h.bucket[1::2])  # (non-empty buckets between merged empty runs)


def test_kernels_refuse_nan_infinity_unequal_shapes_and_a_tag_twice():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, None)
        histogram, scalar = tf1.summary.histogram("h", x), tf1.summary.scalar("s", x)
        for fetch, feed, words in ((histogram, [np.nan], "Nan in summary histogram for: h"),
                                   (histogram, [np.inf], "Infinity in Histogram for: h"),
                                   (scalar, [1.0, 2.0], "tags and values are not the same shape"),
                                   (tf1.summary.merge([scalar, scalar]), 1.0,
                                    "Duplicate tag s found")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=words):
                _run(fetch, {x: feed})


def test_merge_all_merges_the_summaries_collection_in_order():
    with tf.Graph().as_default():
        assert tf1.summary.merge_all() is None   # (nothing to merge)
        tf1.summary.scalar("a", 1.0)
        tf1.summary.scalar("b", 2.0, collections=["other"])
        tf1.summary.histogram("c", [1.0])
        assert [v.tag for v in _run(tf1.summary.merge_all()).value] == ["a", "c"]
        assert [v.tag for v in _run(tf1.summary.merge_all("other")).value] == ["b"]


def test_eagerly_a_writer_and_a_step_forward_to_tf_summary(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        alone = tf1.summary.scalar("x", 1.0)   # no writer: the kernel's bytes, and a warning
    assert summary_pb2.Summary.FromString(alone.numpy()).value[0].simple_value == 1.0
    assert "default summary writer not found" in str(caught[0].message)
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=3):
        assert tf1.summary.scalar("x", 2.0).numpy() == b""
    writer.flush()
    tags = [(e.step, v.tag) for name in os.listdir(tmp_path) for e in
            event_file_loader.LegacyEventFileLoader(str(tmp_path / name)).Load()
            for v in e.summary.value]
    assert tags == [(3, "x")]


def test_merging_or_file_writers_are_refused_eagerly():
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        tf1.summary.merge_all()
    with pytest.raises(RuntimeError, match="Use `tf.summary.create_file_writer`"):
        tf1.summary.FileWriter("unused")


def test_a_file_writer_writes_the_graph_then_each_summary_with_its_step(tmp_path):
    with tf.Graph().as_default() as graph:
        x = tf1.placeholder(tf.float32, [None], name="x")
        tf1.summary.scalar("mean", tf.reduce_mean(x))
        merged = tf1.summary.merge_all()
        with tf1.Session() as sess, tf1.summary.FileWriter(str(tmp_path), sess.graph) as writer:
            for step in range(3):
                writer.add_summary(sess.run(merged, {x: [step, 1.0]}), global_step=step)
    (name,) = os.listdir(tmp_path)
    events = list(event_file_loader.LegacyEventFileLoader(str(tmp_path / name)).Load())
    kinds = [e.WhichOneof("what") for e in events]
    assert kinds == ["file_version", "graph_def", "summary", "summary", "summary"]
    assert [(e.step, e.summary.value[0].simple_value) for e in events[2:]] == \
        [(0, 0.5), (1, 1.0), (2, 1.5)]
    assert graph.get_operation_by_name("x") is not None


def test_collections_hold_what_was_added_and_the_variables():
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0, name="v")
        frozen = tf.Variable(2.0, name="frozen", trainable=False)
        tf1.add_to_collections(["mine", "mine", "yours"], v)
        assert tf1.get_collection("mine") == [v] and g.get_collection("yours") == [v]
        assert tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES) == [v, frozen]
        assert tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES) == [v]
        assert tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES, scope="fro") == [frozen]
        tf1.get_collection_ref("mine").clear()
        assert tf1.get_collection("mine") == [] and g.get_all_collection_keys() == ["yours"]


def test_a_session_fetches_a_string_scalar_as_bytes():
    with tf.Graph().as_default():
        assert tf1.Session().run(tf.constant(b"abc")) == b"abc"


def test_tf_summary_in_a_tf1_graph_runs_through_all_v2_summary_ops_and_a_flush_op(tmp_path):
    """TF's migration guide: tf.summary ops made in a TF1 graph are filed for
    all_v2_summary_ops; writer.init() and writer.flush() are ops a session runs."""
    with tf.Graph().as_default() as g:
        step = tf.Variable(0, dtype=tf.int64)
        step_update = step.assign_add(1)
        writer = tf.summary.create_file_writer(str(tmp_path))
        with writer.as_default():
            tf.summary.scalar("metric", 0.5, step=step)
        summaries, flush = tf1.summary.all_v2_summary_ops(), writer.flush()
        assert len(summaries) == 1 and flush.type == "FlushSummaryWriter"
    with tf1.Session(graph=g) as sess:
        sess.run([writer.init(), step.initializer])
        for _ in range(3):
            sess.run(summaries)
            sess.run(step_update)
            sess.run(flush)
    (name,) = os.listdir(tmp_path)
    events = list(event_file_loader.LegacyEventFileLoader(str(tmp_path / name)).Load())
    assert [(e.step, e.summary.value[0].tag) for e in events[1:]] == \
        [(0, "metric"), (1, "metric"), (2, "metric")]
    assert tf1.summary.all_v2_summary_ops() is None   # (eagerly, as TF)
