"""Loading save files in bounded memory, and what the earlier hostile-file tests leave out.

tests/test_saving_hostile.py has the bombs, the paths leaving the folder and the named
pipes; tests/test_saving_fuzz*.py mutate saves at random; tests/test_saving_kills.py and
test_saving_files.py kill and fail saves. Here: the memory a good file of real size takes
to load, and hostile inputs none of those build.
"""
from __future__ import annotations

import os
import stat
import tracemalloc

import numpy as np
import pytest

import course.engine as tf


def test_an_array_is_read_into_its_own_buffer_without_extra_copies(tmp_path):
    """A 32 MB variable read back by tf.train.load_checkpoint (and by every loader through
    reading.py) peaks at its own size plus a megabyte or two: read a chunk at a time, not
    through zipfile temporaries of the whole array (three times its size before)."""
    value = np.arange(8 << 20, dtype=np.float32).reshape(4096, 2048)
    prefix = tf.train.Checkpoint(v=tf.Variable(value)).write(str(tmp_path / "big"))
    tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "small"))
    tf.train.load_checkpoint(str(tmp_path / "small"))  # (first use: imports, caches)
    tracemalloc.start()
    try:
        reader = tf.train.load_checkpoint(prefix)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(reader.get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE"), value)
    assert peak < value.nbytes + (4 << 20), f"peak {peak / 2**20:.1f} MB for a 32 MB array"


def _small_saves(root):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable([1.0, 2.0])

        @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
        def __call__(self, x):
            return x * self.v
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2)])
    model.save(str(root / "m.keras"))
    model.save_weights(str(root / "m.weights.h5"))
    tf.saved_model.save(M(), str(root / "sm"))
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(root / "c"),
                                         max_to_keep=2)
    manager.save()
    return {
        "checkpoint": lambda: tf.train.Checkpoint(v=tf.Variable(0.0)).restore(
            tf.train.latest_checkpoint(str(root / "c"))),
        "SavedModel": lambda: tf.saved_model.load(str(root / "sm")),
        ".keras": lambda: tf.keras.models.load_model(str(root / "m.keras")),
        ".weights.h5": lambda: model.load_weights(str(root / "m.weights.h5")),
    }


def test_small_saves_load_in_small_memory(tmp_path):
    """Loading a save of a few kilobytes peaks under 8 MB (after a first load has done its
    imports): the text files (index, manifest, config, state file) are read at their own
    size, not into a buffer of the 64 MB they may at most have (read(n) sets n bytes aside)."""
    for name, load in _small_saves(tmp_path).items():
        load()
        tracemalloc.start()
        try:
            load()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 << 20, f"{name}: peak {peak / 2**20:.1f} MB"


# -- writers: a save that fails part-way leaves the previous one whole ----------------------------
class _Module(tf.Module):
    def __init__(self, g: float):
        super().__init__()
        self.v = tf.Variable(np.full(3, g, np.float32))
        self.c = tf.constant(g)     # a SavedModel constant: the graph changes with g

    @tf.function(input_signature=[])
    def __call__(self):
        return self.v + self.c


def _keras(g: float):
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(3)])
    model.set_weights([np.full((2, 3), g, np.float32), np.full(3, g, np.float32)])
    return model


def _saver_save(root, g):
    v = tf.Variable(np.full(3, g, np.float32), name="v")
    tf.compat.v1.train.Saver([v]).save(None, str(root / "saver" / "s"))


def _saver_load(root):
    v = tf.Variable(np.zeros(3, np.float32), name="v")
    tf.compat.v1.train.Saver([v]).restore(None, str(root / "saver" / "s"))
    return v.numpy()


def _records(root, g):
    with tf.io.TFRecordWriter(str(root / "r.tfrecord")) as writer:
        for _ in range(3):
            writer.write(np.full(3, g, np.float32).tobytes())


def _gfile(root, g):
    with tf.io.gfile.GFile(str(root / "g.bin"), "wb") as f:
        f.write(np.full(3, g, np.float32).tobytes())


# name: (save(root, g), load(root) -> the values, all equal to the g of one save)
WRITERS = {
    "Checkpoint.write, same prefix": (
        lambda root, g: tf.train.Checkpoint(v=tf.Variable(np.full(3, g, np.float32))).write(
            str(root / "ckpt" / "c")),
        lambda root: tf.train.load_checkpoint(str(root / "ckpt" / "c")).get_tensor(
            "v/.ATTRIBUTES/VARIABLE_VALUE")),
    "CheckpointManager.save": (
        lambda root, g: tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(
            np.full(3, g, np.float32))), str(root / "managed"), max_to_keep=1).save(),
        lambda root: tf.train.load_checkpoint(str(root / "managed")).get_tensor(
            "v/.ATTRIBUTES/VARIABLE_VALUE")),
    "compat.v1 Saver.save, same path": (_saver_save, _saver_load),
    "tf.saved_model.save over a SavedModel": (
        lambda root, g: tf.saved_model.save(_Module(g), str(root / "sm")),
        lambda root: np.concatenate([tf.saved_model.load(str(root / "sm"))().numpy() / 2,
                                     tf.saved_model.load(str(root / "sm")).v.numpy()])),
    "model.save .keras": (
        lambda root, g: _keras(g).save(str(root / "m.keras")),
        lambda root: np.concatenate([w.ravel() for w in tf.keras.models.load_model(
            str(root / "m.keras")).get_weights()])),
    "model.save_weights .weights.h5": (
        lambda root, g: _keras(g).save_weights(str(root / "m.weights.h5")),
        lambda root: np.concatenate([w.ravel() for w in _loaded_weights(root)])),
    "TFRecordWriter": (_records, lambda root: np.concatenate([np.zeros(0, np.float32)] + [
        np.frombuffer(r, np.float32) for r in tf.data.TFRecordDataset(
            str(root / "r.tfrecord")).as_numpy_iterator()])),
    "tf.io.write_file": (
        lambda root, g: tf.io.write_file(str(root / "w.bin"), np.full(3, g, np.float32).tobytes()),
        lambda root: np.frombuffer(tf.io.read_file(str(root / "w.bin")).numpy(), np.float32)),
    "tf.io.gfile.GFile": (_gfile, lambda root: np.frombuffer(
        tf.io.gfile.GFile(str(root / "g.bin"), "rb").read(), np.float32)),
}


# Their `checkpoint` state file is written after the checkpoint itself is complete: when it
# fails, the new checkpoint is there, whole (TF's order too).
STATE_FILE_LAST = {"CheckpointManager.save", "compat.v1 Saver.save, same path"}


def _loaded_weights(root):
    model = _keras(0.0)
    model.load_weights(str(root / "m.weights.h5"))
    return model.get_weights()


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_save_failing_at_any_file_leaves_the_previous_save_whole(tmp_path, monkeypatch, name):
    """Each file of a save is flushed (fsync) before it is renamed into place: failing the
    k-th flush of a save (disk full, I/O error), for every k, must raise, leave the previous
    save loadable with its own values (never a mix), and a next save must succeed and leave
    no temporary or pending file behind."""
    from course.engine.saving.atomic import PENDING, TEMP
    save, load = WRITERS[name]
    save(tmp_path, 1.0)
    real_fsync, failed_at = os.fsync, []
    for k in range(1, 20):
        calls = [0]

        def fsync(fd, k=k, calls=calls):
            if stat.S_ISREG(os.fstat(fd).st_mode):   # (a folder's fsync may fail harmlessly)
                calls[0] += 1
                if calls[0] == k:
                    raise OSError(5, "Input/output error (simulated)")
            real_fsync(fd)
        monkeypatch.setattr(os, "fsync", fsync)
        try:
            save(tmp_path, 2.0)
        except OSError as e:
            assert "simulated" in str(e)
            failed_at.append(k)
        finally:
            monkeypatch.setattr(os, "fsync", real_fsync)
        generations = set(np.asarray(load(tmp_path)).ravel().tolist())
        if not failed_at or failed_at[-1] != k:
            assert generations == {2.0}, k
            break      # the save had fewer than k files: it succeeded
        if name == "TFRecordWriter" and k > 1:   # (TF: the file is emptied when the writer opens)
            assert generations == set(), k
        elif name in STATE_FILE_LAST:  # the state file failed: the old save or the new, whole
            assert generations in ({1.0}, {2.0}), (k, generations)
        else:
            assert generations == {1.0}, (k, generations)
        save(tmp_path, 1.0)
    assert failed_at, "no file of the save was flushed"
    save(tmp_path, 3.0)
    np.testing.assert_array_equal(np.asarray(load(tmp_path)), 3.0)
    left = [os.path.join(d, n) for d, _, names in os.walk(tmp_path) for n in names
            if TEMP.match(n) or PENDING.match(n)]
    assert left == []


# -- a SavedModel's functions: they run only when called, and never write files ---------------------
class _Printer(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
    def __call__(self, x):
        tf.print("called with", x)             # to stderr
        return x + 1.0


def test_loading_a_saved_model_runs_none_of_its_ops(tmp_path, capfd):
    """Loading rebuilds the functions' graphs and runs none of their ops: a tf.print inside
    prints at the call, not at the load."""
    tf.saved_model.save(_Printer(), str(tmp_path / "sm"))
    capfd.readouterr()
    loaded = tf.saved_model.load(str(tmp_path / "sm"))
    assert capfd.readouterr().err == ""
    assert float(loaded(tf.constant(2.0))) == 3.0
    assert capfd.readouterr().err == "called with 2\n"


def test_a_saved_model_function_that_writes_files_is_refused(tmp_path):
    """A loaded function that writes files could change any file its user can write (text
    appended to ~/.bashrc runs at the next login), so functions that write files (tf.print
    to "file://...", tf.io.write_file) are refused when saved, and when a saved_model.json
    edited by hand holds one: InvalidArgumentError naming the node; nothing is written.
    (TF's SavedModels may hold them: a deliberate difference, in docs/engine-api.md.)"""
    victim = tmp_path / "bashrc"
    victim.write_text("# mine\n")

    class ToFile(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            tf.print("echo pwned", x, output_stream=f"file://{victim}")
            return x

    class WritesFile(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):   # (a path from StringFormat's template: no string constant)
            tf.io.write_file(tf.strings.format(f"{victim}{{}}", [x]), tf.strings.as_string(x))
            return x
    for module, what in ((ToFile(), "tf.print to 'file://"), (WritesFile(), "tf.io.write_file")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=f"writes a file \\({what}.*"
                                                                 "refusing to save it"):
            tf.saved_model.save(module, str(tmp_path / "refused"))
        assert not (tmp_path / "refused" / "saved_model.json").exists()
    tf.saved_model.save(_Printer(), str(tmp_path / "sm"))
    manifest = tmp_path / "sm" / "saved_model.json"
    text = manifest.read_text()
    assert text.count('"stream": "stderr"') == 1
    manifest.write_text(text.replace('"stream": "stderr"', f'"stream": "file://{victim}"'))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"saved_model\.json: function "
                                                             r"'__call__', node .*PrintV2.*writes "
                                                             r"a file .*refusing to load it"):
        tf.saved_model.load(str(tmp_path / "sm"))
    assert victim.read_text() == "# mine\n"


# -- hostile values in a checkpoint index and a .keras config -----------------------------------
INDEX_VALUES = {  # field of the variable's entry: hostile value (JSON text)
    "shape NaN": ("shape", "[NaN, 3]"), "shape Infinity": ("shape", "[Infinity]"),
    "negative dims": ("shape", "[-1, -6]"), "bool dim": ("shape", "[true, 6]"),
    "float dims": ("shape", "[2.0, 3.0]"), "10**20 elements": ("shape", "[100000000000000000000, 0]"),
    "10**12 elements times 0": ("shape", "[0, 1000000000000]"),
    "100,000 dims": ("shape", "[" + ", ".join(["1"] * 100_000) + "]"),
    "dtype string": ("dtype", '"string"'), "dtype object": ("dtype", '"object"'),
    "dtype resource": ("dtype", '"resource"'), "dtype as a list": ("dtype", '["float32"]'),
    "array ../a0": ("array", '"../a0"'), "array /etc/passwd": ("array", '"/etc/passwd"'),
    "array as a number": ("array", "5"),
}


@pytest.mark.parametrize("name", list(INDEX_VALUES))
def test_hostile_values_in_a_checkpoint_index_are_data_loss(tmp_path, name):
    """Whatever a variable's entry in the index declares (absurd shapes, dtypes that would
    need pickle or mean nothing on disk, array names that leave the archive), restoring and
    tf.train.load_checkpoint stop with DataLossError naming the index, before any array of
    the declared size is made."""
    import json
    prefix = tf.train.Checkpoint(v=tf.Variable(np.zeros((2, 3), np.float32))).write(
        str(tmp_path / "c"))
    field, value = INDEX_VALUES[name]
    document = json.loads((tmp_path / "c.index").read_text())
    document["variables"]["v/.ATTRIBUTES/VARIABLE_VALUE"][field] = "@@"
    (tmp_path / "c.index").write_text(json.dumps(document).replace('"@@"', value))
    for load in (lambda: tf.train.Checkpoint(v=tf.Variable(np.zeros((2, 3), np.float32))).restore(
                     prefix),
                 lambda: tf.train.load_checkpoint(prefix)):
        with pytest.raises(tf.errors.DataLossError, match=r"c\.index"):
            load()


KERAS_LAYERS = {  # hostile layers after Input(shape=(8,)): the error class
    "Embedding(10**9, 1000)": ([{"class_name": "Embedding", "config": {
        "input_dim": 10**9, "output_dim": 1000}}], "ResourceExhaustedError"),
    "Conv2D of 10**5 filters 1000x1000": ([
        {"class_name": "Reshape", "config": {"target_shape": [2, 2, 2]}},
        {"class_name": "Conv2D", "config": {"filters": 100000, "kernel_size": [1000, 1000]}}],
        "ResourceExhaustedError"),
    "LSTM(10**5)": ([{"class_name": "Reshape", "config": {"target_shape": [2, 4]}},
                     {"class_name": "LSTM", "config": {"units": 100000}}], "ResourceExhaustedError"),
    "Reshape to 10**12 rows": ([{"class_name": "Reshape", "config": {
        "target_shape": [10**12, 8]}}], "InvalidArgumentError"),
    "Dense(units='abc')": ([{"class_name": "Dense", "config": {"units": "abc"}}],
                           "InvalidArgumentError"),
    "activation 'os.system'": ([{"class_name": "Dense", "config": {
        "units": 4, "activation": "os.system"}}], "InvalidArgumentError"),
    "Lambda with source text": ([{"class_name": "Lambda", "config": {
        "function": "lambda x: __import__('os').system('touch pwned')"}}], "InvalidArgumentError"),
    "unknown keyword __class__": ([{"class_name": "Dense", "config": {
        "units": 4, "__class__": "x"}}], "InvalidArgumentError"),
}


@pytest.mark.parametrize("name", list(KERAS_LAYERS))
def test_hostile_layers_in_a_keras_config_stop_cleanly(tmp_path, monkeypatch, name):
    """A `.keras` config.json may declare layers whose weights would take terabytes, shapes
    that cannot be, or functions as text: load_model stops with a TF error naming the file
    (ResourceExhaustedError before any weight is made; InvalidArgumentError for a model
    that cannot be built), and never runs text from the file as code."""
    import io
    import json
    import zipfile
    monkeypatch.chdir(tmp_path)
    model = tf.keras.Sequential([tf.keras.Input(shape=(8,)), tf.keras.layers.Dense(4)])
    model.save(str(tmp_path / "good.keras"))
    with zipfile.ZipFile(tmp_path / "good.keras") as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("weights.npz")
    layers, expected = KERAS_LAYERS[name]
    config["config"]["layers"] = config["config"]["layers"][:1] + layers
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("config.json", json.dumps(config))
        out.writestr("weights.npz", weights)
    (tmp_path / "bad.keras").write_bytes(buffer.getvalue())
    tracemalloc.start()
    try:
        with pytest.raises(getattr(tf.errors, expected), match=r"bad\.keras"):
            tf.keras.models.load_model(str(tmp_path / "bad.keras"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"peak {peak / 2**20:.1f} MB"
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("batch", ['"x"', "-3", "2.5", "true", "[1]"])
def test_a_hostile_batch_size_in_a_keras_config_stops_cleanly(tmp_path, batch):
    """A Sequential's InputLayer keeps its batch size in config.json (Keras 3); anything but
    None or a non-negative integer there is refused with a TF error naming the file."""
    import io
    import json
    import zipfile
    model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
    model(np.ones((2, 8), np.float32))  # (built by a batch of 2: batch_shape [2, 8])
    model.save(str(tmp_path / "good.keras"))
    with zipfile.ZipFile(tmp_path / "good.keras") as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("weights.npz")
    assert config["config"]["layers"][0]["config"]["batch_shape"] == [2, 8]
    text = json.dumps(config).replace('"batch_shape": [2, 8]', f'"batch_shape": [{batch}, 8]')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("config.json", text)
        out.writestr("weights.npz", weights)
    (tmp_path / "bad.keras").write_bytes(buffer.getvalue())
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"bad\.keras"):
        tf.keras.models.load_model(str(tmp_path / "bad.keras"))


# -- two programs saving to the same place at once ----------------------------------------------
_WRITER = """
import sys
import numpy as np
import course.engine as tf
kind, path, base = sys.argv[1], sys.argv[2], float(sys.argv[3])
v = tf.Variable(np.zeros(20000, np.float32))
module = tf.Module()
module.v = v
for i in range(12):
    v.assign(np.full(20000, base + i, np.float32))
    if kind == "checkpoint":
        tf.train.Checkpoint(v=v).write(path)
    else:
        tf.saved_model.save(module, path)
"""


@pytest.mark.slow      # (two Python processes: 10-40 s on a busy machine)
@pytest.mark.parametrize("kind", ["checkpoint", "SavedModel"])
def test_two_programs_saving_to_one_place_at_once_never_mix(tmp_path, kind):
    """Two processes overwrite one checkpoint prefix (or one SavedModel folder) 12 times each
    while this one loads it again and again: both finish without error (the folder lock
    keeps each from removing the other's files), every load that succeeds holds the values
    of one save (never a mix), a load that fails says so with a TF error (a save replaced
    the files under it), and the end state is one writer's last save, with no temporary
    or pending file left."""
    import subprocess
    import sys
    path = str(tmp_path / ("c" if kind == "checkpoint" else "sm"))
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, kind, path, str(base)],
                                env=dict(os.environ, PYTHONPATH=os.getcwd()),
                                stderr=subprocess.PIPE, text=True) for base in (1000, 2000)]

    def load():
        if kind == "checkpoint":
            return tf.train.load_checkpoint(path).get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE")
        return tf.saved_model.load(path).v.numpy()
    loads = 0
    while any(w.poll() is None for w in writers):
        try:
            values = load()
        except (tf.errors.NotFoundError, tf.errors.DataLossError):
            continue
        assert len(set(values.tolist())) == 1, f"a mix of saves: {sorted(set(values.tolist()))}"
        loads += 1
    assert [w.wait() for w in writers] == [0, 0], [w.stderr.read()[-2000:] for w in writers]
    assert loads > 0
    assert set(load().tolist()) in ({1011.0}, {2011.0})
    from course.engine.saving.atomic import PENDING, TEMP
    assert [n for _, _, names in os.walk(tmp_path) for n in names
            if TEMP.match(n) or PENDING.match(n)] == []
