"""`tf.compat.v1.saved_model.builder`: `SavedModelBuilder` (also `saved_model.Builder`)."""
from .....saving.tf1_saved_model import Builder as SavedModelBuilder

__all__ = ["SavedModelBuilder"]
