"""One notation across the course.

- One loss for fitting numbers: the mean squared error, named MSE and written L. The other
  common scale, ½·SSE = ½ Σ r², appears only where it is named and compared with the MSE.
- Layers compute x W + b with x a row (as Keras's Dense does), never W x + b.
"""
from __future__ import annotations

import re

import pytest

from .course import EVERY_ID, EVERY_NOTEBOOK, code_cells, load, markdown_cells

HALF_SUM = re.compile(r"\\t?frac12\s*\\sum|½\s*(Σ|sum)|0\.5 \* tf\.reduce_sum")
OLD_LOSS_SYMBOL = re.compile(r"\bE\((a, b|\\theta)\)|\\partial E\b|\$E\$|\bE = \\")
W_BEFORE_X = re.compile(r"\bW_?\{?\d?\}?\s*(x|h|X|H)\b(?!\^)")


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_squared_losses_are_the_mse_and_say_so(path):
    nb = load(path)
    code = "\n".join(c.source for c in code_cells(nb))
    prose = "\n".join(c.source for c in markdown_cells(nb))
    assert not re.search(r"0\.5 \* tf\.reduce_sum\(", code), \
        f"{path.name}: a ½·SSE loss in code; the course fits with the MSE (tf.reduce_mean)"
    if re.search(r"tf\.reduce_mean\(\(.*\)\s*\*\*\s*2\)", code):
        assert re.search(r"\bMSE\b|mean squared error|平均二乗誤差", prose), \
            f"{path.name}: computes a mean squared error without naming it"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_half_the_sum_of_squares_appears_only_where_it_is_named(path):
    for cell in markdown_cells(load(path)):
        if HALF_SUM.search(cell.source):
            assert "SSE" in cell.source and "MSE" in cell.source, \
                f"{path.name}: ½ Σ r² without naming it (½·SSE) next to the MSE: " \
                f"{cell.source[:100]!r}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_the_loss_is_written_L_not_E(path):
    for cell in markdown_cells(load(path)):
        assert not OLD_LOSS_SYMBOL.search(cell.source), \
            f"{path.name}: the loss is L throughout: {OLD_LOSS_SYMBOL.search(cell.source)[0]!r}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_layers_are_written_x_w_plus_b(path):
    for cell in markdown_cells(load(path)):
        for formula in re.findall(r"\$[^$]+\$", cell.source):
            assert not W_BEFORE_X.search(formula), \
                f"{path.name}: write x W + b (a row times the kernel), not {formula!r}"
