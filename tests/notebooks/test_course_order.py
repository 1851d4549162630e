"""A beginner's order: nothing is used before the notebook that teaches it.

Each rule names an idea, the heading of the notebook that teaches it, and how to
recognize a use of it (in code or in the prose). The first notebook with that heading
teaches the idea; no earlier notebook may use it, and the teaching notebook must not
use it before the heading either.
"""
from __future__ import annotations

import re

import pytest

from .course import NOTEBOOKS, load

# idea -> (heading that teaches it, pattern of a use, where to look: "code" or "markdown")
RULES = {
    "gradient descent before fit": (r"gradient descent", r"\.fit\(", "code"),
    "gradient descent before a Keras model": (r"gradient descent", r"keras\.(Sequential|Model)\b",
                                              "code"),
    "the tape before its first use": (r"GradientTape", r"\bGradientTape\(", "code"),
    "partial derivatives before the ∂ notation": (r"derivative", r"\\partial|∂", "markdown"),
    "tf.function before its first use": (r"tf\.function", r"@tf\.function|tf\.function\(", "code"),
    "axes before reductions along an axis": (r"^## Axes\b", r"reduce_\w+\([^)]*axis=", "code"),
    "variables before assign_sub": (r"Variable", r"\.assign_sub\(", "code"),
    "softmax and cross-entropy before from_logits": (r"cross-entropy", r"from_logits", "code"),
}


def _uses(cells, pattern: str, where: str):
    """The index of every cell of this kind that uses the pattern."""
    for i, cell in enumerate(cells):
        if cell.cell_type == where and re.search(pattern, cell.source):
            yield i


def _first_heading(heading: str):
    for path in NOTEBOOKS:
        for i, cell in enumerate(load(path).cells):
            headings = [ln for ln in cell.source.splitlines() if ln.startswith("#")]
            if cell.cell_type == "markdown" and any(
                    re.search(heading, ln, flags=re.IGNORECASE | re.MULTILINE) for ln in headings):
                return path, i
    return None, None


@pytest.mark.parametrize("rule", sorted(RULES))
def test_nothing_is_used_before_it_is_taught(rule):
    heading, pattern, where = RULES[rule]
    teacher, heading_cell = _first_heading(heading)
    assert teacher is not None, f"no notebook has a heading matching {heading!r}"
    early = []
    for path in NOTEBOOKS:
        cells = load(path).cells
        for i in _uses(cells, pattern, where):
            if path.name < teacher.name or (path == teacher and i < heading_cell):
                early.append(f"{path.name} cell {i}")
    assert not early, f"{rule}: taught in {teacher.name} (cell {heading_cell}), used before in {early}"


def test_the_first_keras_network_comes_after_gradient_descent_and_backpropagation():
    def first(pattern):
        return next(p.name for p in NOTEBOOKS
                    if any(re.search(pattern, c.source) for c in load(p).cells
                           if c.cell_type == "code"))
    descent, _ = _first_heading(r"gradient descent")
    backprop, _ = _first_heading(r"^# Backpropagation")
    network = first(r"\.fit\(")
    assert descent.name < backprop.name < network, (descent.name, backprop.name, network)


def test_notebooks_point_only_backwards_or_say_what_comes_next():
    """'Notebook NN builds on this' must not point at an earlier notebook (it did in the first
    edition). A mention of a later notebook reads as a forward reference ('notebook 13 then
    ...', '(notebook 07 shows how)'), which is allowed."""
    wrong = []
    for path in NOTEBOOKS:
        here = int(path.name[:2])
        for cell in load(path).cells:
            if cell.cell_type != "markdown":
                continue
            for n in re.findall(r"[Nn]otebook (\d\d) builds on", cell.source):
                if int(n) < here:
                    wrong.append(f"{path.name}: notebook {n} builds on this")
    assert not wrong, wrong
