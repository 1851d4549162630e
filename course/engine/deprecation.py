"""TF's deprecation notices, logged once per deprecated name, as TF's `deprecated` decorator
logs them:

    WARNING: From <file>:<line>: dense_to_ragged_batch (from tf.data.experimental) is
    deprecated and will be removed in a future version.
    Instructions for updating:
    Use `tf.data.Dataset.ragged_batch` instead.

`<file>:<line>` is a caller's, `depth` frames up from the function that logs.
"""
from __future__ import annotations

import logging
import sys

__all__ = ["log_once"]

logged: set = set()  # what has been logged (tests clear it)


def log_once(what: str, instructions: str, depth: int) -> None:
    """Logs that `what` is deprecated, with TF's `instructions`, the first time only; the
    line named is `depth` frames above the caller of this function."""
    if what in logged:
        return
    logged.add(what)
    caller = sys._getframe(depth + 1)
    logging.getLogger("course.engine").warning(
        "From %s:%d: %s is deprecated and will be removed in a future version.\n"
        "Instructions for updating:\n%s", caller.f_code.co_filename, caller.f_lineno, what,
        instructions)
