"""`tf.distribute.Strategy` and the strategies of one machine: Mirrored, OneDevice, the default.

A strategy runs a step once per *replica* and combines what the replicas
computed. On this engine every replica runs on the one CPU, one after another
(replica.py): a faithful simulation of synchronous training on several
devices, with TF's results, not TF's speed.

    >>> cpu = tf.config.list_physical_devices("CPU")[0]
    >>> tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    >>> strategy = tf.distribute.MirroredStrategy()      # one replica per logical CPU
    >>> strategy.num_replicas_in_sync
    2
    >>> with strategy.scope():
    ...     v = tf.Variable(1.0)                          # a MirroredVariable
    >>> per_replica = strategy.run(lambda: v * 2)
    >>> strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)
    <tf.Tensor: shape=(), dtype=float32, numpy=4.0>
"""
from __future__ import annotations

import contextlib

from .. import devices as _devices
from ..graph.core import executing_eagerly
from ..ops import array_ops as _array
from ..ops import math_ops as _math
from ..ops import reduce_ops as _reduce
from ..tensor import convert_to_tensor
from . import context
from .input import DistributedDataset, DistributedDatasetsFromFunction, InputContext
from .replica import ReplicaContext, run_replicas
from .values import DistributedValues, PerReplica, ReduceOp, local_values, select_replica

__all__ = ["Strategy", "MirroredStrategy", "OneDeviceStrategy", "MultiWorkerMirroredStrategy",
           "CentralStorageStrategy", "ValueContext"]

# TF's error for scope() or run() in a replica (inside the function `run` runs)
_NEEDS_CROSS_REPLICA = ("Method requires being in cross-replica context, use "
                        "get_replica_context().merge_call()")


def canonical_device(name: str) -> str:
    """"cpu:1", "/cpu:1", "/device:CPU:1" -> "/job:localhost/replica:0/task:0/device:CPU:1"."""
    _devices._check_spec(str(name))
    kind, index = "CPU", "0"
    for part in (p for p in str(name).split("/") if p):
        if part.startswith(("job:", "replica:", "task:")):
            continue
        fields = part.split(":")[1:] if part.startswith("device:") else part.split(":")
        kind, index = fields[0].upper(), (fields[1] if len(fields) > 1 else "0")
    return f"/job:localhost/replica:0/task:0/device:{kind}:{index}"


class Strategy:
    """Runs computations once per replica. Mirrors `tf.distribute.Strategy` (see the module)."""

    _mirrors_variables = False  # MirroredStrategy: tf.Variable in its scope is a MirroredVariable

    def __init__(self, devices: tuple):
        self._devices = devices

    @property
    def cluster_resolver(self):
        """The cluster this strategy runs on: None but for MultiWorkerMirroredStrategy."""
        return None

    @property
    def num_replicas_in_sync(self) -> int:
        return len(self._devices)

    # -- contexts -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def scope(self):
        """Enters this strategy's cross-replica context: variables made here are distributed."""
        if context.current_replica_id() is not None:
            raise RuntimeError(_NEEDS_CROSS_REPLICA)
        current = context.get_strategy()
        if context.has_strategy() and current is not self:
            raise RuntimeError("Mixing different tf.distribute.Strategy objects: "
                             f"{current} is not {self}")
        context.push(self, None)
        try:
            yield self
        finally:
            context.pop()

    def _replica_context(self, replica_id: int) -> ReplicaContext:
        return ReplicaContext(self, replica_id)

    # -- running a step -------------------------------------------------------------------------
    def run(self, fn, args=(), kwargs=None, options=None):
        """Calls `fn(*args, **kwargs)` once per replica; returns the results regrouped.

        PerReplica arguments are unpacked: replica i receives its own value.
        Results that differ between replicas come back as `PerReplica`.
        Inside a tf.function, `fn` is traced once per replica into its graph.
        """
        if context.current_replica_id() is not None:
            raise RuntimeError(_NEEDS_CROSS_REPLICA)
        with self.scope():
            # Inside a tf.function each replica's function is traced into the graph in turn,
            # as TF traces it once per replica (replica.py)
            return run_replicas(self, fn, tuple(args), dict(kwargs or {}),
                                traced=not executing_eagerly())

    # -- combining the replicas' values ---------------------------------------------------------
    def reduce(self, reduce_op, value, axis=None):
        """One tensor from a per-replica value: SUM or MEAN over the replicas (and over `axis`).

        With `axis`, each replica's value is first reduced along that axis; MEAN
        then divides by the number of elements of all replicas (TF's rule: the
        mean of the global batch, however it was split).
        """
        reduce_op = ReduceOp.of(reduce_op)
        if not isinstance(value, DistributedValues) and not hasattr(value, "_components"):
            value = convert_to_tensor(value)
            if reduce_op is ReduceOp.SUM and self.num_replicas_in_sync > 1:
                raise ValueError(f"A non-DistributedValues value {value!s} cannot be reduced with "
                                 f"the given reduce op {reduce_op}.")
        values = [convert_to_tensor(v) for v in local_values(value)]
        if axis is None:
            return self._combine(reduce_op, values)
        total = self._combine(ReduceOp.SUM, [_reduce.reduce_sum(v, axis=axis) for v in values])
        if reduce_op is ReduceOp.SUM:
            return total
        # (counted with ops: inside a tf.function the replicas' batch sizes are unknown)
        counts = [_array.cast(_array.shape(v)[axis], total.dtype) for v in values]
        return _math.truediv(total, counts[0] if len(counts) == 1 else _math.add_n(counts))

    def _combine(self, reduce_op: ReduceOp, values: list):
        """SUM or MEAN of one tensor per replica (TF: MEAN is the sum divided, a truediv)."""
        total = values[0] if len(values) == 1 else _math.add_n(values)
        if reduce_op is ReduceOp.SUM or len(values) == 1:
            return total
        return _math.truediv(total, _array.cast(len(values), total.dtype))

    def _reduce_structure(self, reduce_op: ReduceOp, values: list):
        """`values[i]` is replica i's structure of tensors: one combined structure."""
        first = values[0]
        if isinstance(first, (list, tuple)):
            items = [self._reduce_structure(reduce_op, [v[k] for v in values])
                     for k in range(len(first))]
            return first._make(items) if hasattr(first, "_fields") else type(first)(items)
        if isinstance(first, dict):
            return {k: self._reduce_structure(reduce_op, [v[k] for v in values]) for k in first}
        return self._combine(reduce_op, [convert_to_tensor(v) for v in values])

    def gather(self, value, axis: int):
        """The replicas' values concatenated along `axis`. Mirrors `Strategy.gather`."""
        values = [convert_to_tensor(v) for v in local_values(value)]
        if any(v.shape.rank == 0 for v in values):
            raise ValueError("strategy.gather concatenates the replicas' values along `axis`: "
                             "they need at least one dimension (these are scalars; "
                             "tf.expand_dims them first).")
        return values[0] if len(values) == 1 else _array.concat(values, axis=axis)

    def experimental_local_results(self, value) -> tuple:
        """The values of each replica, as a tuple (a structure: one structure per replica)."""
        if isinstance(value, (list, tuple, dict)):
            return tuple(select_replica(value, i) for i in range(self.num_replicas_in_sync))
        return tuple(local_values(value))

    # -- input ----------------------------------------------------------------------------------
    def experimental_distribute_dataset(self, dataset, options=None) -> DistributedDataset:
        """Each global batch of `dataset` split into one batch per replica (see input.py)."""
        return DistributedDataset(dataset, self.num_replicas_in_sync)

    def distribute_datasets_from_function(self, dataset_fn,
                                          options=None) -> DistributedDatasetsFromFunction:
        """`dataset_fn(input_context)`'s elements dealt out to the replicas in turn (see input.py).

        `input_context` is a `tf.distribute.InputContext`: one input pipeline
        (one worker) here, and `get_per_replica_batch_size(global_batch_size)`.
        """
        dataset = dataset_fn(InputContext(1, 0, self.num_replicas_in_sync))
        return DistributedDatasetsFromFunction(dataset, self.num_replicas_in_sync)

    def experimental_distribute_values_from_function(self, value_fn):
        """A PerReplica of `value_fn(ctx)` for each replica (ctx: replica_id_in_sync_group, ...)."""
        values = [value_fn(ValueContext(i, self.num_replicas_in_sync))
                  for i in range(self.num_replicas_in_sync)]
        return values[0] if len(values) == 1 else PerReplica(values)

    @property
    def extended(self):
        raise NotImplementedError("Strategy.extended (tf.distribute.StrategyExtended) is not part "
                                  "of this engine (see docs/engine-api.md)")


class ValueContext:
    """What `experimental_distribute_values_from_function` passes. Mirrors TF's ValueContext."""

    def __init__(self, replica_id_in_sync_group: int = 0, num_replicas_in_sync: int = 1):
        self.replica_id_in_sync_group = replica_id_in_sync_group
        self.num_replicas_in_sync = num_replicas_in_sync


class MirroredStrategy(Strategy):
    """Synchronous replicas, one per device, with mirrored variables. Mirrors TF's class.

    `devices`: names such as "cpu:0", "/cpu:1", "/device:CPU:0"; by default
    (None, or an empty list as TF's `devices or all_local_devices()`) every
    logical CPU (`tf.config.set_logical_device_configuration` makes several,
    as TF's guides do to practise on one machine). `cross_device_ops` (see
    cross_device_ops.py) is accepted and kept: it changes TF's speed on GPUs,
    not its sums.
    """

    _mirrors_variables = True

    def __init__(self, devices=None, cross_device_ops=None):
        self._cross_device_ops = cross_device_ops
        if not devices:  # TF: `devices or all_local_devices()` (the GPU guide passes [] here)
            devices = [d.name for d in _devices.list_logical_devices("CPU")]
        names = tuple(canonical_device(d) for d in devices)
        if not names:
            raise ValueError("Got an empty `devices` list and unable to recognize any local "
                             "devices.")
        if len(set(names)) != len(names):
            raise AssertionError(f"No duplicates allowed in `devices` argument: {names}")
        super().__init__(names)


class MultiWorkerMirroredStrategy(MirroredStrategy):
    """Synchronous training on several machines. Mirrors `tf.distribute.MultiWorkerMirroredStrategy`.

    Without a cluster (no TF_CONFIG, no `cluster_resolver`) TF runs it as one
    worker whose replicas are its GPUs, or its first CPU alone: here one
    replica on "/device:CPU:0", however many logical CPUs there are.
    `communication_options` (tf.distribute.experimental.CommunicationOptions)
    is checked and kept; several workers are not part of this engine.
    """

    def __init__(self, cluster_resolver=None, communication_options=None):
        from .experimental import CommunicationOptions
        if cluster_resolver is not None:
            raise NotImplementedError("MultiWorkerMirroredStrategy with a cluster_resolver (several "
                                      "workers) is not part of this engine (see "
                                      "docs/engine-api-distribute.md): leave it None for one worker.")
        if communication_options is None:
            communication_options = CommunicationOptions()
        if not isinstance(communication_options, CommunicationOptions):
            raise ValueError("communication_options must be an instance of "
                             "tf.distribute.experimental.CommunicationOptions")
        self._communication_options = communication_options
        from .cluster_resolver import TFConfigClusterResolver
        self._cluster_resolver = TFConfigClusterResolver()
        spec = self._cluster_resolver.cluster_spec()
        if sum(spec.num_tasks(job) for job in spec.jobs if job in ("chief", "worker")) > 1:
            raise NotImplementedError("MultiWorkerMirroredStrategy with several workers in "
                                      "TF_CONFIG is not part of this engine (see "
                                      "docs/engine-api-distribute.md): unset TF_CONFIG for one.")
        super().__init__(["/device:CPU:0"])

    @property
    def cluster_resolver(self):
        """TF_CONFIG's cluster (TFConfigClusterResolver): with no TF_CONFIG, no cluster, task
        type and id None (one worker)."""
        return self._cluster_resolver


class CentralStorageStrategy(Strategy):
    """Variables on one device, the step replicated on the others (GPUs).

    Mirrors `tf.distribute.experimental.CentralStorageStrategy(compute_devices=None,
    parameter_device=None)`. With no GPU, TF computes on "/device:CPU:0"
    alone: one replica, and its variables are plain ones (as here). Several
    compute devices are not part of this engine.
    """

    def __init__(self, compute_devices=None, parameter_device=None):
        devices = tuple(canonical_device(d) for d in (compute_devices or ["/device:CPU:0"]))
        if len(devices) > 1:
            raise NotImplementedError("CentralStorageStrategy with several compute devices is not "
                                      "part of this engine (see docs/engine-api-distribute.md): "
                                      "use MirroredStrategy, whose results are the same.")
        self._parameter_device = parameter_device
        super().__init__(devices)


class OneDeviceStrategy(Strategy):
    """Everything on one device, one replica: code written for strategies, run plainly.

    Mirrors `tf.distribute.OneDeviceStrategy`; its variables are ordinary ones.
    """

    def __init__(self, device):
        super().__init__((canonical_device(device),))


class _DefaultStrategy(Strategy):
    """The strategy in force outside every scope: one replica, no distribution (TF's default)."""

    def __init__(self):
        super().__init__(("/job:localhost/replica:0/task:0/device:CPU:0",))
        self._default_context = ReplicaContext(self, 0)

    def _replica_context(self, replica_id: int) -> ReplicaContext:
        return self._default_context

    @contextlib.contextmanager
    def scope(self):
        """The default strategy's scope changes nothing (has_strategy() stays False, as in TF)."""
        yield self

    def run(self, fn, args=(), kwargs=None, options=None):
        return fn(*args, **(kwargs or {}))

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        """The default strategy gives back the dataset itself, as TF's does."""
        return dataset_fn(InputContext())

    def reduce(self, reduce_op, value, axis=None):
        ReduceOp.of(reduce_op)
        if axis is None:  # TF: the one replica's value as it is (a Python float stays one)
            return value
        value = convert_to_tensor(value)
        if ReduceOp.of(reduce_op) is ReduceOp.SUM:
            return _reduce.reduce_sum(value, axis=axis)
        return _reduce.reduce_mean(value, axis=axis)


context.set_default_strategy(_DefaultStrategy())
