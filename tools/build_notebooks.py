r"""Build the course notebooks, in English and in Japanese, from readable Python sources,
then execute them.

    python tools/build_notebooks.py            # every notebook, both languages
    python tools/build_notebooks.py 02 09      # only those whose name starts so
    python tools/build_notebooks.py --lang ja  # one language only (en or ja)
    python tools/build_notebooks.py --no-execute

Sources live in `tools/notebook_src/NN-name.py` in the "percent" format that
jupytext and VS Code understand. Each English markdown cell is followed by its
Japanese translation, marked `ja`; code cells are shared by both languages:

    # %% [markdown]
    # # A title
    # Some prose with $\LaTeX$.

    # %% [markdown] ja
    # # 表題
    # $\LaTeX$ を含む文章。

    # %%
    # %config InlineBackend.figure_formats = ['png']
    print(tr("a code cell"))

As in jupytext, IPython magics are commented out in the source (so that it
stays valid Python) and uncommented in the notebook. Text that a code cell
prints or draws goes through `course.i18n.tr`, which answers in the notebook's
language; the code itself is the same in both editions.

Each source becomes `notebooks/NN-name.ipynb` and `notebooks/ja/NN-name.ipynb`
(the same cells, with the Japanese markdown), each executed in its own folder
with one BLAS thread (as ./test.sh runs nbval), so the committed outputs are the
ones nbval compares against. The Japanese notebooks sit one folder deeper, so
their relative links that leave the folder (`../course/...`) get one more
`../`. Cells marked `# NBVAL_IGNORE_OUTPUT` print machine-specific values: they
run, but their output is not committed. The build fails if a cell writes to
stderr or raises: committed notebooks carry no errors or warnings.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "notebook_src"
NOTEBOOKS = ROOT / "notebooks"
LANGUAGES = ("en", "ja")
# Where each language's notebooks live (the Japanese ones in a folder named ja,
# which is also how `course.i18n` knows a notebook's language).
FOLDERS = {"en": NOTEBOOKS, "ja": NOTEBOOKS / "ja"}
CELL_MARKER = "# %%"
JA_MARKDOWN = "markdown ja"
IGNORE_OUTPUT = "# NBVAL_IGNORE_OUTPUT"
MAGIC = re.compile(r"# %(?!%)[a-z]")


def parse(text: str) -> list[tuple[str, str]]:
    """Split a percent-format source into (kind, source) cells.

    kind is "code", "markdown" (English) or "markdown ja" (the Japanese of the
    markdown cell before it).
    """
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith(CELL_MARKER):
            if "[markdown]" in line:
                after = line.split("[markdown]", 1)[1].strip()
                if after not in ("", "ja"):
                    raise ValueError(f"unknown cell marker {line!r} (a language is 'ja' or none)")
                kind = JA_MARKDOWN if after == "ja" else "markdown"
            else:
                kind = "code"
            cells.append((kind, []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"code before the first '{CELL_MARKER}' marker: {line!r}")
    result = []
    for kind, lines in cells:
        if kind != "code":
            # "# text" -> "text"; a bare "#" is an empty line
            lines = [ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines]
        else:
            # "# %config ..." -> "%config ..." (a magic, commented out in the source)
            lines = [ln[2:] if MAGIC.match(ln) else ln for ln in lines]
        source = "\n".join(lines).strip("\n")
        if source:
            result.append((kind, source))
    return result


_LEAVING_LINK = re.compile(r"\]\((\.\./[^)\s]*)\)")


def edition(cells: list[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    """The (kind, source) cells of one language: the code cells, and the markdown in it.

    Every English markdown cell must be followed by exactly one Japanese one, so
    that both editions have the same cells in the same order.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    result = []
    for i, (kind, text) in enumerate(cells):
        following = cells[i + 1][0] if i + 1 < len(cells) else None
        previous = cells[i - 1][0] if i > 0 else None
        if kind == "markdown" and following != JA_MARKDOWN:
            raise ValueError(f"markdown cell {i} has no Japanese cell after it "
                             f"('# %% [markdown] ja'): {text[:60]!r}")
        if kind == JA_MARKDOWN and previous != "markdown":
            raise ValueError(f"Japanese cell {i} does not follow an English markdown cell: "
                             f"{text[:60]!r}")
        if kind == "code":
            result.append(("code", text))
        elif (kind == "markdown") == (language == "en"):
            if language == "ja":
                # one folder deeper: links that leave notebooks/ja/ need one more ../
                text = _LEAVING_LINK.sub(r"](../\1)", text)
            result.append(("markdown", text))
    return result


def target(source: Path, language: str) -> Path:
    """notebooks/NN-name.ipynb, or notebooks/ja/NN-name.ipynb."""
    return FOLDERS[language] / (source.stem + ".ipynb")


def build(source: Path, language: str = "en") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python"},
    }
    stem = source.stem.split("-")[0]
    cells = edition(parse(source.read_text(encoding="utf-8")), language)
    for i, (kind, text) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(text)
        cell.id = f"nb{stem}-{i:03d}"  # stable ids keep diffs small (and pair the two editions)
        nb.cells.append(cell)
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Outputs a committed notebook must not carry."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"cell {i}: stderr: {out.text[:200]!r}")
    return found


def execute(nb: nbformat.NotebookNode, folder: Path = NOTEBOOKS) -> None:
    from nbclient import NotebookClient  # only needed to execute (comes with nbconvert)

    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    # The kernel runs in the notebook's own folder, as in JupyterLab and nbval.
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    # Widget state changes with every run (random model ids); the static PNG
    # each widget cell draws is what the committed notebook shows.
    nb.metadata.pop("widgets", None)
    # Machine-specific output (CPU flags, memory) is never committed: nbval
    # does not compare these cells, and the published notebook shows none.
    for cell in nb.cells:
        if cell.cell_type == "code" and IGNORE_OUTPUT in cell.source:
            cell.outputs = []
        elif cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)


def coalesce_streams(outputs: list) -> list:
    """Joins consecutive prints to one stream into one output.

    The kernel sends stdout in chunks whose boundaries depend on timing, so the
    same cell could be stored as one output or two; nbval joins them before it
    compares, and the committed notebook should not change from run to run.
    """
    joined: list = []
    for out in outputs:
        last = joined[-1] if joined else None
        if (out.output_type == "stream" and last is not None and last.output_type == "stream"
                and last.name == out.name):
            last.text += out.text
        else:
            joined.append(out)
    return joined


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="build notebooks whose name starts with these")
    parser.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all",
                        help="the language to build (default: all, i.e. English and Japanese)")
    parser.add_argument("--no-execute", action="store_true")
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("*.py"))
    if args.only:
        sources = [s for s in sources if s.stem.startswith(tuple(args.only))]
    languages = LANGUAGES if args.lang == "all" else (args.lang,)
    failed = False
    for source in sources:
        for language in languages:
            path = target(source, language)
            path.parent.mkdir(parents=True, exist_ok=True)
            nb = build(source, language)
            start = time.perf_counter()
            if not args.no_execute:
                execute(nb, path.parent)
            seconds = time.perf_counter() - start
            bad = problems(nb)
            for line in bad:
                print(f"  {path.relative_to(ROOT)}: {line}", file=sys.stderr)
            failed |= bool(bad)
            nbformat.validate(nb)
            nbformat.write(nb, path)
            print(f"{path.relative_to(ROOT)}: {len(nb.cells)} cells, {seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
