"""`check(exercise_id, answer)` prints ✅ or ❌ (with a hint) for one exercise.

A checker takes the learner's answer and returns None when it is right, or a
hint (a short string saying what is off) when it is not. Function answers are
called with the engine's tensors.

Exercise ids name the notebook, not its number: "tensors.1" is the first
exercise of `02-tensors.ipynb`, "linear-regression.2" the second of
`06-linear-regression.ipynb`. So renumbering the course never changes an id.
The first edition's numbered ids ("02.1", "09.2") keep working for notebooks
copied before the renumbering: see `legacy.py`.

The verdict and the hints come in the notebook's language (`course.i18n.tr`:
English, or Japanese in `notebooks/ja/`).

The checkers live by topic: `checks_environment.py` (start here,
troubleshooting), `checks_basics.py` (tensors to variables),
`checks_descent.py` (linear regression to standardization),
`checks_graphs.py` (graphs, TensorBoard, saving) and `checks_networks.py`
(the Keras notebooks).
"""
from __future__ import annotations

from typing import Any, Callable

from course.i18n import tr

from . import checks_basics, checks_descent, checks_environment, checks_graphs, checks_networks
from . import legacy

Checker = Callable[[Any], "str | None"]

# The table: exercise id -> checker.
CHECKS: dict[str, Checker] = {
    **checks_environment.CHECKS, **checks_basics.CHECKS, **checks_descent.CHECKS,
    **checks_graphs.CHECKS, **checks_networks.CHECKS,
}
# The first edition's ids: its own checker where the exercise changed, else the new one.
LEGACY_CHECKS: dict[str, Checker] = {
    old: legacy.CHECKS[old] if old in legacy.CHECKS else CHECKS[new]
    for old, new in legacy.RENAMED.items()
}


class NotAttempted(Exception):
    """A function answer still returns `...`, as the exercise template does."""


def _unless_template(fn):
    """Wraps a function answer so that `return ...` counts as not attempted."""
    def wrapped(*args, **kwargs):
        result = fn(*args, **kwargs)
        if result is Ellipsis:
            raise NotAttempted
        return result
    return wrapped


def verdict(exercise_id: str, answer) -> bool | None:
    """True if correct, False if not, None if not attempted (no printing)."""
    return _run(exercise_id, answer)[0]


def check(exercise_id: str, answer) -> None:
    """Prints whether `answer` solves exercise `exercise_id`, with a hint if not."""
    ok, hint = _run(exercise_id, answer)
    if ok is None:
        print(tr("⏳ {id} not attempted yet: replace ... with your answer.", id=exercise_id))
    elif ok:
        print(tr("✅ {id} correct!", id=exercise_id))
    else:
        print(tr("❌ {id} not yet. Hint: {hint}", id=exercise_id, hint=hint))


def _run(exercise_id: str, answer) -> tuple[bool | None, str | None]:
    checker = CHECKS.get(exercise_id) or LEGACY_CHECKS.get(exercise_id)
    if checker is None:
        raise KeyError(f"No exercise {exercise_id!r}; the ids are {sorted(CHECKS)}.")
    if answer is None or answer is Ellipsis:
        return None, None
    if callable(answer) and not isinstance(answer, type):
        answer = _unless_template(answer)
    try:
        hint = checker(answer)
    except NotAttempted:
        return None, None
    except Exception as e:  # a wrong answer may break the checker; that is a hint too
        first = str(e).splitlines()[0] if str(e) else ""
        hint = tr("checking your answer raised {error}: {message}",
                  error=type(e).__name__, message=first)
    return hint is None, hint
