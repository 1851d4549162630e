"""Saving: checkpoints (variable values) and SavedModels (graphs + values).

    atomic.py            writing: atomic files, pending names, leftovers, the folder lock
    reading.py           reading hostile files: regular files only, bounded sizes, clean errors
    checkpoint_files.py  a checkpoint's index, data and state file
    checkpoint.py        tf.train.Checkpoint, CheckpointManager, latest_checkpoint
    graph_json.py        a traced graph as JSON, validated on the way back
    saved_model.py       tf.saved_model.save: the directory format
    saved_model_load.py  tf.saved_model.load: run functions without their Python source

No file is ever pickled or executed: JSON for structure, `.npz` read with
our own checked `.npy` reader for arrays, and everything validated on load.
How objects find their variables (and restored values find later-created
variables) lives in ../tracking.py.
"""
