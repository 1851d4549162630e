"""AutoGraph's errors: which lines of *your* code a failed trace went through.

When tracing a converted function raises, tf.function raises the error
again with a message that starts with the user code it passed through, as
TensorFlow does:

    ValueError: in user code:

        File "train.py", line 12, in step  *
            loss = loss_fn(y, model(x))
        File "train.py", line 4, in loss_fn  *
            return tf.reduce_mean(tf.square(y - y_pred))

        ValueError: <the original message, indented>

The rules, TF's:
- One line per call of a converted function (`*`): where that call was when
  the error came. A loop body or a nested `def` is part of its function, so
  only the innermost of their lines is shown. A loop body is named after
  the function it was written in (AutoGraph made it, not you).
- Below the innermost converted call, the frames of other libraries
  (NumPy, ...) follow; the first one, called from converted code but not
  converted itself (`do_not_convert`, a library function), is marked `**`.
  The engine's own frames are left out, as TF leaves out its own.
- The error keeps its class where the class takes a message (ValueError,
  TypeError, ..., TF's own errors); a KeyError becomes a KeyError whose text
  is the whole message; any other class becomes `StagingError`.
- With `tf.function(autograph=False)`, errors are raised as they are; so
  are errors marked `ag_pass_through` (TF's mark: a tensor leaked from a
  finished trace, whose message says where it was made).

    >>> @tf.function
    ... def f(x):
    ...     return tf.reshape(x, [3])
    >>> f(tf.range(4))
    ValueError: in user code: ...
"""
from __future__ import annotations

import linecache
import os
import traceback

__all__ = ["AutoGraphError", "StagingError", "in_user_code", "raise_in_user_code"]

# AutoGraph's own files (spelled as its code objects' file names are): a call through them is
# still the converted line's call. The rest of the engine is left out (stacks.in_engine).
_AUTOGRAPH = os.path.dirname(__file__) + os.sep


class AutoGraphError(Exception):
    """Base of AutoGraph's own errors (TF's `tf.autograph` error classes)."""


class StagingError(AutoGraphError):
    """An error of a class that takes no plain message, raised while tracing converted code."""


class _MultilineKeyError(KeyError):
    # KeyError's str() quotes its argument; this one shows the message as written. It still
    # says KeyError, so `except KeyError` and the printed class name are what the user raised.
    def __init__(self, message: str, key):
        super().__init__(key)
        self._message = message

    def __str__(self) -> str:
        return self._message


_MultilineKeyError.__name__ = _MultilineKeyError.__qualname__ = "KeyError"

# Classes that take one message argument and are raised again as themselves.
_MESSAGE_CLASSES = (AssertionError, AttributeError, NameError, NotImplementedError, RuntimeError,
                    StopIteration, TypeError, UnboundLocalError, ValueError)


def raise_in_user_code(error: Exception) -> None:
    """Raises `error`, raised while tracing converted code, again in its "in user code:" form;
    returns when no converted code is on its traceback (the caller raises it as it is)."""
    framed = in_user_code(error)
    if framed is not None:
        raise framed from None


def in_user_code(error: Exception) -> Exception | None:
    """The error to raise instead of `error`, raised while tracing converted code; None when
    no converted code is on its traceback (the error is then raised as it is)."""
    frames = _user_frames(error.__traceback__)
    if not frames or getattr(error, "ag_pass_through", False):  # (TF's mark for errors it
        return None                                              # raises as they are)
    original = getattr(error, "_ag_original", None) or (type(error), f"{type(error).__name__}: {error}")
    lines = ["in user code:", ""]
    for filename, lineno, name, source, mark in frames:
        line = (source or linecache.getline(filename, lineno)).strip() or "<source unavailable>"
        lines += [f'    File "{filename}", line {lineno}, in {name}{mark}', f"        {line}"]
    lines.append("")
    lines += ["    " + line for line in original[1].split("\n")]
    lines.append("")
    new = _same_kind(original[0], error, "\n".join(lines))
    new._ag_original = original  # (a tf.function traced inside this one raises it once more)
    return new.with_traceback(error.__traceback__)


def _user_frames(tb) -> list:
    """(file, line, name, source, mark) for the frames to show, outermost first (see the
    module docstring)."""
    from ..graph.stacks import in_engine
    from .conversion import CONVERTED_CODE
    calls, below, callee = [], [], False
    for frame, lineno in traceback.walk_tb(tb):
        code = frame.f_code
        converted = CONVERTED_CODE.get(code)
        if converted is not None:
            starts_call, name, lambda_lines = converted
            if starts_call or not calls:
                calls.append(None)
            source = lambda_lines.get(lineno) if lambda_lines else None
            calls[-1] = (code.co_filename, lineno, name, source, "  *")
            below, callee = [], True  # (the next frame is what this line called)
            continue
        if code.co_filename.startswith(_AUTOGRAPH):
            continue  # (AutoGraph's own call: the frame after it is still the callee)
        if calls and not in_engine(code):
            below.append((code.co_filename, lineno, code.co_name, None, "  **" if callee else ""))
        callee = False
    return calls + below if calls else []


def _same_kind(kind: type, error: Exception, message: str) -> Exception:
    from ..errors import OpError
    from ..graph.branches import InaccessibleTensorError
    from ..graph.shapes import OperatorNotAllowedInGraphError
    if issubclass(kind, OpError):
        return kind(getattr(error, "node_def", None), getattr(error, "op", None), message)
    if kind in _MESSAGE_CLASSES or kind.__init__ is Exception.__init__ or kind in (
            StagingError, OperatorNotAllowedInGraphError, InaccessibleTensorError):
        return kind(message)
    if kind is KeyError:
        return _MultilineKeyError(message, error.args[0] if error.args else None)
    return StagingError(message)
