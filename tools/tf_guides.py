"""Measure how much of TensorFlow's own guides runs unchanged on `course.engine`.

    git clone https://github.com/tensorflow/docs        # or any local copy (a git dir)
    git clone https://github.com/tensorflow/tensorboard
    # keras.io's guides (`--set keras`): a git repository holding keras-io's guides/ipynb/
    pip install --target /tmp/extras pandas seaborn      # the regression tutorial uses them
    pip install --target /tmp/extras-sk scikit-learn     # the autoencoder tutorial's metrics
    python tools/tf_guides.py --docs /path/to/docs --tensorboard /path/to/tensorboard \
        --extra-path /tmp/extras --extra-path /path/to/venv/site-packages   # matplotlib, IPython
    python tools/tf_guides.py ... --guides autodiff,tensor --show-diffs

Real TensorFlow 2.21 is `--tf-python` (default /opt/tfref/bin/python); the
engine runs under `--engine-python` (default: this Python) from this work tree
(or `--engine-root`). `--extra-path` folders are appended to both sides'
sys.path, for the plotting and data libraries the guides import. The figures
measured so far, and how, are in tools/tf_guides_log.md.

For each guide (the list is GUIDES below; `--set more` measures MORE_GUIDES, `--set third`
THIRD_GUIDES, `--set fourth` FOURTH_GUIDES, `--set fifth` FIFTH_GUIDES, `--set sixth`
SIXTH_GUIDES, `--set seventh` SEVENTH_GUIDES, `--set eighth` EIGHTH_GUIDES, `--set ninth`
NINTH_GUIDES, `--set tenth` TENTH_GUIDES, `--set keras` KERAS_GUIDES, keras.io's own guides
read from `--keras-io`, `--set tensorboard` TENSORBOARD_GUIDES, the TensorBoard documentation's notebooks), the code cells run in order in a
fresh process, as a notebook kernel would run them (tools/tf_guides_kernel.py):
twice with real TensorFlow (the second time with every global seed shifted,
to find the output that depends on random draws), once with `course.engine`
installed as `tensorflow` (and `keras`). The report says, per guide and
overall, of the cells that real TensorFlow runs, how many run on the engine
and how many print the same thing (the rules: tools/tf_guides_compare.py),
then the engine's failures grouped by error, most frequent first.

What is not run, on either side, and why:
- cells with no code (only comments, like the license cell);
- shell lines (`!pip install ...`, `!ls`) and IPython magics (`%load_ext`,
  `%tensorboard`, `%%time`): the lines are removed, the rest of the cell runs;
  a cell left empty is skipped; so are `%%bash`-style cells and cells the
  docs themselves mark `#docs_infra: no_execute`;
- downloads: the dataset loaders and known files are replaced with local
  synthetic data (tools/tf_guides_data.py); other downloads raise, on both
  sides, so those cells fail with TensorFlow too and are not counted;
- `tensorflow_docs` (pip-installed from GitHub by one tutorial) is a small
  stand-in in tools/tf_guides_stubs/, on both sides; so is an empty `torch`
  (keras.io's training guide imports it; its DataLoader cells fail on both sides).
A cell that real TensorFlow cannot finish within `--timeout` seconds is not
counted; the engine runs it for 20 seconds at most, so that the names it
defines before its long part exist for the cells after it, as they did for
TensorFlow. Nothing of TensorFlow's guides is stored
in this repository: they are read from your copy when the tool runs.

Real TensorFlow's results are cached (`--cache`, keyed by the guide's text
and this tool's files), so re-measuring the engine runs only the engine.
Read next: tf_guides_kernel.py, tf_guides_compare.py, tf_guides_data.py.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tf_guides_compare as compare

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (name, repository, path in it): the guides and tutorials issue 11 names.
GUIDES = [
    ("tensor", "docs", "site/en/guide/tensor.ipynb"),
    ("variable", "docs", "site/en/guide/variable.ipynb"),
    ("autodiff", "docs", "site/en/guide/autodiff.ipynb"),
    ("advanced_autodiff", "docs", "site/en/guide/advanced_autodiff.ipynb"),
    ("basics", "docs", "site/en/guide/basics.ipynb"),
    ("intro_to_graphs", "docs", "site/en/guide/intro_to_graphs.ipynb"),
    ("function", "docs", "site/en/guide/function.ipynb"),
    ("intro_to_modules", "docs", "site/en/guide/intro_to_modules.ipynb"),
    ("checkpoint", "docs", "site/en/guide/checkpoint.ipynb"),
    ("saved_model", "docs", "site/en/guide/saved_model.ipynb"),
    ("quickstart_beginner", "docs", "site/en/tutorials/quickstart/beginner.ipynb"),
    ("quickstart_advanced", "docs", "site/en/tutorials/quickstart/advanced.ipynb"),
    ("keras_classification", "docs", "site/en/tutorials/keras/classification.ipynb"),
    ("keras_regression", "docs", "site/en/tutorials/keras/regression.ipynb"),
    ("keras_overfit_and_underfit", "docs", "site/en/tutorials/keras/overfit_and_underfit.ipynb"),
    ("keras_save_and_load", "docs", "site/en/tutorials/keras/save_and_load.ipynb"),
    ("tensorboard_get_started", "tensorboard", "docs/get_started.ipynb"),
]

# A second set (`--set more`): guides and tutorials on the course's topics (tensors, slicing,
# random numbers, training loops by hand, TF1 next to TF2) that issue 11 did not name.
MORE_GUIDES = [
    ("basic_training_loops", "docs", "site/en/guide/basic_training_loops.ipynb"),
    ("quickstart_core", "docs", "site/en/guide/core/quickstart_core.ipynb"),
    ("matrix_core", "docs", "site/en/guide/core/matrix_core.ipynb"),
    ("mlp_core", "docs", "site/en/guide/core/mlp_core.ipynb"),
    ("optimizers_core", "docs", "site/en/guide/core/optimizers_core.ipynb"),
    ("logistic_regression_core", "docs", "site/en/guide/core/logistic_regression_core.ipynb"),
    ("tensor_slicing", "docs", "site/en/guide/tensor_slicing.ipynb"),
    ("random_numbers", "docs", "site/en/guide/random_numbers.ipynb"),
    ("custom_basics", "docs", "site/en/tutorials/customization/basics.ipynb"),
    ("custom_layers", "docs", "site/en/tutorials/customization/custom_layers.ipynb"),
    ("custom_training_walkthrough", "docs",
     "site/en/tutorials/customization/custom_training_walkthrough.ipynb"),
    ("tf1_vs_tf2", "docs", "site/en/guide/migrate/tf1_vs_tf2.ipynb"),
    ("effective_tf2", "docs", "site/en/guide/effective_tf2.ipynb"),
    ("ragged_tensor", "docs", "site/en/guide/ragged_tensor.ipynb"),
    ("tfrecord", "docs", "site/en/tutorials/load_data/tfrecord.ipynb"),
]

# A third set (`--set third`): TF's guides to tf.data and to tf.sparse, measured from session 8 on
# (the two sets above keep their lists, so that their earlier figures stay comparable).
THIRD_GUIDES = [
    ("sparse_tensor", "docs", "site/en/guide/sparse_tensor.ipynb"),
    ("data", "docs", "site/en/guide/data.ipynb"),
]

# A fourth set (`--set fourth`), from session 9 on: TF's guides to migrating TF1 code (the course
# teaches graphs and sessions beside TF2), and tutorials that load data and train a first model.
FOURTH_GUIDES = [
    ("migrate_metrics_optimizers", "docs", "site/en/guide/migrate/metrics_optimizers.ipynb"),
    ("migrate_early_stopping", "docs", "site/en/guide/migrate/early_stopping.ipynb"),
    ("migrate_checkpoints", "docs", "site/en/guide/migrate/migrating_checkpoints.ipynb"),
    ("migrate_checkpoint_saver", "docs", "site/en/guide/migrate/checkpoint_saver.ipynb"),
    ("migrate_saved_model", "docs", "site/en/guide/migrate/saved_model.ipynb"),
    ("migrate_tensorboard", "docs", "site/en/guide/migrate/tensorboard.ipynb"),
    ("load_numpy", "docs", "site/en/tutorials/load_data/numpy.ipynb"),
    ("load_pandas_dataframe", "docs", "site/en/tutorials/load_data/pandas_dataframe.ipynb"),
    ("load_csv", "docs", "site/en/tutorials/load_data/csv.ipynb"),
    ("autoencoder", "docs", "site/en/tutorials/generative/autoencoder.ipynb"),
]

# A fifth set (`--set fifth`), from session 12 on: tf.data's performance guide, text and
# structured data (TextVectorization, preprocessing layers, pandas tables, time series).
FIFTH_GUIDES = [
    ("data_performance", "docs", "site/en/guide/data_performance.ipynb"),
    ("load_text", "docs", "site/en/tutorials/load_data/text.ipynb"),
    ("keras_text_classification", "docs", "site/en/tutorials/keras/text_classification.ipynb"),
    ("preprocessing_layers", "docs", "site/en/tutorials/structured_data/preprocessing_layers.ipynb"),
    ("imbalanced_data", "docs", "site/en/tutorials/structured_data/imbalanced_data.ipynb"),
    ("time_series", "docs", "site/en/tutorials/structured_data/time_series.ipynb"),
]

# A sixth set (`--set keras`), from session 13 on: keras.io's guides (Keras 3, `import keras`,
# `keras.ops`), read from a copy of github.com/keras-team/keras-io (`--keras-io`).
KERAS_GUIDES = [(name, "keras-io", f"guides/ipynb/{name}.ipynb") for name in (
    "functional_api", "sequential_model", "making_new_layers_and_models_via_subclassing",
    "training_with_built_in_methods", "custom_train_step_in_tensorflow",
    "writing_a_custom_training_loop_in_tensorflow", "serialization_and_saving",
    "writing_your_own_callbacks", "understanding_masking_and_padding", "working_with_rnns",
    "intro_to_keras_for_engineers", "customizing_saving_and_serialization")]

# A seventh list (`--set sixth`, from session 13 on): TF's image tutorials (convolutions,
# CIFAR-10, a GAN and a VAE on MNIST, flower photos loaded from folders) and custom training
# under MirroredStrategy. The GIF cells import `imageio` (`pip install --target DIR imageio`,
# then `--extra-path DIR`); the VAE's `tensorflow_probability` is not installed on either side.
SIXTH_GUIDES = [
    ("cnn", "docs", "site/en/tutorials/images/cnn.ipynb"),
    ("dcgan", "docs", "site/en/tutorials/generative/dcgan.ipynb"),
    ("cvae", "docs", "site/en/tutorials/generative/cvae.ipynb"),
    ("load_images", "docs", "site/en/tutorials/load_data/images.ipynb"),
    ("image_classification", "docs", "site/en/tutorials/images/classification.ipynb"),
    ("distribute_custom_training", "docs", "site/en/tutorials/distribute/custom_training.ipynb"),
]

# The `--set seventh` list (from session 14 on): the guides on graph optimization
# (Grappler's options), TF-NumPy (`tf.experimental.numpy`) and its type promotion (from
# session 16 on), mixed precision and extension types.
SEVENTH_GUIDES = [
    ("graph_optimization", "docs", "site/en/guide/graph_optimization.ipynb"),
    ("tf_numpy", "docs", "site/en/guide/tf_numpy.ipynb"),
    ("tf_numpy_type_promotion", "docs", "site/en/guide/tf_numpy_type_promotion.ipynb"),
    ("mixed_precision", "docs", "site/en/guide/mixed_precision.ipynb"),
    ("extension_type", "docs", "site/en/guide/extension_type.ipynb"),
]

# The `--set eighth` list (from session 15 on): distribution strategies (the guide and
# distributed input), GPUs on a machine without one, and two TF1-to-TF2 migration guides
# (validating numerical correctness, mapping TF1 model code into Keras layers).
EIGHTH_GUIDES = [
    ("distributed_training", "docs", "site/en/guide/distributed_training.ipynb"),
    ("distribute_input", "docs", "site/en/tutorials/distribute/input.ipynb"),
    ("gpu", "docs", "site/en/guide/gpu.ipynb"),
    ("validate_correctness", "docs", "site/en/guide/migrate/validate_correctness.ipynb"),
    ("model_mapping", "docs", "site/en/guide/migrate/model_mapping.ipynb"),
]

# The `--set ninth` list (from session 16 on): TF's TF1-to-TF2 migration guides not measured
# before whose TF 2.21 side runs offline (fault tolerance, hooks to callbacks, MirroredStrategy,
# feature columns to preprocessing layers, debugging a migration, Estimator to Keras). Left
# out, as TF 2.21 itself runs next to nothing of them (no tf.estimator, TPUs, TFLite's
# converter or the network): evaluator, canned_estimators, multi_worker_cpu_gpu_training,
# tpu_embedding, tpu_estimator, tflite, upgrade (tools/tf_guides_log.md, session 16).
NINTH_GUIDES = [
    ("fault_tolerance", "docs", "site/en/guide/migrate/fault_tolerance.ipynb"),
    ("logging_stop_hook", "docs", "site/en/guide/migrate/logging_stop_hook.ipynb"),
    ("sessionrunhook_callback", "docs", "site/en/guide/migrate/sessionrunhook_callback.ipynb"),
    ("mirrored_strategy", "docs", "site/en/guide/migrate/mirrored_strategy.ipynb"),
    ("migrating_feature_columns", "docs", "site/en/guide/migrate/migrating_feature_columns.ipynb"),
    ("migration_debugging", "docs", "site/en/guide/migrate/migration_debugging.ipynb"),
    ("migrating_estimator", "docs", "site/en/guide/migrate/migrating_estimator.ipynb"),
]

# The `--set tenth` list (from session 16 on): tutorials not measured before that TF itself runs
# offline: multi-worker training with Keras and with a custom loop (one worker), SNGP, feature
# columns, DTensor (the overview and the core distributed MLP). Measured and left out (TF runs
# ~nothing offline; figures in tf_guides_log.md, session 16): distribute/save_and_load,
# images/data_augmentation (tensorflow_datasets), parameter_server_training (portpicker),
# generative/adversarial_fgsm (MobileNetV2's weights), reinforcement_learning/actor_critic (gym).
TENTH_GUIDES = [
    ("multi_worker_with_keras", "docs", "site/en/tutorials/distribute/multi_worker_with_keras.ipynb"),
    ("multi_worker_with_ctl", "docs", "site/en/tutorials/distribute/multi_worker_with_ctl.ipynb"),
    ("sngp", "docs", "site/en/tutorials/understanding/sngp.ipynb"),
    ("feature_columns", "docs", "site/en/tutorials/structured_data/feature_columns.ipynb"),
    ("core_distribution", "docs", "site/en/guide/core/distribution.ipynb"),
    ("dtensor_overview", "docs", "site/en/guide/dtensor_overview.ipynb"),
]

# A TensorBoard set (`--set tensorboard`), from session 13 on: the TensorBoard documentation's
# notebooks beyond get_started (the course runs TensorBoard beside JupyterLab), read from
# `--tensorboard`.
TENSORBOARD_GUIDES = [(f"tensorboard_{name}", "tensorboard", f"docs/{name}.ipynb") for name in (
    "scalars_and_keras", "image_summaries", "graphs", "text_summaries",
    "hyperparameter_tuning_with_hparams", "tensorboard_in_notebooks", "migrate")]

_MAGIC_LINE = re.compile(r"^\s*[!%]")
_CELL_MAGIC_OK = {"%%time", "%%timeit", "%%capture"}  # the body runs as plain Python


# -- reading the guides ----------------------------------------------------------------------------
def read_notebook(repo: Path, path: str) -> dict:
    """The notebook at `path` in the newest commit of a git repository (a work tree or git dir)."""
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    text = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
                          check=True, capture_output=True).stdout
    return json.loads(text)


def prepare(source: str) -> tuple:
    """(code to run or None, why not): shell lines and magics removed, as described above."""
    lines = source.split("\n")
    if any("docs_infra: no_execute" in line for line in lines):
        return None, "marked no_execute"
    if lines and lines[0].startswith("%%"):
        if lines[0].split()[0] not in _CELL_MAGIC_OK:
            return None, "cell magic"
        lines = lines[1:]
    code = [line for line in lines if not _MAGIC_LINE.match(line)]
    meaningful = [line for line in code if line.strip() and not line.strip().startswith("#")]
    if not meaningful:
        return None, "shell/magic only" if len(code) != len(lines) else "no code"
    return "\n".join(code), None


def guide_cells(notebook: dict) -> list:
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        code, skipped = prepare(source)
        cells.append({"code": code, "skipped": skipped})
    return cells


# -- running one side ---------------------------------------------------------------------------------
class Kernel:
    """One kernel process (tf_guides_kernel.py) for one guide on one side."""

    def __init__(self, side: str, python: str, env: dict, workdir: str):
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            [python, str(HERE / "tf_guides_kernel.py"), side, workdir, str(write_fd)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,), env=env, cwd=workdir, text=True)
        os.close(write_fd)
        self.results = os.fdopen(read_fd, "r")
        self.alive = self._read(600) is not None  # importing TensorFlow can take a while

    def _read(self, timeout: float):
        ready, _, _ = select.select([self.results], [], [], timeout)
        if not ready:
            return None
        line = self.results.readline()
        return json.loads(line) if line else None

    def run(self, code: str, index: int, timeout: float) -> dict:
        if not self.alive:
            return {"status": "not run", "error": "the kernel had died"}
        self.proc.stdin.write(json.dumps({"source": code, "index": index, "timeout": timeout}) + "\n")
        self.proc.stdin.flush()
        answer = self._read(timeout + 120)  # the kernel's own alarm fires first unless stuck in C
        if answer is None:
            self.alive = False
            self.proc.kill()
            return {"status": "timeout", "error": "the kernel did not answer"}
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.results.close()


def child_env(side: str, args) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TF_", "KERAS"))}
    extra = [str(HERE / "tf_guides_stubs")] + list(args.extra_path or [])
    env.update({
        "TF_GUIDES_EXTRA_PATH": os.pathsep.join(extra),
        "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2",
        # one thread everywhere: the machine is shared, and results do not depend on it
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
        "HOME": args.home,
    })
    if side == "engine":
        env["PYTHONPATH"] = str(args.engine_root)  # whose course.engine to measure
    return env


UNFINISHED_SECONDS = 20.0  # how long the engine runs a cell TF could not finish (uncounted)


def run_side(name: str, cells: list, side: str, python: str, args, skip: set) -> list:
    workdir = tempfile.mkdtemp(prefix=f"tf_guides_{name}_{side}_")
    kernel = Kernel(side, python, child_env(side, args), workdir)
    results = []
    try:
        for i, cell in enumerate(cells):
            if cell["code"] is None:
                results.append({"status": "skipped", "error": cell["skipped"]})
            elif i in skip:
                # Not counted; but it runs (briefly) for the names it defines before its long part,
                # as TF's run had them for the cells after it (a model built, then fit for minutes).
                kernel.run(cell["code"], i, min(args.timeout, UNFINISHED_SECONDS))
                results.append({"status": "not run", "error": "TensorFlow did not finish it"})
            else:
                started = time.time()
                result = kernel.run(cell["code"], i, args.timeout)
                result["seconds"] = round(time.time() - started, 2)
                results.append(result)
                if args.verbose:
                    print(f"  [{side}] {name} cell {i}: {result['status']} ({result['seconds']}s)"
                          f"{' ' + str(result.get('error')) if result.get('error') else ''}",
                          file=sys.stderr, flush=True)
    finally:
        kernel.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def _tool_hash() -> str:
    """A digest of the files that decide what a TensorFlow run prints (not of the report code)."""
    digest = hashlib.sha256()
    for path in [HERE / "tf_guides_kernel.py", HERE / "tf_guides_data.py"] + \
            sorted((HERE / "tf_guides_stubs").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tf_results(name: str, cells: list, args) -> tuple:
    """Real TensorFlow's two runs, from the cache when the guide and the tool are unchanged."""
    key = hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()[:16]
    path = Path(args.cache) / f"{name}-{key}-{_tool_hash()}.json"
    if path.exists() and not args.refresh:
        return tuple(json.loads(path.read_text()))
    first = run_side(name, cells, "tf", args.tf_python, args, set())
    skip = {i for i, r in enumerate(first) if r["status"] in ("timeout", "not run")}
    second = run_side(name, cells, "tf-reseeded", args.tf_python, args, skip)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([first, second]))
    return first, second


# -- comparing and reporting ----------------------------------------------------------------------------
def cell_text(result: dict) -> str:
    parts = [result.get("stdout") or "", result.get("stderr") or "", result.get("display") or ""]
    return compare.normalise("\n".join(parts))


def judge(first: list, second: list, engine: list) -> list:
    """Per cell: None (TF did not run it), or (engine ran it, printed the same)."""
    verdicts = []
    for a, b, e in zip(first, second, engine):
        if a["status"] != "ok":
            verdicts.append(None)
            continue
        ran = e["status"] == "ok"
        same = False
        if ran:
            ta, tb, te = (compare.tokens(cell_text(r)) for r in (a, b, e))
            same = compare.same_output(te, ta, compare.volatile_marks(ta, tb))
        verdicts.append((ran, same))
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", required=True, help="a copy of github.com/tensorflow/docs")
    parser.add_argument("--tensorboard", help="a copy of github.com/tensorflow/tensorboard")
    parser.add_argument("--keras-io", help="a copy of github.com/keras-team/keras-io (--set keras)")
    parser.add_argument("--guides", help="comma-separated names (default: all of the set)")
    parser.add_argument("--set", choices=("issue11", "more", "third", "fourth", "fifth", "sixth",
                                           "seventh", "eighth", "ninth", "tenth", "keras", "tensorboard",
                                           "all"),
                        default="issue11", help="which guides: issue 11's (GUIDES), the second set "
                                                "(MORE_GUIDES), the third (THIRD_GUIDES), the fourth "
                                                "(FOURTH_GUIDES), the fifth (FIFTH_GUIDES), the image "
                                                "tutorials (SIXTH_GUIDES), the seventh "
                                                "(SEVENTH_GUIDES), the eighth "
                                                "(EIGHTH_GUIDES), the ninth "
                                                "(NINTH_GUIDES), the tenth (TENTH_GUIDES), keras.io's "
                                                "(KERAS_GUIDES), TensorBoard's docs "
                                                "(TENSORBOARD_GUIDES), all")
    parser.add_argument("--tf-python", default="/opt/tfref/bin/python")
    parser.add_argument("--engine-python", default=sys.executable)
    parser.add_argument("--engine-root", default=str(ROOT),
                        help="the folder holding the course/ package to measure (default: this one)")
    parser.add_argument("--extra-path", action="append",
                        help="a folder appended to both sides' sys.path (matplotlib, pandas, ...)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per cell")
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/tf_guides"))
    parser.add_argument("--refresh", action="store_true", help="re-run real TensorFlow")
    parser.add_argument("--details", help="write every cell's results and verdicts to this JSON file")
    parser.add_argument("--show-diffs", action="store_true", help="print the differing outputs")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--rejudge", help="compare and report again the runs saved by --details "
                                          "(no process is run): for work on the comparison rules")
    args = parser.parse_args()
    args.home = tempfile.mkdtemp(prefix="tf_guides_home_")  # no ~/.keras cache of the real user
    repos = {"docs": Path(args.docs), "tensorboard": Path(args.tensorboard or ""),
             "keras-io": Path(args.keras_io or "")}
    wanted = set(args.guides.split(",")) if args.guides else None

    rows, groups, details = [], collections.Counter(), {}
    saved = json.loads(Path(args.rejudge).read_text()) if args.rejudge else None
    guides = {"issue11": GUIDES, "more": MORE_GUIDES, "third": THIRD_GUIDES,
              "fourth": FOURTH_GUIDES, "fifth": FIFTH_GUIDES, "sixth": SIXTH_GUIDES,
              "seventh": SEVENTH_GUIDES, "eighth": EIGHTH_GUIDES, "ninth": NINTH_GUIDES,
              "tenth": TENTH_GUIDES, "keras": KERAS_GUIDES, "tensorboard": TENSORBOARD_GUIDES,
              "all": GUIDES + MORE_GUIDES + THIRD_GUIDES + FOURTH_GUIDES + FIFTH_GUIDES
              + SIXTH_GUIDES + SEVENTH_GUIDES + EIGHTH_GUIDES + NINTH_GUIDES + TENTH_GUIDES
              + KERAS_GUIDES + TENSORBOARD_GUIDES}[args.set]
    for name, repo, path in guides:
        if wanted is not None and name not in wanted or repo == "tensorboard" and not args.tensorboard:
            continue
        if repo == "keras-io" and not args.keras_io:  # like tensorboard: only when given
            continue
        if saved is not None:
            if name not in saved:
                continue
            cells = [{"code": c} for c in saved[name]["cells"]]
            first, second, engine = (saved[name][k] for k in ("tf", "tf_reseeded", "engine"))
        else:
            cells = guide_cells(read_notebook(repos[repo], path))
            first, second = tf_results(name, cells, args)
            skip = {i for i, r in enumerate(first) if r["status"] in ("timeout", "not run")}
            engine = run_side(name, cells, "engine", args.engine_python, args, skip)
        verdicts = judge(first, second, engine)
        counted = [v for v in verdicts if v is not None]
        rows.append((name, sum(c["code"] is not None for c in cells), len(counted),
                     sum(v[0] for v in counted), sum(v[1] for v in counted)))
        for i, v in enumerate(verdicts):
            if v is not None and not v[0]:
                error = engine[i].get("error") or engine[i]["status"]
                if error.startswith("NameError"):  # an earlier failed cell should have defined it
                    error = "NameError: (a name an earlier failing cell defines: a cascade)"
                groups[compare.error_group(error)] += 1
            if args.show_diffs and v is not None and v[0] and not v[1]:
                print(f"--- {name} cell {i}\n[tf]\n{cell_text(first[i])}\n[engine]\n"
                      f"{cell_text(engine[i])}\n")
            if args.show_diffs and v is not None and not v[0]:
                print(f"--- {name} cell {i}: engine {engine[i]['status']}: {engine[i].get('error')}\n"
                      f"{engine[i].get('traceback', '')}")
        details[name] = {"cells": [c["code"] for c in cells], "tf": first, "tf_reseeded": second,
                         "engine": engine, "verdicts": verdicts}
        print(f"{name}: TF runs {len(counted)}, engine runs {rows[-1][3]}, same {rows[-1][4]}",
              file=sys.stderr, flush=True)
    report(rows, groups)
    if args.details:
        Path(args.details).write_text(json.dumps(details, indent=1))
    shutil.rmtree(args.home, ignore_errors=True)


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "   - "


def report(rows: list, groups: collections.Counter) -> None:
    print("| guide | code cells | TF runs | engine runs | | same output | |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    for name, code, tf_ran, ran, same in rows:
        print(f"| {name} | {code} | {tf_ran} | {ran} | {_pct(ran, tf_ran)} | {same} | "
              f"{_pct(same, tf_ran)} |")
        for k, v in enumerate((code, tf_ran, ran, same)):
            totals[k] += v
    code, tf_ran, ran, same = totals
    print(f"| **all** | {code} | {tf_ran} | {ran} | {_pct(ran, tf_ran)} | {same} | "
          f"{_pct(same, tf_ran)} |")
    if groups:
        print("\nEngine failures on cells TensorFlow runs, by error:")
        for text, count in groups.most_common():
            print(f"{count:4d}  {text}")


if __name__ == "__main__":
    main()
