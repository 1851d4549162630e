"""`tf.train`: checkpoints (see saving/checkpoint.py) and `tf.train.Example` (train_example.py)."""
from ..saving.checkpoint import Checkpoint, CheckpointManager, latest_checkpoint
from ..saving.reader import load_checkpoint, list_variables, load_variable
from ..train_example import (BytesList, FloatList, Int64List, Feature, Features, FeatureList,
                             FeatureLists, Example, SequenceExample)
from ..distribute.cluster_resolver import ClusterSpec

__all__ = ["Checkpoint", "CheckpointManager", "latest_checkpoint", "load_checkpoint",
           "list_variables", "load_variable",
           "BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
           "FeatureLists", "Example", "SequenceExample", "ClusterSpec"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("train", __name__, name)
