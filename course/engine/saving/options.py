"""`tf.saved_model.SaveOptions` and `LoadOptions`: how a SavedModel is written and read.

    >>> tf.saved_model.save(module, "/tmp/m",
    ...                     options=tf.saved_model.SaveOptions(experimental_custom_gradients=False))

The engine's SavedModel is its own format (saved_model.py), so most of TF's
options have nothing to choose here; they are kept, checked by name, and
shown by `repr`. The one that changes what is saved is
`experimental_custom_gradients`: TF then keeps each `tf.custom_gradient`'s
gradient function in the file. The engine keeps the custom gradient's node and
a key for its function (as TF also does), but cannot save a Python function:
with the default (True) saving warns that a model loaded in another Python
process differentiates the ops inside instead. (In the process that saved it,
TF and the engine both find the function again by its key.)
"""
from __future__ import annotations

__all__ = ["SaveOptions", "LoadOptions"]


class SaveOptions:
    """Options for `tf.saved_model.save`. Mirrors `tf.saved_model.SaveOptions`'s arguments."""

    def __init__(self, namespace_whitelist=None, save_debug_info: bool = False,
                 function_aliases=None, experimental_debug_stripper: bool = False,
                 experimental_io_device=None, experimental_variable_policy=None,
                 experimental_custom_gradients: bool = True,
                 experimental_image_format: bool = False, experimental_skip_saver: bool = False,
                 experimental_sharding_callback=None, extra_tags=None):
        self.namespace_whitelist = list(namespace_whitelist or [])
        self.save_debug_info = save_debug_info
        self.function_aliases = dict(function_aliases or {})
        self.experimental_debug_stripper = experimental_debug_stripper
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_custom_gradients = experimental_custom_gradients
        self.experimental_image_format = experimental_image_format
        self.experimental_skip_saver = experimental_skip_saver
        self.experimental_sharding_callback = experimental_sharding_callback
        self.extra_tags = extra_tags

    def __repr__(self) -> str:
        return _repr(self)


class LoadOptions:
    """Options for `tf.saved_model.load`. Mirrors `tf.saved_model.LoadOptions`'s arguments."""

    def __init__(self, allow_partial_checkpoint: bool = False, experimental_io_device=None,
                 experimental_skip_checkpoint: bool = False, experimental_variable_policy=None,
                 experimental_load_function_aliases: bool = False):
        self.allow_partial_checkpoint = allow_partial_checkpoint
        self.experimental_io_device = experimental_io_device
        self.experimental_skip_checkpoint = experimental_skip_checkpoint
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_load_function_aliases = experimental_load_function_aliases

    def __repr__(self) -> str:
        return _repr(self)


def _repr(options) -> str:
    """`SaveOptions(namespace_whitelist=[], ...)`: the class and every argument's value."""
    fields = ", ".join(f"{k}={v!r}" for k, v in vars(options).items())
    return f"{type(options).__name__}({fields})"
