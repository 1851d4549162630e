"""`tf.compat.v1.saved_model.loader`: TF1's loader (`load`, also at the module above)."""
from .....saving.tf1_saved_model import load

__all__ = ["load"]
