"""`tf.experimental.dtensor`: tensors laid out on a mesh of devices. Read in this order:

    layout.py       Mesh (devices on named dimensions), Layout (which axis is split where)
    dtensor.py      DTensor, DVariable; pack, unpack, relayout, copy_to_mesh, call_with_layout
    propagation.py  ops on DTensors: the global result, with TF's layout for it

    >>> from tensorflow.experimental import dtensor
    >>> mesh = dtensor.create_mesh([("x", 2)], devices=["CPU:0", "CPU:1"])
    >>> print(dtensor.Layout.replicated(mesh, rank=1).sharding_specs)
    ['unsharded']

The devices are the logical CPUs of `tf.config.set_logical_device_configuration`;
one CPU computes what they would (see dtensor.py).
"""
from .layout import MATCH, UNSHARDED, Layout, Mesh, create_mesh
from .dtensor import (DVariable, call_with_layout, copy_to_mesh, fetch_layout, is_dtensor, pack,
                      relayout, unpack)

__all__ = ["DVariable", "Layout", "MATCH", "Mesh", "UNSHARDED", "call_with_layout",
           "copy_to_mesh", "create_mesh", "fetch_layout", "is_dtensor", "pack", "relayout",
           "unpack"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from .. import unsupported
    return unsupported.missing("experimental.dtensor", __name__, name)
