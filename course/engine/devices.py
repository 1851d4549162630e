"""Devices and threads: `tf.device`, `tf.config.list_physical_devices`, `tf.config.threading`.

This engine computes everything on the CPU with NumPy, so there is exactly one
device, `/physical_device:CPU:0`, and every tensor says it lives there:

    >>> tf.config.list_physical_devices()
    [PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]
    >>> tf.config.list_physical_devices('GPU')
    []

`with tf.device('GPU:0'):` is accepted and changes nothing, as TensorFlow's
soft placement does on a machine without that device: the ops run on the CPU.

Logical devices: `tf.config.set_logical_device_configuration(cpu, [config] * 3)`
splits the CPU into three logical devices (what tf.distribute uses to practise
on one machine), before the runtime starts; `list_logical_devices` then lists
`/device:CPU:0` to `/device:CPU:2`. Here the runtime counts as started once
devices have been listed (TF also starts it with the first op), and the
logical CPUs are names only: every op still runs on the one CPU.

Threads: NumPy's matrix products run on its BLAS library (OpenBLAS), which
has its own thread pool. `tf.config.threading.set_intra_op_parallelism_threads(n)`
sets that pool's size (TF's "intra-op" threads split one op's work), when the
BLAS library is found; `inter_op` (TF: how many ops run at once) is recorded
only: the engine runs one op at a time.

Read next: function.py (`tf.config.run_functions_eagerly` is read there).
"""
from __future__ import annotations

import collections
import contextlib
import ctypes
import re

__all__ = ["PhysicalDevice", "LogicalDevice", "LogicalDeviceConfiguration", "device",
           "set_logical_device_configuration", "get_logical_device_configuration", "list_physical_devices",
           "list_logical_devices", "get_visible_devices", "set_visible_devices",
           "set_memory_growth", "get_memory_growth", "set_intra_op_parallelism_threads",
           "get_intra_op_parallelism_threads", "set_inter_op_parallelism_threads",
           "get_inter_op_parallelism_threads", "run_functions_eagerly", "functions_run_eagerly",
           "get_soft_device_placement", "set_soft_device_placement", "CPU_NAME"]

# TF prints these as namedtuples: PhysicalDevice(name='...', device_type='CPU')
PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])


class LogicalDeviceConfiguration(collections.namedtuple(
        "LogicalDeviceConfiguration",
        ["memory_limit", "experimental_priority", "experimental_device_ordinal"])):
    """One logical device to make of a physical one. Mirrors `tf.config.LogicalDeviceConfiguration`.

    (Memory limits and priorities matter for GPUs; on the CPU only the count does.)
    """

    def __new__(cls, memory_limit=None, experimental_priority=None,
                experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority,
                               experimental_device_ordinal)

CPU_NAME = "/job:localhost/replica:0/task:0/device:CPU:0"  # what `tensor.device` says
_CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")


class _Settings:
    def __init__(self):
        self.intra_op_threads = 0  # TF: 0 means "the system chooses"
        self.inter_op_threads = 0
        self.functions_run_eagerly = False
        self.soft_placement = True
        self.logical_cpus = None  # the CPU's LogicalDeviceConfigurations, if it was split
        self.initialized = False  # TF: devices are fixed once the runtime has started


settings = _Settings()


# -- listing devices ---------------------------------------------------------------------------------
def list_physical_devices(device_type: str | None = None) -> list:
    """The devices of this machine that the engine can use: one CPU.

    Mirrors `tf.config.list_physical_devices`; any other type gives `[]`.
    """
    return [_CPU] if device_type is None or device_type.upper() == "CPU" else []


def list_logical_devices(device_type: str | None = None) -> list:
    """The devices ops can be placed on: `LogicalDevice(name='/device:CPU:0', ...)`.

    One per LogicalDeviceConfiguration when the CPU was split. Listing starts
    the runtime: the configuration cannot change afterwards (as in TF).
    """
    settings.initialized = True
    if not list_physical_devices(device_type):
        return []
    return [LogicalDevice(f"/device:CPU:{i}", "CPU") for i in range(len(settings.logical_cpus or [0]))]


def set_logical_device_configuration(device, logical_devices) -> None:
    """Splits the CPU into logical devices, one per configuration in `logical_devices`.

    Mirrors `tf.config.set_logical_device_configuration` (and
    `tf.config.experimental.set_virtual_device_configuration`):

    >>> cpu = tf.config.list_physical_devices("CPU")[0]
    >>> tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

    Only before the runtime starts; afterwards only the same configuration is accepted.
    """
    if device != _CPU:
        raise ValueError(f"Unrecognized device: {device!r}")
    configs = list(logical_devices)
    if settings.initialized:
        if configs != (settings.logical_cpus or []):
            raise RuntimeError("Virtual devices cannot be modified after being initialized")
        return
    settings.logical_cpus = configs or None


def get_logical_device_configuration(device):
    """The configurations the CPU was split with, or None. Mirrors TF's function."""
    if device != _CPU:
        raise ValueError(f"Unrecognized device: {device!r}")
    return None if settings.logical_cpus is None else list(settings.logical_cpus)


def get_visible_devices(device_type: str | None = None) -> list:
    """Mirrors `tf.config.get_visible_devices`: the CPU."""
    return list_physical_devices(device_type)


def set_visible_devices(devices, device_type: str | None = None) -> None:
    """Accepts the CPU (alone or in a list); TF refuses to hide the CPU, and so do we."""
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    if _CPU not in devices and (device_type is None or device_type.upper() == "CPU"):
        raise ValueError("Unable to set visible devices: the CPU cannot be hidden (this engine "
                         "runs everything on it).")
    for d in devices:
        if d != _CPU:
            raise ValueError(f"Unrecognized device: {d!r}. This engine has only the CPU.")


def set_memory_growth(device, enable: bool) -> None:
    """Mirrors `tf.config.experimental.set_memory_growth`: meaningful for GPUs only."""
    raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")


def get_memory_growth(device) -> bool:
    raise ValueError("Cannot get memory growth on non-GPU and non-Pluggable devices")


def get_soft_device_placement() -> bool:
    return settings.soft_placement


def set_soft_device_placement(enabled: bool) -> None:
    """Recorded only: placement is always soft here (every op runs on the CPU)."""
    settings.soft_placement = bool(enabled)


# -- tf.device --------------------------------------------------------------------------------------
_SPEC_PART = re.compile(r"^(job:\w+|replica:\d+|task:\d+|device:[A-Za-z_]+:(\d+|\*)|"
                        r"[A-Za-z_]+:(\d+|\*)|[A-Za-z_]+)$")
_KNOWN_TYPES = {"CPU", "GPU", "TPU", "XLA_CPU", "XLA_GPU"}


def _check_spec(spec: str) -> None:
    """TF's device-spec syntax: `/job:x/replica:0/task:0/device:GPU:0`, `GPU:0`, `cpu:0`..."""
    for part in (p for p in spec.split("/") if p):
        if not _SPEC_PART.match(part) or (":" not in part and part.upper() not in _KNOWN_TYPES):
            raise ValueError(f"Unknown attribute '{part}' is encountered while parsing the device "
                             f"spec: '{spec}'.")


@contextlib.contextmanager
def device(device_name):
    """Places the ops of the `with` block on a device. Mirrors `tf.device`.

    Every op runs on the CPU here; like TensorFlow's soft placement on a machine
    without the named device, a GPU or TPU name falls back to the CPU silently.

    >>> with tf.device('GPU:0'):
    ...     x = tf.constant(1.0) * 2
    >>> x.device
    '/job:localhost/replica:0/task:0/device:CPU:0'
    """
    if device_name is not None and not callable(device_name):
        _check_spec(str(device_name))
    yield None  # TF's device context gives None to `as`


# -- threads ------------------------------------------------------------------------------------------
def _blas_setter():
    """OpenBLAS's `set_num_threads`, from the library NumPy loaded, or None (not found)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                       "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(lib, symbol, None)
            if setter is not None:
                return setter
    return None


def set_intra_op_parallelism_threads(num_threads: int) -> None:
    """Threads that split one op's work: here, the BLAS library's thread count.

    Mirrors `tf.config.threading.set_intra_op_parallelism_threads` (0: let the
    library choose, i.e. leave it as it is). Unlike TF, it can change at any time.
    """
    num_threads = int(num_threads)
    if num_threads < 0:
        raise ValueError(f"num_threads must be >= 0, got {num_threads}")
    settings.intra_op_threads = num_threads
    setter = _blas_setter() if num_threads else None
    if setter is not None:
        setter(ctypes.c_int(num_threads))


def get_intra_op_parallelism_threads() -> int:
    return settings.intra_op_threads


def set_inter_op_parallelism_threads(num_threads: int) -> None:
    """Recorded only: the engine runs one op at a time."""
    settings.inter_op_threads = int(num_threads)


def get_inter_op_parallelism_threads() -> int:
    return settings.inter_op_threads


# -- tf.function, eagerly -------------------------------------------------------------------
def run_functions_eagerly(run_eagerly: bool) -> None:
    """Makes every `tf.function` call its Python function directly (for debugging).

    Mirrors `tf.config.run_functions_eagerly`: prints inside the function then run
    on every call, and tensors have values.
    """
    settings.functions_run_eagerly = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return settings.functions_run_eagerly
