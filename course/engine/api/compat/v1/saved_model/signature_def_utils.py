"""`tf.compat.v1.saved_model.signature_def_utils`: building SignatureDefs."""
from .....saving.signature_def import build_signature_def, predict_signature_def

__all__ = ["build_signature_def", "predict_signature_def"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from ..... import unsupported
    return unsupported.missing("compat.v1.saved_model.signature_def_utils", __name__, name)
