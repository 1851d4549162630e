"""`tf.experimental`: the ragged shape types (see ragged/shape.py), ExtensionType
(see extension_type.py), the dispatch decorators (see dispatch.py), Optional (see data/optional.py) and TF NumPy,
`tf.experimental.numpy` (see numpy_api/).

    >>> tf.experimental.DynamicRaggedShape.from_lengths([2, (1, 3)])
    <DynamicRaggedShape lengths=[2, (1, 3)] num_row_partitions=1>
"""
from ...data.optional import Optional
from ...extension_type import BatchableExtensionType, ExtensionType
from ...dispatch import (dispatch_for_api, dispatch_for_binary_elementwise_apis,
                         dispatch_for_unary_elementwise_apis, unregister_dispatch_for)
from ...ragged.shape import DynamicRaggedShape, RowPartition
from ... import numpy_api as numpy
from ... import unsupported as _unsupported

__all__ = ["BatchableExtensionType", "DynamicRaggedShape", "ExtensionType", "Optional", "RowPartition", "numpy",
           "dispatch_for_api", "dispatch_for_binary_elementwise_apis",
           "dispatch_for_unary_elementwise_apis", "unregister_dispatch_for"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    if name == "dtensor":  # (imported when first asked for: it registers dispatchers)
        import importlib
        return importlib.import_module(__name__.rsplit(".api.", 1)[0] + ".dtensor")
    return _unsupported.missing("experimental", __name__, name)
