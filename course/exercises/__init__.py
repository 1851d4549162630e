"""Exercises that check themselves.

In a notebook:

    >>> from course.exercises import check
    >>> check("02.1", ...)           # not attempted yet
    ⏳ 02.1 not attempted yet: replace ... with your answer.
    >>> check("02.1", tf.fill([3, 4], 0.5))
    ✅ 02.1 correct!

`checks.py` holds one checker per exercise; `solutions.py` holds the
reference solutions (peek only when you are stuck).
"""
from .checks import CHECKS, check, verdict

__all__ = ["CHECKS", "check", "verdict"]
