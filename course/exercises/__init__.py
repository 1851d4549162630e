"""Exercises that check themselves.

In a notebook:

    >>> from course.exercises import check
    >>> check("tensors.1", ...)           # not attempted yet
    ⏳ tensors.1 not attempted yet: replace ... with your answer.
    >>> check("tensors.1", tf.fill([3, 4], 0.5))
    ✅ tensors.1 correct!

`checks.py` runs the checkers (one per exercise, in the `checks_*.py` modules
by topic); `solutions.py` holds the reference solutions (peek only when you
are stuck).
"""
from .checks import CHECKS, LEGACY_CHECKS, check, verdict

__all__ = ["CHECKS", "LEGACY_CHECKS", "check", "verdict"]
