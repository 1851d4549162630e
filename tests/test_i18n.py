"""course.i18n: a notebook in a folder named ja speaks Japanese, every other one English.

The rule is the folder the kernel runs in (JupyterLab, VS Code, nbval and nbclient start
it in the notebook's folder); set_language overrides it. `tr` looks the English text up
in the language's catalog and fills in the fields as str.format does.
"""
from __future__ import annotations

import pytest

from course.i18n import CATALOGS, language, set_language, tr


@pytest.fixture(autouse=True)
def _folder_rule():
    set_language(None)
    yield
    set_language(None)


@pytest.mark.parametrize("folders, expected", [
    (("notebooks", "ja"), "ja"),
    (("my-notebooks", "ja"), "ja"),
    (("notebooks",), "en"),
    (("my-notebooks",), "en"),
    (("ja", "sub"), "en"),  # only the notebook's own folder counts
    (("japan",), "en"),
])
def test_the_language_is_the_name_of_the_notebooks_folder(folders, expected, tmp_path,
                                                          monkeypatch):
    folder = tmp_path.joinpath(*folders)
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert language() == expected


def test_set_language_overrides_the_folder_and_none_goes_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    set_language("ja")
    assert language() == "ja"
    set_language(None)
    assert language() == "en"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        set_language("fr")


def test_tr_gives_the_catalogs_text_with_the_fields_filled_in():
    message = "after {steps} steps: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}"
    values = {"steps": 200, "a": 2.0, "b": 1.14, "loss": 0.2217}
    assert tr(message, **values) == "after 200 steps: a = 2.000, b = 1.140, L = 0.2217"
    set_language("ja")
    assert CATALOGS["ja"][message] == "{steps} ステップ後: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}"
    assert tr(message, **values) == "200 ステップ後: a = 2.000, b = 1.140, L = 0.2217"


def test_a_message_without_values_is_not_formatted():
    """Braces in a message without values are text (as `print` would show them)."""
    assert tr("a set such as {1, 2}") == "a set such as {1, 2}"


def test_a_message_without_a_translation_stays_english():
    set_language("ja")
    assert tr("not in any catalog: {n}", n=1) == "not in any catalog: 1"


def test_the_working_folder_may_be_gone(tmp_path, monkeypatch):
    gone = tmp_path / "ja"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert language() == "en"
