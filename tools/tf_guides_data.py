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
  (627 synthetic rows with the real file's ten columns), found by its URL
  (also when `pandas.read_csv` is given that URL);
- `pandas.read_csv` reads a synthetic `auto-mpg.data` (398 cars, the UCI
  layout, six unknown horsepowers) when given that file's URL.
- for the loading tutorials and the autoencoder tutorial: `mnist.npz` (the
  synthetic MNIST above, in the file's four arrays), `heart.csv` (303 synthetic
  patients, the real file's 14 columns and value sets), and, for
  `pandas.read_csv` given their URLs, `abalone_train.csv` (3320 rows of 7
  measurements and an age, no header) and `ecg.csv` (4998 rows of 140 readings
  and a 0/1 label, no header).
- for the structured-data tutorials: `petfinder_mini.zip` "extracted" as
  `datasets/petfinder-mini/petfinder-mini.csv` under get_file's `cache_dir`
  (2000 synthetic pets, the real file's 15 columns and value sets),
  `jena_climate_2009_2016.csv.zip` with its `.csv` beside it (18000 ten-minute
  records, about 125 days, the real file's 15 columns and date format, a few
  -9999 wind speeds), and, for `pandas.read_csv` given its URL,
  `creditcard.csv` (16000 transactions: Time, V1-V28, Amount, Class, 0.6%
  frauds).
- for the text tutorials, `get_file` lays out what Keras 3's `get_file` would
  leave after extracting (its own folder rules, `_keras3_target`): the IMDB
  reviews `aclImdb_v1` (aclImdb/{train,test}/{pos,neg} of `<id>_<stars>.txt`
  files, train/unsup, imdb.vocab, README: 300 reviews a class and split, made
  of a seeded Zipf vocabulary of 3000 made-up words with sentiment words mixed
  in, HTML line breaks and punctuation, so the vocabulary has more than 1300
  terms), the Stack Overflow questions `stack_overflow_16k.tar.gz`
  ({train,test}/{csharp,java,javascript,python}/<n>.txt, 60 a class, and
  README.md; Keras 3 extracts it into a folder named after the archive, so the
  tutorial's `parent` finds no train/ folder, on both sides) and the three Iliad
  translations `cowper.txt`, `derby.txt`, `butler.txt` (600 lines each).
- for the image tutorials: `tf.keras.datasets.cifar10.load_data` returns 1000
  training and 200 test 32x32x3 uint8 images (labels of shape (n, 1), as
  Keras's), each a class's blurred colour prototype plus noise; and `get_file`
  "extracts" `flower_photos.tgz` (Keras 3's folder, as for the text archives)
  into `flower_photos/{daisy,dandelion,roses,sunflowers,tulips}/` of 16 JPEGs
  each (made with Pillow, 40 to 72 pixels a side, a class's colour and
  stripes plus noise) and `LICENSE.txt`. Small, so that TF's trainings of
  10 and 15 epochs on them finish within the harness's timeout.

Only attributes that exist are replaced: a loader the engine lacks stays
missing, and the cell fails as it would for a learner.
"""
from __future__ import annotations

import gzip
import os
import shutil

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


def _cifar10(seed: int = 10) -> tuple:
    """((x_train, y_train), (x_test, y_test)): 32x32x3 uint8 images, labels (n, 1) uint8."""
    rng = np.random.default_rng(seed)
    noise = rng.random((10, 32, 32, 3))
    kernel = np.ones(7) / 7  # blur each class's prototype so that neighbouring pixels agree
    for axis in (1, 2):
        noise = np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), axis, noise)
    protos = (noise - noise.min()) / (noise.max() - noise.min())

    def draw(n):
        labels = rng.integers(0, 10, size=(n, 1)).astype(np.uint8)
        pixels = 40 + 180 * protos[labels[:, 0]] + rng.normal(0, 30, size=(n, 32, 32, 3))
        return np.clip(pixels, 0, 255).astype(np.uint8), labels

    return draw(1000), draw(200)


FLOWERS = ("daisy", "dandelion", "roses", "sunflowers", "tulips")


def _flowers(root: str) -> None:
    """flower_photos/<class>/<n>.jpg (16 a class) and flower_photos/LICENSE.txt."""
    from PIL import Image  # (only here: the other stand-ins need no Pillow)

    rng = np.random.default_rng(2016)
    base = os.path.join(root, "flower_photos")
    for k, name in enumerate(FLOWERS):
        folder = os.path.join(base, name)
        os.makedirs(folder)
        colour = np.array([(60 * k + 40) % 256, (110 * k + 90) % 256, (170 * k + 30) % 256])
        for n in range(16):
            height, width = (int(v) for v in rng.integers(40, 73, size=2))
            stripes = np.sin(np.arange(width) * (k + 1) / 6.0)[None, :, None] * 40
            pixels = colour + stripes + rng.normal(0, 25, size=(height, width, 3))
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            image.save(os.path.join(folder, f"{1000 + 37 * n + k}_{name}.jpg"), quality=90)
    with open(os.path.join(base, "LICENSE.txt"), "w") as f:
        f.write("Synthetic stand-in for the flower photos data set (tf_guides).\n")


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


def _mnist_npz(path: str) -> None:
    """The arrays of keras's mnist.npz (x_train, y_train, x_test, y_test): the synthetic MNIST."""
    (x_train, y_train), (x_test, y_test) = _images(7)
    with open(path, "wb") as f:
        np.savez(f, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)


def _heart(path: str) -> None:
    """The columns and value sets of the Cleveland heart-disease file (heart.csv), synthetic rows."""
    rng = np.random.default_rng(1988)
    lines = ["age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,target"]
    for i in range(303):
        target = int(rng.random() < 0.27)
        thal = ("1" if i == 48 else "2" if i == 281 else  # two stray codes, as in the real file
                str(rng.choice(["fixed", "normal", "reversible"], p=[0.06, 0.55, 0.39])))
        lines.append(",".join(str(v) for v in (
            int(rng.integers(29, 78)), int(rng.random() < 0.68), int(rng.integers(0, 5)),
            int(rng.integers(94, 201)), int(rng.integers(126, 565)), int(rng.random() < 0.15),
            int(rng.integers(0, 3)), int(rng.integers(71, 203)) - 20 * target,
            int(rng.random() < 0.33 + 0.3 * target), round(float(rng.uniform(0, 6.2)), 1),
            int(rng.integers(1, 4)), int(rng.integers(0, 4)), thal, target)))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _abalone(path: str) -> None:
    """abalone_train.csv's layout: no header, 7 measurements then the age (rings + 1.5, an int)."""
    rng = np.random.default_rng(1994)
    lines = []
    for _ in range(3320):
        length = rng.uniform(0.1, 0.8)
        age = int(round(3 + 20 * length + rng.normal(0, 2)))
        whole = length ** 3 * rng.uniform(1.8, 2.4)
        lines.append(",".join(f"{v:.4g}" for v in (
            length, length * 0.8, length * 0.27, whole, whole * 0.43, whole * 0.22, whole * 0.29)) +
            f",{max(age, 1)}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _ecg(path: str) -> None:
    """ecg.csv's layout: no header, 140 readings per beat, then 1.0 (normal) or 0.0 (anomalous)."""
    rng = np.random.default_rng(2000)
    t = np.linspace(0, 1, 140)
    normal = np.exp(-((t - 0.3) / 0.03) ** 2) * 3 - 1 + np.sin(2 * np.pi * t)
    odd = np.exp(-((t - 0.6) / 0.08) ** 2) * 2 - 1.5 + np.cos(2 * np.pi * t)
    labels = (rng.random(4998) < 0.58).astype(np.float64)
    beats = np.where(labels[:, None] == 1, normal, odd) + rng.normal(0, 0.3, size=(4998, 140))
    rows = np.column_stack([beats, labels])
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(f"{v:.8f}" for v in row) + "\n")


def _petfinder(path: str) -> None:
    """petfinder-mini.csv's 15 columns and value sets (Type, Age, ..., AdoptionSpeed)."""
    rng = np.random.default_rng(2018)
    breeds = ["Tabby", "Domestic Short Hair", "Domestic Medium Hair", "Mixed Breed", "Terrier",
              "Siamese", "Persian", "Golden Retriever", "Beagle", "Poodle", "Shih Tzu"]
    colors = ["Black", "Brown", "Golden", "Yellow", "Cream", "Gray", "White"]
    lines = ["Type,Age,Breed1,Gender,Color1,Color2,MaturitySize,FurLength,Vaccinated,Sterilized,"
             "Health,Fee,Description,PhotoAmt,AdoptionSpeed"]
    for i in range(2000):
        kind = str(rng.choice(["Cat", "Dog"], p=[0.45, 0.55]))
        age = int(rng.choice([1, 2, 3, 4, 6, 12, 24, 36, 60]))
        photos = int(rng.integers(0, 12))
        fee = int(rng.choice([0, 0, 0, 50, 100, 150, 300]))
        speed = int(min(4, max(0, round(rng.normal(2 + age / 40 - photos / 8 + fee / 300, 1.2)))))
        lines.append(",".join(str(v) for v in (
            kind, age, rng.choice(breeds), rng.choice(["Male", "Female", "Mixed"], p=[.45, .45, .1]),
            rng.choice(colors), rng.choice(["No Color"] + colors[1:]),
            rng.choice(["Small", "Medium", "Large", "Extra Large"], p=[.25, .6, .13, .02]),
            rng.choice(["Short", "Medium", "Long"], p=[.55, .35, .1]),
            rng.choice(["Yes", "No", "Not Sure"]), rng.choice(["Yes", "No", "Not Sure"]),
            rng.choice(["Healthy", "Minor Injury", "Serious Injury"], p=[.95, .04, .01]), fee,
            f'"A friendly {kind.lower()}, number {i}, looking for a home."', photos, speed)))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _words(rng, n: int) -> list:
    """`n` distinct made-up lowercase words (two to four syllables)."""
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["th", "er", "an", "qu"]
    words, seen = [], set()
    while len(words) < n:
        word = "".join(rng.choice(syllables, size=int(rng.integers(1, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _sentence(rng, words: list, weights, extra: list, length: int) -> str:
    """Words drawn by Zipf weights, a few of `extra` mixed in, a capital and punctuation."""
    picked = list(rng.choice(words, size=length, p=weights))
    for _ in range(max(1, length // 8)):
        picked[int(rng.integers(0, length))] = str(rng.choice(extra))
    picked[0] = picked[0].capitalize()
    for i in range(4, length - 1, int(rng.integers(5, 9))):
        picked[i] += str(rng.choice([",", ",", ";", " -", "!", "?"]))
    return " ".join(picked) + str(rng.choice([".", ".", "!", "..."]))


def _zipf(rng, n: int) -> tuple:
    words = _words(rng, n)
    weights = 1.0 / np.arange(1, n + 1)
    return words, weights / weights.sum()


def _imdb(root: str) -> None:
    """aclImdb/: train and test reviews in pos/neg folders (`<id>_<stars>.txt`), train/unsup."""
    rng = np.random.default_rng(2011)
    words, weights = _zipf(rng, 3000)
    good = ["great", "wonderful", "loved", "best", "brilliant", "superb", "moving", "fun"]
    bad = ["awful", "boring", "worst", "waste", "terrible", "dull", "poor", "mess"]
    base = os.path.join(root, "aclImdb")
    for split in ("train", "test"):
        for label, extra, stars in (("pos", good, (7, 11)), ("neg", bad, (1, 5))):
            folder = os.path.join(base, split, label)
            os.makedirs(folder)
            ids = rng.permutation(2000)[:300]
            if split == "train" and label == "pos":
                ids[0] = 1181  # the file the tutorial prints
            for n in ids:
                sentences = [_sentence(rng, words, weights, extra, int(rng.integers(6, 20)))
                             for _ in range(int(rng.integers(2, 7)))]
                text = " ".join(sentences[:2]) + "<br /><br />" + " ".join(sentences[2:])
                name = f"{n}_{9 if n == 1181 else int(rng.integers(*stars))}.txt"
                with open(os.path.join(folder, name), "w") as f:
                    f.write(text)
    unsup = os.path.join(base, "train", "unsup")
    os.makedirs(unsup)
    for n in range(30):
        with open(os.path.join(unsup, f"{n}_0.txt"), "w") as f:
            f.write(_sentence(rng, words, weights, good + bad, 12))
    with open(os.path.join(base, "imdb.vocab"), "w") as f:
        f.write("\n".join(words) + "\n")
    with open(os.path.join(base, "README"), "w") as f:
        f.write("Synthetic stand-in for the Large Movie Review Dataset v1.0 (tf_guides).\n")


def _stack_overflow(root: str) -> None:
    """{train,test}/{csharp,java,javascript,python}/<n>.txt and README.md: the questions' layout."""
    rng = np.random.default_rng(2008)
    words, weights = _zipf(rng, 1500)
    tags = {"csharp": ["linq", "dotnet", "var", "public", "async"],
            "java": ["jvm", "spring", "public", "class", "maven"],
            "javascript": ["dom", "node", "function", "npm", "const"],
            "python": ["def", "pip", "import", "django", "numpy"]}
    for split in ("train", "test"):
        for tag, extra in tags.items():
            folder = os.path.join(root, split, tag)
            os.makedirs(folder)
            ids = rng.permutation(4000)[:60]
            if split == "train" and tag == "python":
                ids[0] = 1755  # the file the tutorial prints
            for n in ids:
                with open(os.path.join(folder, f"{n}.txt"), "w") as f:
                    f.write(" ".join(_sentence(rng, words, weights, extra, int(rng.integers(8, 25)))
                                     for _ in range(int(rng.integers(1, 5)))) + "\n")
    with open(os.path.join(root, "README.md"), "w") as f:
        f.write("Synthetic stand-in for the Stack Overflow questions data set (tf_guides).\n")


def _iliad(path: str) -> None:
    """One translation's lines (cowper.txt, derby.txt or butler.txt): 600 lines of verse."""
    name = os.path.basename(path)
    rng = np.random.default_rng(sum(name.encode()))
    words, weights = _zipf(rng, 1200)
    heroes = ["Achilles", "Hector", "Agamemnon", "Priam", "Patroclus", "Ajax", "Ulysses"]
    lines = [_sentence(rng, words, weights, heroes, int(rng.integers(5, 11))).rstrip(".!")
             for _ in range(600)]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _jena(path: str) -> None:
    """jena_climate_2009_2016.csv's 15 columns, ten-minute records from 01.01.2009 00:10:00."""
    rng = np.random.default_rng(2009)
    n = 18000
    hours = np.arange(1, n + 1) / 6.0
    day = np.sin(2 * np.pi * (hours - 9) / 24)
    weather = np.zeros((n, 2))  # slow fronts: an AR(1) walk that stays near its mean
    for i in range(1, n):
        weather[i] = 0.998 * weather[i - 1] + rng.normal(0, [0.15, 0.1])
    temp = -2 + 0.08 * hours / 24 + 5 * day + weather[:, 0] + rng.normal(0, 0.2, n)
    pressure = 990 + 3 * weather[:, 1] + rng.normal(0, 0.05, n)
    rh = np.clip(80 - 12 * day + rng.normal(0, 6, n), 15, 100)
    vp_max = 6.1078 * np.exp(17.27 * temp / (temp + 237.3))
    vp_act = vp_max * rh / 100
    t_dew = 237.3 * np.log(vp_act / 6.1078) / (17.27 - np.log(vp_act / 6.1078))
    sh = 622 * vp_act / (pressure - 0.378 * vp_act)
    wv = np.abs(rng.normal(2, 1.3, n))
    wv[rng.choice(n, 4, replace=False)] = -9999.0  # the real file's few broken readings
    max_wv = np.where(wv < 0, -9999.0, wv * rng.uniform(1.2, 2.2, n))
    start = np.datetime64("2009-01-01T00:00")
    lines = ['"Date Time","p (mbar)","T (degC)","Tpot (K)","Tdew (degC)","rh (%)","VPmax (mbar)",'
             '"VPact (mbar)","VPdef (mbar)","sh (g/kg)","H2OC (mmol/mol)","rho (g/m**3)",'
             '"wv (m/s)","max. wv (m/s)","wd (deg)"']
    for i in range(n):
        stamp = (start + np.timedelta64(10 * (i + 1), "m")).item()
        values = (pressure[i], temp[i], temp[i] + 273.15 + (1000 - pressure[i]) * 0.08, t_dew[i],
                  rh[i], vp_max[i], vp_act[i], vp_max[i] - vp_act[i], sh[i],
                  sh[i] * 1.6, 1.2929e3 * 273.15 / (temp[i] + 273.15) * pressure[i] / 1013.25,
                  wv[i], max_wv[i], rng.uniform(0, 360))
        lines.append(stamp.strftime("%d.%m.%Y %H:%M:%S") + "," +
                     ",".join(f"{v:.2f}" for v in values))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _creditcard(path: str) -> None:
    """creditcard.csv's columns: Time, V1-V28 (PCA components), Amount, Class (1: fraud, rare)."""
    rng = np.random.default_rng(2013)
    n = 16000
    fraud = rng.random(n) < 0.006
    components = rng.normal(size=(n, 28))
    components[fraud, :8] += rng.normal(-2.5, 1.0, size=(int(fraud.sum()), 8))  # learnable
    time = np.sort(rng.uniform(0, 172792, n)).round()
    amount = np.round(rng.lognormal(3, 1.5, n), 2)
    lines = ["\"Time\"," + ",".join(f'"V{i}"' for i in range(1, 29)) + ',"Amount","Class"']
    for i in range(n):
        lines.append(f"{time[i]:.0f}," + ",".join(f"{v:.9f}" for v in components[i]) +
                     f",{amount[i]:.2f},\"{int(fraud[i])}\"")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _keras3_target(fname, origin: str, extract: bool, cache_dir, cache_subdir: str) -> str:
    """The path Keras 3's `get_file` returns (its extraction folder when extracting)."""
    base = os.path.expanduser(cache_dir) if cache_dir else os.path.expanduser("~/.keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    name = fname or os.path.basename(origin.split("?")[0])
    if not extract:
        return os.path.join(datadir, name)
    if fname and "." in name:
        return os.path.join(datadir, name[:name.find(".")] + "_extracted")
    return os.path.join(datadir, name)


# Archives `get_file` extracts: the file name in the origin -> what fills the extraction folder.
ARCHIVES = {"aclImdb_v1.tar.gz": _imdb, "stack_overflow_16k.tar.gz": _stack_overflow,
            "flower_photos.tgz": _flowers}
ILIAD = ("cowper.txt", "derby.txt", "butler.txt")


def install(tf, folder: str) -> None:
    """Replaces the loaders in the `tensorflow` module `tf` (real or engine) and in pandas."""
    os.makedirs(folder, exist_ok=True)
    files = {"HIGGS.csv.gz": (_higgs, os.path.join(folder, "HIGGS.csv.gz")),
             "auto-mpg.data": (_auto_mpg, os.path.join(folder, "auto-mpg.data")),
             "titanic/train.csv": (_titanic, os.path.join(folder, "titanic_train.csv"))}
    for make, path in files.values():
        make(path)
    # Made when first asked for (ecg.csv alone takes a second to write).
    lazy = {name: (make, os.path.join(folder, name)) for name, make in (
        ("mnist.npz", _mnist_npz), ("heart.csv", _heart), ("abalone_train.csv", _abalone),
        ("ecg.csv", _ecg), ("jena_climate_2009_2016.csv", _jena),
        ("creditcard.csv", _creditcard))}

    def made(name: str) -> str:
        make, path = lazy[name]
        if not os.path.exists(path):
            make(path)
        return path

    datasets = getattr(getattr(tf, "keras", None), "datasets", None)
    for name, seed in (("mnist", 7), ("fashion_mnist", 8)):
        module = getattr(datasets, name, None)
        if module is not None and hasattr(module, "load_data"):
            module.load_data = lambda path=None, seed=seed, **kw: _images(seed)
    cifar10 = getattr(datasets, "cifar10", None)
    if cifar10 is not None and hasattr(cifar10, "load_data"):
        cifar10.load_data = lambda *args, **kwargs: _cifar10()

    def get_file(fname=None, origin=None, *args, **kwargs):
        archive = os.path.basename((origin or "").split("?")[0])
        if archive in ARCHIVES:
            extract = bool(kwargs.get("untar") or kwargs.get("extract"))
            target = _keras3_target(fname, origin, extract, kwargs.get("cache_dir"),
                                    kwargs.get("cache_subdir", "datasets"))
            if extract:
                shutil.rmtree(target, ignore_errors=True)  # (a fresh copy: the tutorial deletes)
                ARCHIVES[archive](target)
            return target
        if archive in ILIAD and (origin or "").startswith(
                "https://storage.googleapis.com/download.tensorflow.org/data/illiad/"):
            path = os.path.join(folder, "illiad", archive)  # (a folder of their own, as in ~/.keras)
            if not os.path.exists(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                _iliad(path)
            return path
        name = os.path.basename(fname or origin or "")
        if (origin or "").endswith("tf-datasets/titanic/train.csv"):  # (a name others use)
            return files["titanic/train.csv"][1]
        if name in files:
            return files[name][1]
        if name in lazy:
            return made(name)
        if name == "jena_climate_2009_2016.csv.zip":  # "extracted" beside the archive
            return made("jena_climate_2009_2016.csv") + ".zip"
        if name == "petfinder_mini.zip":  # extracted where the tutorial reads it
            home = kwargs.get("cache_dir") or os.path.join(os.path.expanduser("~"), ".keras")
            target = os.path.join(home, kwargs.get("cache_subdir", "datasets"), "petfinder-mini")
            os.makedirs(target, exist_ok=True)
            _petfinder(os.path.join(target, "petfinder-mini.csv"))
            return target
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
        if isinstance(source, str) and source.endswith("tf-datasets/titanic/train.csv"):
            source = files["titanic/train.csv"][1]
        for name in ("abalone_train.csv", "ecg.csv", "creditcard.csv"):  # read straight from their URLs
            if isinstance(source, str) and source.endswith("download.tensorflow.org/data/" + name):
                source = made(name)
        return read_csv(source, *args, **kwargs)
    pandas.read_csv = local_read_csv
