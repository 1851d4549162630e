"""A seeded fuzz of the four save formats: no hang, no crash, clean errors naming the file.

1,200 mutated saves (300 each of a checkpoint, a SavedModel, a `.keras` and a
`.weights.h5`), mutated with a fixed seed: bytes flipped, inserted or cut,
files emptied or deleted, JSON values replaced (in the index, the manifest
and the `.keras` config, including 5,000-deep nesting, huge numbers and
"../" paths), `.npy` headers rewritten, archive members dropped or
recompressed. Each is loaded and used; an outcome is
- "loaded": the mutation was harmless (or the load worked and the values are
  those of the file);
- "clean": a TF error class (DataLossError, InvalidArgumentError,
  ResourceExhaustedError, NotFoundError) whose message names the save's path,
  or the documented ValueError/TypeError of TF and Keras for a valid file
  that does not fit (a restored shape that differs, a Keras class to pass in
  custom_objects), also naming the path;
- "raw": anything else (a crash: zipfile, zlib, KeyError, RecursionError, ...);
- "hang": no answer within 10 s (SIGALRM).
Required: 0 hangs, 0 raw, and at least 99% of the failures clean. Run with
`-s` to see the counts by format and by kind of error.
"""
from __future__ import annotations

import collections
import io
import json
import os
import random
import shutil
import signal
import zipfile

import numpy as np
import pytest

import course.engine as tf

pytestmark = pytest.mark.slow
PER_FORMAT = 300
TF_ERRORS = (tf.errors.DataLossError, tf.errors.InvalidArgumentError,
             tf.errors.ResourceExhaustedError, tf.errors.NotFoundError)


# -- the four originals, and how each is used after loading -------------------------------------
class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
        self.layers = [tf.Variable(np.ones(3)), tf.Variable(np.int64(3))]

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w))[:, 1:] + 1.0


def _keras_model():
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3, activation="relu"),
                                 tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def make_originals(root):
    model = Model()
    tf.train.Checkpoint(model=model).save(os.path.join(root, "checkpoint", "ckpt"))
    tf.saved_model.save(model, os.path.join(root, "saved_model"))
    keras_model = _keras_model()
    x = np.random.default_rng(0).normal(size=(16, 4)).astype(np.float32)
    keras_model.fit(x, (x[:, 0] > 0).astype(np.int64), epochs=1, verbose=0)
    os.makedirs(os.path.join(root, "keras"))
    keras_model.save(os.path.join(root, "keras", "model.keras"))
    os.makedirs(os.path.join(root, "weights"))
    keras_model.save_weights(os.path.join(root, "weights", "model.weights.h5"))


def use_checkpoint(folder):
    latest = tf.train.latest_checkpoint(folder)
    tf.train.CheckpointManager(tf.train.Checkpoint(), folder)
    status = tf.train.Checkpoint(model=Model()).restore(latest or os.path.join(folder, "ckpt-1"))
    status.expect_partial()


def use_saved_model(folder):
    loaded = tf.saved_model.load(folder)
    loaded(tf.ones([2, 2]))
    for signature in loaded.signatures.values():
        signature(x=tf.ones([2, 2]))


def use_keras(folder):
    model = tf.keras.models.load_model(os.path.join(folder, "model.keras"))
    model.predict(np.ones((2, 4), np.float32), verbose=0)


def use_weights(folder):
    model = _keras_model()
    model.load_weights(os.path.join(folder, "model.weights.h5"))


FORMATS = {"checkpoint": use_checkpoint, "saved_model": use_saved_model, "keras": use_keras,
           "weights": use_weights}


# -- mutations -----------------------------------------------------------------------------------
def _json_values(rng):
    return rng.choice([None, True, -1, 0, 2 ** 31, 10 ** 12, 1.5, -1e308, float("inf"), "",
                       "../../etc/passwd", "a" * 300, "float32", "object", [], [-1, 3],
                       [10 ** 9, 10 ** 9], {}, {"pickle": "cos\nsystem"}, [[[[1]]]],
                       int("9" * 400), "ckpt-1.data-00000-of-00001.pending-0123456789abcdef"])


def _deep(n):
    return json.loads("[" * n + "]" * n) if n < 900 else None


def mutate_json(document, rng):
    paths = list(_json_paths(document))[1:]
    if not paths:
        return document, "json:root"
    path = rng.choice(paths)
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    kind = rng.random()
    if kind < 0.1 and isinstance(parent, dict):
        del parent[path[-1]]
        return document, "json:delete"
    parent[path[-1]] = _json_values(rng)
    return document, "json:value"


def _json_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _json_paths(v, prefix + (i,))


def mutate_bytes(raw: bytes, rng) -> tuple:
    kind = rng.choice(["flip", "flip", "truncate", "insert", "empty", "header"])
    if not raw or kind == "empty":
        return b"", "bytes:empty"
    at = rng.randrange(len(raw))
    if kind == "flip":
        out = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(out))
            out[i] ^= rng.randint(1, 255)
        return bytes(out), "bytes:flip"
    if kind == "truncate":
        return raw[:at], "bytes:truncate"
    if kind == "insert":
        return raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + raw[at:], \
            "bytes:insert"
    return _mutate_npy_headers(raw, rng), "bytes:npy-header"


def _mutate_npy_headers(raw: bytes, rng) -> bytes:
    """Rewrites the text of .npy headers: absurd shapes, object dtypes, Fortran order."""
    swaps = [(b"'shape': (", b"'shape': (999999999, "), (b"'<f4'", b"'|O'"), (b"'<f4'", b"'<f8'"),
             (b"'fortran_order': False", b"'fortran_order': True "), (b"'<i8'", b"'<c16'"),
             (b"'shape': (", b"'shape': (-5, ")]
    old, new = rng.choice(swaps)
    return raw.replace(old, new, 1) if old in raw else raw[::-1]


def mutate_zip(raw: bytes, rng) -> tuple:
    """A .keras archive with one member changed: its JSON, its bytes, dropped, or recompressed."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        members = {name: z.read(name) for name in z.namelist()}
    name = rng.choice(sorted(members))
    kind = rng.random()
    method = zipfile.ZIP_DEFLATED
    if kind < 0.15:
        del members[name]
        how = "zip:drop"
    elif kind < 0.25:
        method = zipfile.ZIP_STORED if rng.random() < 0.5 else zipfile.ZIP_BZIP2
        how = "zip:recompress"
    elif name == "config.json" and kind < 0.8:
        document = json.loads(members[name])
        if rng.random() < 0.1:
            members[name] = b"[" * 5000 + b"]" * 5000
            how = "json:deep"
        else:
            members[name] = json.dumps(mutate_json(document, rng)[0]).encode()
            how = "json:value"
    elif name.endswith(".npz") and kind < 0.6:
        members[name] = _mutate_inner_npz(members[name], rng)
        how = "npz:member"
    else:
        members[name], how = mutate_bytes(members[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for member, data in members.items():
            z.writestr(member, data)
    return out.getvalue(), how


def _mutate_inner_npz(raw: bytes, rng) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        arrays = {name: z.read(name) for name in z.namelist()}
    name = rng.choice(sorted(arrays))
    if rng.random() < 0.3:
        del arrays[name]
    else:
        arrays[name] = _mutate_npy_headers(arrays[name], rng) if rng.random() < 0.6 else \
            mutate_bytes(arrays[name], rng)[0]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as z:
        for member, data in arrays.items():
            z.writestr(member, data)
    return out.getvalue()


def mutate(folder, rng) -> str:
    """Applies one random mutation to one file of the save in `folder`; returns its kind."""
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(folder) for f in names)
    target = rng.choice(files)
    raw = open(target, "rb").read()
    roll = rng.random()
    if roll < 0.08:
        os.remove(target)
        return "file:delete"
    if target.endswith((".index", ".json")) and roll < 0.6:
        if roll < 0.12:
            new, how = b'{"format": ' + b"[" * 5000 + b"]" * 5000 + b"}", "json:deep"
        else:
            document, how = mutate_json(json.loads(raw), rng)
            new = json.dumps(document).encode()
    elif target.endswith(".keras") and roll < 0.85:
        new, how = mutate_zip(raw, rng)
    else:
        new, how = mutate_bytes(raw, rng)
    with open(target, "wb") as f:
        f.write(new)
    return how


# -- the run -------------------------------------------------------------------------------------
class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


def classify(error, root) -> str:
    if error is None:
        return "loaded"
    if isinstance(error, _Hang):
        return "hang"
    named = str(root) in str(error)
    if isinstance(error, TF_ERRORS):
        return "clean" if named else "unnamed"
    if type(error) in (ValueError, TypeError) and named:
        return "clean (Keras/TF ValueError or TypeError)"
    return "raw"


def test_a_thousand_mutated_saves_fail_cleanly(tmp_path):
    originals = tmp_path / "originals"
    make_originals(str(originals))
    rng = random.Random(2024)
    counts = collections.Counter()
    by_kind = collections.Counter()
    raw = []
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for fmt, use in FORMATS.items():
            for i in range(PER_FORMAT):
                work = tmp_path / f"{fmt}-{i}"
                shutil.copytree(originals / fmt, work)
                how = mutate(str(work), rng)
                error = None
                signal.alarm(10)
                try:
                    use(str(work))
                except Exception as e:  # noqa: BLE001 - the outcome is what we measure
                    error = e
                finally:
                    signal.alarm(0)
                outcome = classify(error, work)
                counts[(fmt, outcome)] += 1
                by_kind[(how, outcome)] += 1
                if outcome in ("raw", "unnamed", "hang"):
                    raw.append(f"{fmt} {how}: {type(error).__name__}: {str(error)[:200]}")
                shutil.rmtree(work, ignore_errors=True)
    finally:
        signal.signal(signal.SIGALRM, previous)
    total = sum(counts.values())
    failed = sum(n for (_, outcome), n in counts.items() if outcome != "loaded")
    clean = sum(n for (_, outcome), n in counts.items() if outcome.startswith("clean"))
    print(f"\n{total} mutated saves: {total - failed} loaded, {failed} failed, of which {clean} "
          f"cleanly ({100 * clean / max(failed, 1):.2f}%)")
    for fmt in FORMATS:
        print(f"  {fmt:12s}", {o: n for (f, o), n in sorted(counts.items()) if f == fmt})
    for (how, outcome), n in sorted(by_kind.items()):
        print(f"  {how:16s} {outcome:42s} {n}")
    assert total >= 1000
    assert not [r for r in raw if " hang" in r or "_Hang" in r], raw
    assert raw == [], raw[:10]
    assert clean >= 0.99 * failed
