"""`tf.distribute.cluster_resolver`: where the machines of a training cluster are, read from
the TF_CONFIG environment variable, and `tf.train.ClusterSpec`, the table of them.

    >>> os.environ["TF_CONFIG"] = json.dumps({"cluster": {"worker": ["host1:2222", "host2:2222"]},
    ...                                       "task": {"type": "worker", "index": 1}})
    >>> resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    >>> resolver.task_type, resolver.task_id, resolver.cluster_spec().num_tasks("worker")
    ('worker', 1, 2)

As in TF, the resolver reads TF_CONFIG each time it is asked, so a change of the
variable shows at once; without it there is no cluster (`ClusterSpec({})`, task
type and id None): one worker, what `MultiWorkerMirroredStrategy()` then runs as.
The engine runs one worker only (see strategy.py), so nothing here connects anywhere.
"""
from __future__ import annotations

import collections
import json
import os

__all__ = ["ClusterResolver", "TFConfigClusterResolver"]   # (ClusterSpec is tf.train's)


class ClusterSpec:
    """Jobs (worker, chief, ps, ...) and their tasks' addresses. Mirrors `tf.train.ClusterSpec`."""

    def __init__(self, cluster):
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if not isinstance(cluster, dict):
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to "
                            "(i) a list of network addresses, or (ii) a dictionary mapping "
                            "integer task indices to network addresses; or a ClusterSpec")
        self._jobs = {}
        for job, tasks in cluster.items():
            if not isinstance(job, str):
                raise TypeError(f"Job name {job!r} must be a string")
            self._jobs[job] = (dict(tasks) if isinstance(tasks, dict)
                               else dict(enumerate(tasks)))

    def as_dict(self) -> dict:
        """Each job's addresses: a list when its task indices are 0..n-1, else a dict."""
        out = {}
        for job, tasks in self._jobs.items():
            indices = sorted(tasks)
            out[job] = [tasks[i] for i in indices] if indices == list(range(len(indices))) \
                else dict(tasks)
        return out

    @property
    def jobs(self) -> list:
        return list(self._jobs)

    def _tasks(self, job_name: str) -> dict:
        if job_name not in self._jobs:
            raise ValueError(f"No such job in cluster: {job_name!r}")
        return self._jobs[job_name]

    def num_tasks(self, job_name: str) -> int:
        return len(self._tasks(job_name))

    def task_indices(self, job_name: str) -> list:
        return sorted(self._tasks(job_name))

    def task_address(self, job_name: str, task_index: int) -> str:
        tasks = self._tasks(job_name)
        if task_index not in tasks:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}")
        return tasks[task_index]

    def __bool__(self) -> bool:
        return bool(self._jobs)

    def __eq__(self, other) -> bool:
        return isinstance(other, ClusterSpec) and self.as_dict() == other.as_dict()

    def __repr__(self) -> str:
        # (TF prints the jobs sorted by name)
        jobs = ", ".join(f"{job!r}: {tasks!r}" for job, tasks in sorted(self.as_dict().items()))
        return f"ClusterSpec({{{jobs}}})"


class ClusterResolver:
    """What every cluster resolver answers (TF's abstract base class)."""

    task_type = None
    task_id = None
    rpc_layer = None
    environment = None

    def cluster_spec(self) -> ClusterSpec:
        raise NotImplementedError("cluster_spec: a ClusterResolver subclass says it")

    def master(self, task_type=None, task_id=None, rpc_layer=None) -> str:
        raise NotImplementedError("master: a ClusterResolver subclass says it")

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        """Accelerators per type on this machine: none (the engine runs on the CPU)."""
        return collections.defaultdict(int)


def _tf_config() -> dict:
    text = os.environ.get("TF_CONFIG")
    return json.loads(text) if text else {}   # (malformed JSON: json's own error, as TF)


class TFConfigClusterResolver(ClusterResolver):
    """The cluster TF_CONFIG describes. Mirrors `tf.distribute.cluster_resolver.
    TFConfigClusterResolver`; explicit `task_type`, `task_id`, `rpc_layer` win over it."""

    def __init__(self, task_type=None, task_id=None, rpc_layer=None, environment=None):
        self._task_type, self._task_id = task_type, task_id
        self._rpc_layer, self._environment = rpc_layer, environment

    @property
    def task_type(self):
        if self._task_type is not None:
            return self._task_type
        task = _tf_config().get("task", {})
        return str(task["type"]) if "type" in task else None

    @task_type.setter
    def task_type(self, value):
        self._task_type = value

    @property
    def task_id(self):
        if self._task_id is not None:
            return self._task_id
        task = _tf_config().get("task", {})
        return int(task["index"]) if "index" in task else None

    @task_id.setter
    def task_id(self, value):
        self._task_id = value

    @property
    def rpc_layer(self):
        return self._rpc_layer if self._rpc_layer is not None else _tf_config().get("rpc_layer")

    @rpc_layer.setter
    def rpc_layer(self, value):
        self._rpc_layer = value

    @property
    def environment(self):
        return self._environment if self._environment is not None else \
            _tf_config().get("environment")

    def cluster_spec(self) -> ClusterSpec:
        return ClusterSpec(_tf_config().get("cluster", {}))

    def master(self, task_type=None, task_id=None, rpc_layer=None) -> str:
        """The address of a task (this one by default), prefixed by the RPC layer."""
        task_type = self.task_type if task_type is None else task_type
        task_id = self.task_id if task_id is None else task_id
        spec = self.cluster_spec()
        if task_type is None or task_id is None or not spec:
            return ""
        address = spec.task_address(task_type, task_id)
        layer = rpc_layer or self.rpc_layer
        return f"{layer}://{address}" if layer else address


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from .. import unsupported
    return unsupported.missing("distribute.cluster_resolver", __name__, name)
