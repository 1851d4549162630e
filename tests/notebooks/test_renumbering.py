"""The second edition renumbered the notebooks. Learners' copies keep working across it:
docker/notebook-renames.tsv maps every old name to the new one, and `course-refresh`
accepts old names, moving the learner's old copy to the backups (never overwriting it).
(The old exercise ids keep checking too: see test_exercises.py.)"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENAMES = ROOT / "docker" / "notebook-renames.tsv"
REFRESH = ROOT / "docker" / "course-refresh.sh"
CURRENT = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def renames() -> dict[str, str]:
    pairs = {}
    for line in RENAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            old, new = line.split("\t")
            assert old not in pairs, f"{old} is listed twice"
            pairs[old] = new
    return pairs


def test_every_renamed_notebook_exists_under_its_new_name():
    pairs = renames()
    assert pairs, "the renames file lists the second edition's renumbering"
    for old, new in pairs.items():
        assert new in CURRENT, f"{old} -> {new}, but notebooks/{new} does not exist"
        assert old not in CURRENT, f"{old} is both an old name and a current notebook"


def _notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": text}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def workspace(tmp_path):
    """A project folder: the course's notebooks, the renames file, and a learner's copies."""
    (tmp_path / "docker").mkdir()
    shutil.copy(RENAMES, tmp_path / "docker" / RENAMES.name)
    (tmp_path / "notebooks").mkdir()
    for name in ("06-linear-regression.ipynb", "12-first-neural-network.ipynb",
                 "13-training-and-overfitting.ipynb"):
        (tmp_path / "notebooks" / name).write_text(_notebook(f"course: {name}"))
    mine = tmp_path / "my-notebooks"
    mine.mkdir()
    (mine / "09-linear-regression.ipynb").write_text(_notebook("my edits, first edition"))
    (mine / "07-first-neural-network.ipynb").write_text(_notebook("my network"))
    (mine / "12-first-neural-network.ipynb").write_text(_notebook("my edits, second edition"))
    (mine / "my-own-notes.ipynb").write_text(_notebook("not a course notebook"))
    return tmp_path


def refresh(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    # COURSE_USER names no user here, so the script does not switch to the image's learner
    env = {**os.environ, "COURSE_WORKSPACE": str(workspace), "COURSE_USER": "no-such-user-x"}
    return subprocess.run(["bash", str(REFRESH), *args], env=env, capture_output=True,
                          text=True, timeout=60)


def backups(workspace: Path) -> dict[str, str]:
    found = {}
    for path in (workspace / "my-notebooks" / ".backups").rglob("*.ipynb"):
        found[path.name] = json.loads(path.read_text())["cells"][0]["source"]
    return found


def test_refreshing_an_old_name_gives_the_new_notebook_and_keeps_the_old_copy(workspace):
    result = refresh(workspace, "09-linear-regression.ipynb")
    assert result.returncode == 0, result.stderr
    assert "09-linear-regression.ipynb is now called 06-linear-regression.ipynb" in result.stdout
    mine = workspace / "my-notebooks"
    assert not (mine / "09-linear-regression.ipynb").exists()
    assert "course: 06-linear-regression.ipynb" in (mine / "06-linear-regression.ipynb").read_text()
    assert backups(workspace) == {"09-linear-regression.ipynb": "my edits, first edition"}


def test_a_learners_copy_under_the_new_name_is_backed_up_not_overwritten(workspace):
    result = refresh(workspace, "my-notebooks/07-first-neural-network.ipynb")
    assert result.returncode == 0, result.stderr
    assert backups(workspace) == {"07-first-neural-network.ipynb": "my network",
                                  "12-first-neural-network.ipynb": "my edits, second edition"}


def test_refresh_all_also_moves_old_copies_to_the_backups(workspace):
    result = refresh(workspace, "--all")
    assert result.returncode == 0, result.stderr
    mine = workspace / "my-notebooks"
    assert sorted(p.name for p in mine.glob("*.ipynb")) == [
        "06-linear-regression.ipynb", "12-first-neural-network.ipynb",
        "13-training-and-overfitting.ipynb", "my-own-notes.ipynb"]
    assert "not a course notebook" in (mine / "my-own-notes.ipynb").read_text()
    assert set(backups(workspace)) == {"09-linear-regression.ipynb",
                                       "07-first-neural-network.ipynb",
                                       "12-first-neural-network.ipynb"}


def test_an_unknown_name_is_an_error(workspace):
    result = refresh(workspace, "99-nothing.ipynb")
    assert result.returncode == 1
    assert "notebooks/99-nothing.ipynb does not exist" in result.stderr


def _mentions(paths) -> dict[str, list[str]]:
    """{notebook file name: [where]} for every NN-name.ipynb written in these files."""
    import re
    found: dict[str, list[str]] = {}
    for path in paths:
        if path.name == RENAMES.name or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in set(re.findall(r"\b\d\d-[a-z0-9-]+\.ipynb", text)):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def _files(*places) -> list[Path]:
    out = []
    for place in places:
        p = ROOT / place
        out += [f for f in p.rglob("*") if f.suffix in {".py", ".sh", ".md", ".yml", ".json", ".tsv", ""}
                and "__pycache__" not in f.parts] if p.is_dir() else [p]
    return out


def test_code_names_only_current_notebooks():
    """Scripts, the classroom, the image's tools and the course package name notebooks
    that exist (a stale default once made the classroom scale test fail on every learner)."""
    stale = {name: where for name, where in
             _mentions(_files("benchmarks", "classroom", "docker", "course", "tools", "test.sh",
                              ".devcontainer", "Dockerfile", "docker-compose.yml")).items()
             if name not in CURRENT and not all(w.startswith("tools/notebook_src/") for w in where)}
    assert stale == {}


def test_docs_name_current_notebooks_or_old_names_they_explain():
    """README, docs and the notebooks' prose may quote a first-edition name (to explain the
    renumbering): it must then be one the renames file lists."""
    old = renames()
    stale = {name: where for name, where in
             _mentions(_files("README.md", "README.ja.md", "DEVELOPERS.md", "docs",
                              "tools/notebook_src")).items()
             if name not in CURRENT and name not in old}
    assert stale == {}
