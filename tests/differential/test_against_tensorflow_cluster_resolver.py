"""tf.distribute.cluster_resolver.TFConfigClusterResolver and tf.train.ClusterSpec: the engine
and TF 2.21 read TF_CONFIG alike (the multi_worker_with_keras tutorial's `_is_chief` reads
`strategy.cluster_resolver.task_type` and `task_id`)."""
from __future__ import annotations

import json
import os

import pytest

from .tf_compare import Cases, check

cases = Cases()

_CONFIG = {"cluster": {"worker": ["localhost:12345", "localhost:23456"], "chief": ["h:1"]},
           "task": {"type": "worker", "index": 1}, "rpc_layer": "grpc"}


def _with_tf_config(config, fn):
    saved = os.environ.pop("TF_CONFIG", None)
    if config is not None:
        os.environ["TF_CONFIG"] = json.dumps(config)
    try:
        return fn()
    finally:
        os.environ.pop("TF_CONFIG", None)
        if saved is not None:
            os.environ["TF_CONFIG"] = saved


@cases("no TF_CONFIG: no cluster, task type and id None, master ''")
def _(tf):
    r = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    return _with_tf_config(None, lambda: (r.task_type, r.task_id, repr(r.cluster_spec()),
                                          r.rpc_layer, r.master()))


@cases("TF_CONFIG read when asked: task, cluster (printed sorted), rpc_layer in master()")
def _(tf):
    r = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    return _with_tf_config(_CONFIG, lambda: (r.task_type, r.task_id, repr(r.cluster_spec()),
                                             r.rpc_layer, r.master(),
                                             r.cluster_spec().as_dict()))


@cases("explicit task_type and task_id win over TF_CONFIG")
def _(tf):
    r = tf.distribute.cluster_resolver.TFConfigClusterResolver(task_type="chief", task_id=0)
    return _with_tf_config(_CONFIG, lambda: (r.task_type, r.task_id, r.master()))


@cases("ClusterSpec: jobs in order given, num_tasks, task_address, task_indices, bool, ==")
def _(tf):
    spec = tf.train.ClusterSpec(_CONFIG["cluster"])
    return (spec.jobs, spec.num_tasks("worker"), spec.task_address("worker", 1),
            spec.task_indices("worker"), bool(spec), bool(tf.train.ClusterSpec({})),
            spec == tf.train.ClusterSpec(dict(_CONFIG["cluster"])))


@cases("ClusterSpec: an unknown job is TF's ValueError")
def _(tf):
    tf.train.ClusterSpec({"worker": ["a:1"]}).num_tasks("ps")


@cases("MultiWorkerMirroredStrategy without TF_CONFIG: a resolver with no task; others None")
def _(tf):
    def read():
        r = tf.distribute.MultiWorkerMirroredStrategy().cluster_resolver
        return (type(r).__name__, r.task_type, r.task_id, repr(r.cluster_spec()),
                tf.distribute.get_strategy().cluster_resolver if hasattr(
                    tf.distribute.get_strategy(), "cluster_resolver") else "none")
    return _with_tf_config(None, read)


@pytest.mark.parametrize("fn,compare_message,rtol", cases.params)
def test_cluster_resolver(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
