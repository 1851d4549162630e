"""`compile(steps_per_execution=n)`: when `fit` and `evaluate` call the batch hooks.

Keras runs n training steps per call of its compiled function, and calls the
callbacks' batch hooks once per such execution: `on_train_batch_begin` with
the first step's index, `on_train_batch_end` (and `on_test_batch_end`) with
the index of the execution's last step, `first + n - 1` (also for a last,
shorter execution, as Keras 3 on TF reports). `stop_training` is looked at
there too. The steps themselves, and so the numbers, are the same as with n=1:

    >>> model.compile("sgd", "mse", steps_per_execution=3)
    >>> model.fit(x, y, batch_size=2)      # 5 batches: begin 0, end 2, begin 3, end 5

Here each step still runs on its own (the engine's traced step is one batch);
only the hooks follow Keras's rhythm. Read next: models.py (fit, evaluate).
"""
from __future__ import annotations

from typing import Iterable, Iterator

__all__ = ["check", "executions"]

_END = object()


def check(steps_per_execution) -> int:
    """The number, checked (Keras 3 asks for a positive int)."""
    if isinstance(steps_per_execution, bool) or not isinstance(steps_per_execution, int) or \
            steps_per_execution < 1:
        raise ValueError(f"steps_per_execution must be a positive integer, got "
                         f"{steps_per_execution!r}.")
    return steps_per_execution


def executions(batches: Iterable, n: int) -> Iterator[tuple]:
    """(step, batch, begins, end) for each (step, batch) of an epoch: `begins` is True at an
    execution's first step; `end` is the index for the batch-end hooks at its last step,
    else None. With n == 1 every step begins and ends (no batch is read ahead)."""
    if n == 1:
        for step, batch in batches:
            yield step, batch, True, step
        return
    it = iter(batches)
    current = next(it, _END)
    while current is not _END:
        step, batch = current
        current = next(it, _END)   # (read ahead: the epoch's last step ends an execution)
        first = step - step % n
        ends = step % n == n - 1 or current is _END
        yield step, batch, step == first, first + n - 1 if ends else None
