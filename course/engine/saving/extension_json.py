"""An ExtensionType's spec in a SavedModel's manifest, and back.

A tf.function that takes or returns a `tf.experimental.ExtensionType` is saved
with the value's spec: the class's registered name (TF asks for a `__name__`
in the class body: `__name__ = "my_project.MaskedTensor"`) and each field's
spec. Loading finds the class by that name, so it must be defined (imported)
before `tf.saved_model.load`; the value's tensors are the function's graph
inputs and outputs, as for a tf.function (extension_type.py).

    >>> spec_to_json(MaskedTensor.Spec(values=tf.TensorSpec([2]), mask=tf.TensorSpec([2], tf.bool)))
    {'type': 'my_project.MaskedTensor', 'fields': [['values', {'tensor': [[2], 'float32']}], ...]}
"""
from __future__ import annotations

from .. import dtypes
from ..errors import DataLossError
from ..extension_type import REGISTERED, ExtensionTypeSpec, registered_name
from ..function import TensorSpec
from ..tensor import TensorShape
from .graph_json import decode_attr, encode_attr

__all__ = ["spec_to_json", "spec_from_json"]


def spec_to_json(spec: ExtensionTypeSpec) -> dict:
    """The spec as plain JSON; NotImplementedError for a field this engine cannot save."""
    return {"type": registered_name(spec.value_type),
            "fields": [[name, _field_to_json(value, name)] for name, value in
                       spec._fields.items()]}


def _field_to_json(value, name: str):
    if isinstance(value, TensorSpec):
        return {"tensor": [None if value.shape.rank is None else value.shape.as_list(),
                           value.dtype.name]}
    if isinstance(value, TensorShape):
        return {"shape": None if value.rank is None else value.as_list()}
    if isinstance(value, dtypes.DType):
        return {"dtype": value.name}
    if isinstance(value, ExtensionTypeSpec):
        return {"extension": spec_to_json(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": encode_attr(value)}
    raise NotImplementedError(f"saving an ExtensionType whose field {name!r} holds "
                              f"{type(value).__name__} is not part of this engine: fields of "
                              "tensors, shapes, dtypes, Python numbers and strings, and other "
                              "ExtensionTypes are")


def spec_from_json(data, where: str) -> ExtensionTypeSpec:
    """The spec again, of the class registered under the saved name; DataLossError if the
    manifest is damaged, ValueError if no such class is defined in this process."""
    if not (isinstance(data, dict) and isinstance(data.get("type"), str) and
            isinstance(data.get("fields"), list)):
        raise DataLossError(None, None, f"{where}: invalid ExtensionType spec {str(data)[:80]}")
    cls = REGISTERED.get(data["type"])
    if cls is None:
        raise ValueError(f"{where}: the SavedModel uses the ExtensionType {data['type']!r}, "
                         "which is not defined in this process: define (import) it before "
                         "tf.saved_model.load")
    spec = object.__new__(cls.Spec)   # (not its constructor: a custom Spec has its own)
    for item in data["fields"]:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in cls._tf_fields):
            raise DataLossError(None, None, f"{where}: invalid field {str(item)[:80]}")
        setattr(spec, item[0], _field_from_json(item[1], where))
    return spec


def _field_from_json(data, where: str):
    if isinstance(data, dict) and len(data) == 1:
        (kind, body), = data.items()
        try:
            if kind == "tensor" and isinstance(body, list) and len(body) == 2:
                return TensorSpec(body[0], dtypes.as_dtype(body[1]))
            if kind == "shape":
                return TensorShape(body)
            if kind == "dtype":
                return dtypes.as_dtype(body)
        except (TypeError, ValueError):
            pass   # (refused below)
        if kind == "extension":
            return spec_from_json(body, where)
        if kind == "value":
            return decode_attr(body, where)
    raise DataLossError(None, None, f"{where}: invalid ExtensionType field {str(data)[:80]}")
