"""`tf.saved_model`: save a model's graphs and weights; load them without the Python source.

    >>> tf.saved_model.save(model, "/tmp/m", signatures={
    ...     tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY: serving_fn})   # "serving_default"
    >>> tf.saved_model.load("/tmp/m").signatures["serving_default"](x=tf.constant(1.0))
"""
from ..saving.options import LoadOptions, SaveOptions
from ..saving.saved_model import load, save

# TF's names for the usual signature key, tags and signature-def strings (plain strings there too)
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
SERVING, TRAINING, GPU, TPU = "serve", "train", "gpu", "tpu"
PREDICT_METHOD_NAME = "tensorflow/serving/predict"
CLASSIFY_METHOD_NAME = "tensorflow/serving/classify"
REGRESS_METHOD_NAME = "tensorflow/serving/regress"
PREDICT_INPUTS, PREDICT_OUTPUTS = "inputs", "outputs"
CLASSIFY_INPUTS, CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES = "inputs", "classes", "scores"
REGRESS_INPUTS, REGRESS_OUTPUTS = "inputs", "outputs"

__all__ = ["save", "load", "SaveOptions", "LoadOptions", "DEFAULT_SERVING_SIGNATURE_DEF_KEY",
           "SERVING", "TRAINING", "GPU", "TPU", "PREDICT_METHOD_NAME", "CLASSIFY_METHOD_NAME",
           "REGRESS_METHOD_NAME", "PREDICT_INPUTS", "PREDICT_OUTPUTS", "CLASSIFY_INPUTS",
           "CLASSIFY_OUTPUT_CLASSES", "CLASSIFY_OUTPUT_SCORES", "REGRESS_INPUTS",
           "REGRESS_OUTPUTS"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("saved_model", __name__, name)
