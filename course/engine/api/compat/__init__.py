"""`tf.compat`: `tf.compat.v1` holds TF1 spellings that TF2 removed from the top level."""
from . import v1
from ...tensor_shape import dimension_value, dimension_at_index

__all__ = ["v1", "dimension_value", "dimension_at_index"]
