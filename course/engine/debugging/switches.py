"""The small switches of `tf.debugging`: device placement logging, traceback filtering.

- `set_log_device_placement(True)` makes TF log the device of every op it
  runs. The engine has one device (the CPU, see ../devices.py), so the
  setting is recorded and read back, and nothing is logged.
- TF filters its own frames out of the tracebacks of errors it raises (on by
  default). The engine records the setting; its tracebacks are plain
  Python's either way (the engine's frames are short, and learners may
  read them).

Read next: ../devices.py.
"""
from __future__ import annotations

__all__ = ["set_log_device_placement", "get_log_device_placement", "enable_traceback_filtering",
           "disable_traceback_filtering", "is_traceback_filtering_enabled"]

_settings = {"log_device_placement": False, "traceback_filtering": True}


def set_log_device_placement(enabled: bool) -> None:
    """Records whether to log each op's device. Mirrors `tf.debugging.set_log_device_placement`.

    >>> tf.debugging.set_log_device_placement(True)
    >>> tf.debugging.get_log_device_placement()
    True
    """
    _settings["log_device_placement"] = bool(enabled)


def get_log_device_placement() -> bool:
    """Whether device placement logging is on. Mirrors `tf.debugging.get_log_device_placement`."""
    return _settings["log_device_placement"]


def enable_traceback_filtering() -> None:
    """Turns traceback filtering on (the default). Mirrors
    `tf.debugging.enable_traceback_filtering`."""
    _settings["traceback_filtering"] = True


def disable_traceback_filtering() -> None:
    """Turns traceback filtering off. Mirrors `tf.debugging.disable_traceback_filtering`.

    >>> tf.debugging.disable_traceback_filtering()
    >>> tf.debugging.is_traceback_filtering_enabled()
    False
    """
    _settings["traceback_filtering"] = False


def is_traceback_filtering_enabled() -> bool:
    """Whether traceback filtering is on. Mirrors `tf.debugging.is_traceback_filtering_enabled`."""
    return _settings["traceback_filtering"]
