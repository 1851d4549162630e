"""A checkpoint's files: the index, the data, and the folder's `checkpoint` state file.

Files (TF's names, our own documented contents; never pickle):
- `ckpt-1.index` (the pointer, written last): JSON
  {"format": "course.engine.checkpoint", "version": 1,
   "data_file": "ckpt-1.data-00000-of-00001", "data_sha256": "...",
   "pending_data_file": "ckpt-1.data-00000-of-00001.pending-<hex>" (only when overwriting),
   "variables": {key: {"array": "a0", "dtype": "float32", "shape": [2, 3]},
                 key2: {"array": "a1", "dtype": "string", "shape": [2], "lengths": "l1",
                        "bytes": 5}},   (a tf.string value: its bytes and lengths, string_arrays.py)
   "aliases": {"mapped/one": "listed/0"}}   (other paths to the same object, see tracking.py)
- `ckpt-1.data-00000-of-00001`: a NumPy `.npz` of the arrays a0, a1, ... stored
  uncompressed (read back by reading.py, checked against the index and the checksum);
- `checkpoint`: TF's text state file naming the latest checkpoints of the folder.

Overwriting a prefix writes the new data under a pending name, switches the
index, then renames the data into place (atomic.py); a crash at any instant
leaves the old checkpoint or the new one. Every name read from an index or a
state file must stay inside the checkpoint's folder.

Read next: checkpoint.py (tf.train.Checkpoint and CheckpointManager).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re

import numpy as np

from .. import dtypes
from ..errors import DataLossError, InvalidArgumentError, NotFoundError
from ..graph.shapes import check_sane
from . import string_arrays
from .atomic import (atomic_write, folder_lock, pending_name, publish, refuse_objects,
                     remove_leftovers)
from .reading import (MAX_ARRAY_BYTES, inside, open_regular, read_json, read_npz, read_text,
                      sha256)

__all__ = ["FORMAT", "SUFFIX", "DATA_SUFFIX", "encode_checkpoint", "write_checkpoint",
           "read_checkpoint", "read_state", "write_state", "delete_checkpoint", "tidy_folder",
           "settle", "publish_data"]

FORMAT = "course.engine.checkpoint"
SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
DATA_SUFFIX = ".data-00000-of-00001"
_PENDING_DATA = re.compile(r"^(?P<final>.+)\.pending-[0-9a-f]{16}$")
_DTYPE_NAMES = {d.name for d in dtypes.ALL_AND_STRING}
MAX_ALIASES = 100_000


# -- writing -----------------------------------------------------------------------------------
def encode_checkpoint(variables: dict, aliases: dict) -> tuple:
    """(data bytes, index dict without file names) for {key: Variable} and object aliases."""
    arrays, entries = {}, {}
    for i, (key, var) in enumerate(sorted(variables.items())):
        value = var.numpy()
        # (a rank-0 string reads as `bytes`; np.asarray would make it 'S', dropping end NULs)
        value = np.array(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)
        if value.dtype == object:   # tf.string: as two arrays of numbers (NumPy would pickle)
            arrays[f"a{i}"], arrays[f"l{i}"] = string_arrays.pack(value)
            entries[key] = {"array": f"a{i}", "dtype": "string", "shape": list(value.shape),
                            "lengths": f"l{i}", "bytes": int(arrays[f"a{i}"].size)}
            continue
        arrays[f"a{i}"] = value
        entries[key] = {"array": f"a{i}", "dtype": value.dtype.name, "shape": list(value.shape)}
    refuse_objects(arrays)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)   # uncompressed: sizes on disk are the sizes in memory
    data = buffer.getvalue()
    index = {"format": FORMAT, "version": 1, "data_sha256": hashlib.sha256(data).hexdigest(),
             "variables": entries}
    if aliases:
        index["aliases"] = dict(sorted(aliases.items()))
    return data, index


def write_checkpoint(prefix: str, variables: dict, aliases: dict | None = None) -> str:
    """Writes `prefix.index` and its data; atomic as a whole, also over an existing checkpoint."""
    directory, base = os.path.split(os.path.abspath(prefix))
    data, index = encode_checkpoint(variables, aliases or {})
    data_path = prefix + DATA_SUFFIX
    with folder_lock(directory):
        settle(prefix)
        overwrite = os.path.lexists(prefix + ".index")
        target = pending_name(data_path) if overwrite else data_path
        atomic_write(target, data)
        index["data_file"] = base + DATA_SUFFIX
        if overwrite:
            index["pending_data_file"] = os.path.basename(target)
        atomic_write(prefix + ".index", json.dumps(index, indent=1, sort_keys=True).encode())
        if overwrite:
            publish(target, data_path)
    return prefix


def settle(prefix: str) -> None:
    """Finishes what a killed save of `prefix` left: the pending data file its index names is
    moved into place; temporary and uncommitted pending files of `prefix` are removed."""
    directory, base = os.path.split(os.path.abspath(prefix))
    publish_data(prefix, prefix + ".index")
    own = {base + ".index", base + DATA_SUFFIX}
    remove_leftovers(directory, lambda final: final in own)


def publish_data(prefix: str, index_path: str) -> None:
    """Moves the pending data file that the index at `index_path` names to its final name."""
    pending = _committed_pending(prefix, index_path)
    if pending is not None:
        publish(pending, prefix + DATA_SUFFIX)


def _committed_pending(prefix: str, index_path: str) -> str | None:
    try:
        index = json.loads(read_text(index_path, "checkpoint index"))
    except Exception:  # noqa: BLE001 - no usable index: nothing was committed
        return None
    name = index.get("pending_data_file") if isinstance(index, dict) else None
    base = os.path.basename(prefix)
    if isinstance(name, str) and _pending_ok(name, base):
        path = os.path.join(os.path.dirname(os.path.abspath(prefix)), name)
        return path if os.path.isfile(path) else None
    return None


def _pending_ok(name: str, base: str) -> bool:
    match = _PENDING_DATA.match(name)
    return bool(match) and match.group("final") == base + DATA_SUFFIX


# -- reading -----------------------------------------------------------------------------------
def read_checkpoint(prefix: str, index_path: str | None = None) -> tuple:
    """({key: array}, {alias: path}) from a checkpoint, validated; errors name the file.

    `index_path` reads the index from another name (a SavedModel's pending
    index); data file names are still those of `prefix`.
    """
    index_path = index_path or prefix + ".index"
    if not os.path.lexists(index_path):
        raise NotFoundError(None, None, f"Failed to find any matching files for {prefix} "
                                        f"(no {index_path}).")
    index = read_json(index_path, "checkpoint index")
    bad = _index_problem(index, os.path.basename(prefix))
    if bad:
        raise DataLossError(None, None, f"checkpoint index is invalid: {index_path} ({bad})")
    data_path = data_file(os.path.dirname(os.path.abspath(prefix)), index)
    if not os.path.lexists(data_path):
        raise NotFoundError(None, None, f"checkpoint data file not found: {data_path} (named by "
                                        f"{index_path})")
    if sha256(data_path, "checkpoint data file") != index["data_sha256"]:
        raise DataLossError(None, None, f"checkpoint data file is corrupted or truncated "
                                        f"(checksum mismatch): {data_path}")
    expected = {}
    for e in index["variables"].values():
        if e["dtype"] == "string":
            expected[e["array"]] = (np.dtype(np.uint8), [e["bytes"]])
            expected[e["lengths"]] = (np.dtype(np.int64), e["shape"])
        else:
            expected[e["array"]] = (np.dtype(dtypes.as_dtype(e["dtype"]).as_numpy_dtype),
                                    e["shape"])
    where = f"checkpoint data file {data_path}"
    with open_regular(data_path, "checkpoint data file") as f:
        arrays = read_npz(f, expected, where)
    values = {key: string_arrays.unpack(arrays[e["array"]], arrays[e["lengths"]], where)
              if e["dtype"] == "string" else arrays[e["array"]]
              for key, e in index["variables"].items()}
    return values, index.get("aliases", {})


def data_file(directory: str, index: dict) -> str:
    """The data file an index names: its pending file while that exists, else the final name."""
    pending = index.get("pending_data_file")
    if pending is not None and os.path.lexists(os.path.join(directory, pending)):
        return os.path.join(directory, pending)
    return os.path.join(directory, index["data_file"])


def _index_problem(index, base: str) -> str | None:
    """What is wrong with a parsed index, or None."""
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        return f"not a {FORMAT} index"
    if index.get("version") != 1:
        return f"unsupported version {index.get('version')!r}"
    if index.get("data_file") != base + DATA_SUFFIX:
        return (f"data_file must be {base + DATA_SUFFIX!r} (beside the index), got "
                f"{str(index.get('data_file'))[:80]!r}")
    pending = index.get("pending_data_file")
    if pending is not None and not (isinstance(pending, str) and _pending_ok(pending, base)):
        return f"bad pending_data_file {str(pending)[:80]!r}"
    if not isinstance(index.get("data_sha256"), str):
        return "missing data_sha256"
    variables = index.get("variables")
    if not isinstance(variables, dict):
        return "missing variables"
    arrays = set()
    for key, e in variables.items():
        if not isinstance(e, dict) or not isinstance(e.get("array"), str) or \
                not re.fullmatch(r"a\d{1,9}", e["array"]) or e["array"] in arrays:
            return f"bad entry for {key[:80]!r}"
        arrays.add(e["array"])
        if not isinstance(e.get("dtype"), str) or e["dtype"] not in _DTYPE_NAMES:
            return f"unknown dtype {str(e.get('dtype'))[:40]!r} for {key[:80]!r}"
        if e["dtype"] == "string":
            if not (isinstance(e.get("lengths"), str) and re.fullmatch(r"l\d{1,9}", e["lengths"])
                    and e["lengths"] not in arrays and type(e.get("bytes")) is int
                    and 0 <= e["bytes"] <= MAX_ARRAY_BYTES):
                return f"bad string entry for {key[:80]!r} (lengths, bytes)"
            arrays.add(e["lengths"])
        shape = e.get("shape")
        if not isinstance(shape, list) or not all(type(d) is int for d in shape) or len(shape) > 32:
            return f"bad shape {str(shape)[:80]!r} for {key[:80]!r}"
        try:
            check_sane(tuple(shape), key[:80])
        except ValueError as err:
            return str(err)
    aliases = index.get("aliases", {})
    if not isinstance(aliases, dict) or len(aliases) > MAX_ALIASES or not all(
            isinstance(k, str) and isinstance(v, str) and k and v for k, v in aliases.items()):
        return "bad aliases"
    return None


# -- the `checkpoint` state file (TF's text format) ------------------------------------------
_STATE_LINE = re.compile(r'^(model_checkpoint_path|all_model_checkpoint_paths|'
                         r'all_model_checkpoint_timestamps|last_preserved_timestamp):\s*(.*)$')
STATE_LIMIT = 1 << 20


def read_state(directory: str, latest_filename: str | None = None) -> tuple:
    """(latest, [listed paths, oldest first]) from `directory/checkpoint`; (None, []) if absent.

    Every path must resolve inside `directory`: a state file naming
    "../elsewhere/ckpt" is refused (InvalidArgumentError), never followed.
    """
    path = os.path.join(directory, latest_filename or "checkpoint")
    if not os.path.lexists(path):
        return None, []
    latest, listed = None, []
    for line in read_text(path, "checkpoint state file", STATE_LIMIT).splitlines():
        match = _STATE_LINE.match(line.strip())
        if not match:
            if line.strip():
                raise DataLossError(None, None, f"checkpoint state file is corrupted: {path} "
                                                f"(unexpected line {line.strip()[:60]!r})")
            continue
        if match.group(1) not in ("model_checkpoint_path", "all_model_checkpoint_paths"):
            continue   # TF's timestamps: not used here
        value = _state_string(match.group(2), path)
        if not value or not inside(directory, value):
            raise InvalidArgumentError(
                None, None, f"checkpoint state file {path} names {value!r}, which is outside its "
                            f"folder {directory}; refusing to use it (nothing was read or "
                            "deleted). Fix or delete that file.")
        value = value if os.path.isabs(value) else os.path.join(directory, value)
        if match.group(1) == "model_checkpoint_path":
            latest = value
        elif value not in listed:
            listed.append(value)
    if latest is not None and latest not in listed:
        listed.append(latest)
    return latest, listed


def _state_string(text: str, path: str) -> str:
    value = None
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
    if not isinstance(value, str) or "\0" in value:
        raise DataLossError(None, None, f"checkpoint state file is corrupted: {path} (bad path "
                                        f"{text[:60]!r})")
    return value


def write_state(directory: str, latest: str, paths: list) -> None:
    """Writes TF's state file: relative names for checkpoints inside `directory`."""
    def rel(p):
        inside_dir = os.path.dirname(os.path.abspath(p)) == os.path.abspath(directory)
        return json.dumps(os.path.basename(p) if inside_dir else p)
    lines = [f"model_checkpoint_path: {rel(latest)}"]
    lines += [f"all_model_checkpoint_paths: {rel(p)}" for p in paths]
    atomic_write(os.path.join(directory, "checkpoint"), ("\n".join(lines) + "\n").encode())


def delete_checkpoint(directory: str, prefix: str) -> None:
    """Removes a checkpoint's files, only if they lie inside `directory`.

    (`prefix` is a path as the manager keeps it: relative to the working
    folder, like `directory`, or absolute.)
    """
    if not inside(directory, os.path.abspath(prefix)):
        raise InvalidArgumentError(None, None, f"refusing to delete {prefix}: outside {directory}")
    folder, base = os.path.split(os.path.abspath(prefix))
    for path in (prefix + ".index", prefix + DATA_SUFFIX):
        if os.path.lexists(path):
            os.remove(path)
    own = {base + ".index", base + DATA_SUFFIX}
    remove_leftovers(folder, lambda final: final in own)


def tidy_folder(directory: str, name: str) -> None:
    """Cleans what killed saves of `name-N` checkpoints left in `directory`: committed pending
    files are moved into place; temporary files, uncommitted pending files and data files
    without an index (a save killed before its index) are removed."""
    ours = re.compile(re.escape(name) + r"-\d+(\.index|" + re.escape(DATA_SUFFIX) + r")")
    for entry in _list(directory):
        if not ours.fullmatch(entry):
            continue
        stem = entry[:-len(DATA_SUFFIX)] if entry.endswith(DATA_SUFFIX) else entry[:-len(".index")]
        prefix = os.path.join(directory, stem)
        if entry.endswith(".index"):
            settle(prefix)
        elif not os.path.lexists(prefix + ".index"):
            os.remove(os.path.join(directory, entry))
    remove_leftovers(directory, lambda final: bool(ours.fullmatch(final)) or final == "checkpoint")


def _list(directory: str) -> list:
    try:
        return sorted(os.listdir(directory))
    except OSError:
        return []
