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
