"""Saving: checkpoints (variable values) and SavedModels (graphs + values).

    atomic.py       atomic file writes; safe, validated array reads
    checkpoint.py   tf.train.Checkpoint, CheckpointManager, latest_checkpoint
    saved_model.py  tf.saved_model.save / load: run functions without their Python source

No file is ever pickled or executed: JSON for structure, `.npz` read with
allow_pickle=False for arrays, and everything validated on load.
"""
