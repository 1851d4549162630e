"""DTensor's Mesh (devices arranged on named dimensions) and Layout (which tensor axis is
split over which mesh dimension).

    >>> mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=[f"CPU:{i}" for i in range(6)])
    >>> mesh.shape(), mesh.size
    ([3, 2], 6)
    >>> layout = dtensor.Layout(["x", dtensor.UNSHARDED], mesh)
    >>> layout.num_shards(0), layout.num_shards(1)
    (3, 1)

A tensor with this layout keeps a third of its rows on each value of x; the two
devices that share an x (y = 0 and y = 1) hold the same rows. Both print as TF's
strings: `Mesh.from_string(|x=3,y=2|0,...|0,...|/job:localhost/...)`.
"""
from __future__ import annotations

import itertools
import math

from .. import devices as _devices

__all__ = ["Mesh", "Layout", "create_mesh", "UNSHARDED", "MATCH"]

UNSHARDED = "unsharded"   # the axis is whole on every device
MATCH = "match"           # (TF's placeholder: the axis takes whatever layout fits)
_DEVICE_PREFIX = "/job:localhost/replica:0/task:0/device:"


class Mesh:
    """Devices on named dimensions, in row-major order. Mirrors `tf.experimental.dtensor.Mesh`."""

    def __init__(self, dim_names: list, global_device_ids, local_device_ids: list,
                 local_devices: list, mesh_name: str = ""):
        self._dim_names = list(dim_names)
        self._sizes = [len(axis) for axis in _as_nested(global_device_ids, len(self._dim_names))]
        self._ids = list(local_device_ids)
        self._devices = [_full_device_name(d) for d in local_devices]
        self._name = mesh_name
        from .propagation import install  # ops on DTensors give TF's layouts from now on
        install()
        if len(self._devices) != math.prod(self._sizes):
            raise ValueError(f"length of devices ({len(self._devices)}) must be equal to total "
                             f"size of the mesh of shape {self._sizes}")

    @property
    def dim_names(self) -> list:
        return list(self._dim_names)

    @property
    def size(self) -> int:
        return len(self._devices)

    def shape(self) -> list:
        return list(self._sizes)

    def dim_size(self, dim_name: str) -> int:
        if dim_name not in self._dim_names:
            raise ValueError(f"{dim_name} not in mesh dimensions {self._dim_names}")
        return self._sizes[self._dim_names.index(dim_name)]

    def device_type(self) -> str:
        return self._devices[0].rsplit(":", 2)[-2]

    def local_devices(self) -> list:
        return list(self._devices)

    def local_device_ids(self) -> list:
        return list(self._ids)

    def local_device_locations(self) -> list:
        """Each device's place on the mesh, `{dim: index}`, in the devices' order."""
        return [dict(zip(self._dim_names, place))
                for place in itertools.product(*(range(n) for n in self._sizes))]

    def to_string(self) -> str:
        dims = ",".join(f"{name}={n}" for name, n in zip(self._dim_names, self._sizes))
        ids = ",".join(str(i) for i in self._ids)
        return f"{self._name}|{dims}|{ids}|{ids}|{','.join(self._devices)}"

    def __str__(self) -> str:
        return f"Mesh.from_string({self.to_string()})"

    __repr__ = __str__

    def __eq__(self, other) -> bool:
        return isinstance(other, Mesh) and self.to_string() == other.to_string()

    def __hash__(self) -> int:
        return hash(self.to_string())


def _as_nested(ids, rank: int) -> list:
    """The sizes of a nested list of device ids, as one list per mesh dimension."""
    axes, level = [], ids
    for _ in range(rank):
        level = list(level)
        axes.append(level)
        level = level[0] if level else []
    return axes


def _full_device_name(device) -> str:
    name = getattr(device, "name", device)   # (a LogicalDevice, or "CPU:0", "/device:CPU:0")
    short = name.rsplit("device:", 1)[-1]
    return _DEVICE_PREFIX + short.upper() if short.count(":") == 1 else name


def create_mesh(mesh_dims=None, mesh_name: str = "", devices=None, device_type=None,
                use_xla_spmd: bool = False) -> Mesh:
    """A mesh of `devices` (default: every logical device of `device_type`, the CPUs) on the
    dimensions `mesh_dims`, a list of (name, size). Mirrors `dtensor.create_mesh`."""
    if devices is None:
        devices = [d.name for d in _devices.list_logical_devices(device_type or "CPU")]
    devices = [_full_device_name(d) for d in devices]
    if mesh_dims is None:
        mesh_dims = [("x", len(devices))]
    names = [name for name, _ in mesh_dims]
    sizes = [int(n) for _, n in mesh_dims]
    total = math.prod(sizes)
    if total != len(devices):  # (before nesting the ids: a size 0 would hide the sizes given)
        raise ValueError(f"length of devices ({len(devices)}) must be equal to total size of "
                         f"the mesh of shape {sizes}")
    nested = list(range(total))
    for n in reversed(sizes[1:]):
        nested = [nested[i:i + n] for i in range(0, len(nested), n)]
    return Mesh(names, nested, list(range(total)), devices, mesh_name)


class Layout:
    """For each axis of a tensor, the mesh dimension it is split over, or UNSHARDED.
    Mirrors `tf.experimental.dtensor.Layout`."""

    def __init__(self, sharding_specs: list, mesh: Mesh):
        if not isinstance(mesh, Mesh):
            raise ValueError(f"mesh is not a valid Mesh object: {mesh!r}")
        for spec in sharding_specs:
            if spec not in (UNSHARDED, MATCH) and spec not in mesh.dim_names:
                raise ValueError(f"{spec}: A dimension sharding must either be a valid mesh "
                                 "dimension or UNSHARDED.")
        used = [s for s in sharding_specs if s not in (UNSHARDED, MATCH)]
        for spec in used:
            if used.count(spec) > 1:
                raise ValueError(f"Mesh dimension {spec} was repeated in sharding specification "
                                 f"{list(sharding_specs)}. Mesh dimensions must be unique in a "
                                 "layout.")
        self._specs = list(sharding_specs)
        self._mesh = mesh

    @classmethod
    def replicated(cls, mesh: Mesh, rank: int) -> "Layout":
        """Every axis whole on every device."""
        return cls([UNSHARDED] * rank, mesh)

    @classmethod
    def batch_sharded(cls, mesh: Mesh, batch_dim: str, rank: int, axis: int = 0) -> "Layout":
        """Axis `axis` split over `batch_dim`, the others whole."""
        specs = [UNSHARDED] * rank
        specs[axis] = batch_dim
        return cls(specs, mesh)

    @property
    def sharding_specs(self) -> list:
        return list(self._specs)

    @property
    def mesh(self) -> Mesh:
        return self._mesh

    @property
    def rank(self) -> int:
        return len(self._specs)

    @property
    def shape(self) -> list:
        """How many pieces each axis is cut into (TF's `Layout.shape`)."""
        return [self.num_shards(i) for i in range(self.rank)]

    def num_shards(self, idx: int) -> int:
        spec = self._specs[idx]
        return 1 if spec in (UNSHARDED, MATCH) else self._mesh.dim_size(spec)

    def is_fully_replicated(self) -> bool:
        return all(spec == UNSHARDED for spec in self._specs)

    def delete(self, dims: list) -> "Layout":
        """This layout without the axes `dims` (for a result that loses them)."""
        return Layout([s for i, s in enumerate(self._specs) if i not in dims], self._mesh)

    def to_string(self) -> str:
        # (TF ends each spec with a comma: "sharding_specs:x,y, mesh:...", for a scalar
        # "sharding_specs: mesh:...")
        return f"sharding_specs:{''.join(s + ',' for s in self._specs)} mesh:{self._mesh.to_string()}"

    def __str__(self) -> str:
        return f"Layout.from_string({self.to_string()})"

    __repr__ = __str__

    def __eq__(self, other) -> bool:
        return isinstance(other, Layout) and self.to_string() == other.to_string()

    def __hash__(self) -> int:
        return hash(self.to_string())
