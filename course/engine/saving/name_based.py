"""`tf.train.Checkpoint.restore` of a TF1 checkpoint (from `tf.compat.v1.train.Saver`).

A Saver's checkpoint holds values by variable name ("scoped/c"), with no object
graph, so, as TF does, restore matches each variable under the Checkpoint by
its name instead of its attribute path:

    >>> c = tf.Variable(0.0, name="scoped/c")
    >>> tf.train.Checkpoint(vars=[c]).restore("tf1-ckpt")    # c gets the saved "scoped/c"
    >>> c.numpy()
    np.float32(3.0)

TF calls this mode fragile (names are global; eager variables need not have
unique names) and logs a deprecation notice; the status it returns is a
`NameBasedSaverStatus`. Read next: checkpoint.py, ../api/compat/v1/saver.py.
"""
from __future__ import annotations

from .. import deprecation
from ..graph.scopes import init_scope
from .checkpoint_files import SUFFIX
from .in_session import assign_in_session, in_graph

__all__ = ["NameBasedSaverStatus", "restore_by_name"]

def _check(variable, value, key: str, path: str) -> None:
    if tuple(variable.shape) != value.shape or variable.dtype.as_numpy_dtype != value.dtype:
        raise ValueError(f"Cannot restore {key} from checkpoint {path}: it holds {value.dtype} "
                         f"{value.shape}, but the variable is {variable.dtype.name} "
                         f"{tuple(variable.shape)}.")


class NameBasedSaverStatus:
    """What `Checkpoint.restore` returns for a name-based (TF1) checkpoint."""

    def __init__(self, path: str, unmatched: list, in_session: list):
        self._path = path
        self._unmatched = unmatched     # (name, variable) that the checkpoint lacks
        self._in_session = in_session   # (graph variable, value): run_restore_ops assigns them

    def assert_consumed(self) -> "NameBasedSaverStatus":
        """Every variable under the Checkpoint found its name in the file (the save_counter,
        which a TF1 checkpoint never has, aside)."""
        if self._unmatched:   # (TF's words)
            lines = "".join(f"\n    {var!r}: [{name!r}]" for name, var in self._unmatched)
            raise AssertionError(f"Some objects had attributes which were not restored: {lines}")
        return self

    assert_existing_objects_matched = assert_consumed
    assert_nontrivial_match = assert_consumed

    def expect_partial(self) -> "NameBasedSaverStatus":
        return self

    def run_restore_ops(self, session=None) -> None:
        """TF1: gives a graph's variables their values in `session` (default: the default one)."""
        if self._in_session:
            assign_in_session(self._in_session, session)


def restore_by_name(path: str, saved: dict, current: dict) -> NameBasedSaverStatus:
    """Assigns each variable of `current` ({object path key: Variable}) the value saved under
    its name; graph variables wait for `run_restore_ops`."""
    _deprecation_notice()
    matched, unmatched = [], []
    for key, var in current.items():
        if key == "save_counter" + SUFFIX:
            continue   # (TF1 has no such variable; the count goes on from zero)
        name = var._name
        if name in saved:
            _check(var, saved[name], name, path)   # everything checked before any assignment
            matched.append((var, saved[name]))
        else:
            unmatched.append((name, var))
    in_session = [(var, value) for var, value in matched if in_graph(var)]
    with init_scope():
        for var, value in matched:
            if not in_graph(var):
                var.assign(value)
    return NameBasedSaverStatus(path, unmatched, in_session)


def _deprecation_notice() -> None:
    # (the line named is in Checkpoint.restore, where TF names its own file too)
    deprecation.log_once(
        "NameBasedSaverStatus.__init__ (from tf.train.Checkpoint)",
        "Restoring a name-based tf.train.Saver checkpoint using the object-based restore API. "
        "This mode uses global names to match variables, and so is somewhat fragile. It also "
        "adds new restore ops to the graph each time it is called when graph building. Prefer "
        "re-encoding training checkpoints in the object-based format: run save() on the "
        "object-based saver (the same one this message is coming from) and use that "
        "checkpoint in the future.", depth=3)
