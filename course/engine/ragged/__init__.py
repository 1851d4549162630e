"""`tf.ragged` and `tf.RaggedTensor`: tensors whose rows have different lengths.

    >>> rt = tf.ragged.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]])
    >>> print(rt)
    <tf.RaggedTensor [[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]]>
    >>> print(rt.shape)
    (4, None)

Read in this order: partition.py (row splits and the other encodings),
ragged_tensor.py (the class), factory.py (`tf.ragged.constant`, `range`,
`boolean_mask`), conversion.py (`to_tensor`, `from_tensor`), indexing.py,
dispatch.py (elementwise ops and `map_flat_values`), reductions.py, rows.py
(reverse and concat inside rows, built from ops), shape.py (`tf.shape(rt)`),
tile.py, spec.py
(`tf.RaggedTensorSpec`: ragged tensors as tf.function arguments and results).

Inside tf.function the elementwise ops and reductions work; what reads the row
splits' numbers stays eager (docs/engine-api-ragged.md lists what is supported).
"""
from .. import unsupported as _unsupported
from .factory import constant, range, boolean_mask  # noqa: A004 - TF's names
from .dispatch import map_flat_values

__all__ = ["constant", "range", "boolean_mask", "map_flat_values"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("ragged", __name__, name)
