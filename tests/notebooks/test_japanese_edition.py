"""The Japanese edition (notebooks/ja/) is the English course, cell for cell.

Both editions are built from one source per notebook (tools/notebook_src/NN-name.py: each
English markdown cell is followed by its Japanese one, the code cells are shared). These
tests hold the committed notebooks to that:

- the same notebooks, with the same cells in the same order (ids and types) and exactly
  the same code; every markdown cell of a Japanese notebook is written in Japanese;
- the same outputs, by this rule. What a code cell prints or draws through `course.i18n.tr`
  is in the notebook's language; nothing else may differ. Precisely: the messages a cell
  can print are the `tr(...)` calls of the cell, of the notebook's functions and variables
  it uses (and theirs, and so on), and the verdicts and hints of `check` when it calls
  `check`. Reading the English and the Japanese output side by side, each stretch is
  either the same text in both, or one of those messages: its English form in the English
  output and its Japanese form in the Japanese one, with the same values in its fields (a
  field that holds a translated message, such as a class name, holds its translation).
  Where the English output shows a message of several words (or with a field or a colon),
  the Japanese output must show its translation; a one-word message (a plot label such as
  "step") may also stay as it is where both outputs agree, since the same word can be part
  of code there (step=0.0075 in a slider's repr).
  A repr that its object cuts short (ipywidgets ends it with "…" after a fixed number of
  characters) is compared up to the shorter cut. Pictures: as many in each, and the very same PNG when the cell draws no translated text;
- the catalogs (course/i18n/): every message the notebooks and the exercise checker pass
  to `tr` is a literal with a Japanese translation that has the same fields, and no
  translation is left unused;
- in the image, the Japanese font draws every character the figures use, in regular and
  bold, without Matplotlib's missing-glyph warning.
"""
from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

from course.i18n import CATALOGS
from course.i18n.ja import MESSAGES as JA_NOTEBOOK_MESSAGES
from course.i18n.ja_exercises import MESSAGES as JA_EXERCISE_MESSAGES

from .course import (IDS, JA_NOTEBOOK_DIR, JA_NOTEBOOKS, NOTEBOOKS, ROOT, code_cells, load,
                     markdown_cells, pngs)

JA = CATALOGS["ja"]
SOURCES = sorted((ROOT / "tools" / "notebook_src").glob("*.py"))
EXERCISE_MODULES = sorted((ROOT / "course" / "exercises").glob("*.py"))
# Hiragana, katakana and the CJK ideographs: a cell that has none is not Japanese.
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PAIRS = list(zip(NOTEBOOKS, JA_NOTEBOOKS))


def _tree(source: str) -> ast.Module:
    """A code cell as Python (its IPython magics left out)."""
    return ast.parse("\n".join(ln for ln in source.splitlines()
                               if not ln.lstrip().startswith(("%", "!"))))


def _tr_calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "tr"]


def _messages_in(node: ast.AST) -> set[str]:
    return {call.args[0].value for call in _tr_calls(node)
            if call.args and isinstance(call.args[0], ast.Constant)}


def _names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@lru_cache(maxsize=None)
def _exercise_messages() -> frozenset:
    return frozenset().union(*(_messages_in(ast.parse(p.read_text(encoding="utf-8")))
                               for p in EXERCISE_MODULES))


def _source_messages() -> set[str]:
    return set().union(*(_messages_in(ast.parse(p.read_text(encoding="utf-8"))) for p in SOURCES))


def _definitions(nb) -> dict[str, list[ast.AST]]:
    """The notebook's top-level functions, classes and assignments: name -> their nodes."""
    found: dict[str, list[ast.AST]] = {}
    for cell in code_cells(nb):
        for node in _tree(cell.source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.setdefault(node.name, []).append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            found.setdefault(name.id, []).append(node)
    return found


def cell_messages(nb, cell) -> set[str]:
    """Every message the cell can print or draw through tr (see the module's docstring)."""
    definitions = _definitions(nb)
    tree = _tree(cell.source)
    messages, seen, todo = set(), set(), [tree]
    while todo:
        node = todo.pop()
        messages |= _messages_in(node)
        for name in _names_used(node) - seen:
            seen.add(name)
            todo.extend(definitions.get(name, []))
    if "check" in _names_used(tree):
        messages |= _exercise_messages()
    return messages


# -- the rule for outputs ------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _pattern(template: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """A message with its fields as wildcards within a line (the last one to the line's end),
    and the fields' names in order."""
    parts = list(string.Formatter().parse(template))
    regex, names = [], []
    for k, (literal, field, _, _) in enumerate(parts):
        regex.append(re.escape(literal))
        if field is not None:
            regex.append(r"([^\n]*)" if k == len(parts) - 1 else r"([^\n]*?)")
            names.append(field)
    return re.compile("".join(regex)), tuple(names)


def _match(template: str, text: str, at: int):
    """(end, {field: value}) if the message starts at `at`, else None."""
    pattern, names = _pattern(template)
    m = pattern.match(text, at)
    return (m.end(), dict(zip(names, m.groups()))) if m and m.end() > at else None


def _one_word(message: str) -> bool:
    return not re.search(r"\s|\{|:", message)


def _same_value(en: str, ja: str) -> bool:
    en, ja = en.strip(), ja.strip()
    return en == ja or JA.get(en, "").strip() == ja


def translation_mismatch(en: str, ja: str, messages: set[str]) -> str | None:
    """None if `ja` is `en` with each of these messages in Japanese, else where they part."""
    # longest first, so that "steps" is tried before "step"
    ordered = sorted(messages, key=len, reverse=True)
    cut = en.endswith("…") and ja.endswith("…")  # both cut short: compare up to the first cut
    if cut:
        en, ja = en[:-1], ja[:-1]
    i = j = 0
    while (i < len(en) and j < len(ja)) if cut else (i < len(en) or j < len(ja)):
        untranslated = None
        for message in ordered:
            in_en = _match(message, en, i)
            if not in_en:
                continue
            in_ja = _match(JA[message], ja, j)
            if in_ja and all(_same_value(value, in_ja[1][name]) for name, value in in_en[1].items()):
                i, j = in_en[0], in_ja[0]
                break
            if not _one_word(message):
                untranslated = message
        else:
            if untranslated is None and i < len(en) and j < len(ja) and en[i] == ja[j]:
                i, j = i + 1, j + 1
                continue
            why = f" (no translation of {untranslated!r})" if untranslated else ""
            return (f"English ...{en[max(0, i - 40):i + 40]!r} vs Japanese "
                    f"...{ja[max(0, j - 40):j + 40]!r}{why}")
    return None


@lru_cache(maxsize=1)
def _sanitizers() -> list[tuple[re.Pattern, str]]:
    """nbval's rules for what truly changes from run to run (timings, addresses), read from
    the one sanitize file, so the two editions are compared as nbval compares a rerun."""
    rules, regex = [], None
    for line in (ROOT / "tests" / "nbval_sanitize.cfg").read_text().splitlines():
        if line.startswith("regex: "):
            regex = line[len("regex: "):]
        elif line.startswith("replace: ") and regex is not None:
            rules.append((re.compile(regex), line[len("replace: "):]))
            regex = None
    return rules


def _sanitized(text: str) -> str:
    for pattern, replacement in _sanitizers():
        text = pattern.sub(replacement, text)
    return text


def _texts(cell) -> list[tuple[str, str]]:
    """(kind, text) of each text output, streams merged and sanitized as nbval does."""
    found, streams = [], {}
    for out in cell.outputs:
        if out.output_type == "stream":
            streams[out.name] = streams.get(out.name, "") + out.text
        elif out.output_type in ("execute_result", "display_data"):
            found.append((out.output_type, out.data.get("text/plain", "")))
        elif out.output_type == "error":
            found.append(("error", f"{out.ename}: {out.evalue}"))
    return [(f"stream {name}", _sanitized(text)) for name, text in sorted(streams.items())] + \
        [(kind, _sanitized(text)) for kind, text in found]


def _kinds(cell) -> list[tuple[str, tuple]]:
    return [(out.output_type, tuple(sorted(out.get("data", {}))))
            for out in cell.outputs if out.output_type != "stream"]


# -- the same notebooks, cells and code ------------------------------------------------------
def test_every_english_notebook_has_its_japanese_twin():
    assert [p.name for p in JA_NOTEBOOKS] == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("en, ja", PAIRS, ids=IDS)
def test_same_cells_in_the_same_order_and_exactly_the_same_code(en, ja):
    en_cells, ja_cells = load(en).cells, load(ja).cells
    assert [(c.cell_type, c.id) for c in ja_cells] == [(c.cell_type, c.id) for c in en_cells]
    for i, (a, b) in enumerate(zip(en_cells, ja_cells)):
        if a.cell_type == "code":
            assert b.source == a.source, f"code cell {i} differs: the code is shared, never translated"


@pytest.mark.parametrize("en, ja", PAIRS, ids=IDS)
def test_every_markdown_cell_is_in_japanese(en, ja):
    for i, (a, b) in enumerate(zip(markdown_cells(load(en)), markdown_cells(load(ja)))):
        assert JAPANESE.search(b.source), f"markdown cell {i} has no Japanese: {b.source[:80]!r}"
        assert b.source != a.source, f"markdown cell {i} is the English cell"


# -- the same outputs -------------------------------------------------------------------------
@pytest.mark.parametrize("en, ja", PAIRS, ids=IDS)
def test_same_outputs_except_the_messages_of_tr(en, ja):
    en_nb, ja_nb = load(en), load(ja)
    for i, (a, b) in enumerate(zip(code_cells(en_nb), code_cells(ja_nb))):
        assert _kinds(b) == _kinds(a), f"code cell {i}: other outputs"
        texts_en, texts_ja = _texts(a), _texts(b)
        assert [k for k, _ in texts_ja] == [k for k, _ in texts_en], f"code cell {i}: other outputs"
        messages = cell_messages(en_nb, a)
        for (kind, text_en), (_, text_ja) in zip(texts_en, texts_ja):
            problem = translation_mismatch(text_en, text_ja, messages)
            assert problem is None, f"code cell {i} ({kind}): {problem}"
        images_en, images_ja = [o.data["image/png"] for o in pngs(a)], [o.data["image/png"] for o in pngs(b)]
        assert len(images_ja) == len(images_en), f"code cell {i}: {len(images_ja)} pictures"
        if not messages:
            assert images_ja == images_en, f"code cell {i} draws no translated text, yet differs"


def test_the_rule_reads_messages_with_their_fields():
    """The output rule on a known case: tr messages in both languages, fields kept."""
    messages = {"learning rate {rate}: last loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}", "step",
                "Ankle boot", "label:"}
    en = "learning rate 0.1: last loss 0.0925  a = 1.497  b = 0.497\nstep=1\nlabel: 9 Ankle boot\n"
    ja = "学習率 0.1: 最後の損失 0.0925  a = 1.497  b = 0.497\nstep=1\nラベル: 9 アンクルブーツ\n"
    assert translation_mismatch(en, ja, messages) is None
    # a changed number is not a translation; neither is an untranslated message
    assert translation_mismatch(en, ja.replace("0.0925", "0.0926"), messages)
    assert translation_mismatch(en, ja.replace("ラベル", "label"), messages)
    # "step" is translated only where the Japanese says so (step=1 is code, in both)
    assert translation_mismatch("step 1", "ステップ 1", messages) is None
    assert translation_mismatch("step 1", "step 1", messages) is None


# -- the catalogs ----------------------------------------------------------------------------
def _all_tr_calls():
    for path in [*SOURCES, *EXERCISE_MODULES]:
        for call in _tr_calls(ast.parse(path.read_text(encoding="utf-8"))):
            yield path, call


def test_tr_is_called_with_a_literal_message():
    """The English text is the catalog's key: a variable or an f-string could never be found."""
    wrong = [f"{path.name}:{call.lineno}" for path, call in _all_tr_calls()
             if not (call.args and isinstance(call.args[0], ast.Constant)
                     and isinstance(call.args[0].value, str))]
    assert not wrong, wrong


def test_every_message_has_a_japanese_translation_and_none_is_unused():
    used = _source_messages() | _exercise_messages()
    assert not [m for m in used if m not in JA], "add these to course/i18n/ja*.py"
    assert not [m for m in JA if m not in used], "unused translations in course/i18n/ja*.py"
    assert not set(JA_NOTEBOOK_MESSAGES) & set(JA_EXERCISE_MESSAGES)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("message", sorted(JA))
def test_a_translation_has_the_fields_of_its_message(message):
    assert _fields(JA[message]) == _fields(message)
    assert JAPANESE.search(JA[message]) or JA[message] == message, JA[message]


def test_translated_axis_labels_keep_their_units():
    """set_xlabel(tr("load x (kg)")): the Japanese label names the unit too (荷重 x (kg))."""
    label = re.compile(r"set_[xy]label\(\s*tr\(\s*([\"'])(.*?)\1")
    for path in SOURCES:
        for _, english in label.findall(path.read_text(encoding="utf-8")):
            english = english.encode().decode("unicode_escape") if "\\" in english else english
            if "(" in english:
                assert re.search(r"\(.+\)", JA[english]), (path.name, english, JA[english])


# -- the fonts (in the image) -------------------------------------------------------------------
IMAGE_MATPLOTLIBRC = Path("/opt/venv/etc/matplotlibrc")


def _figure_texts() -> list[str]:
    """The Japanese of every message the notebooks' code draws or prints."""
    return sorted({JA[m] for m in _source_messages()})


def test_the_japanese_font_draws_every_character_without_warnings():
    import matplotlib
    from matplotlib import font_manager
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    rc = ROOT / "docker" / "matplotlibrc"
    with matplotlib.rc_context(fname=str(rc)):
        families = matplotlib.rcParams["font.family"]
        japanese = families[-1]
        try:
            font_manager.fontManager.findfont(japanese, fallback_to_default=False)
        except ValueError:
            if IMAGE_MATPLOTLIBRC.exists():
                pytest.fail(f"{japanese} is missing from the course image")
            pytest.skip(f"{japanese} is installed in the course image only (./test.sh runs this there)")
        for weight in ("normal", "bold"):
            fig = plt.figure()
            for k, text in enumerate(_figure_texts()):
                fig.text(0.01, k / 200, text, fontweight=weight)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fig.canvas.draw()
            plt.close(fig)
            glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
            assert not glyphs, glyphs[:3]


def _graphviz_texts() -> list[str]:
    """The Japanese that the notebooks hand to Graphviz (graph titles and node labels)."""
    found = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) \
                    in ("Digraph", "to_png"):
                found |= _messages_in(node)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "values" for t in node.targets):
                found |= _messages_in(node)  # the node labels of notebook 07's graph
    return sorted(JA[m] for m in found)


def test_graphviz_finds_a_font_for_every_japanese_character():
    """Graphviz draws through fontconfig and Pango, which fall back to any installed font
    that has a character; a character no font has becomes a box, silently."""
    texts = _graphviz_texts()
    assert len(texts) >= 3, texts  # the graph of 07, its square node, the graph of 09
    if shutil.which("fc-list") is None and IMAGE_MATPLOTLIBRC.exists():
        pytest.fail("fc-list is missing from the course image")
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is in the course image (./test.sh runs this there)")
    missing = []
    for char in sorted({c for text in texts for c in text if ord(c) > 0x7f}):
        if unicodedata.category(char).startswith("Z"):
            continue
        fonts = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"],
                               capture_output=True, text=True, check=True).stdout
        if not fonts.strip():
            missing.append(char)
    if missing and not IMAGE_MATPLOTLIBRC.exists():
        pytest.skip("no Japanese font on this machine; the course image has one "
                    "(./test.sh runs this there)")
    assert not missing, f"no installed font has {missing}"


def test_the_japanese_notebooks_sit_next_to_the_english_ones():
    assert JA_NOTEBOOK_DIR.parent == NOTEBOOKS[0].parent
    assert JA_NOTEBOOK_DIR.name == "ja"  # course.i18n reads the language from this name


# -- the Japanese README ----------------------------------------------------------------------
def test_the_japanese_readme_lists_every_notebook_in_order():
    """README.ja.md's course table: one row per notebook, same number, the Japanese title."""
    readme = (ROOT / "README.ja.md").read_text(encoding="utf-8")
    table = readme[readme.index("## コース"):]
    rows = re.findall(r"^\| (\d\d) \| ([^|]+?) \|", table, flags=re.MULTILINE)
    assert [int(n) for n, _ in rows] == [int(p.name[:2]) for p in JA_NOTEBOOKS]
    for (n, title), path in zip(rows, JA_NOTEBOOKS):
        heading = load(path).cells[0].source.splitlines()[0].lstrip("# ")
        assert heading.startswith(title), f"README.ja.md row {n}: {title!r} vs {heading!r}"


def test_the_readmes_link_each_other():
    assert "(README.ja.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(README.md)" in (ROOT / "README.ja.md").read_text(encoding="utf-8")
    assert "(docs/glossary.ja.md)" in (ROOT / "README.ja.md").read_text(encoding="utf-8")
