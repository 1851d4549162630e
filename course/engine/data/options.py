"""`tf.data.Options`: settings of a whole input pipeline, attached with `Dataset.with_options`.

    >>> options = tf.data.Options()
    >>> options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    >>> ds = tf.data.Dataset.range(4).with_options(options)
    >>> ds.options().experimental_distribute.auto_shard_policy
    <AutoShardPolicy.DATA: 2>

In TF the options steer its C++ runtime: how many threads, which graph
rewrites (map-and-batch fusion, ...), how several workers shard the input.
They change speed, never the elements, and this engine runs a pipeline as
plain Python (dataset.py), so it checks and keeps them, as TF does, and
otherwise leaves them unused. Each option is typed: assigning a value of
another type is TF's TypeError, and a name TF lacks its AttributeError.
Options set on a later stage win over an earlier stage's (`options()`
merges them from the source on).
"""
from __future__ import annotations

import enum

__all__ = ["Options", "DistributeOptions", "OptimizationOptions", "ThreadingOptions",
           "AutotuneOptions", "AutoShardPolicy"]


class AutoShardPolicy(enum.IntEnum):
    """How several workers split a dataset. Mirrors `tf.data.experimental.AutoShardPolicy`.

    OFF: no sharding; AUTO: by file if it can, else by element; FILE: each
    worker reads its own files; DATA: each worker keeps every n-th element;
    HINT: where `Dataset.shard(SHARD_HINT, ...)` says.
    """
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class _OptionsBase:
    """Typed settings: `_fields` maps each name to (its type, a function making the default)."""

    _fields: dict = {}
    _aliases: dict = {}  # TF's deprecated names -> the current ones

    def __init__(self):
        for name, (_, default) in self._fields.items():
            object.__setattr__(self, name, default())

    def __setattr__(self, name, value):
        name = self._aliases.get(name, name)
        if name not in self._fields:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        kind = self._fields[name][0]
        if value is not None and not isinstance(value, kind):
            raise TypeError(f'Property "{name}" must be of type {kind}, got: {value!r} '
                            f"(type: {type(value)})")
        object.__setattr__(self, name, value)

    def __getattr__(self, name):  # only for names not set in __init__: an alias, or none
        if name in type(self)._aliases:
            return getattr(self, type(self)._aliases[name])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # (mutable, compared by value)

    def _merged(self, later: "_OptionsBase") -> "_OptionsBase":
        """These options, with every setting `later` changed from its default taken from it."""
        merged, default = type(self)(), type(self)()
        for name in self._fields:
            mine, theirs = getattr(self, name), getattr(later, name)
            if isinstance(mine, _OptionsBase):
                value = mine._merged(theirs)
            else:
                value = theirs if theirs != getattr(default, name) else mine
            object.__setattr__(merged, name, value)
        return merged


class DistributeOptions(_OptionsBase):
    """How a distributed pipeline is sharded. Mirrors `tf.data.experimental.DistributeOptions`."""
    _fields = {"auto_shard_policy": (AutoShardPolicy, lambda: AutoShardPolicy.AUTO),
               "num_devices": (int, lambda: None)}


class OptimizationOptions(_OptionsBase):
    """Which graph rewrites TF's runtime applies. Mirrors `tf.data.experimental.OptimizationOptions`."""
    _fields = {name: (bool, lambda: None) for name in (
        "apply_default_optimizations", "filter_fusion", "filter_parallelization",
        "inject_prefetch", "map_and_batch_fusion", "map_and_filter_fusion", "map_fusion",
        "map_parallelization", "noop_elimination", "parallel_batch", "seq_interleave_prefetch",
        "shuffle_and_repeat_fusion")}


class ThreadingOptions(_OptionsBase):
    """The pipeline's threads. Mirrors `tf.data.ThreadingOptions`."""
    _fields = {"max_intra_op_parallelism": (int, lambda: None),
               "private_threadpool_size": (int, lambda: None)}


class AutotuneOptions(_OptionsBase):
    """TF's tuning of parallelism and buffers. Mirrors `tf.data.experimental.AutotuneOptions`."""
    _fields = {"enabled": (bool, lambda: None), "cpu_budget": (int, lambda: None),
               "ram_budget": (int, lambda: None), "initial_parallelism": (int, lambda: None),
               "min_parallelism": (bool, lambda: None)}


class Options(_OptionsBase):
    """A pipeline's settings (see the module). Mirrors `tf.data.Options`.

    >>> options = tf.data.Options()
    >>> options.deterministic = False      # TF may then give elements out of order
    >>> options.threading.private_threadpool_size = 4
    """
    _fields = {"autotune": (AutotuneOptions, AutotuneOptions),
               "dataset_name": (str, lambda: None),
               "deterministic": (bool, lambda: None),
               "experimental_distribute": (DistributeOptions, DistributeOptions),
               "experimental_optimization": (OptimizationOptions, OptimizationOptions),
               "experimental_slack": (bool, lambda: None),
               "experimental_symbolic_checkpoint": (bool, lambda: None),
               "experimental_warm_start": (bool, lambda: None),
               "framework_type": (list, lambda: None),
               "threading": (ThreadingOptions, ThreadingOptions)}
    _aliases = {"experimental_deterministic": "deterministic",
                "experimental_threading": "threading"}
