"""The self-checking exercises: each checker accepts its reference solution (and other right
answers), rejects at least two typical wrong answers with a hint, and leaves unattempted
answers alone. The first edition's numbered ids keep working for old copies of notebooks.
In a Japanese notebook the verdicts and every hint are in Japanese."""
from __future__ import annotations

import re

import pytest

import course.engine as tf
from course.exercises import CHECKS, LEGACY_CHECKS, check, verdict
from course.i18n import set_language
from course.exercises import legacy
from course.exercises.solutions import SOLUTIONS

from .legacy_answers import LEGACY_SOLUTIONS, LEGACY_WRONG
from .wrong_answers import ALSO_RIGHT, WRONG

WRONG_CASES = [pytest.param(i, k, id=f"{i}-wrong{k}") for i in sorted(WRONG)
               for k in range(len(WRONG[i]))]
RIGHT_CASES = [pytest.param(i, k, id=f"{i}-right{k}") for i in sorted(ALSO_RIGHT)
               for k in range(len(ALSO_RIGHT[i]))]


def test_every_exercise_has_a_solution_and_two_wrong_answers():
    assert sorted(SOLUTIONS) == sorted(CHECKS)
    assert sorted(WRONG) == sorted(CHECKS)
    assert all(len(answers) >= 2 for answers in WRONG.values())


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_checker_accepts_the_reference_solution(exercise_id, capsys):
    assert verdict(exercise_id, SOLUTIONS[exercise_id]()) is True
    check(exercise_id, SOLUTIONS[exercise_id]())
    assert capsys.readouterr().out == f"✅ {exercise_id} correct!\n"


@pytest.mark.parametrize("exercise_id, k", RIGHT_CASES)
def test_checker_accepts_other_right_answers(exercise_id, k):
    assert verdict(exercise_id, ALSO_RIGHT[exercise_id][k]()) is True


@pytest.mark.parametrize("exercise_id, k", WRONG_CASES)
def test_checker_rejects_a_wrong_answer_with_a_hint(exercise_id, k, capsys):
    answer = WRONG[exercise_id][k]()
    assert verdict(exercise_id, answer) is False
    check(exercise_id, answer)
    out = capsys.readouterr().out
    assert out.startswith(f"❌ {exercise_id} not yet. Hint: ") and len(out) > 40, out
    # a hint names the problem; it is not the checker crashing on the answer
    assert "checking your answer raised" not in out, out


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_unattempted_is_neither_right_nor_wrong(exercise_id, capsys):
    assert verdict(exercise_id, ...) is None
    assert verdict(exercise_id, None) is None
    check(exercise_id, ...)
    assert capsys.readouterr().out == (f"⏳ {exercise_id} not attempted yet: "
                                       "replace ... with your answer.\n")


def test_a_function_template_still_returning_ellipsis_is_unattempted():
    def spike_starts(readings, baseline, threshold):
        return ...
    assert verdict("variables.2", spike_starts) is None


def test_an_answer_that_breaks_the_checker_is_wrong_not_a_crash(capsys):
    check("variables.2", lambda readings, baseline, threshold: 1 / 0)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_unknown_exercise_id_names_the_known_ones():
    with pytest.raises(KeyError, match="tensors.1"):
        check("99.9", 1)


def test_ids_name_their_notebook_not_its_number():
    for exercise_id in CHECKS:
        notebook, _, number = exercise_id.rpartition(".")
        assert notebook and not notebook[:1].isdigit() and number.isdigit(), exercise_id


# -- the first edition's ids ------------------------------------------------------------------
def test_every_first_edition_id_still_checks():
    """Copies of first-edition notebooks call check("09.2", ...): every old id is known, maps
    to an exercise that exists (or keeps its own checker), and never collides with a new id."""
    old_ids = {f"{nb:02d}.{k}" for nb in range(1, 13) for k in (1, 2, 3)} - {"08.3"}
    assert set(legacy.RENAMED) == old_ids == set(LEGACY_CHECKS)
    assert not set(LEGACY_CHECKS) & set(CHECKS)
    for old, new in legacy.RENAMED.items():
        assert new in CHECKS or (new is None and old in legacy.CHECKS), old


@pytest.mark.parametrize("old_id", sorted(legacy.RENAMED))
def test_a_first_edition_id_accepts_the_first_edition_answer(old_id):
    answer = LEGACY_SOLUTIONS.get(old_id) or SOLUTIONS[legacy.RENAMED[old_id]]
    assert verdict(old_id, answer()) is True


@pytest.mark.parametrize("old_id", sorted(legacy.CHECKS))
def test_a_first_edition_checker_rejects_two_wrong_answers(old_id):
    assert len(LEGACY_WRONG[old_id]) >= 2
    for wrong in LEGACY_WRONG[old_id]:
        assert verdict(old_id, wrong()) is False


# -- in a Japanese notebook --------------------------------------------------------------------
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def in_japanese():
    """As in a notebook of notebooks/ja/ (course.i18n reads the folder's name there)."""
    set_language("ja")
    yield
    set_language(None)


@pytest.mark.parametrize("exercise_id", sorted(CHECKS))
def test_in_japanese_the_verdicts_are_japanese(exercise_id, capsys, in_japanese):
    check(exercise_id, SOLUTIONS[exercise_id]())
    assert capsys.readouterr().out == f"✅ {exercise_id} 正解です!\n"
    check(exercise_id, ...)
    assert capsys.readouterr().out == (f"⏳ {exercise_id} はまだ解答されていません。"
                                       "... をあなたの答えに書き換えてください。\n")


@pytest.mark.parametrize("exercise_id, k", WRONG_CASES)
def test_in_japanese_every_hint_is_japanese(exercise_id, k, capsys, in_japanese):
    answer = WRONG[exercise_id][k]()
    assert verdict(exercise_id, answer) is False
    check(exercise_id, answer)
    out = capsys.readouterr().out
    prefix = f"❌ {exercise_id} はまだ正解ではありません。ヒント: "
    assert out.startswith(prefix), out
    hint = out[len(prefix):]
    assert JAPANESE.search(hint), f"an English hint in a Japanese notebook: {hint!r}"
    assert "チェックしたところ" not in hint, hint  # a hint, not the checker crashing


def test_the_same_wrong_answer_gets_the_same_hint_in_either_language(capsys):
    """The Japanese hint is the translation of the English one, values included."""
    from course.i18n import CATALOGS
    answer = lambda y_true, y_pred: tf.reduce_sum((y_true - tf.reshape(y_pred, [-1])) ** 2)
    check("axes-and-slicing.3", answer)
    english = capsys.readouterr().out
    set_language("ja")
    try:
        check("axes-and-slicing.3", answer)
    finally:
        set_language(None)
    japanese = capsys.readouterr().out
    message = "that is the sum of squares; the *mean* divides by n."
    assert english == f"❌ axes-and-slicing.3 not yet. Hint: {message}\n"
    assert japanese == f"❌ axes-and-slicing.3 はまだ正解ではありません。ヒント: {CATALOGS['ja'][message]}\n"
