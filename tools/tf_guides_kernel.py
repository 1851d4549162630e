"""The child process of tools/tf_guides.py: a tiny notebook kernel.

It runs one guide's code cells, one at a time, in one namespace, as Jupyter
would, with either real TensorFlow or `course.engine` installed as the
`tensorflow` (and `keras`) module. It is started by tf_guides.py, never by
hand:

    python tf_guides_kernel.py SIDE WORKDIR RESULT_FD

SIDE is `tf` (real TensorFlow), `tf-reseeded` (real TensorFlow with every
global seed shifted by one, to find the outputs that depend on random draws)
or `engine`. Requests arrive on stdin as JSON lines
(`{"source": ..., "index": cell number, "timeout": seconds}`); each answer is one JSON line written
to the file descriptor RESULT_FD:

    {"status": "ok" | "error" | "timeout", "error": "TypeError: ...",
     "stdout": "...", "stderr": "...", "display": "repr of the last expression"}

Output is captured at the file-descriptor level, so text that TensorFlow's
C++ kernels write (tf.print, logs) is caught as a notebook would show it.
Before the first cell, the kernel imports `tensorflow` and replaces the
dataset loaders with local synthetic data (see tf_guides_data.py), the same
on both sides. Read next: tf_guides_data.py.
"""
from __future__ import annotations

import ast
import importlib
import importlib.abc
import importlib.util
import json
import linecache
import logging
import os
import signal
import sys
import tempfile
import traceback


class CellTimeout(BaseException):
    """Raised inside a cell that ran too long (a BaseException: guides' `except Exception` miss it)."""


# -- course.engine as `tensorflow` ---------------------------------------------------------------------
class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`import tensorflow.keras.layers` gives `course.engine.keras.layers` (and `keras.x` likewise)."""

    ALIASES = {"tensorflow": "course.engine", "keras": "course.engine.keras"}

    def find_spec(self, fullname, path=None, target=None):
        root = fullname.split(".")[0]
        if root not in self.ALIASES:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def __init__(self):
        self._specs: dict = {}

    def create_module(self, spec):
        root, _, rest = spec.name.partition(".")
        target = self.ALIASES[root] + ("." + rest if rest else "")
        module = importlib.import_module(target)  # ImportError here: the engine lacks that module
        self._specs[id(module)] = module.__spec__
        return module

    def exec_module(self, module):
        # the real module is already executed; the import system replaced its __spec__: undo it
        module.__spec__ = self._specs.pop(id(module), module.__spec__)


def install_engine_as_tensorflow() -> None:
    # TensorBoard's writer imports `tensorflow` lazily and, where there is none, uses its own
    # stand-in: let it find the stand-in now, as a learner's process (without the alias) would.
    try:
        from tensorboard.compat import tf as tensorboard_tf
        tensorboard_tf.io  # noqa: B018 - (an attribute access is what loads it)
    except Exception:  # noqa: BLE001 - no TensorBoard: nothing to prepare
        pass
    sys.meta_path.insert(0, _AliasFinder())


def shift_seeds(tf) -> None:
    """The `tf-reseeded` side: every global seed one higher, so seeded draws change too."""
    set_seed = tf.random.set_seed
    tf.random.set_seed = lambda seed: set_seed(None if seed is None else seed + 1)
    utils = tf.keras.utils
    set_random_seed = utils.set_random_seed
    utils.set_random_seed = lambda seed: set_random_seed(seed + 1)


# -- running a cell ---------------------------------------------------------------------------------------
def _compile_cell(source: str, index: int):
    """(body, last expression or None), as IPython splits a cell to display its value.

    The source is registered in `linecache`, as IPython does, so that `inspect.getsource`
    works on functions defined in cells (TensorFlow's AutoGraph reads their source).
    """
    filename = f"<cell-{index}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = ast.parse(source, filename, mode="exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
        last = ast.Expression(tree.body.pop().value)
    # (dont_inherit: this file's `from __future__ import annotations` must not reach the cells,
    # where it would turn class annotations into strings that tf.experimental.ExtensionType
    # cannot read; a notebook kernel compiles cells without it)
    body = compile(tree, filename, "exec", dont_inherit=True)
    return body, None if last is None else compile(last, filename, "eval", dont_inherit=True)


def _on_alarm(signum, frame):
    raise CellTimeout()


class _Capture:
    """Redirects file descriptors 1 and 2 (and sys.stdout/stderr on them) to temporary files."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.files = [tempfile.TemporaryFile(mode="w+b"), tempfile.TemporaryFile(mode="w+b")]
        self.saved = [os.dup(1), os.dup(2)]
        os.dup2(self.files[0].fileno(), 1)
        os.dup2(self.files[1].fileno(), 2)
        return self

    def __exit__(self, *exc):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # a cell may have closed or replaced them
            pass
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        for fd in self.saved:
            os.close(fd)
        self.texts = []
        for f in self.files:
            f.seek(0)
            self.texts.append(f.read().decode("utf-8", "replace"))
            f.close()


def run_cell(source: str, index: int, namespace: dict, timeout: float) -> dict:
    result = {"status": "ok", "error": None, "display": None}
    with _Capture() as cap:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            body, last = _compile_cell(source, index)
            exec(body, namespace)
            if last is not None:
                value = eval(last, namespace)
                if value is not None:
                    namespace["_"] = value
                    result["display"] = repr(value)
        except CellTimeout:
            result["status"] = "timeout"
        except BaseException as e:  # noqa: BLE001 - a notebook shows every error, then goes on
            result["status"] = "error"
            result["error"] = f"{type(e).__name__}: {e}".split("\n")[0][:500]
            result["traceback"] = "".join(traceback.format_exception(e)[-6:])[-3000:]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            import matplotlib.pyplot as plt  # inline backends close figures after each cell
            plt.close("all")
        except Exception:
            pass
    result["stdout"], result["stderr"] = cap.texts
    return result


def main() -> None:
    side, workdir, result_fd = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out = os.fdopen(result_fd, "w", buffering=1)
    os.chdir(workdir)
    # extras (matplotlib, pandas, the tensorflow_docs stand-in) go last: each side's own packages win
    sys.path.extend(p for p in os.environ.get("TF_GUIDES_EXTRA_PATH", "").split(os.pathsep) if p)
    # both sides' Python log records look like TF's ("WARNING:tensorflow:..."), so the comparison
    # rules can recognise and drop them
    logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s")
    import tf_guides_data  # noqa: E402 - next to this file (the script's folder is on sys.path)
    if side == "engine":
        install_engine_as_tensorflow()
    import tensorflow as tf  # noqa: E402 - after the alias is in place
    if side == "tf-reseeded":
        shift_seeds(tf)
    tf_guides_data.install(tf, os.path.join(workdir, ".synthetic"))
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    out.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        out.write(json.dumps(run_cell(request["source"], request["index"], namespace,
                                         request["timeout"])) + "\n")


if __name__ == "__main__":
    main()
