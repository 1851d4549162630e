"""A layer's own files in a saved model: Keras 3's `save_assets` / `load_assets` hooks.

    class LayerWithCustomAssets(tf.keras.layers.Dense):
        def save_assets(self, inner_path):          # at model.save: write files there
            with open(os.path.join(inner_path, "vocabulary.txt"), "w") as f:
                f.write(self.vocab)

        def load_assets(self, inner_path):          # at load_model: read them back
            ...

`model.save` gives each layer that defines `save_assets` a fresh folder and stores
what it wrote in the .keras archive under "assets/<layer name>/"; `load_model` gives
each layer that defines `load_assets` a fresh folder holding its files again. The files
are data for your layer's own code: the engine never runs anything in them, checks
their names (no absolute paths, no "..") and bounds their sizes before writing them.
"""
from __future__ import annotations

import os
import tempfile

from ..errors import DataLossError
from ..saving import reading

__all__ = ["asset_members", "restore_assets"]

MAX_ASSET_BYTES = 256 << 20  # all the assets of one model (a vocabulary is a few MB)


def asset_members(model) -> dict:
    """{archive member name: bytes} of the files each layer's `save_assets` writes."""
    members = {}
    for layer in model.layers:
        if not hasattr(layer, "save_assets"):
            continue
        with tempfile.TemporaryDirectory() as folder:
            layer.save_assets(folder)
            for root, _, files in os.walk(folder):
                for name in sorted(files):
                    path = os.path.join(root, name)
                    relative = os.path.relpath(path, folder).replace(os.sep, "/")
                    with open(path, "rb") as f:
                        members[f"assets/{layer.name}/{relative}"] = f.read()
    return members


def restore_assets(model, archive, where: str) -> None:
    """Calls `load_assets(folder)` of each layer that defines it, with its saved files."""
    budget = MAX_ASSET_BYTES
    for layer in model.layers:
        if not hasattr(layer, "load_assets"):
            continue
        prefix = f"assets/{layer.name}/"
        with tempfile.TemporaryDirectory() as folder:
            for member in archive.namelist():
                if not member.startswith(prefix) or member.endswith("/"):
                    continue
                parts = member[len(prefix):].split("/")
                if any(part in ("", ".", "..") or "\\" in part for part in parts):
                    raise DataLossError(None, None, f"{where}: asset {member!r} is not a plain "
                                                    "relative file name")
                data = reading.read_member(archive, member, where, budget)
                budget -= len(data)
                target = os.path.join(folder, *parts)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
            layer.load_assets(folder)
