"""`tf.compat`: `tf.compat.v1` holds TF1 spellings that TF2 removed from the top level;
`tf.compat.v2` is TF2's API, which here is the engine's own top level."""
from . import v1
from ...tensor_shape import dimension_value, dimension_at_index

__all__ = ["v1", "v2", "dimension_value", "dimension_at_index"]


def __getattr__(name):
    if name == "v2":  # (the engine itself: imported when asked, after it has loaded)
        import course.engine
        return course.engine
    from ... import unsupported
    return unsupported.missing("compat", __name__, name)
