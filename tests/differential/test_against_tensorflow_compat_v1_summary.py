"""TF1's summaries (tf.compat.v1.summary), graph collections and FileWriter, run on this engine
and on real TensorFlow 2.21: the same Summary messages (bit for bit: tags, simple values, the
histograms' buckets and sums), the same node names, errors and events files.

Each case is a function of the module (`tf`) and a fresh folder; both runs must agree.
"""
from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")
pytest.importorskip("tensorboard")

from .test_against_tensorflow_summary import same_outcome_in_fresh_folders  # noqa: E402



def _parsed(serialized) -> str:
    """A Summary's bytes as its text form (every field, in order)."""
    from tensorboard.compat.proto import summary_pb2
    return str(summary_pb2.Summary.FromString(serialized))


def _events(folder: str) -> list:
    """(step, what, detail) of every event written under `folder`, in file order."""
    from tensorboard.backend.event_processing import event_file_loader
    out = []
    for name in sorted(os.listdir(folder)):
        for event in event_file_loader.LegacyEventFileLoader(os.path.join(folder, name)).Load():
            if event.HasField("summary"):
                out.append((event.step, "summary", str(event.summary)))
            elif event.HasField("graph_def"):
                from tensorboard.compat.proto import graph_pb2
                graph = graph_pb2.GraphDef.FromString(event.graph_def)
                out.append((event.step, "graph", sorted((n.name, n.op) for n in graph.node)))
            elif event.HasField("meta_graph_def"):
                out.append((event.step, "meta_graph", None))
            else:
                out.append((event.step, "other", event.WhichOneof("what")))
    # (TF also writes a MetaGraphDef with the graph: the engine's graphs are written without it)
    return [e for e in out if e[1] != "meta_graph"]


def scalars_histograms_and_merge_all_in_a_session(tf, root):
    """Node names are the summaries' scopes, tags too (family prefixes its scope again);
    merge_all merges the SUMMARIES collection; the histogram has TF1's buckets."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None])
        s1 = tf1.summary.scalar("loss", tf.reduce_mean(x))
        with tf.name_scope("train"):
            s2 = tf1.summary.scalar("loss", tf.reduce_max(x))
            s3 = tf1.summary.histogram("values", x)
        s4 = tf1.summary.scalar("loss", 2.0, family="fam")
        s5 = tf1.summary.scalar("loss", tf.constant(3))        # (an int: a float value)
        merged = tf1.summary.merge_all()
        names = [s.name for s in (s1, s2, s3, s4, s5, merged)]
        collected = tf1.get_collection(tf1.GraphKeys.SUMMARIES) == [s1, s2, s3, s4, s5]
        with tf1.Session() as sess:
            out = sess.run(merged, {x: [0.5, -1.25, 3.0, 1e-13, 0.0, 7e20, -2.5]})
            empty = sess.run(tf1.summary.histogram("empty", tf.zeros([0])))
    return names, collected, type(out).__name__, _parsed(out), _parsed(empty)


def histogram_of_many_values(tf, root):
    """Buckets of 10% width over 12 decades: values of every size and sign, as float64."""
    tf1 = tf.compat.v1
    values = np.random.default_rng(3).standard_normal(1000) * np.logspace(-8, 8, 1000)
    with tf.Graph().as_default():
        h = tf1.summary.histogram("w", tf.constant(values))
        with tf1.Session() as sess:
            return _parsed(sess.run(h))


def kernels_refuse_what_tf_refuses(tf, root):
    """Shapes that differ, nan, inf and a tag twice: the kernels' InvalidArgumentErrors."""
    tf1 = tf.compat.v1
    out = []
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, None)
        a, h = tf1.summary.scalar("a", x), tf1.summary.histogram("h", x)
        twice = tf1.summary.merge([a, a])
        with tf1.Session() as sess:
            for fetch, feed in ((a, [1.0, 2.0]), (h, [np.nan]), (h, [np.inf]), (twice, 1.0)):
                try:
                    sess.run(fetch, {x: feed})
                except tf.errors.InvalidArgumentError as e:
                    words = [w for w in ("tags and values are not the same shape: [] != [2] "
                                         "(tag 'a')", "Nan in summary histogram for: h",
                                         "Infinity in Histogram for: h",
                                         "Duplicate tag a found in summary inputs")
                             if w in e.message]
                    out.append((type(e).__name__, words))
    return out


def eagerly_without_a_writer_the_kernel_runs(tf, root):
    """TF 2: no default writer, so a warning and the Summary's bytes as a string tensor."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = tf.compat.v1.summary.scalar("eager", 1.0)
    return value.dtype.name, _parsed(value.numpy()), [str(w.message) for w in caught]


def eagerly_with_a_writer_and_a_step_it_is_tf_summary(tf, root):
    """TF 2 forwards to tf.summary (v2 events) and returns b""."""
    writer = tf.summary.create_file_writer(root)
    with writer.as_default(step=7):
        a = tf.compat.v1.summary.scalar("eager", 1.5)
        b = tf.compat.v1.summary.histogram("h", [1.0, 2.0], family="fam")
        with tf.name_scope("outer"):
            tf.compat.v1.summary.scalar("inner", 2.0)
    writer.flush()
    from .test_against_tensorflow_summary import _events as v2_events
    return a.numpy(), b.numpy(), v2_events(root)


def merging_or_a_file_writer_eagerly_is_refused(tf, root):
    out = []
    for call in (lambda: tf.compat.v1.summary.merge_all(),
                 lambda: tf.compat.v1.summary.merge([]),
                 lambda: tf.compat.v1.summary.FileWriter(root)):
        try:
            call()
        except RuntimeError as e:
            out.append(str(e))
    return out


def a_file_writer_writes_the_graph_and_summaries(tf, root):
    """FileWriter(logdir, graph): the graph first, then one event per add_summary, with its
    step; bytes from a session and a Summary message alike; nothing written after close."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        x = tf1.placeholder(tf.float32, [None], name="x")
        tf1.summary.scalar("mean", tf.reduce_mean(x))
        merged = tf1.summary.merge_all()
        with tf1.Session() as sess, tf1.summary.FileWriter(root, graph) as writer:
            for step in range(2):
                writer.add_summary(sess.run(merged, {x: [step, 2.0]}), global_step=step)
            writer.add_summary(tf1.Summary(value=[tf1.Summary.Value(tag="by_hand",
                                                                     simple_value=0.25)]), 5)
            logdir = writer.get_logdir() == root
    # (one events file; TF1 names it without the pid and counter TensorBoard's writer adds)
    return logdir, len(os.listdir(root)), [e for e in _events(root) if e[1] != "graph"], \
        [e[0] for e in _events(root) if e[1] == "graph"]


def collections_of_the_default_graph(tf, root):
    tf1 = tf.compat.v1
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0, name="v")
        w = tf.Variable(2.0, name="w", trainable=False)
        c = tf.constant(3.0, name="c")
        tf1.add_to_collection("mine", c)
        tf1.add_to_collections(["a", "b", "a"], c)
        ref = tf1.get_collection_ref("mine")
        ref.append(c)
        return ([x.name for x in tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES)],
                [x.name for x in tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES)],
                [x.name for x in tf1.get_collection("mine")], len(g.get_collection("a")),
                tf1.get_collection("nothing"), [x.name for x in g.get_collection("mine", "c")],
                [x.name for x in tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES, "w")],
                tf1.GraphKeys.SUMMARIES, tf1.GraphKeys.GLOBAL_VARIABLES, v.name, w.name)


def tf_summary_in_a_tf1_graph_with_a_session(tf, root):
    """TF's TensorBoard migration guide: tf.summary in a TF1 graph, run through
    all_v2_summary_ops, writer.init() and a flush op; each run writes that run's step."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default() as g:
        step = tf.Variable(0, dtype=tf.int64)
        step_update = step.assign_add(1)
        writer = tf.summary.create_file_writer(root)
        with writer.as_default():
            tf.summary.scalar("my_metric", 0.5, step=step)
        summaries, flush = tf1.summary.all_v2_summary_ops(), writer.flush()
    with tf1.Session(graph=g) as sess:
        sess.run([writer.init(), step.initializer])
        for _ in range(3):
            sess.run(summaries)
            sess.run(step_update)
            sess.run(flush)
    from .test_against_tensorflow_summary import _events as v2_events
    return len(summaries), flush.type, v2_events(root), tf1.summary.all_v2_summary_ops()


def a_string_scalar_is_fetched_as_bytes(tf, root):
    with tf.Graph().as_default():
        fetched = tf.compat.v1.Session().run([tf.constant(b"x"), tf.constant([b"a"])])
    return [(type(f).__name__, np.asarray(f).tolist()) for f in fetched]


CASES = [scalars_histograms_and_merge_all_in_a_session, histogram_of_many_values,
         kernels_refuse_what_tf_refuses, eagerly_without_a_writer_the_kernel_runs,
         eagerly_with_a_writer_and_a_step_it_is_tf_summary,
         merging_or_a_file_writer_eagerly_is_refused, a_file_writer_writes_the_graph_and_summaries,
         collections_of_the_default_graph, tf_summary_in_a_tf1_graph_with_a_session,
         a_string_scalar_is_fetched_as_bytes]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_same_outcome_as_tensorflow(case, tmp_path):
    same_outcome_in_fresh_folders(case, tmp_path)
