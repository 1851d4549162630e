"""The self-checking exercises: each checker accepts its reference solution and
rejects a typical wrong answer; unattempted answers are neither."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.exercises import CHECKS, check, verdict
from course.exercises.solutions import SOLUTIONS

# One typical mistake per exercise (the checker must say ❌, with a hint).
WRONG = {
    "01.1": lambda: "docker compose logs",
    "01.2": lambda: "http://127.0.0.1:8888",
    "01.3": lambda: "notebooks",
    "02.1": lambda: tf.fill([3, 4], 0.5) * 2,
    "02.2": lambda: tf.reshape(tf.range(12), [4, 3]),  # reshape is not transpose
    "02.3": lambda: tf.float32,
    "03.1": lambda: tuple(reversed([tf.constant([[1, 2], [3, 4]]) * tf.constant([[0, 1], [1, 0]]),
                                    tf.constant([[1, 2], [3, 4]]) @ tf.constant([[0, 1], [1, 0]])])),
    "03.2": lambda: (-3, -1),  # C's truncation
    "03.3": lambda: tf.constant([1.5, 2.5, 3.5], tf.float64),
    "05.1": lambda: tf.constant([1.0, 2.0, 3.0]),  # a tensor, not a Variable
    "05.2": lambda: (lambda s, th: tf.concat([s[1:] - s[:-1] > th, tf.constant([False])], 0)),
    "05.3": lambda: tf.Variable(0),  # trainable
    "09.1": lambda: (lambda x, y: (tf.reduce_sum(x * y) / tf.reduce_sum(x * x), 0.0)),
    "09.2": lambda: (lambda a, b, x, y: (tf.reduce_sum((y - a * x - b) * x),
                                         tf.reduce_sum(y - a * x - b))),  # signs flipped
    "09.3": lambda: 0.1,
    "10.1": lambda: (3.0, -1.0),
    "10.2": lambda: tf.sigmoid,
    "10.3": lambda: float(np.sin(1.5) * 1.5 ** 2),
    "11.1": lambda: (5.0, float(np.sqrt(32 / 7))),  # the sample std
    "11.2": lambda: (lambda x: x - tf.reduce_mean(x)),
    "11.3": lambda: (lambda a_z, b_z, mean, std: (a_z * std, b_z)),
    "12.1": lambda: "Segmentation fault",
    "12.2": lambda: (lambda text, flag: flag in text),  # substring, not whole word
    "12.3": lambda: (lambda text: int(text) // 1024 if text.strip() != "max" else None),
}


# Notebooks 04, 06, 07 and 08 keep theirs in wrong_models.py.
from .wrong_models import WRONG_MODELS  # noqa: E402

WRONG.update(WRONG_MODELS)


def test_every_exercise_has_a_solution_and_a_wrong_answer():
    assert sorted(SOLUTIONS) == sorted(CHECKS)
    assert sorted(WRONG) == sorted(CHECKS)


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_checker_accepts_the_reference_solution(exercise_id, capsys):
    assert verdict(exercise_id, SOLUTIONS[exercise_id]()) is True
    check(exercise_id, SOLUTIONS[exercise_id]())
    assert capsys.readouterr().out == f"✅ {exercise_id} correct!\n"


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_checker_rejects_a_wrong_answer_with_a_hint(exercise_id, capsys):
    assert verdict(exercise_id, WRONG[exercise_id]()) is False
    check(exercise_id, WRONG[exercise_id]())
    out = capsys.readouterr().out
    assert out.startswith(f"❌ {exercise_id} not yet. Hint: ") and len(out) > 40, out


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_unattempted_is_neither_right_nor_wrong(exercise_id, capsys):
    assert verdict(exercise_id, ...) is None
    assert verdict(exercise_id, None) is None
    check(exercise_id, ...)
    assert capsys.readouterr().out == f"⏳ {exercise_id} not attempted yet: replace ... with your answer.\n"


def test_a_function_template_still_returning_ellipsis_is_unattempted():
    def spikes(series, threshold):
        return ...
    assert verdict("05.2", spikes) is None


def test_an_answer_that_breaks_the_checker_is_wrong_not_a_crash(capsys):
    check("05.2", lambda series, threshold: 1 / 0)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_unknown_exercise_id_names_the_known_ones():
    with pytest.raises(KeyError, match="02.1"):
        check("99.9", 1)
