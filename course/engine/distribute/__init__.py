"""`tf.distribute`: one step run by several replicas, on one CPU. Read in this order:

    context.py            which strategy is current; cross-replica and replica contexts
    strategy.py           Strategy, MirroredStrategy, OneDeviceStrategy: scope, run, reduce
    replica.py            how `run` calls the function once per replica; ReplicaContext
    values.py             PerReplica, Mirrored, ReduceOp, and how results are regrouped
    mirrored_variable.py  MirroredVariable: a tf.Variable made in a MirroredStrategy's scope
    input.py              experimental_distribute_dataset: global batches split per replica
    cross_device_ops.py   how the replicas' values are combined (a choice TF makes for GPUs)
    experimental.py       tf.distribute.experimental: communication options, CentralStorageStrategy
    cluster_resolver.py   tf.distribute.cluster_resolver: the cluster TF_CONFIG describes
    (a Generator made in a scope gives each replica its own stream: ../ops/distribute_ops.py)

A faithful simulation of synchronous replicas, not parallel speed: replicas
run one after another on the one CPU, and compute what TF's replicas compute.

    >>> strategy = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    >>> strategy.run(lambda: tf.distribute.get_replica_context().replica_id_in_sync_group)
    PerReplica:{
      0: <tf.Tensor: shape=(), dtype=int32, numpy=0>,
      1: <tf.Tensor: shape=(), dtype=int32, numpy=1>
    }
"""
from .context import get_replica_context, get_strategy, has_strategy, in_cross_replica_context
from .input import DistributedDataset, DistributedIterator, InputContext
from .mirrored_variable import make_variable as _make_variable
from .replica import ReplicaContext
from .strategy import MirroredStrategy, MultiWorkerMirroredStrategy, OneDeviceStrategy, Strategy
from .cross_device_ops import (CrossDeviceOps, HierarchicalCopyAllReduce, NcclAllReduce,
                               ReductionToOneDevice)
from . import experimental
from . import cluster_resolver
from .values import DistributedValues, ReduceOp
from .. import variables as _variables
from ..autograph import loops as _loops
from . import input as _input

# In a MirroredStrategy's scope, tf.Variable(...) makes a MirroredVariable (mirrored_variable.py)
_variables.creator_hook = _make_variable

# `for x in dist_dataset:` inside a tf.function: TF's loop over Optionals (input.py), as in TF
_loops.register_for_loop(DistributedDataset, _input.for_loop)

__all__ = ["CrossDeviceOps", "DistributedDataset", "DistributedIterator", "DistributedValues",
           "HierarchicalCopyAllReduce", "InputContext", "MirroredStrategy", "MultiWorkerMirroredStrategy",
           "NcclAllReduce", "OneDeviceStrategy", "ReduceOp", "ReductionToOneDevice",
           "ReplicaContext", "Strategy", "cluster_resolver", "experimental", "get_replica_context", "get_strategy",
           "has_strategy", "in_cross_replica_context"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("distribute", __name__, name)
