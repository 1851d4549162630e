"""`strategy.run`: calling a function once per replica, and the `ReplicaContext` it sees.

A faithful simulation of synchronous replicas, not parallel speed: TF's
MirroredStrategy runs each replica's function in a thread of its own, and so
does this engine, but the threads take turns (one runs, the others wait),
replica 0 first. A replica runs until its function returns or it reaches a
point where all replicas must meet (`ReplicaContext.all_reduce`); when every
replica is there, their values are combined and each goes on, in order again.
So prints and random draws come in replica order, and the numbers are TF's.
Each replica keeps its own active tapes and name scope while others run (TF's
are per thread): a tape open in replica 0 at an all_reduce records nothing of
replica 1.

Inside a tf.function, `run` traces each replica's function into the graph
being built, in the same turns: TF traces it once per replica, so
`replica_id_in_sync_group` is then a constant of the replica's graph, and the
replicas meet at an all_reduce while tracing (their symbolic values are
combined by ops of the graph, e.g. an AddN).

    >>> def step():
    ...     ctx = tf.distribute.get_replica_context()
    ...     return ctx.all_reduce("SUM", tf.cast(ctx.replica_id_in_sync_group, tf.float32))
    >>> strategy.run(step)        # two replicas: 0 + 1 in each
    PerReplica:{
      0: <tf.Tensor: shape=(), dtype=float32, numpy=1.0>,
      1: <tf.Tensor: shape=(), dtype=float32, numpy=1.0>
    }
"""
from __future__ import annotations

import threading

from .. import dtypes
from ..context import state
from ..tensor import constant
from ..execute import execute
from ..graph.core import executing_eagerly
from ..ops.branch_graphs import flatten, pack
from ..ops.distribute_ops import REPLICA_ID, all_reduce
from . import context
from .values import ReduceOp, regroup, select_replica

__all__ = ["ReplicaContext", "run_replicas"]


class ReplicaContext:
    """What `tf.distribute.get_replica_context()` gives inside a replica. Mirrors TF's class."""

    def __init__(self, strategy, replica_id: int, meeting=None, traced: bool = False):
        self._strategy = strategy
        self._replica_id = replica_id
        self._meeting = meeting  # the _Replica thread this context runs in (None: the default)
        self._traced = traced    # True: `run` was called inside a tf.function (see the module)

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self) -> int:
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        """This replica's number: an int32 tensor in a strategy's replicas (0 by default, an int)."""
        if self._meeting is None:
            return self._replica_id
        if self._traced:  # TF: a Const in each replica's trace
            return constant(self._replica_id, dtype=dtypes.int32)
        return execute(REPLICA_ID, ())  # (an op: a traced function asks when it runs)

    def all_reduce(self, reduce_op, value, options=None):
        """Every replica's `value` combined (SUM or MEAN); each replica receives the result.

        A nested structure of tensors is combined leaf by leaf.
        """
        reduce_op = ReduceOp.of(reduce_op)
        if self._meeting is None:  # one replica: nothing to combine
            return value
        if self._traced:  # the replicas meet while tracing: the graph combines their values
            return self._meeting.meet(("all_reduce", reduce_op, value))
        if not executing_eagerly():  # (the replicas would meet while tracing one graph)
            raise NotImplementedError(
                "ReplicaContext.all_reduce inside a tf.function is not part of this engine (see "
                "docs/engine-api-distribute.md): call it in the replica function itself, eagerly.")
        # (one meeting per tensor, in flatten's order, the same in every replica)
        return pack(value, [all_reduce(x, reduce_op) for x in flatten(value)])

    def merge_call(self, merge_fn, args=(), kwargs=None):
        raise NotImplementedError("ReplicaContext.merge_call is not part of this engine (see "
                                  "docs/engine-api.md): use all_reduce, or strategy.reduce after run.")


class _Replica(threading.Thread):
    """One replica's thread. It runs only while the caller waits for it (`resume`)."""

    def __init__(self, strategy, replica_id: int, fn, args, kwargs, traced: bool = False):
        super().__init__(name=f"replica_{replica_id}", daemon=True)
        self.context = ReplicaContext(strategy, replica_id, self, traced)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.request = None      # what it waits at a meeting with: ("all_reduce", op, value)
        self.answer = None       # the meeting's result for it (or an exception to raise)
        self.result = None
        self.error = None
        self.done = False
        self._turn = threading.Event()    # set: this replica may run
        self._paused = threading.Event()  # set: it stopped (finished, or waits at a meeting)
        # its own engine context, swapped in while it runs (it starts as the caller's)
        self._tapes, self._name_scope = list(state.tapes), state.name_scope

    def run(self) -> None:
        self._turn.wait()
        context.push(self.context.strategy, self.context)
        try:
            self.result = self.fn(*self.args, **self.kwargs)
        except BaseException as error:  # (handed to the caller's thread, which raises it)
            self.error = error
        finally:
            context.pop()
            self.done = True
            self._paused.set()

    def resume(self) -> None:
        """Lets this replica run until it finishes or reaches a meeting; returns then."""
        caller = state.tapes, state.name_scope
        state.tapes, state.name_scope = self._tapes, self._name_scope
        try:
            self._paused.clear()
            self._turn.set()
            self._paused.wait()
        finally:
            self._tapes, self._name_scope = state.tapes, state.name_scope
            state.tapes, state.name_scope = caller

    def meet(self, request):
        """Called in this replica's thread: wait for the others, then take the answer."""
        self.request = request
        self._turn.clear()
        self._paused.set()
        self._turn.wait()
        answer, self.answer, self.request = self.answer, None, None
        if isinstance(answer, BaseException):
            raise answer
        return answer


def run_replicas(strategy, fn, args: tuple, kwargs: dict, traced: bool = False):
    """Calls `fn` once per replica (in turn, each with its share of PerReplica arguments).

    `traced`: `run` was called inside a tf.function, and the calls trace `fn` into its graph.
    """
    replicas = [_Replica(strategy, i, fn, select_replica(args, i), select_replica(kwargs, i),
                         traced) for i in range(strategy.num_replicas_in_sync)]
    for replica in replicas:
        replica.start()
    while True:
        for replica in replicas:
            if not replica.done:
                replica.resume()
        if all(r.done for r in replicas):
            break
        waiting = [r for r in replicas if not r.done]
        failed = next((r.error for r in replicas if r.error is not None), None)
        if failed is None and len(waiting) < len(replicas):
            failed = RuntimeError("Some replicas reached all_reduce and others returned: every "
                                  "replica must make the same all_reduce calls.")
        answers = _answers(strategy, [r.request for r in waiting]) if failed is None else None
        for i, replica in enumerate(waiting):
            replica.answer = failed if failed is not None else answers[i]
    for replica in replicas:
        replica.join()
        if replica.error is not None:
            raise replica.error
    return regroup([r.result for r in replicas])


def _answers(strategy, requests: list) -> list:
    """What each replica waiting at an all_reduce receives: the combined value, the same for all."""
    kinds = {(kind, op) for kind, op, _ in requests}
    if len(kinds) != 1:
        raise RuntimeError(f"The replicas met at different calls: {sorted(map(str, kinds))}")
    values = [value for _, _, value in requests]
    # (each replica gets its own tensors, as in TF: `run` then returns them as a PerReplica)
    return [strategy._reduce_structure(requests[0][1], values) for _ in requests]
