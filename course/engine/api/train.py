"""`tf.train`: checkpoints (see saving/checkpoint.py)."""
from ..saving.checkpoint import Checkpoint, CheckpointManager, latest_checkpoint

__all__ = ["Checkpoint", "CheckpointManager", "latest_checkpoint"]
