"""The public namespaces `tf.math`, `tf.nn`, `tf.linalg`, ... as in TensorFlow 2.21.

Each module here only re-exports: the ops themselves live in `ops/`. A name is
listed where TensorFlow 2.21 has it and nowhere else (a test checks this
against TF's own namespace listing in course/engine/api/tf221_names.json).
"""
