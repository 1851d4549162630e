"""Hostile save files: nothing leaves the save's folder, nothing eats the memory, nothing hangs.

Issue 12's rules, each checked on crafted files:
- a `checkpoint` state file or an index naming "../elsewhere" is refused with
  InvalidArgumentError/DataLossError, and nothing is deleted or read there;
- a 4 MB compressed bomb (4 GB of zeros) in a checkpoint, a SavedModel, a
  `.keras` and a `.weights.h5`, and a `.keras` declaring Dense(units=10**9),
  stop with a TF error naming the file while the loading process stays under
  512 MB (measured in a subprocess: peak RSS from getrusage);
- a named pipe where any loader expects a file is refused at once.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import numpy as np
import pytest

import course.engine as tf

# -- path confinement ----------------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path):
    """A checkpoint in another folder that no save elsewhere may touch."""
    folder = tmp_path / "victim"
    tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).write(str(folder / "precious"))
    return folder


def _state(folder, name):
    folder.mkdir(exist_ok=True)
    (folder / "checkpoint").write_text(f'model_checkpoint_path: "{name}"\n'
                                       f'all_model_checkpoint_paths: "{name}"\n')


@pytest.mark.parametrize("name", ["../victim/precious", "{victim}/precious", "link/precious"])
def test_a_state_file_pointing_outside_deletes_nothing(tmp_path, victim, name):
    ckpt_dir = tmp_path / "ckpts"
    ckpt_dir.mkdir()
    (ckpt_dir / "link").symlink_to(victim)        # inside by name, outside once resolved
    _state(ckpt_dir, name.format(victim=victim))
    before = sorted(os.listdir(victim))
    v = tf.Variable(3.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"ckpts/checkpoint names .*outside "
                                                              r"its folder.*nothing was read or deleted"):
        tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(ckpt_dir), max_to_keep=1).save()
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside its folder"):
        tf.train.latest_checkpoint(str(ckpt_dir))
    assert sorted(os.listdir(victim)) == before == ["precious.data-00000-of-00001",
                                                    "precious.index"]
    # Checkpoint.save replaces the state file (as TF does) without following it
    tf.train.Checkpoint(v=v).save(str(ckpt_dir / "ckpt"))
    assert tf.train.latest_checkpoint(str(ckpt_dir)) == str(ckpt_dir / "ckpt-1")
    assert sorted(os.listdir(victim)) == before


def test_an_index_naming_a_file_outside_is_refused(tmp_path, victim):
    tf.train.Checkpoint(v=tf.Variable([0.0, 0.0])).write(str(tmp_path / "mine"))
    index = json.loads((tmp_path / "mine.index").read_text())
    for field, value in (("data_file", "../victim/precious.data-00000-of-00001"),
                         ("pending_data_file", "../victim/precious.data-00000-of-00001")):
        crafted = dict(index, **{field: value})
        (tmp_path / "mine.index").write_text(json.dumps(crafted))
        with pytest.raises(tf.errors.DataLossError, match=r"mine\.index .*bad|mine\.index .*must be"):
            tf.train.Checkpoint(v=tf.Variable([0.0, 0.0])).restore(str(tmp_path / "mine"))


def test_a_saved_model_manifest_naming_a_file_outside_is_refused(tmp_path):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)
    tf.saved_model.save(M(), str(tmp_path / "m"))
    tf.saved_model.save(M(), str(tmp_path / "m"))      # an overwrite: the manifest has "files"
    manifest = json.loads((tmp_path / "m" / "saved_model.json").read_text())
    manifest["files"]["constants"]["pending"] = "../elsewhere.npz.pending-0123456789abcdef"
    (tmp_path / "m" / "saved_model.json").write_text(json.dumps(manifest))
    with pytest.raises(tf.errors.DataLossError, match=r"saved_model\.json: invalid entry for 'constants'"):
        tf.saved_model.load(str(tmp_path / "m"))


# -- bombs: bounded memory, measured in a subprocess ---------------------------------------------
BOMB_BYTES = 4095 << 20        # just under 4 GiB: a plain zip, no zip64 needed


def _deflated_zeros(prefix: bytes, total: int, chunk: int = 1 << 20) -> tuple:
    """(raw deflate stream, CRC-32) of `prefix` + zeros up to `total` bytes, made in
    milliseconds: each full-flushed 1 MB block of zeros compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(prefix + bytes(chunk - len(prefix))) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    crc, zeros = zlib.crc32(prefix + bytes(chunk - len(prefix))), bytes(chunk)
    for _ in range(total // chunk - 1):
        crc = zlib.crc32(zeros, crc)
    return first + block * (total // chunk - 1) + c.flush(), crc


def _npy_header(dtype: str, shape: tuple) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": np.dtype(dtype).str,
                                                  "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _zip(members: list) -> bytes:
    """A zip of (name, stored bytes, method, crc, uncompressed size), written by hand so a
    member can declare 4 GB while holding 4 MB of deflated zeros."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in members:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data),
                              size, len(name), 0) + name.encode() + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                                  crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset)
                      + name.encode())
    count, start = len(members), out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central.getvalue()),
                          start, 0))
    return out.getvalue()


def _bomb_member(name: str, dtype: str, shape: tuple) -> tuple:
    data, crc = _deflated_zeros(_npy_header(dtype, shape), BOMB_BYTES)
    return name, data, zipfile.ZIP_DEFLATED, crc, BOMB_BYTES


def _stored(name: str, data: bytes) -> tuple:
    return name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data)


def _npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


HUGE = (BOMB_BYTES - 128) // 4       # float32 elements the bomb's header declares


def _checkpoint_bomb(folder, promised_shape):
    folder.mkdir()
    data = _zip([_bomb_member("a0.npy", "float32", (HUGE,))])
    (folder / "b.data-00000-of-00001").write_bytes(data)
    (folder / "b.index").write_text(json.dumps({
        "format": "course.engine.checkpoint", "version": 1, "data_file": "b.data-00000-of-00001",
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "variables": {"v/.ATTRIBUTES/VARIABLE_VALUE": {"array": "a0", "dtype": "float32",
                                                       "shape": list(promised_shape)}}}))
    return str(folder / "b")


def _keras_config(units: int) -> bytes:
    return json.dumps({"format": "course.engine.keras/1", "class_name": "Sequential",
                       "compile_config": None, "config": {"name": "bomb", "layers": [
                           {"class_name": "InputLayer", "config": {"batch_shape": [None, 784]}},
                           {"class_name": "Dense", "config": {"units": units, "name": "d"}}]}}).encode()


def _keras_file(path, units, weights_member):
    config = _keras_config(units)
    path.write_bytes(_zip([("config.json", config, zipfile.ZIP_STORED, zlib.crc32(config),
                            len(config)), weights_member]))
    return str(path)


def _small_weights():
    return _stored("weights.npz", _npz_bytes(w0000=np.zeros((784, 2), np.float32),
                                             w0001=np.zeros(2, np.float32)))


BOMBS = {
    "checkpoint data (the index promises 4 GB)": (
        "checkpoint", lambda tmp: _checkpoint_bomb(tmp / "c1", (HUGE,)), "ResourceExhaustedError"),
    "checkpoint data (the index promises 4 values)": (
        "checkpoint", lambda tmp: _checkpoint_bomb(tmp / "c2", (4,)), "DataLossError"),
    ".keras weights.npz of 4 GB for a small model": (
        "keras", lambda tmp: _keras_file(tmp / "bomb.keras", 2, _bomb_member(
            "weights.npz", "uint8", (BOMB_BYTES - 128,))), "DataLossError"),
    ".keras declaring Dense(units=10**9)": (
        "keras", lambda tmp: _keras_file(tmp / "units.keras", 10 ** 9, _small_weights()),
        "ResourceExhaustedError"),
    ".weights.h5 holding a 4 GB compressed array": (
        "weights", lambda tmp: _write(tmp / "bomb.weights.h5", _zip([_bomb_member(
            "w0000.npy", "float32", (784, 2))])), "DataLossError"),
    "SavedModel constants.npz bomb": ("saved_model", lambda tmp: _saved_model_bomb(tmp / "sm"),
                                      "DataLossError"),
}


def _write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _saved_model_bomb(folder):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
        def __call__(self, x):
            return x + tf.constant([1.0, 2.0])
    tf.saved_model.save(M(), str(folder))
    data = _zip([_bomb_member("c0.npy", "float32", (2,))])
    (folder / "constants.npz").write_bytes(data)
    manifest = json.loads((folder / "saved_model.json").read_text())
    manifest["constants_sha256"] = manifest["files"]["constants"]["sha256"] = \
        hashlib.sha256(data).hexdigest()
    (folder / "saved_model.json").write_text(json.dumps(manifest))
    return str(folder)


LOADER = textwrap.dedent('''
    import json, sys, time
    import numpy as np

    def peak_mb():
        # VmHWM: this process's own peak. (ru_maxrss would not do: Linux carries it over
        # exec from the forking parent, here a pytest process that may already be large.)
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    import course.engine as tf
    kind, path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    try:
        if kind == "checkpoint":
            tf.train.Checkpoint(v=tf.Variable(np.zeros(4, np.float32))).restore(path)
        elif kind == "keras":
            tf.keras.models.load_model(path)
        elif kind == "weights":
            model = tf.keras.Sequential([tf.keras.Input(shape=(784,)),
                                         tf.keras.layers.Dense(2, use_bias=False)])
            model.load_weights(path)
        else:
            tf.saved_model.load(path)
        outcome = ["loaded", ""]
    except Exception as e:
        outcome = [type(e).__name__, str(e)]
    print(json.dumps({"error": outcome[0], "message": outcome[1],
                      "seconds": time.perf_counter() - start,
                      "peak_mb": peak_mb()}))
''')


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_stop_cleanly_in_bounded_memory(tmp_path, name):
    kind, make, expected = BOMBS[name]
    path = make(tmp_path)
    assert os.path.getsize(path if os.path.isfile(path) else
                           os.path.join(path, "constants.npz") if kind == "saved_model" else
                           path + ".data-00000-of-00001") < 5 << 20
    result = subprocess.run([sys.executable, "-c", LOADER, kind, path], capture_output=True,
                            text=True, timeout=120, env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"\n{name}: {report['error']} in {report['seconds']:.2f} s, peak RSS "
          f"{report['peak_mb']:.0f} MB: {report['message'][:160]}")
    assert report["error"] == expected, report
    assert os.path.basename(path) in report["message"]
    assert report["peak_mb"] < 512, report


# -- named pipes: refused at once, never waited on ------------------------------------------------
@pytest.fixture
def alarm():
    """Fails the test instead of hanging forever if a loader blocks on a pipe."""
    def timeout(signum, frame):
        raise TimeoutError("a loader blocked on a named pipe")
    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_no_loader_waits_on_a_named_pipe(tmp_path, alarm):
    ckpt = tf.train.Checkpoint(v=tf.Variable([1.0]))
    path = ckpt.save(str(tmp_path / "c" / "ckpt"))

    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            return x * self.v + 1.0
    tf.saved_model.save(M(), str(tmp_path / "sm"))
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
    cases = [(tmp_path / "c" / name, lambda: ckpt.restore(path))
             for name in ("ckpt-1.index", "ckpt-1.data-00000-of-00001")]
    cases += [(tmp_path / "c" / "checkpoint", lambda: tf.train.latest_checkpoint(str(tmp_path / "c"))),
              (tmp_path / "c" / "checkpoint", lambda: tf.train.CheckpointManager(ckpt, str(tmp_path / "c")))]
    cases += [(tmp_path / "sm" / name, lambda: tf.saved_model.load(str(tmp_path / "sm")))
              for name in ("saved_model.json", "constants.npz", "variables/variables.index",
                           "variables/variables.data-00000-of-00001")]
    cases += [(tmp_path / "m.keras", lambda: tf.keras.models.load_model(tmp_path / "m.keras")),
              (tmp_path / "m.weights.h5", lambda: model.load_weights(tmp_path / "m.weights.h5"))]
    for fifo, load in cases:
        saved = fifo.read_bytes() if fifo.is_file() else None
        if saved is not None:
            fifo.unlink()
        os.mkfifo(fifo)
        with pytest.raises(tf.errors.InvalidArgumentError, match="not a regular file") as info:
            load()
        assert "(a named pipe)" in str(info.value) and fifo.name in str(info.value)
        fifo.unlink()
        if saved is not None:
            fifo.write_bytes(saved)
