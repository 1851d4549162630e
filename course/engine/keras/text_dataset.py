"""`tf.keras.utils.text_dataset_from_directory`: a folder of `.txt` files as a dataset.

A folder with one subfolder per class becomes a dataset of (texts, labels)
batches; the class names are the subfolders' names, in alphanumeric order:

    >>> ds = tf.keras.utils.text_dataset_from_directory("reviews/train", seed=42,
    ...                                                 validation_split=0.2, subset="training")
    Found 600 files belonging to 2 classes.
    Using 480 files for training.
    >>> ds.class_names
    ['neg', 'pos']

As in Keras 3, the file list is walked in sorted order, then shuffled with
NumPy's `RandomState(seed)` (the same seed shuffles the labels, so they stay
paired), and the validation split is the list's last `int(split * n)` files:
the training and validation subsets made with one seed never overlap. The
files are read when the dataset is iterated (`tf.io.read_file`, after a
`shuffle` of 8 batches' worth of paths), so the dataset holds paths, not texts.

The listing, shuffling and splitting (`from_directory`) serve image_dataset.py too.

Read next: text_vectorization.py (turning these texts into token indices).
"""
from __future__ import annotations

import os

import numpy as np

from .. import dtypes
from ..ops import array_ops, index_ops, io_ops, string_ops

__all__ = ["text_dataset_from_directory", "from_directory"]

_LABEL_MODES = ("int", "categorical", "binary", None)


def _check_split(validation_split, subset, shuffle: bool, seed) -> None:
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError('`subset` must be either "training", "validation" or "both", '
                         f"received: {subset}")
    if validation_split and shuffle and seed is None:
        # (else the two subsets, shuffled differently, would share files)
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a "
                         "`seed` argument, to make sure that there is no overlap between the "
                         "training and validation subset.")


def _index(directory: str, labels, class_names, follow_links: bool, formats: tuple,
           function: str) -> tuple:
    """(relative file paths, integer labels or None, class names), in sorted walk order: the
    files whose names end with one of `formats`."""
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{function}: no folder at {directory}")
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError("The `class_names` passed did not match the names of the "
                                 f"subdirectories of the target directory. Expected: {subdirs} "
                                 f"(or a subset of it), but received: class_names={class_names}")
            subdirs = list(class_names)  # (the order given)
    else:
        subdirs = [""]
    files, found = [], []
    for index, subdir in enumerate(subdirs):
        top = os.path.join(directory, subdir)
        for root, _, names in sorted(os.walk(top, followlinks=follow_links), key=lambda w: w[0]):
            for name in sorted(names):
                if name.lower().endswith(formats):
                    files.append(os.path.join(os.path.basename(top),
                                              os.path.relpath(os.path.join(root, name), top)))
                    found.append(index)
    if labels == "inferred":
        return files, np.array(found, dtype=np.int32), subdirs
    if labels is None:
        return files, None, None
    if len(labels) != len(files):
        raise ValueError("Expected the lengths of `labels` to match the number of files in the "
                         f"target directory. len(labels) is {len(labels)} while we found "
                         f"{len(files)} files in directory {directory}.")
    return files, list(labels), [str(label) for label in sorted(set(labels))]


def _split(paths: list, labels, validation_split, subset: str) -> tuple:
    """The training (all but the last `int(split * n)`) or validation (those) files."""
    if not validation_split:
        return paths, labels
    n_val = int(validation_split * len(paths))
    if subset == "training":
        print(f"Using {len(paths) - n_val} files for training.")
        return paths[:-n_val], None if labels is None else labels[:-n_val]
    print(f"Using {n_val} files for validation.")
    return paths[-n_val:], None if labels is None else labels[-n_val:]


def _read_text(max_length):
    def read(path):
        text = io_ops.read_file(path)
        return text if max_length is None else string_ops.substr(text, 0, max_length)
    return read


def _dataset(paths: list, labels, label_mode, num_classes: int, read, shuffle: bool,
             buffer_size: int, seed, batch_size):
    """Keras's pipeline: (path, label) pairs, shuffled, then `read` (a path to a sample) mapped."""
    from ..data import Dataset, AUTOTUNE

    ds = Dataset.from_tensor_slices(paths)
    if label_mode:
        label_ds = Dataset.from_tensor_slices(labels)
        if label_mode == "binary":  # float32 0/1 of shape (1,)
            label_ds = label_ds.map(lambda y: array_ops.expand_dims(
                array_ops.cast(y, dtypes.float32), axis=-1))
        elif label_mode == "categorical":
            label_ds = label_ds.map(lambda y: index_ops.one_hot(y, num_classes))
        ds = Dataset.zip((ds, label_ds))
    if shuffle:
        ds = ds.shuffle(buffer_size=buffer_size, seed=seed)
    ds = ds.map((lambda x, y: (read(x), y)) if label_mode else read)
    if batch_size is not None:
        ds = ds.batch(batch_size)
    return ds.prefetch(AUTOTUNE)


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                batch_size=32, max_length=None, shuffle: bool = True, seed=None,
                                validation_split=None, subset=None, follow_links: bool = False,
                                format="tf", verbose: bool = True):
    """Texts and labels from a folder of class folders. Mirrors `tf.keras.utils.text_dataset_from_directory`.

    Labels are int32 class indices (`label_mode="int"`), one-hot float32 rows
    ("categorical") or float32 0/1 of shape (1,) ("binary", two classes); the
    texts are whole files (`max_length` bytes at most). `subset="both"` returns
    the training and validation datasets together.
    """
    if format != "tf":
        raise NotImplementedError(f"text_dataset_from_directory(format={format!r}) is not part of "
                                  "this engine: it makes tf.data datasets (format='tf').")
    return from_directory("text", _read_text(max_length), directory, labels, label_mode,
                          class_names, batch_size, shuffle, seed, validation_split, subset,
                          follow_links, verbose)


# What differs between the text and the image folders: the files listed, and Keras's wording.
_KINDS = {
    "text": {"formats": (".txt",), "files": "text files", "samples": "text samples",
             "none": "{which}text files", "allowed": "Allowed format: .txt"},
    "image": {"formats": (".bmp", ".gif", ".jpeg", ".jpg", ".png"), "files": "image files",
              "samples": "images", "none": "{which}images",
              "allowed": "Allowed formats: ('.bmp', '.gif', '.jpeg', '.jpg', '.png')"},
}


def from_directory(kind: str, read, directory, labels, label_mode, class_names, batch_size,
                   shuffle: bool, seed, validation_split, subset, follow_links: bool,
                   verbose: bool):
    """Keras's `*_dataset_from_directory` for `kind` "text" or "image": checks the arguments,
    lists, shuffles and splits the files, and maps `read` (a path to a sample) over them."""
    words = _KINDS[kind]
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the "
                             f"same size as the number of {words['files']} in the target "
                             "directory. If you wish to infer the labels from the subdirectory "
                             'names in the target directory, pass `labels="inferred"`. If you '
                             f"wish to get a dataset that only contains {words['samples']} (no "
                             f"labels), pass `labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError('You can only pass `class_names` if `labels="inferred"`. Received: '
                             f"labels={labels}, and class_names={class_names}")
    if label_mode not in _LABEL_MODES:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", '
                         f"or None. Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        labels = label_mode = None
    _check_split(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    directory = os.fspath(directory)
    paths, labels, class_names = _index(directory, labels, class_names, follow_links,
                                        words["formats"], f"{kind}_dataset_from_directory")
    if verbose:
        print(f"Found {len(paths)} files." if labels is None else
              f"Found {len(paths)} files belonging to {len(class_names)} classes.")
    paths = [os.path.join(directory, p) for p in paths]
    if shuffle:  # Keras: one RandomState(seed) shuffle for the paths, a fresh one for the labels
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    buffer_size = batch_size * 8 if batch_size is not None else 1024
    num_classes = len(class_names) if class_names else 0
    subsets = ["training", "validation"] if subset == "both" else [subset]
    made = []
    for which in subsets:
        part_paths, part_labels = _split(paths, labels, validation_split, which)
        if not part_paths:
            none = words["none"].format(which=which + " " if subset == "both" else "")
            raise ValueError(f"No {none} found in directory {directory}. {words['allowed']}")
        ds = _dataset(part_paths, part_labels, label_mode, num_classes, read,
                      shuffle and which != "validation" if subset == "both" else shuffle,
                      buffer_size, seed, batch_size)
        ds.class_names = class_names
        if kind == "image":  # (Keras's image datasets say which files they hold; text ones do not)
            ds.file_paths = part_paths
        made.append(ds)
    return made if subset == "both" else made[0]
