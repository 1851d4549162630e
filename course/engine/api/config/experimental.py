"""`tf.config.experimental`: device listing and GPU memory settings (no GPU here)."""
from ...devices import LogicalDeviceConfiguration as VirtualDeviceConfiguration
from ...devices import get_logical_device_configuration as get_virtual_device_configuration
from ...devices import set_logical_device_configuration as set_virtual_device_configuration
from ...devices import (get_memory_growth, get_visible_devices, list_logical_devices,
                        list_physical_devices, set_memory_growth, set_visible_devices)

__all__ = ["VirtualDeviceConfiguration", "get_virtual_device_configuration",
           "set_virtual_device_configuration", "get_memory_growth", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "set_memory_growth", "set_visible_devices"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("config.experimental", __name__, name)
