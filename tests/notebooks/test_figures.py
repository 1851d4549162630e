"""Every figure of the course: a title, labelled axes with units, a numbered caption that
also serves as its text alternative, and encodings that do not rely on colour alone.

JupyterLab shows a PNG output without alt text, so each figure's text alternative is the
markdown cell right after it: "**Figure N.k: Title.** A description of what it shows"
("**図 N.k: 表題。** ..." in the Japanese notebooks). The checks on the plotting code are
static (its source, the same in both editions; text a figure shows goes through `tr`); the
captions are read as committed.
"""
from __future__ import annotations

import re

import pytest

from .course import (EVERY_ID, EVERY_NOTEBOOK, IDS, NOTEBOOKS, code_cells, language, load,
                     number, pngs)

CAPTION = {
    "en": re.compile(r"^\*\*Figure (\d+)\.(\d+): ([^*]+?[.?!])\*\* (.+)", re.DOTALL),
    "ja": re.compile(r"^\*\*図 (\d+)\.(\d+): ([^*]+?[。?!])\*\* (.+)", re.DOTALL),
}
TITLE = re.compile(r"set_title\(|suptitle\(|plt\.title\(|title=|\"label\":")
DATA_PLOT = re.compile(r"\.(plot|scatter|bar|barh|contour|contourf|hist)\(")
# set_xlabel("load x (kg)"), or set_xlabel(tr("load x (kg)")) for text in the notebook's language
AXIS_LABEL = re.compile(r"set_([xy])label\(\s*(?:tr\(\s*)?(f?)([\"'])(.*?)\3")
# Axes of plain counts need no unit: steps, epochs, layers, class numbers.
COUNT_AXES = ("step", "epoch", "layer", "class")
# How long a title and a text alternative must be: words in English; Japanese is written
# without spaces, so there characters (about two per English word).
MIN_TITLE = {"en": 3, "ja": 6}
MIN_DESCRIPTION = {"en": 30, "ja": 60}


def figure_cells(path):
    """(index in nb.cells, cell) of every code cell that displays a picture."""
    nb = load(path)
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and pngs(c)]


def _length(text: str, lang: str) -> int:
    """Words of English text; characters (not spaces or punctuation) of Japanese text."""
    if lang == "ja":
        return len(re.findall(r"[^\s、。,.:()（）]", text))
    return len(re.findall(r"\w+", text))


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_figure_is_followed_by_a_numbered_caption_with_a_text_alternative(path):
    cells = load(path).cells
    lang = language(path)
    for k, (i, cell) in enumerate(figure_cells(path), start=1):
        assert i + 1 < len(cells) and cells[i + 1].cell_type == "markdown", \
            f"cell {i} draws a figure; the next cell must be its caption"
        match = CAPTION[lang].match(cells[i + 1].source)
        assert match, (f"cell {i + 1} should start like {CAPTION[lang].pattern[:20]!r} "
                       f"(Figure {number(path)}.{k}), got {cells[i + 1].source[:80]!r}")
        n, kk, title, rest = match.groups()
        assert (int(n), int(kk)) == (number(path), k), f"expected Figure {number(path)}.{k}"
        description = rest.split("\n\n")[0]  # the caption's paragraph; prose may follow
        assert _length(title, lang) >= MIN_TITLE[lang], f"Figure {n}.{kk}: a title of a few words"
        assert _length(description, lang) >= MIN_DESCRIPTION[lang], \
            f"Figure {n}.{kk}: the text alternative describes what the figure shows " \
            f"({_length(description, lang)} words or characters)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_a_title(path):
    for i, cell in figure_cells(path):
        assert TITLE.search(cell.source), f"cell {i}: the figure needs a title"


def _helpers(path) -> dict[str, str]:
    """Functions defined in the notebook: name -> source of the cell that defines them."""
    found = {}
    for cell in code_cells(load(path)):
        for name in re.findall(r"^def (\w+)\(", cell.source, flags=re.MULTILINE):
            found[name] = cell.source
    return found


def _drawing_source(path, cell) -> str:
    """The cell's source plus that of the notebook's functions it calls (which may draw)."""
    helpers = _helpers(path)
    called = [src for name, src in helpers.items()
              if re.search(rf"\b{name}\(", cell.source) and f"def {name}(" not in cell.source]
    return "\n".join([cell.source, *called])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_data_plot_labels_both_axes_with_units(path):
    for i, cell in figure_cells(path):
        source = _drawing_source(path, cell)
        if not DATA_PLOT.search(source):
            continue  # pictures (images, graphs, diagrams) have no data axes
        labels = AXIS_LABEL.findall(source)
        axes = {axis for axis, *_ in labels}
        assert axes == {"x", "y"}, f"cell {i}: label both axes (found {sorted(axes)})"
        for axis, _, _, text in labels:
            assert "(" in text or text.lower().startswith(COUNT_AXES), \
                f"cell {i}: the {axis} axis label {text!r} gives no unit, e.g. 'load (kg)'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_series_differ_by_more_than_colour(path):
    """Where a legend tells series apart, they differ in marker, line style or hatching too;
    and no figure pairs red with green, the pair colour-blind readers confuse most."""
    for i, cell in figure_cells(path):
        source = _drawing_source(path, cell)
        if ".legend(" in source:
            assert re.search(r"marker|linestyle|hatch", source), \
                f"cell {i}: series with a legend need markers, line styles or hatching"
        reds = re.search(r"[\"'](tab:)?red[\"']|#d62728", source, flags=re.IGNORECASE)
        greens = re.search(r"[\"'](tab:)?green[\"']|#2ca02c", source, flags=re.IGNORECASE)
        assert not (reds and greens), f"cell {i}: red and green together"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_contour_maps_have_a_colour_bar(path):
    for i, cell in figure_cells(path):
        source = _drawing_source(path, cell)
        if re.search(r"\.contourf?\(", source):
            assert "colorbar(" in cell.source, f"cell {i}: a contour map needs a colour bar"


def test_the_course_has_figures_and_every_one_is_counted():
    counts = {p.name: len(figure_cells(p)) for p in NOTEBOOKS}
    assert sum(counts.values()) >= 15, counts
