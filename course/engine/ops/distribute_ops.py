"""The ops that ask which replica runs (`ReplicaId`; `ReplicaKey` for Generators), and
`AllReduce`, where the replicas meet.

`ReplicaId` is `tf.distribute.get_replica_context().replica_id_in_sync_group`
inside `strategy.run`: the running replica's number (int32; 0 outside).

`ReplicaKey` is the key a Generator made in a tf.distribute scope draws with.

TF gives each replica of a strategy its own random stream from one Generator
(stateful_random_ops.py in TF): in a replica context the key of the state is
replaced by a hash of (key, replica id), namely the first uint64 of the Philox
stream with that key and the counter [replica_id, 0]:

    key_0 = StatelessRandomUniformFullIntV2([1], key, counter=[0, 0])   # replica 0
    key_1 = StatelessRandomUniformFullIntV2([1], key, counter=[1, 0])   # replica 1

In cross-replica context (and outside any strategy) the key stays as it is.

Both ops ask which replica runs *when the op runs*, not when a tf.function
is traced: TF traces a function once per replica (each under its own
device) and bakes the replica's number in as a constant, where this engine
traces it once and runs that graph in every replica (`strategy.run(f)` with
a tf.function `f`). The numbers are TF's either way. (Engine-only op names:
TF builds the same values from a Const and the ops above.)

`AllReduce` is `ReplicaContext.all_reduce` on one tensor: every replica's
value combined (SUM or MEAN), each replica receiving the result. Its kernel
is the meeting (../distribute/replica.py: the replica waits there for the
others). It is differentiable as TF's collective reduction is: the gradient
of each replica's input is the same reduction of the replicas' upstream
gradients, a second meeting during the backward pass (so every replica must
ask its tape for gradients, as every replica must reach the all_reduce).
(Engine-only name: TF's MirroredStrategy reduces with device copies and
`AddN`, or `CollectiveReduceV2`.)
"""
from __future__ import annotations

import numpy as np

from ..execute import Op, execute
from . import register
from .stateful_random_ops import _SHAPES, _uniform_full_int

__all__ = ["REPLICA_ID", "REPLICA_KEY", "ALL_REDUCE", "all_reduce"]


def _current_replica() -> int:
    from ..distribute import context  # (the package imports the engine: import it when used)
    replica = context.current_replica_id()
    return 0 if replica is None else replica


def _replica_id():
    return np.int32(_current_replica())


def _replica_key(key, alg):
    from ..distribute import context  # (the package imports the engine: import it when used)
    replica = context.current_replica_id()
    if replica is None:
        return key
    counter = np.array([replica, 0], dtype=np.int64)
    return _uniform_full_int(np.array([1]), key, counter, alg, np.dtype(np.int64))


# stateful (both): the result depends on the replica running it, so graphs must not fold or merge it
REPLICA_KEY = register(Op("ReplicaKey", _replica_key, None, dtypes=_SHAPES, same_dtype=False,
                          stateful=True))
REPLICA_ID = register(Op("ReplicaId", _replica_id, None, dtypes=(), stateful=True))


# -- AllReduce: the replicas meet --------------------------------------------------------------
def _all_reduce(value, *, reduce_op):
    from ..distribute import context
    from ..tensor import Tensor
    replica = context.get_replica_context()
    if replica is None or replica._meeting is None:  # one replica (no strategy): nothing to combine
        return value
    return replica._meeting.meet(("all_reduce", reduce_op, Tensor(value)))._value


def _all_reduce_grad(op, dy):
    # d(sum_k y_k)/dy_i = 1 in every replica: the upstream gradients summed (MEAN: averaged)
    return (all_reduce(dy, op.attrs["reduce_op"]),)


ALL_REDUCE = register(Op("AllReduce", _all_reduce, _all_reduce_grad, stateful=True))


def all_reduce(x, reduce_op):
    """Every replica's `x` combined by `reduce_op` (a ReduceOp), inside `strategy.run`."""
    return execute(ALL_REDUCE, (x,), {"reduce_op": reduce_op})
