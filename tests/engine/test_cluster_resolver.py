"""TFConfigClusterResolver reads TF_CONFIG when asked; ClusterSpec is the table of jobs."""
from __future__ import annotations

import json

import pytest

import course.engine as tf


def test_resolver_follows_tf_config_as_it_changes(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    assert (resolver.task_type, resolver.task_id, resolver.master()) == (None, None, "")
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["a:1", "b:2"]},
                                                "task": {"type": "worker", "index": 1},
                                                "rpc_layer": "grpc"}))
    assert (resolver.task_type, resolver.task_id) == ("worker", 1)
    assert resolver.master() == "grpc://b:2"


def test_cluster_spec_with_gaps_in_task_indices_is_a_dict():
    spec = tf.train.ClusterSpec({"ps": {0: "p:0", 2: "p:2"}, "worker": ["w:0"]})
    assert spec.as_dict() == {"ps": {0: "p:0", 2: "p:2"}, "worker": ["w:0"]}
    assert spec.task_indices("ps") == [0, 2]
    with pytest.raises(ValueError, match="No such job in cluster: 'chief'"):
        spec.num_tasks("chief")


def test_multi_worker_strategy_refuses_a_cluster_of_several_workers(monkeypatch):
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["a:1", "b:2"]},
                                                "task": {"type": "worker", "index": 0}}))
    with pytest.raises(NotImplementedError, match="several workers in TF_CONFIG"):
        tf.distribute.MultiWorkerMirroredStrategy()


def test_only_multi_worker_strategy_has_a_resolver(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    assert tf.distribute.MirroredStrategy(["cpu:0"]).cluster_resolver is None
    resolver = tf.distribute.MultiWorkerMirroredStrategy().cluster_resolver
    assert isinstance(resolver, tf.distribute.cluster_resolver.TFConfigClusterResolver)
