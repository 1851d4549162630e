"""`MirroredVariable`: a tf.Variable made in a MirroredStrategy's scope, one copy per replica.

    >>> with strategy.scope():          # MirroredStrategy(["cpu:0", "cpu:1"])
    ...     v = tf.Variable(1.0)
    >>> v
    MirroredVariable:{
      0: <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>,
      1: <tf.Variable 'Variable/replica_1:0' shape=() dtype=float32, numpy=1.0>
    }

Which copy an op sees depends on the context it runs in (context.py), as in TF:

- cross-replica context (the scope, or no scope at all): reads see copy 0 (the
  *primary*), assignments change every copy, so the copies stay equal.
- replica context (`strategy.run`'s function): reads and writes see that
  replica's own copy. (TF's rule for a variable with aggregation NONE: an
  assignment in a replica changes only its copy. `aggregation=` SUM/MEAN, which
  would combine the replicas' updates, is not part of this engine.)

How: a MirroredVariable *is* a `tf.Variable` whose `_value` (the buffer every
variable op reads and writes, ops/variable_ops.py) is a property choosing the
copy by context. So the ops, tapes, tf.function captures and checkpoints of
ordinary variables work unchanged, and a traced function run once per replica
reads each replica's copy. A checkpoint or SavedModel sees one variable (the
primary's value is saved; restoring assigns every copy).
"""
from __future__ import annotations

from ..ops.control_flow_ops import group
from ..variables import Variable, _UnreadVariable
from . import context
from .values import Mirrored

__all__ = ["MirroredVariable", "make_variable"]


def _plain_variable(*args, **kwargs) -> Variable:
    """A plain tf.Variable, whatever scope is open (Variable.__new__'s hook is skipped)."""
    variable = object.__new__(Variable)
    Variable.__init__(variable, *args, **kwargs)
    return variable


class MirroredVariable(Variable):
    """A Variable with one copy per replica. Mirrors TF's `MirroredVariable` (see the module)."""

    def __init__(self, *args, **kwargs):
        # (Variable.__init__ is not called: the copies below are the variables; this object only
        # routes each op to one of them, so the attributes Variable's methods use are set here.)
        strategy = context.get_strategy()
        primary = _plain_variable(*args, **kwargs)
        copies = [primary]
        for k in range(1, strategy.num_replicas_in_sync):
            copy = _plain_variable(primary.read_value(), trainable=primary.trainable,
                                   constraint=primary.constraint)
            copy._name = f"{primary._name}/replica_{k}"  # TF's names for the other copies
            copies.append(copy)
        self._components = tuple(copies)
        self._strategy = strategy
        self._dtype = primary._dtype
        self._trainable = primary._trainable
        self._name = primary._name
        self._constraint = primary._constraint

    # -- which copy: the one buffer property every variable op goes through ------------------------
    @property
    def _value(self):
        return self._components[self._replica("read")]._value

    @_value.setter
    def _value(self, new) -> None:
        replica = context.current_replica_id()
        if replica is None:  # cross-replica context: every copy
            for copy in self._components:
                copy._value = new
        else:
            self._components[self._replica("write")]._value = new

    def _replica(self, what: str) -> int:
        replica = context.current_replica_id()
        if replica is None:
            return 0
        if replica >= len(self._components):
            raise ValueError(f"Cannot {what} the MirroredVariable {self._name!r} (one copy per "
                             f"replica of a strategy with {len(self._components)} replicas) in "
                             f"replica {replica} of another strategy.")
        return replica

    @property
    def values(self) -> tuple:
        """The copies, one per replica (TF's DistributedValues.values)."""
        return self._components

    @property
    def device(self) -> str:
        return self._components[0].device

    # -- assignments in cross-replica context: every copy, giving their new values (a Mirrored) --
    def assign(self, value, use_locking=None, name=None, read_value: bool = True):
        return self._update(Variable.assign, value, use_locking, name, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value: bool = True):
        return self._update(Variable.assign_add, delta, use_locking, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value: bool = True):
        return self._update(Variable.assign_sub, delta, use_locking, name, read_value)

    def _update(self, method, value, use_locking, name, read_value):
        replica = context.current_replica_id()
        if replica is not None:  # this replica's copy (what it reads back later, too)
            op = method(self, value, use_locking, name, read_value=False)
            return _UnreadVariable(self._components[self._replica("write")], op) \
                if read_value else op
        # TF: each copy is updated from its own value (copies differ after replicas assigned)
        updates = [method(copy, value, use_locking, name, read_value=False)
                   for copy in self._components]
        if not read_value:
            return group(*updates)  # (eagerly None, as TF; in a graph one op running them all)
        return Mirrored([copy.read_value() for copy in self._components])

    def __repr__(self) -> str:
        lines = [f"  {i}: {copy!r}" for i, copy in enumerate(self._components)]
        return "MirroredVariable:{\n" + ",\n".join(lines) + "\n}"

    __str__ = __repr__


def make_variable():
    """Variable.__new__'s hook (installed by __init__.py): an empty MirroredVariable in a MirroredStrategy's scope, else None.

    (Python then runs the MirroredVariable's __init__ with tf.Variable's arguments.)
    """
    if not context.in_cross_replica_context() or not context.get_strategy()._mirrors_variables:
        return None
    return object.__new__(MirroredVariable)

