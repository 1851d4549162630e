"""TF1's signatures: which graph tensors a SavedModel's caller feeds and fetches, by key.

    >>> with tf.Graph().as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32, shape=[])
    ...     sig = tf.compat.v1.saved_model.predict_signature_def(
    ...         inputs={"input": x}, outputs={"output": x + 2})
    >>> sig.inputs["input"].name, sig.outputs["output"].name
    ('Placeholder:0', 'add:0')
    >>> sig.method_name
    'tensorflow/serving/predict'

`TensorInfo` and `SignatureDef` hold what TF's protocol buffers of those names
hold for a dense tensor, and print as TF prints them (protobuf's text format).
In a file they are plain JSON (`to_json` / `from_json`, checked when read).

Read next: tf1_saved_model.py (Builder and the loaders that use them).
"""
from __future__ import annotations

from .. import deprecation, dtypes
from ..errors import DataLossError
from ..graph import SymbolicTensor

__all__ = ["TensorInfo", "SignatureDef", "build_tensor_info", "build_signature_def",
           "predict_signature_def", "PREDICT_METHOD_NAME"]

PREDICT_METHOD_NAME = "tensorflow/serving/predict"
# TF's deprecation notice of its TF1-only SavedModel functions
V1_NOTE = ("This API was designed for TensorFlow v1. See https://www.tensorflow.org/guide/migrate "
           "for instructions on how to migrate your code to TensorFlow v2.")
_DTYPES = {d.name: d for d in dtypes.ALL}


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


class TensorInfo:
    """A graph tensor by name, with its dtype and shape (TF's TensorInfo proto)."""

    def __init__(self, name: str, dtype: dtypes.DType, shape):
        self.name = name
        self.dtype = dtype
        self.shape = None if shape is None else [None if d is None else int(d) for d in shape]

    def __str__(self) -> str:
        if self.shape is None:
            dims = "  unknown_rank: true\n"
        else:
            dims = "".join(f"  dim {{\n    size: {-1 if d is None else d}\n  }}\n"
                           for d in self.shape)
        return (f'name: "{self.name}"\ndtype: {dtypes.enum_name(self.dtype)}\n'
                f'tensor_shape {{\n{dims}}}\n')

    __repr__ = __str__

    def to_json(self) -> dict:
        return {"name": self.name, "dtype": self.dtype.name, "shape": self.shape}

    @classmethod
    def from_json(cls, entry, where: str) -> "TensorInfo":
        shape = entry.get("shape") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or \
                not isinstance(entry.get("dtype"), str) or entry["dtype"] not in _DTYPES or \
                not (shape is None or (
                    isinstance(shape, list) and len(shape) <= 64 and
                    all(d is None or type(d) is int and d >= 0 for d in shape))):
            raise DataLossError(None, None, f"{where}: invalid tensor info {str(entry)[:80]}")
        return cls(entry["name"], _DTYPES[entry["dtype"]], shape)


class SignatureDef:
    """Named inputs and outputs (TensorInfos) and a method name (TF's SignatureDef proto)."""

    def __init__(self, inputs: dict, outputs: dict, method_name: str = ""):
        self.inputs = dict(inputs)
        self.outputs = dict(outputs)
        self.method_name = method_name

    def __str__(self) -> str:
        parts = []
        for field in ("inputs", "outputs"):   # (map entries print in the order they were given)
            for key, info in getattr(self, field).items():
                parts.append(f'{field} {{\n  key: "{key}"\n  value {{\n'
                             f'{_indent(str(info), 4)}  }}\n}}\n')
        if self.method_name:
            parts.append(f'method_name: "{self.method_name}"\n')
        return "".join(parts)

    __repr__ = __str__

    def to_json(self) -> dict:
        return {"inputs": {k: v.to_json() for k, v in self.inputs.items()},
                "outputs": {k: v.to_json() for k, v in self.outputs.items()},
                "method_name": self.method_name}

    @classmethod
    def from_json(cls, entry, where: str) -> "SignatureDef":
        if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), dict) or \
                not isinstance(entry.get("outputs"), dict) or \
                not isinstance(entry.get("method_name", ""), str):
            raise DataLossError(None, None, f"{where}: invalid signature {str(entry)[:80]}")
        return cls({str(k): TensorInfo.from_json(v, where) for k, v in entry["inputs"].items()},
                   {str(k): TensorInfo.from_json(v, where) for k, v in entry["outputs"].items()},
                   entry.get("method_name", ""))


def build_tensor_info(tensor) -> TensorInfo:
    """The TensorInfo of a graph tensor. Mirrors `tf.compat.v1.saved_model.build_tensor_info`."""
    if not isinstance(tensor, SymbolicTensor):
        raise RuntimeError("`build_tensor_info` is not supported in eager execution.")
    deprecation.log_once("build_tensor_info (from tensorflow.python.saved_model.utils_impl)",
                         V1_NOTE, depth=1)
    shape = tensor.shape
    return TensorInfo(tensor.name, tensor.dtype, None if shape.rank is None else shape.as_list())


def build_signature_def(inputs=None, outputs=None, method_name=None, defaults=None
                        ) -> SignatureDef:
    """A SignatureDef from {key: TensorInfo} maps. Mirrors
    `tf.compat.v1.saved_model.build_signature_def`."""
    return SignatureDef(inputs or {}, outputs or {}, method_name or "")


def predict_signature_def(inputs: dict, outputs: dict) -> SignatureDef:
    """A prediction signature from {key: graph tensor} maps. Mirrors
    `tf.compat.v1.saved_model.predict_signature_def`."""
    if not inputs:
        raise ValueError("Prediction `inputs` cannot be None or empty.")
    if not outputs:
        raise ValueError("Prediction `outputs` cannot be None or empty.")
    return build_signature_def({k: build_tensor_info(t) for k, t in inputs.items()},
                               {k: build_tensor_info(t) for k, t in outputs.items()},
                               PREDICT_METHOD_NAME)
