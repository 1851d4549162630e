"""Reference solutions, one per exercise (try the exercise first!).

`SOLUTIONS` maps an exercise id to a function that returns the answer you
would pass to `check`. The tests check every one of them with its checker.
The solutions live by topic, like the checkers: `solutions_basics.py`
(01-05 and 14), `solutions_descent.py` (06-08), `solutions_models.py` (09-13).
"""
from __future__ import annotations

from . import solutions_basics, solutions_descent, solutions_models


def _table(module) -> dict:
    """solution_tensors_1 -> "tensors.1" (underscores in the name become hyphens)."""
    table = {}
    for name, fn in vars(module).items():
        if name.startswith("solution_"):
            notebook, _, number = name[len("solution_"):].rpartition("_")
            table[f"{notebook.replace('_', '-')}.{number}"] = fn
    return table


SOLUTIONS = {**_table(solutions_basics), **_table(solutions_descent), **_table(solutions_models)}
