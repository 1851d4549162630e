"""`course-refresh` in either language: with COURSE_LANG=ja (.env) it works on the Japanese
notebooks (notebooks/ja/ -> my-notebooks/ja/), a bare name meaning ja/<name>; otherwise on
the English ones, never touching ja/. A learner's copy is always backed up, never lost."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFRESH = ROOT / "docker" / "course-refresh.sh"


def _notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": text}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def workspace(tmp_path):
    """The course in both languages, and a learner's edited copies of one notebook in each."""
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "notebook-renames.tsv").write_text(
        (ROOT / "docker" / "notebook-renames.tsv").read_text())
    for folder, words in (("notebooks", "course"), ("notebooks/ja", "コース")):
        (tmp_path / folder).mkdir(parents=True)
        for name in ("01-start-here.ipynb", "06-linear-regression.ipynb"):
            (tmp_path / folder / name).write_text(_notebook(f"{words}: {name}"))
    mine = tmp_path / "my-notebooks"
    (mine / "ja").mkdir(parents=True)
    (mine / "06-linear-regression.ipynb").write_text(_notebook("my English edits"))
    (mine / "ja" / "06-linear-regression.ipynb").write_text(_notebook("私の編集"))
    return tmp_path


def refresh(workspace: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    # COURSE_USER names no user here, so the script does not switch to the image's learner
    env = {k: v for k, v in os.environ.items() if k != "COURSE_LANG"}
    env.update(COURSE_WORKSPACE=str(workspace), COURSE_USER="no-such-user-x")
    if lang:
        env["COURSE_LANG"] = lang
    return subprocess.run(["bash", str(REFRESH), *args], env=env, capture_output=True,
                          text=True, timeout=60)


def _text(path: Path) -> str:
    return json.loads(path.read_text())["cells"][0]["source"]


def _backups(workspace: Path) -> dict[str, str]:
    root = workspace / "my-notebooks" / ".backups"
    return {str(p.relative_to(next(root.iterdir()))): _text(p) for p in root.rglob("*.ipynb")}


def test_in_japanese_the_list_shows_the_japanese_notebooks(workspace):
    result = refresh(workspace, "--list", lang="ja")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.startswith("  ")]
    assert listed == ["ja/01-start-here.ipynb", "ja/06-linear-regression.ipynb"], result.stdout
    assert "yours differs" in result.stdout


def test_in_english_the_list_leaves_the_japanese_notebooks_out(workspace):
    result = refresh(workspace, "--list")
    assert "ja/" not in result.stdout, result.stdout
    assert "06-linear-regression.ipynb" in result.stdout


def test_in_japanese_a_bare_name_refreshes_the_japanese_notebook(workspace):
    result = refresh(workspace, "06-linear-regression.ipynb", lang="ja")
    assert result.returncode == 0, result.stderr
    assert "refreshed my-notebooks/ja/06-linear-regression.ipynb" in result.stdout
    mine = workspace / "my-notebooks"
    assert _text(mine / "ja" / "06-linear-regression.ipynb") == "コース: 06-linear-regression.ipynb"
    assert _text(mine / "06-linear-regression.ipynb") == "my English edits"  # untouched
    assert _backups(workspace) == {"ja/06-linear-regression.ipynb": "私の編集"}


def test_in_japanese_all_refreshes_only_the_japanese_notebooks(workspace):
    result = refresh(workspace, "--all", lang="ja_JP")
    assert result.returncode == 0, result.stderr
    mine = workspace / "my-notebooks"
    assert sorted(p.name for p in (mine / "ja").glob("*.ipynb")) == [
        "01-start-here.ipynb", "06-linear-regression.ipynb"]
    assert not (mine / "01-start-here.ipynb").exists()
    assert _text(mine / "06-linear-regression.ipynb") == "my English edits"


def test_in_english_all_never_copies_the_japanese_notebooks(workspace):
    (workspace / "my-notebooks" / "ja" / "06-linear-regression.ipynb").unlink()
    result = refresh(workspace, "--all")
    assert result.returncode == 0, result.stderr
    mine = workspace / "my-notebooks"
    assert not list((mine / "ja").glob("*.ipynb"))
    assert _text(mine / "06-linear-regression.ipynb") == "course: 06-linear-regression.ipynb"


def test_a_path_with_its_folder_works_in_either_language(workspace):
    result = refresh(workspace, "ja/06-linear-regression.ipynb")
    assert result.returncode == 0, result.stderr
    assert _text(workspace / "my-notebooks" / "ja" / "06-linear-regression.ipynb") == \
        "コース: 06-linear-regression.ipynb"
