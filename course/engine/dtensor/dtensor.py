"""DTensors: tensors laid out on a mesh of devices, and the functions that make and read them.

    >>> mesh = dtensor.create_mesh([("x", 2)], devices=["CPU:0", "CPU:1"])
    >>> t = dtensor.call_with_layout(tf.ones, dtensor.Layout(["x"], mesh), shape=(4,))
    >>> [c.numpy().tolist() for c in dtensor.unpack(t)]
    [[1.0, 1.0], [1.0, 1.0]]

TF keeps each device's piece (a *component*) on its device and runs every op
on all of them (SPMD). One CPU has no devices to spare, so a DTensor here holds
its global value and its Layout: `unpack` cuts the value into the components
the layout gives each device, `pack` puts components together, and an op on
DTensors computes the global result and gives it the layout TF's layout
propagation gives it (propagation.py). What prints is what TF prints: the
value when every device holds all of it, each device's component otherwise.
"""
from __future__ import annotations

import numpy as np

from .. import errors
from ..ops.string_conversion_ops import _summarize
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from .layout import UNSHARDED, Layout

__all__ = ["DTensor", "DVariable", "pack", "unpack", "relayout", "copy_to_mesh", "fetch_layout",
           "call_with_layout", "is_dtensor"]

_DTENSOR_DEVICE = "/job:localhost/replica:0/task:0/device:CUSTOM:0"  # TF's DTensor device


class DTensor(Tensor):
    """A tf.Tensor with a Layout (its global value is `_value`). Made by the functions below."""

    __slots__ = ("_layout",)

    @property
    def device(self) -> str:
        return _DTENSOR_DEVICE

    @property
    def layout(self) -> Layout:
        return self._layout

    def numpy(self):
        """The value, when every device holds all of it (TF refuses to gather shards)."""
        if not self._layout.is_fully_replicated():
            raise errors.UnimplementedError(
                None, None, "Trying to copy a non-single-device and non-replicated DTensor is "
                f"not supported. Input tensor is: {self._text('DTensor')}")
        return super().numpy()

    def _text(self, prefix: str) -> str:
        if self._layout.is_fully_replicated():
            value = _summarize(np.asarray(self._value), 3)
        else:
            devices = [d.rsplit("device:", 1)[-1] for d in self._layout.mesh.local_devices()]
            value = "{" + ", ".join(f'"{d}": {_summarize(np.asarray(c), 3)}'
                                    for d, c in zip(devices, _components(self._value,
                                                                         self._layout))) + "}"
        return f'{prefix}({value}, layout="{self._layout.to_string()}"'

    def __str__(self) -> str:
        return f"{self._text('tf.Tensor')}, shape={self.shape}, dtype={self.dtype.name})"

    def __repr__(self) -> str:
        value = self._text("")[1:].split(', layout="')[0]
        return (f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, value={value}, "
                f'layout="{self._layout.to_string()}">')


class _Component(Tensor):
    """One device's piece of a DTensor: a plain tensor that says which device holds it."""

    __slots__ = ("_device",)

    @property
    def device(self) -> str:
        return self._device


def _make(value, layout: Layout) -> DTensor:
    value = np.asarray(value)
    if value.ndim != layout.rank:
        raise ValueError(f"The rank of the tensor ({value.ndim}) does not match the rank of the "
                         f"layout ({layout.rank}): {layout}")
    for axis, size in enumerate(value.shape):
        shards = layout.num_shards(axis)
        if size % shards:
            raise errors.UnknownError(
                None, None, f"'tf.DTensorLayout' op requires dimension {axis} to be divisible by "
                "sharding specified in DTensorLayout, but got dimension size="
                f"{size} is not divisible by number of shards in layout for this dimension="
                f"{shards}.")
    made = DTensor(value[()] if value.ndim == 0 else value)
    made._layout = layout
    return made


def _piece(layout: Layout, place: dict, piece_shape: tuple) -> tuple:
    """The index of the piece of shape `piece_shape` that the device at `place` holds."""
    return tuple(slice(None) if spec == UNSHARDED else
                 slice(place[spec] * n, (place[spec] + 1) * n)
                 for spec, n in zip(layout.sharding_specs, piece_shape))


def _components(value, layout: Layout) -> list:
    """Each device's piece of `value` under `layout`, in the mesh's device order."""
    value = np.asarray(value)
    piece_shape = tuple(n // layout.num_shards(axis) for axis, n in enumerate(value.shape))
    return [value[_piece(layout, place, piece_shape)]
            for place in layout.mesh.local_device_locations()]


def regular_tensor_error(op: str, index: int, value) -> errors.UnimplementedError:
    """TF's error for a plain tensor (not a scalar) given to an op on DTensors."""
    shape = ",".join(str(n) for n in value.shape.as_list())
    return errors.UnimplementedError(
        None, None, f"The op/function {op} got a regular tensor for input {index} (shape "
        f"[{shape}]) but was expecting a DTensor. Currently only scalars and small "
        "integer/string tensors are auto-broadcast to DTensors. For other tensors, please use "
        "copy_to_mesh to make a DTensor explicitly; note that this may be slow if it happens "
        f"frequently. [Op:{op}] name: ")


def is_dtensor(value) -> bool:
    """Whether `value` is a DTensor (or a DVariable). Mirrors `dtensor.is_dtensor`."""
    return isinstance(value, (DTensor, DVariable))


def fetch_layout(tensor) -> Layout:
    """The layout of a DTensor or DVariable. Mirrors `dtensor.fetch_layout`."""
    if not is_dtensor(tensor):
        raise errors.InvalidArgumentError(None, None, "FetchLayout expects a tensor placed on "
                                          "the layout device.")
    return tensor.layout


def unpack(tensor) -> list:
    """The components of a DTensor, one per device of its mesh, each on its device.
    Mirrors `dtensor.unpack`."""
    if not is_dtensor(tensor):
        device = getattr(tensor, "device", "/job:localhost/replica:0/task:0/device:CPU:0")
        raise errors.InvalidArgumentError(
            None, None, f"DTensorUnpack expects a tensor placed on the DTensor device: "
            f"{_DTENSOR_DEVICE}, but input was placed on device: {device}")
    tensor = as_dtensor(tensor)
    out = []
    for device, piece in zip(tensor.layout.mesh.local_devices(),
                             _components(tensor._value, tensor.layout)):
        component = _Component(piece[()] if piece.ndim == 0 else piece.copy())
        component._device = device
        out.append(component)
    return out


def pack(tensors, layout: Layout) -> DTensor:
    """A DTensor from one component per device of `layout`'s mesh (in the mesh's order).
    Mirrors `dtensor.pack`; components of a replicated axis are taken from the first device
    that holds them."""
    if len(tensors) != layout.mesh.size:
        raise errors.InvalidArgumentError(
            None, None, f"The dtensor device {_DTENSOR_DEVICE} expected {layout.mesh.size} "
            f"inputs to DTensorPack, but got {len(tensors)}")
    pieces = [np.asarray(convert_to_tensor(t)._value) for t in tensors]
    first = pieces[0]
    for piece in pieces:
        if piece.shape != first.shape or piece.dtype != first.dtype:
            raise ValueError(f"pack: every component must have the first one's shape and dtype "
                             f"({first.shape}, {first.dtype}); got {piece.shape}, {piece.dtype}")
    if first.ndim != layout.rank:
        raise ValueError(f"pack: the components have rank {first.ndim}, the layout "
                         f"{layout.rank}")
    shape = tuple(n * layout.num_shards(axis) for axis, n in enumerate(first.shape))
    value = np.empty(shape, first.dtype)
    # (in reverse, so the first device's copy is the one kept)
    for place, piece in zip(reversed(layout.mesh.local_device_locations()), reversed(pieces)):
        value[_piece(layout, place, first.shape)] = piece
    return _make(value, layout)


def relayout(tensor, layout: Layout, name=None) -> DTensor:
    """The same global value with another layout. Mirrors `dtensor.relayout`."""
    if not is_dtensor(tensor):
        raise ValueError("relayout: the input must be a DTensor (see dtensor.copy_to_mesh)")
    return _make(as_dtensor(tensor)._value, layout)


def copy_to_mesh(tensor, layout: Layout, source_layout=None) -> DTensor:
    """A tensor copied onto `layout`'s mesh, each device keeping its piece.
    Mirrors `dtensor.copy_to_mesh`."""
    if is_dtensor(tensor):
        return relayout(tensor, layout)
    return _make(convert_to_tensor(tensor)._value, layout)


def call_with_layout(fn, layout, *args, **kwargs):
    """Calls `fn(*args, **kwargs)` and gives its result `layout` (None: the plain result).
    Mirrors `dtensor.call_with_layout`, with tf.zeros, tf.ones, tf.random.stateless_* and
    tf.functions of them."""
    result = fn(*args, **kwargs)
    if layout is None:
        return result
    return copy_to_mesh(result, layout)


class DVariable(Variable):
    """A tf.Variable that keeps its initial value's layout. Mirrors `dtensor.DVariable`.

    `fetch_layout`, `unpack` and ops on it (`v + a`) see its layout; `read_value()`
    gives a plain tensor, so that tapes see the read (TF's read is a DTensor).
    """

    def __init__(self, initial_value, *args, layout=None, **kwargs):
        if layout is None and not is_dtensor(initial_value):
            raise errors.InvalidArgumentError(None, None, "Neither layout nor DTensor initial "
                                              "value are provided.")
        self._layout = layout if layout is not None else fetch_layout(initial_value)
        super().__init__(initial_value, *args, **kwargs)

    @property
    def layout(self) -> Layout:
        return self._layout

    def _dtensor_value(self, value):
        """A value TF's DTensor lets into this variable: a DTensor on its mesh (any layout:
        the variable keeps its own), or a scalar."""
        if is_dtensor(value):
            if fetch_layout(value).mesh != self._layout.mesh:
                raise errors.UnknownError(
                    None, None, "'tf_device.cluster' op failed during mesh propagation. All "
                    "inputs to `tf_device.Cluster` must have same mesh configuration.")
            return as_dtensor(value)
        if isinstance(value, Tensor) and value.shape.rank != 0:
            raise regular_tensor_error("AssignVariableOp", 1, value)
        return value

    def assign(self, value, *args, **kwargs):
        return super().assign(self._dtensor_value(value), *args, **kwargs)

    def assign_add(self, delta, *args, **kwargs):
        return super().assign_add(self._dtensor_value(delta), *args, **kwargs)

    def assign_sub(self, delta, *args, **kwargs):
        return super().assign_sub(self._dtensor_value(delta), *args, **kwargs)

    def __repr__(self) -> str:
        value = _summarize(np.asarray(self.read_value()._value), 3)
        return (f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, "
                f'value={value}, layout="{self._layout.to_string()}">')


def as_dtensor(value) -> DTensor:
    """A DTensor as it is; a DVariable's current value with its layout."""
    return _make(value.read_value()._value, value.layout) if isinstance(value, DVariable) \
        else value
