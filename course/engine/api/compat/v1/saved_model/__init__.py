"""`tf.compat.v1.saved_model`: TF1's SavedModels, of a Session's graph.

    >>> builder = tf.compat.v1.saved_model.Builder("/tmp/m")
    >>> builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={
    ...     "serving_default": tf.compat.v1.saved_model.predict_signature_def(
    ...         inputs={"input": x}, outputs={"output": y})})
    >>> builder.save()
    >>> meta = tf.compat.v1.saved_model.load(sess2, ["serve"], "/tmp/m")   # into a Session

`tf.saved_model.load` (TF2) reads such a folder too. The files are the
engine's (../../../../saving/tf1_saved_model.py), not TF's protobufs.
The submodules hold the same names, as TF's do: `signature_def_utils`, `utils`,
`tag_constants`, `signature_constants`, `loader`, `builder`.
"""
from .....saving.options import SaveOptions
from .....saving.saved_model import load as load_v2, save
from .....saving.signature_def import build_signature_def, build_tensor_info, predict_signature_def
from .....saving.tf1_saved_model import Builder, load, simple_save
from ....saved_model import (DEFAULT_SERVING_SIGNATURE_DEF_KEY, SERVING, TRAINING, GPU, TPU,
                             PREDICT_METHOD_NAME, CLASSIFY_METHOD_NAME, REGRESS_METHOD_NAME,
                             PREDICT_INPUTS, PREDICT_OUTPUTS, CLASSIFY_INPUTS,
                             CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES, REGRESS_INPUTS,
                             REGRESS_OUTPUTS)
from .utils import get_tensor_from_tensor_info
from . import builder, loader, signature_constants, signature_def_utils, tag_constants, utils

__all__ = ["Builder", "simple_save", "load", "load_v2", "save", "SaveOptions",
           "build_signature_def", "build_tensor_info", "predict_signature_def",
           "get_tensor_from_tensor_info", "builder", "loader", "signature_constants",
           "signature_def_utils", "tag_constants", "utils", "DEFAULT_SERVING_SIGNATURE_DEF_KEY",
           "SERVING", "TRAINING", "GPU", "TPU", "PREDICT_METHOD_NAME", "CLASSIFY_METHOD_NAME",
           "REGRESS_METHOD_NAME", "PREDICT_INPUTS", "PREDICT_OUTPUTS", "CLASSIFY_INPUTS",
           "CLASSIFY_OUTPUT_CLASSES", "CLASSIFY_OUTPUT_SCORES", "REGRESS_INPUTS",
           "REGRESS_OUTPUTS"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from ..... import unsupported
    return unsupported.missing("compat.v1.saved_model", __name__, name)
