"""`tf.compat.v1.saved_model.tag_constants`: the usual MetaGraph tags (plain strings)."""
from ....saved_model import SERVING, TRAINING, GPU, TPU

__all__ = ["SERVING", "TRAINING", "GPU", "TPU"]
