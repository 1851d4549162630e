"""The progress display of `fit`, drawn as Keras 3 draws it.

verbose=1 (a live bar, redrawn in place with "\\b" and "\\r", which both a
terminal and JupyterLab understand):

    Epoch 1/5
    1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.8000 - loss: 0.5000

verbose=2 (one line per epoch, for logs):

    1875/1875 - 3s - 2ms/step - accuracy: 0.8000 - loss: 0.5000

Everything goes to `sys.stdout`, like Keras.
"""
from __future__ import annotations

import math
import os
import sys
import time

__all__ = ["Progbar"]


def _format_time(seconds_per_unit: float, unit_name: str) -> str:
    if seconds_per_unit >= 1 or seconds_per_unit == 0:
        return f" {seconds_per_unit:.0f}s/{unit_name}"
    if seconds_per_unit >= 1e-3:
        return f" {seconds_per_unit * 1000:.0f}ms/{unit_name}"
    return f" {seconds_per_unit * 1e6:.0f}us/{unit_name}"


def _format_value(value: float) -> str:
    return f" {value:.4f}" if abs(value) > 1e-3 else f" {value:.4e}"


class Progbar:
    """A progress bar over `target` steps. Mirrors `keras.utils.Progbar`.

    >>> bar = tf.keras.utils.Progbar(10, verbose=2)
    >>> for i in range(10):
    ...     bar.update(i + 1, [("loss", 0.5)])    # prints one line at step 10
    """

    def __init__(self, target: int | None, width: int = 20, verbose: int = 1,
                 interval: float = 0.05, unit_name: str = "step"):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        # Redraw in place where the output understands it, as Keras decides.
        self._dynamic = ((hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
                         or "ipykernel" in sys.modules or "posix" in sys.modules
                         or "PYCHARM_HOSTED" in os.environ)
        self._values: dict[str, float] = {}  # metrics arrive already averaged (stateful)
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_width = 0

    def _step_time(self, current: int, now: float) -> float:
        """Seconds per step, leaving out the (slow, first-call) first step when possible."""
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            per = (now - self._time_after_first_step) / (current - 1)
        else:
            per = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Shows progress at step `current` with `values`: [(name, value), ...]."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or []:
            self._values[name] = float(value)
        now = time.time()
        per_step = self._step_time(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw(current, now, per_step, finalize)
        elif self.verbose == 2 and finalize and self.target:
            digits = int(math.log10(self.target)) + 1
            line = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
            line += _format_time(per_step, self.unit_name)
            line += "".join(f" - {k}:{_format_value(v)}" for k, v in self._values.items())
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        self._last_update = now

    def _draw(self, current: int, now: float, per_step: float, finalize: bool) -> None:
        message = ("\b" * self._prev_width + "\r") if self._dynamic else "\n"
        hidden = 0  # characters of colour codes, which take no room on screen
        if self.target:
            digits = int(math.log10(self.target)) + 1
            bar = f"\x1b[1m{current:{digits}d}/{self.target}\x1b[0m "
            hidden += 8
            done = int(self.width * current / self.target)
            if done > 0:
                bar += f"\x1b[32m{'━' * done}\x1b[0m"
                hidden += 9
            bar += f"\x1b[37m{'━' * (self.width - done)}\x1b[0m"
            hidden += 9
        else:
            bar = f"{current:7d}/Unknown"
        if self.target and not finalize:
            eta = per_step * (self.target - current)
            if eta > 3600:
                text = f"{int(eta // 3600)}:{int(eta % 3600 // 60):02d}:{int(eta % 60):02d}"
            elif eta > 60:
                text = f"{int(eta // 60)}:{int(eta % 60):02d}"
            else:
                text = f"{int(eta)}s"
            info = f" \x1b[1m{text}\x1b[0m"
        else:
            info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
        hidden += 8
        info += _format_time(per_step, self.unit_name)
        info += "".join(f" - {k}:{_format_value(v)}" for k, v in self._values.items())
        width = len(bar) + len(info) - hidden
        message += bar + info
        if self._prev_width > width:
            message += " " * (self._prev_width - width)  # wipe the end of a longer old line
        if finalize:
            message += "\n"
        sys.stdout.write(message)
        sys.stdout.flush()
        self._prev_width = width
