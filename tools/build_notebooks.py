r"""Build the course notebooks from readable Python sources, then execute them.

    python tools/build_notebooks.py            # every notebook
    python tools/build_notebooks.py 02 09      # only those whose name starts so
    python tools/build_notebooks.py --no-execute

Sources live in `tools/notebook_src/NN-name.py` in the "percent" format that
jupytext and VS Code understand:

    # %% [markdown]
    # # A title
    # Some prose with $\LaTeX$.

    # %%
    # %config InlineBackend.figure_formats = ['png']
    print("a code cell")

As in jupytext, IPython magics are commented out in the source (so that it
stays valid Python) and uncommented in the notebook.

Each source becomes `notebooks/NN-name.ipynb`, executed in `notebooks/` with
one BLAS thread (as ./test.sh runs nbval), so the committed outputs are the
ones nbval compares against. Cells marked `# NBVAL_IGNORE_OUTPUT` print
machine-specific values: they run, but their output is not committed. The build fails if a cell writes to stderr or
raises: committed notebooks carry no errors or warnings.
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
CELL_MARKER = "# %%"
IGNORE_OUTPUT = "# NBVAL_IGNORE_OUTPUT"
MAGIC = re.compile(r"# %(?!%)[a-z]")


def parse(text: str) -> list[tuple[str, str]]:
    """Split a percent-format source into (kind, source) cells."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith(CELL_MARKER):
            kind = "markdown" if "[markdown]" in line else "code"
            cells.append((kind, []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"code before the first '{CELL_MARKER}' marker: {line!r}")
    result = []
    for kind, lines in cells:
        if kind == "markdown":
            # "# text" -> "text"; a bare "#" is an empty line
            lines = [ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines]
        else:
            # "# %config ..." -> "%config ..." (a magic, commented out in the source)
            lines = [ln[2:] if MAGIC.match(ln) else ln for ln in lines]
        source = "\n".join(lines).strip("\n")
        if source:
            result.append((kind, source))
    return result


def build(source: Path) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python"},
    }
    stem = source.stem.split("-")[0]
    for i, (kind, text) in enumerate(parse(source.read_text(encoding="utf-8"))):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(text)
        cell.id = f"nb{stem}-{i:03d}"  # stable ids keep diffs small
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


def execute(nb: nbformat.NotebookNode) -> None:
    from nbclient import NotebookClient  # only needed to execute (comes with nbconvert)

    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    # Widget state changes with every run (random model ids); the static PNG
    # each widget cell draws is what the committed notebook shows.
    nb.metadata.pop("widgets", None)
    # Machine-specific output (CPU flags, memory) is never committed: nbval
    # does not compare these cells, and the published notebook shows none.
    for cell in nb.cells:
        if cell.cell_type == "code" and IGNORE_OUTPUT in cell.source:
            cell.outputs = []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="build notebooks whose name starts with these")
    parser.add_argument("--no-execute", action="store_true")
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("*.py"))
    if args.only:
        sources = [s for s in sources if s.stem.startswith(tuple(args.only))]
    failed = False
    for source in sources:
        target = NOTEBOOKS / (source.stem + ".ipynb")
        nb = build(source)
        start = time.perf_counter()
        if not args.no_execute:
            execute(nb)
        seconds = time.perf_counter() - start
        bad = problems(nb)
        for line in bad:
            print(f"  {target.name}: {line}", file=sys.stderr)
        failed |= bool(bad)
        nbformat.validate(nb)
        nbformat.write(nb, target)
        print(f"{target.relative_to(ROOT)}: {len(nb.cells)} cells, {seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
