"""The committed notebooks, as the structure tests read them (no kernel needed)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


@lru_cache(maxsize=None)
def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def number(path: Path) -> int:
    """02-tensors.ipynb -> 2"""
    return int(path.name[:2])


def slug(path: Path) -> str:
    """02-tensors.ipynb -> "tensors" (the name exercise ids start with)"""
    return re.sub(r"^\d\d-", "", path.stem)


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def markdown_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "markdown"]


def pngs(cell) -> list:
    """The PNG images a code cell displays."""
    return [o for o in cell.get("outputs", [])
            if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]


# -- the two editions -------------------------------------------------------------------------
# The Japanese notebooks: the same file names in notebooks/ja/, built from the same sources.
JA_NOTEBOOK_DIR = NOTEBOOK_DIR / "ja"
JA_NOTEBOOKS = sorted(JA_NOTEBOOK_DIR.glob("*.ipynb"))
JA_IDS = [f"ja/{p.name}" for p in JA_NOTEBOOKS]
# Every notebook of both editions, for the tests that hold for each of them.
EVERY_NOTEBOOK = NOTEBOOKS + JA_NOTEBOOKS
EVERY_ID = IDS + JA_IDS


def language(path: Path) -> str:
    """ "ja" for a notebook in notebooks/ja/, else "en" (the rule course.i18n follows)."""
    return "ja" if path.parent.name == "ja" else "en"


# The fixed phrases each edition uses where the English uses these (the house format).
PHRASES = {
    "en": {
        "goals": "**What you will learn**",
        "exercises": "## Exercises",
        "not attempted": "not attempted yet",
        "figure": "Figure",
        "read the engine": "> **Read the engine.**",
        "differs": "> **Real TensorFlow differs here.**",
    },
    "ja": {
        "goals": "**このノートブックで学ぶこと**",
        "exercises": "## 練習問題",
        "not attempted": "はまだ解答されていません",
        "figure": "図",
        "read the engine": "> **エンジンを読む。**",
        "differs": "> **本物の TensorFlow との違い。**",
    },
}


def phrase(path: Path, key: str) -> str:
    return PHRASES[language(path)][key]
