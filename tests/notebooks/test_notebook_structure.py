"""Structure of the committed notebooks: plain pytest, no kernel needed.

nbval (run by ./test.sh) re-executes the notebooks and compares outputs; these
tests check what nbval cannot: that every notebook, English (notebooks/) and
Japanese (notebooks/ja/), teaches in the house format, carries clean outputs, and
is built from its source. The course's order, figures, engine links and notation
have their own test modules; test_japanese_edition.py holds the two editions
to each other.
"""
from __future__ import annotations

import importlib.util
import re

import pytest

from course.exercises import CHECKS

from .course import (EVERY_ID, EVERY_NOTEBOOK, IDS, JA_NOTEBOOK_DIR, NOTEBOOK_DIR, NOTEBOOKS,
                     ROOT, code_cells, load, number, phrase, pngs, slug)
from .markers import ALLOWED_MARKERS

SOURCES = sorted((ROOT / "tools" / "notebook_src").glob("*.py"))
MARKER = re.compile(r"#\s*(NBVAL_[A-Z_]+)")
# A cell that draws: matplotlib calls, or an image it displays itself.
PLOTTING = re.compile(r"\bplt\.(show|subplots|figure|plot|imshow)\(|\bImage\(")
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([a-z0-9-]+\.\d+)["']""")


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8, IDS


def test_notebooks_are_numbered_one_after_another():
    assert [number(p) for p in NOTEBOOKS] == list(range(1, len(NOTEBOOKS) + 1)), IDS


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_name_is_numbered(path):
    assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), path.name


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_opens_with_title_and_learning_goals(path):
    nb = load(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# "), "the first cell starts with a '# Title'"
    assert phrase(path, "goals") in first.source
    goals = [ln for ln in first.source.splitlines() if ln.startswith("- ")]
    assert len(goals) >= 2, "a list of at least two learning goals"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_ends_with_self_checking_exercises(path):
    nb = load(path)
    headings = [i for i, c in enumerate(nb.cells)
                if c.cell_type == "markdown" and c.source.startswith(phrase(path, "exercises"))]
    assert headings, f"an '{phrase(path, 'exercises')}' section"
    after = nb.cells[headings[-1]:]
    used = [m for c in after if c.cell_type == "code" for m in CHECK_CALL.findall(c.source)]
    assert 2 <= len(used) <= 4, f"2-4 exercises, found {used}"
    assert used == [f"{slug(path)}.{k}" for k in range(1, len(used) + 1)], \
        f"exercises are named after the notebook and numbered in order: {used}"
    assert all(exercise_id in CHECKS for exercise_id in used), used
    # the task text names each exercise in bold before its cell
    text = "\n".join(c.source for c in after if c.cell_type == "markdown")
    assert all(f"**{exercise_id}**" in text for exercise_id in used), used
    # committed unattempted: each check says so rather than failing
    texts = [o.get("text", "") for c in after if c.cell_type == "code" for o in c.outputs]
    assert sum(phrase(path, "not attempted") in t for t in texts) == len(used)


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_every_code_cell_was_executed_in_order(path):
    counts = [c.execution_count for c in code_cells(load(path))]
    assert None not in counts, "run the whole notebook before committing"
    assert counts == list(range(1, len(counts) + 1)), "executed top to bottom, once"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_no_errors_warnings_or_stderr(path):
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell.outputs:
            assert out.output_type != "error", f"code cell {i}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"code cell {i} wrote to stderr: {out.text[:200]!r}"
            text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
            assert "Warning" not in text and "Traceback" not in text, f"code cell {i}: {text[:200]}"
            # an error a lesson shows on purpose is TF's, never an engine crash
            assert "RecursionError" not in text, f"code cell {i}: engine bug shown: {text[:200]}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_prints_to_one_stream_are_one_output(path):
    """The builder joins a cell's consecutive prints (the kernel's chunking depends on timing),
    so a rebuild does not change the committed file for nothing."""
    for i, cell in enumerate(code_cells(load(path))):
        for a, b in zip(cell.outputs, cell.outputs[1:]):
            assert not (a.output_type == b.output_type == "stream" and a.name == b.name), \
                f"code cell {i}: two {a.name} outputs in a row: python tools/build_notebooks.py"


def test_builder_joins_consecutive_stream_outputs():
    from nbformat.v4 import new_output
    joined = _builder().coalesce_streams([
        new_output("stream", name="stdout", text="a\n"), new_output("stream", name="stdout", text="b\n"),
        new_output("stream", name="stderr", text="c\n"), new_output("stream", name="stdout", text="d\n")])
    assert [(o.name, o.text) for o in joined] == [("stdout", "a\nb\n"), ("stderr", "c\n"),
                                                  ("stdout", "d\n")]


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_plotting_cells_carry_a_png(path):
    for i, cell in enumerate(code_cells(load(path))):
        if not PLOTTING.search(cell.source) or MARKER.search(cell.source):
            continue
        images = [o.data["image/png"] for o in pngs(cell)]
        assert images and all(len(p) > 100 for p in images), f"code cell {i} draws but has no PNG"
        assert not any("image/svg+xml" in o.get("data", {}) for o in cell.outputs)


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_no_object_reprs_with_addresses(path):
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell.outputs:
            text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
            assert not re.search(r" at 0x[0-9a-f]+>", text), f"code cell {i}: {text[:120]}"


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=EVERY_ID)
def test_first_code_cell_asks_for_png_figures(path):
    first = code_cells(load(path))[0]
    assert "%config InlineBackend.figure_formats = ['png']" in first.source


def test_nbval_markers_are_allowlisted():
    used: dict[tuple[str, str], int] = {}
    for path in NOTEBOOKS:
        for cell in code_cells(load(path)):
            for marker in MARKER.findall(cell.source):
                used[(path.name, marker)] = used.get((path.name, marker), 0) + 1
    for key, count in used.items():
        assert key in ALLOWED_MARKERS, f"{key} is not in tests/notebooks/markers.py"
        assert count == ALLOWED_MARKERS[key][0], f"{key}: used {count} times"
        assert ALLOWED_MARKERS[key][1].strip(), f"{key} needs a reason"
    stale = set(ALLOWED_MARKERS) - set(used)
    assert not stale, f"allowlisted but unused: {stale}"


def test_every_exercise_checker_is_used_in_a_notebook():
    text = "\n".join(c.source for p in NOTEBOOKS for c in code_cells(load(p)))
    assert sorted(CHECKS) == sorted(set(CHECK_CALL.findall(text)))


def test_readme_lists_every_notebook_in_order():
    """The README's course table: one row per notebook, same number, same title."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## The course"):]
    rows = re.findall(r"^\| (\d\d) \| ([^|]+?) \|", table, flags=re.MULTILINE)
    assert [int(n) for n, _ in rows] == [number(p) for p in NOTEBOOKS]
    for (n, title), path in zip(rows, NOTEBOOKS):
        heading = load(path).cells[0].source.splitlines()[0].lstrip("# ").lower()
        assert heading.startswith(title.lower()), f"README row {n}: {title!r} vs {heading!r}"


# -- notebooks built from tools/notebook_src ----------------------------------------------
def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks",
                                                  ROOT / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", [NOTEBOOK_DIR, JA_NOTEBOOK_DIR], ids=["en", "ja"])
def test_every_source_has_its_notebook_and_back(folder):
    assert [s.stem for s in SOURCES] == [p.stem for p in sorted(folder.glob("*.ipynb"))]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_notebook_matches_its_source(source, language):
    """Edit tools/notebook_src/*.py, then run tools/build_notebooks.py (both languages)."""
    builder = _builder()
    target = builder.target(source, language)
    assert target.exists(), f"run: python tools/build_notebooks.py {source.stem[:2]}"
    built = builder.build(source, language)
    committed = load(target)
    assert language == ("ja" if target.parent == JA_NOTEBOOK_DIR else "en")
    assert [(c.cell_type, c.id, c.source) for c in committed.cells] == \
        [(c.cell_type, c.id, c.source) for c in built.cells], \
        f"{target.name} ({language}) is out of date: python tools/build_notebooks.py {source.stem[:2]}"


def test_percent_format_parser():
    parse = _builder().parse
    text = ("# %% [markdown]\n# # Title\n#\n# text\n\n"
            "# %%\n# %config InlineBackend.figure_formats = ['png']\nx = 1\n# a comment\n")
    assert parse(text) == [("markdown", "# Title\n\ntext"),
                           ("code", "%config InlineBackend.figure_formats = ['png']\n"
                                    "x = 1\n# a comment")]
    with pytest.raises(ValueError, match="before the first"):
        parse("x = 1\n# %%\n")
    with pytest.raises(ValueError, match="unknown cell marker"):
        parse("# %% [markdown] fr\n# Titre\n")


BILINGUAL = ("# %% [markdown]\n# # Title\n# See [`f` in `x.py`](../course/x.py).\n\n"
             "# %% [markdown] ja\n# # 表題\n# [`x.py` の `f`](../course/x.py) を参照。\n\n"
             "# %%\nprint(tr('hello'))\n")


def test_each_language_gets_its_markdown_and_the_same_code():
    builder = _builder()
    cells = builder.parse(BILINGUAL)
    assert [kind for kind, _ in cells] == ["markdown", "markdown ja", "code"]
    en, ja = builder.edition(cells, "en"), builder.edition(cells, "ja")
    assert en[0] == ("markdown", "# Title\nSee [`f` in `x.py`](../course/x.py).")
    # notebooks/ja/ is one folder deeper: a link that leaves the folder gets one more ../
    assert ja[0] == ("markdown", "# 表題\n[`x.py` の `f`](../../course/x.py) を参照。")
    assert en[1] == ja[1] == ("code", "print(tr('hello'))")


@pytest.mark.parametrize("broken, message", [
    ("# %% [markdown]\n# Title\n\n# %%\nx = 1\n", "has no Japanese cell"),
    ("# %%\nx = 1\n\n# %% [markdown] ja\n# 表題\n", "does not follow an English"),
    ("# %% [markdown]\n# A\n\n# %% [markdown] ja\n# あ\n\n# %% [markdown] ja\n# い\n",
     "does not follow an English"),
])
def test_a_source_without_a_japanese_cell_for_each_english_one_does_not_build(broken, message):
    builder = _builder()
    for language in ("en", "ja"):
        with pytest.raises(ValueError, match=message):
            builder.edition(builder.parse(broken), language)
