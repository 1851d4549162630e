"""`tf.config`: the devices this engine has (one CPU), threads, running functions eagerly, and
the graph optimizer's options (`tf.config.optimizer`).

Re-exports from devices.py, where the behaviour is explained.
"""
from ...devices import (LogicalDevice, LogicalDeviceConfiguration, PhysicalDevice,
                        functions_run_eagerly, get_logical_device_configuration,
                        get_soft_device_placement, get_visible_devices, list_logical_devices,
                        list_physical_devices, run_functions_eagerly,
                        set_logical_device_configuration, set_soft_device_placement,
                        set_visible_devices)
from . import experimental, optimizer, threading

__all__ = ["LogicalDevice", "LogicalDeviceConfiguration", "PhysicalDevice",
           "get_logical_device_configuration", "set_logical_device_configuration", "experimental", "optimizer",
           "threading", "functions_run_eagerly",
           "get_soft_device_placement", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "run_functions_eagerly", "set_soft_device_placement",
           "set_visible_devices"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("config", __name__, name)
