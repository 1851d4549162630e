"""`tf.distribute`'s cross-device ops: how a MirroredStrategy combines the replicas' values.

TF lets `MirroredStrategy(cross_device_ops=...)` choose the algorithm that
moves and adds the replicas' tensors between devices: copies to one device
(`ReductionToOneDevice`), a tree of GPU copies (`HierarchicalCopyAllReduce`)
or NVIDIA's NCCL library (`NcclAllReduce`). They differ in speed on GPUs,
never in the sums they compute. On this engine every replica is on the one
CPU, so the choice is accepted and the sum is always the plain one
(strategy.py's `_combine`): TF's numbers, whatever the choice.

    >>> strategy = tf.distribute.MirroredStrategy(
    ...     cross_device_ops=tf.distribute.HierarchicalCopyAllReduce())
"""
from __future__ import annotations

__all__ = ["CrossDeviceOps", "ReductionToOneDevice", "HierarchicalCopyAllReduce", "NcclAllReduce"]


class CrossDeviceOps:
    """The base class of the algorithms above. Mirrors `tf.distribute.CrossDeviceOps`."""


class ReductionToOneDevice(CrossDeviceOps):
    """Copies every replica's value to one device and adds them there.

    Mirrors `tf.distribute.ReductionToOneDevice(reduce_to_device=None,
    accumulation_fn=None)`; both arguments are accepted and kept.
    """

    def __init__(self, reduce_to_device=None, accumulation_fn=None):
        self.reduce_to_device = reduce_to_device
        self.accumulation_fn = accumulation_fn


class _AllReduce(CrossDeviceOps):
    """An all-reduce between GPUs, its tensors packed into `num_packs` groups."""

    _algorithm = ""  # the name TF's error gives

    def __init__(self, num_packs: int = 1):
        if num_packs < 0:  # TF: a ValueError as the object is made
            raise ValueError(f"{self._algorithm} requires num_packs >= 0, but {num_packs} is "
                             "specified")
        self.num_packs = num_packs


class HierarchicalCopyAllReduce(_AllReduce):
    """A tree of copies between GPUs. Mirrors `tf.distribute.HierarchicalCopyAllReduce(num_packs=1)`."""
    _algorithm = "HierarchicalCopy"


class NcclAllReduce(_AllReduce):
    """NVIDIA's NCCL all-reduce. Mirrors `tf.distribute.NcclAllReduce(num_packs=1)`."""
    _algorithm = "NCCL all-reduce"
