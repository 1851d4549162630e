"""`tf.train`: checkpoints (see saving/checkpoint.py)."""
from ..saving.checkpoint import Checkpoint, CheckpointManager, latest_checkpoint
from ..saving.reader import load_checkpoint, list_variables, load_variable

__all__ = ["Checkpoint", "CheckpointManager", "latest_checkpoint", "load_checkpoint",
           "list_variables", "load_variable"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("train", __name__, name)
