"""Links in the notebooks: every relative link resolves, and every "Read the engine" box
names functions that exist in the files it links.

A box reads: > **Read the engine.** ... [`GradientTape.gradient` in `course/engine/tape.py`]
(../course/engine/tape.py) ... The link is relative to the notebook, so it opens the file
in JupyterLab (from notebooks/ and from my-notebooks/ alike) and on GitHub. The test is
generic: whatever the notebooks link, a missing file or a renamed function fails it, with
the notebook and the link in the message.
"""
from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from .course import IDS, NOTEBOOK_DIR, NOTEBOOKS, ROOT, load, markdown_cells, slug

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
ENGINE_LINK = re.compile(r"^`([\w.]+)` in `([\w/.-]+)`$")
READ_BOX = "> **Read the engine.**"
DIFFERS_BOX = "> **Real TensorFlow differs here.**"


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_relative_link_resolves_to_a_file_of_the_project(path):
    broken = []
    for text, target in links(path):
        if not _relative(target):
            continue
        file = (NOTEBOOK_DIR / target.split("#")[0]).resolve()
        if ROOT not in file.parents or not file.exists():
            broken.append(f"[{text}]({target})")
    assert not broken, f"{path.name}: broken links {broken}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_engine_link_names_a_function_that_exists(path):
    problems = []
    for text, target in links(path):
        match = ENGINE_LINK.match(text)
        if not match:
            continue
        name, shown = match.groups()
        file = (NOTEBOOK_DIR / target).resolve()
        if not file.exists():
            problems.append(f"{text}: {target} does not exist")
        elif file != (ROOT / shown).resolve():
            problems.append(f"{text}: the text names {shown}, the link opens {target}")
        elif name not in defined_names(file):
            problems.append(f"{text}: {shown} defines no {name}")
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_read_the_engine_box_links_a_function(path):
    for box in boxes(path, READ_BOX):
        texts = [_one_line(text) for text, _ in LINK.findall(box)]
        assert any(ENGINE_LINK.match(t) for t in texts), \
            f"{path.name}: a 'Read the engine' box links no function: {box[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_differs_box_points_to_the_list_of_differences(path):
    for box in boxes(path, DIFFERS_BOX):
        targets = [target for _, target in LINK.findall(box)]
        assert any(re.search(r"docs/engine-api[\w-]*\.md", t) for t in targets), \
            f"{path.name}: a 'Real TensorFlow differs here' box must link docs/engine-api*.md"


def _engine_links_by_notebook() -> dict[str, set]:
    found = {}
    for path in NOTEBOOKS:
        for text, _ in links(path):
            match = ENGINE_LINK.match(text)
            if match:
                found.setdefault(slug(path), set()).add((match.group(2), match.group(1)))
    return found


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
