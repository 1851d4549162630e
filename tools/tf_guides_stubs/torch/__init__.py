"""An empty stand-in for PyTorch, so that a keras.io guide's `import torch` line runs.

keras.io's training guide imports torch in its first cell only to show, further
on, that `fit` takes a `torch.utils.data.DataLoader`. PyTorch is installed on
neither side of the harness; without this module the guide's first cell (and so
every later one) would fail with real TensorFlow too and nothing of it would be
measured. Nothing is defined here: the cells that use torch still fail on both
sides (AttributeError), and tools/tf_guides.py does not count them.
"""
