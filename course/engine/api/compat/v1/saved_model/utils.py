"""`tf.compat.v1.saved_model.utils`: TensorInfo from and to graph tensors."""
from .....graph.core import get_default_graph
from .....saving.signature_def import build_tensor_info

__all__ = ["build_tensor_info", "get_tensor_from_tensor_info"]


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The graph tensor a TensorInfo names (in `graph`, default: the default graph). Mirrors
    `tf.compat.v1.saved_model.utils.get_tensor_from_tensor_info`."""
    graph = graph if graph is not None else get_default_graph()
    name = tensor_info.name if not import_scope else f"{import_scope}/{tensor_info.name}"
    return graph.get_tensor_by_name(name)


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from ..... import unsupported
    return unsupported.missing("compat.v1.saved_model.utils", __name__, name)
