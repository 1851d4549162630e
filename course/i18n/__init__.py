"""The course in two languages: `tr(...)` gives a message in the notebook's language.

The English and the Japanese notebooks run the very same code cells. Text that a
cell prints or draws (a plot's title, an axis label, a sentence it prints) is
written in English inside `tr(...)`; in a Japanese notebook `tr` returns the
Japanese translation from the catalog instead:

    >>> from course.i18n import tr
    >>> tr("The fitted line")                       # in notebooks/06-linear-regression.ipynb
    'The fitted line'
    >>> tr("after {n} steps", n=200)                # values are filled in, as str.format does
    'after 200 steps'

and in `notebooks/ja/06-linear-regression.ipynb` the same calls give
'当てはめた直線' and '200 ステップ後'.

Which language? A notebook in a folder named `ja` (`notebooks/ja/`,
`my-notebooks/ja/`) is Japanese, every other one English. The kernel runs in
the notebook's folder (JupyterLab, VS Code, nbval and nbclient all start it
there), so `language()` reads the name of the working folder. `set_language`
overrides that, for a notebook moved elsewhere or for tests.

The English text is the key, so a cell reads naturally in English; the Japanese
lives in `ja.py` (the notebooks' messages) and `ja_exercises.py` (the exercise
checker's verdicts and hints). A message without a translation stays English;
`tests/notebooks/test_japanese_edition.py` makes sure there is none.
Read next: `ja.py`.
"""
from __future__ import annotations

from pathlib import Path

from .ja import MESSAGES as _JA_NOTEBOOKS
from .ja_exercises import MESSAGES as _JA_EXERCISES

LANGUAGES = ("en", "ja")

# language -> {English text: translation}. English needs no catalog.
CATALOGS: dict[str, dict[str, str]] = {"ja": {**_JA_NOTEBOOKS, **_JA_EXERCISES}}

_chosen: str | None = None


def set_language(language: str | None) -> None:
    """Use this language from now on ("en" or "ja"); None goes back to the folder's rule.

    >>> set_language("ja"); tr("The fitted line")
    '当てはめた直線'
    """
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES} or None, got {language!r}")
    _chosen = language


def language() -> str:
    """ "ja" in a folder named ja (where the Japanese notebooks live), else "en"."""
    if _chosen is not None:
        return _chosen
    try:
        folder = Path.cwd().name
    except OSError:  # the working folder was deleted
        return "en"
    return "ja" if folder == "ja" else "en"


def tr(text: str, /, **values: object) -> str:
    """`text` in the notebook's language, with `values` filled in (`str.format`'s fields).

    >>> tr("learning rate {rate}", rate=0.1)
    'learning rate 0.1'
    """
    translated = CATALOGS.get(language(), {}).get(text, text)
    return translated.format(**values) if values else translated
