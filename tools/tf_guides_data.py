"""Local synthetic stand-ins for the data TensorFlow's guides download.

The harness has no internet, and the guides are measured for what the API
does, not for what a model learns from real data. So, identically for real
TensorFlow and for the engine (same NumPy, same seeds, same files), before the
first cell runs:

- `tf.keras.datasets.mnist.load_data` and `fashion_mnist.load_data` return
  small synthetic image sets (5000 training and 1000 test images of 28x28
  uint8, ten classes, each a blurred prototype plus noise: learnable);
- `tf.keras.utils.get_file` (and `keras.utils.get_file`) returns local files
  for `HIGGS.csv.gz` (12000 rows of 1 label + 28 features) and refuses every
  other download with `RuntimeError` (so those cells fail on both sides and
  are not counted);
- the same for the Titanic passengers' `train.csv` the data guide reads
  (627 synthetic rows with the real file's ten columns), found by its URL;
- `pandas.read_csv` reads a synthetic `auto-mpg.data` (398 cars, the UCI
  layout, six unknown horsepowers) when given that file's URL.

Only attributes that exist are replaced: a loader the engine lacks stays
missing, and the cell fails as it would for a learner.
"""
from __future__ import annotations

import gzip
import os

import numpy as np

__all__ = ["install"]

TRAIN, TEST = 5000, 1000
AUTO_MPG_URL = "auto-mpg/auto-mpg.data"  # the tail of the UCI URL the regression tutorial reads


def _images(seed: int) -> tuple:
    """((x_train, y_train), (x_test, y_test)) of 28x28 uint8 images in ten classes."""
    rng = np.random.default_rng(seed)
    noise = rng.random((10, 28, 28))
    kernel = np.ones(5) / 5  # blur the prototypes so that neighbouring pixels agree
    protos = np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), 1, noise)
    protos = np.apply_along_axis(lambda c: np.convolve(c, kernel, "same"), 2, protos)
    protos = (protos - protos.min()) / (protos.max() - protos.min())

    def draw(n):
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        pixels = 180 * protos[labels] + rng.normal(0, 40, size=(n, 28, 28))
        return np.clip(pixels, 0, 255).astype(np.uint8), labels

    return draw(TRAIN), draw(TEST)


def _higgs(path: str) -> None:
    rng = np.random.default_rng(2021)
    n = 12000
    features = rng.normal(size=(n, 28))
    signal = features[:, :4].sum(axis=1) + rng.normal(0, 2.0, size=n) > 0
    rows = np.column_stack([signal.astype(np.float64), features])
    with gzip.open(path, "wt") as f:
        for row in rows:
            f.write(",".join(f"{v:.18e}" for v in row) + "\n")


def _auto_mpg(path: str) -> None:
    rng = np.random.default_rng(1983)
    lines = []
    for i in range(398):
        cylinders = int(rng.choice([4, 6, 8], p=[0.5, 0.25, 0.25]))
        displacement = cylinders * rng.uniform(20, 45)
        horsepower = displacement * rng.uniform(0.35, 0.6) + 20
        weight = 1500 + displacement * rng.uniform(6, 9)
        acceleration = rng.uniform(8, 25)
        year = int(rng.integers(70, 83))
        origin = int(rng.choice([1, 2, 3], p=[0.6, 0.2, 0.2]))
        mpg = max(9.0, 55 - weight / 120 - horsepower / 20 + (year - 70) * 0.6 + rng.normal(0, 2))
        hp = "?" if i % 66 == 10 else f"{horsepower:.1f}"
        lines.append(f"{mpg:.1f}   {cylinders}   {displacement:.1f}      {hp}      {weight:.1f}"
                     f"      {acceleration:.1f}   {year}  {origin}\t\"car {i}\"")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _titanic(path: str) -> None:
    """The columns of the Titanic file (tf-datasets/titanic/train.csv), synthetic rows."""
    rng = np.random.default_rng(1912)
    lines = ["survived,sex,age,n_siblings_spouses,parch,fare,class,deck,embark_town,alone"]
    for _ in range(627):
        klass = str(rng.choice(["First", "Second", "Third"], p=[0.25, 0.2, 0.55]))
        sex = str(rng.choice(["male", "female"], p=[0.65, 0.35]))
        survived = int(rng.random() < (0.75 if sex == "female" else 0.2))
        siblings, parch = int(rng.choice([0, 0, 0, 1, 2])), int(rng.choice([0, 0, 0, 1, 2]))
        fare = round(float(rng.uniform(7, 30) * {"First": 3, "Second": 1.5, "Third": 1}[klass]), 4)
        deck = str(rng.choice(["unknown"] * 6 + list("ABCDEFG")))
        town = str(rng.choice(["Southampton", "Cherbourg", "Queenstown", "unknown"],
                              p=[0.72, 0.19, 0.08, 0.01]))
        alone = "y" if siblings + parch == 0 else "n"
        age = float(int(rng.integers(1, 80))) if rng.random() < 0.9 else 28.0
        lines.append(f"{survived},{sex},{age},{siblings},{parch},{fare},{klass},{deck},{town},"
                     f"{alone}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def install(tf, folder: str) -> None:
    """Replaces the loaders in the `tensorflow` module `tf` (real or engine) and in pandas."""
    os.makedirs(folder, exist_ok=True)
    files = {"HIGGS.csv.gz": (_higgs, os.path.join(folder, "HIGGS.csv.gz")),
             "auto-mpg.data": (_auto_mpg, os.path.join(folder, "auto-mpg.data")),
             "titanic/train.csv": (_titanic, os.path.join(folder, "titanic_train.csv"))}
    for make, path in files.values():
        make(path)

    datasets = getattr(getattr(tf, "keras", None), "datasets", None)
    for name, seed in (("mnist", 7), ("fashion_mnist", 8)):
        module = getattr(datasets, name, None)
        if module is not None and hasattr(module, "load_data"):
            module.load_data = lambda path=None, seed=seed, **kw: _images(seed)

    def get_file(fname=None, origin=None, *args, **kwargs):
        name = os.path.basename(fname or origin or "")
        if (origin or "").endswith("tf-datasets/titanic/train.csv"):  # (a name others use)
            return files["titanic/train.csv"][1]
        if name in files:
            return files[name][1]
        raise RuntimeError(f"tf_guides: no internet here, {origin or fname} is not stubbed")

    modules = [getattr(getattr(tf, "keras", None), "utils", None)]
    try:
        import keras
        modules.append(keras.utils)
    except ImportError:
        pass
    for module in modules:
        if module is not None and hasattr(module, "get_file"):
            module.get_file = get_file

    try:
        import pandas
    except ImportError:
        return
    read_csv = pandas.read_csv

    def local_read_csv(source, *args, **kwargs):
        if isinstance(source, str) and source.endswith(AUTO_MPG_URL):
            source = files["auto-mpg.data"][1]
        return read_csv(source, *args, **kwargs)
    pandas.read_csv = local_read_csv
