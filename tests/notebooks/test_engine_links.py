"""Links in the notebooks: every relative link resolves, and every "Read the engine" box
names functions that exist in the files it links.

A box reads: > **Read the engine.** ... [`GradientTape.gradient` in `course/engine/tape.py`]
(../course/engine/tape.py) ... The link is relative to the notebook, so it opens the file
in JupyterLab (from notebooks/ and from my-notebooks/ alike) and on GitHub. The test is
generic: whatever the notebooks link, a missing file or a renamed function fails it, with
the notebook and the link in the message.

The Japanese notebooks (notebooks/ja/, one folder deeper) hold the same boxes, written
> **エンジンを読む。** ... [`course/engine/tape.py` の `GradientTape.gradient`](../../course/engine/tape.py),
and must link exactly the engine functions their English twins link.
"""
from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from .course import (EVERY_ID, EVERY_NOTEBOOK, JA_NOTEBOOKS, NOTEBOOKS, ROOT, language, load,
                     markdown_cells, phrase, slug)

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EN_LINK = re.compile(r"^`(?P<name>[\w.]+)` in `(?P<file>[\w/.-]+)`$")
_JA_LINK = re.compile(r"^`(?P<file>[\w/.-]+)` の `(?P<name>[\w.]+)`$")
READ_BOX = "> **Read the engine.**"
DIFFERS_BOX = "> **Real TensorFlow differs here.**"


def engine_link(text: str, lang: str = "en"):
    """(name, file) if a link text names an engine function ("`f` in `file`", or
    "`file` の `f`" in Japanese), else None."""
    match = (_JA_LINK if lang == "ja" else _EN_LINK).match(text)
    return (match["name"], match["file"]) if match else None


def _one_line(text: str) -> str:
    """A link text as rendered: a line break (with a blockquote's '>') is a space."""
    return re.sub(r"\s*\n>?\s*", " ", text).strip()


def links(path):
    """(text, target) of every markdown link in a notebook."""
    for cell in markdown_cells(load(path)):
        for text, target in LINK.findall(cell.source):
            yield _one_line(text), target


def boxes(path, opening: str) -> list[str]:
    """The text of every blockquote box that starts with `opening`."""
    found = []
    for cell in markdown_cells(load(path)):
        for block in re.split(r"\n(?!>)", cell.source):  # a box is a run of '>' lines
            block = block.strip()
            if block.startswith(opening):
                found.append(block)
    return found


def _relative(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")


@lru_cache(maxsize=None)
def defined_names(file: Path) -> frozenset:
    """Top-level functions and classes of a Python file, and Class.method for their methods."""
    names = set()
    for node in ast.parse(file.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(f"{node.name}.{item.name}" for item in node.body
                         if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return frozenset(names)


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_relative_link_resolves_to_a_file_of_the_project(path):
    broken = []
    for text, target in links(path):
        if not _relative(target):
            continue
        file = (path.parent / target.split("#")[0]).resolve()
        if ROOT not in file.parents or not file.exists():
            broken.append(f"[{text}]({target})")
    assert not broken, f"{path.name}: broken links {broken}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_engine_link_names_a_function_that_exists(path):
    problems = []
    for text, target in links(path):
        found = engine_link(text, language(path))
        if not found:
            continue
        name, shown = found
        file = (path.parent / target).resolve()
        if not file.exists():
            problems.append(f"{text}: {target} does not exist")
        elif file != (ROOT / shown).resolve():
            problems.append(f"{text}: the text names {shown}, the link opens {target}")
        elif name not in defined_names(file):
            problems.append(f"{text}: {shown} defines no {name}")
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_read_the_engine_box_links_a_function(path):
    for box in boxes(path, phrase(path, "read the engine")):
        texts = [_one_line(text) for text, _ in LINK.findall(box)]
        assert any(engine_link(t, language(path)) for t in texts), \
            f"{path.name}: a 'Read the engine' box links no function: {box[:120]!r}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_differs_box_points_to_the_list_of_differences(path):
    for box in boxes(path, phrase(path, "differs")):
        targets = [target for _, target in LINK.findall(box)]
        assert any(re.search(r"docs/engine-api[\w-]*\.md", t) for t in targets), \
            f"{path.name}: a 'Real TensorFlow differs here' box must link docs/engine-api*.md"


def _engine_links_by_notebook(notebooks=NOTEBOOKS) -> dict[str, set]:
    found = {}
    for path in notebooks:
        for text, _ in links(path):
            link = engine_link(text, language(path))
            if link:
                found.setdefault(slug(path), set()).add((link[1], link[0]))
    return found


def test_the_japanese_notebooks_show_the_same_engine_code():
    """Each Japanese notebook links the same engine functions as its English twin, and
    has as many "Read the engine" and "Real TensorFlow differs here" boxes."""
    assert _engine_links_by_notebook(JA_NOTEBOOKS) == _engine_links_by_notebook(NOTEBOOKS)
    for en, ja in zip(NOTEBOOKS, JA_NOTEBOOKS):
        for key in ("read the engine", "differs"):
            assert len(boxes(ja, phrase(ja, key))) == len(boxes(en, phrase(en, key))), (ja.name, key)


# Where the issue asks the engine to be shown (notebook -> (file, function) it must link).
REQUIRED = [
    ("tensors", "course/engine/dtypes.py", None),
    ("operators", "course/engine/ops/math_ops.py", "unbroadcast"),
    ("operators", "course/engine/dtypes.py", None),
    ("backpropagation", "course/engine/ops/math_ops.py", "_mul_grad"),
    ("backpropagation", "course/engine/ops/__init__.py", "register"),
    ("backpropagation", "course/engine/tape.py", "GradientTape.gradient"),
    ("graphs-and-sessions", "course/engine/execute.py", "execute"),
    ("first-neural-network", "course/engine/keras/layers.py", "Dense.call"),
    ("first-neural-network", "course/engine/keras/optimizers.py", "Adam.update_step"),
]


@pytest.mark.parametrize("notebook, file, name", REQUIRED)
def test_the_engine_is_shown_where_it_teaches(notebook, file, name):
    shown = _engine_links_by_notebook().get(notebook, set())
    assert any(f == file and (name is None or n == name) for f, n in shown), \
        f"{notebook} should link {name or 'something'} in {file}; it links {sorted(shown)}"


def test_most_notebooks_show_some_engine_code():
    with_boxes = [p.name for p in NOTEBOOKS if boxes(p, READ_BOX)]
    assert len(with_boxes) >= 10, with_boxes
