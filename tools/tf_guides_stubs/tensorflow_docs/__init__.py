"""A small stand-in for the `tensorflow_docs` helpers that one tutorial pip-installs from GitHub.

The harness has no internet, so tools/tf_guides.py puts this folder on the path
of both sides (real TensorFlow and the engine): `modeling.EpochDots` (a Keras
callback printing a dot per epoch) and `plots.HistoryPlotter` (plots a metric of
several histories). Written for the harness; only what the tutorials call.
"""
from . import modeling, plots  # noqa: F401
