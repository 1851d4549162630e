"""A TF2 SavedModel (`tf.saved_model.save`) loaded by TF1 code into a Session.

    >>> with tf.Graph().as_default():
    ...     with tf.compat.v1.Session() as sess:
    ...         meta = tf.compat.v1.saved_model.load(sess, ["serve"], "tf2-save")
    ...         sig = meta.signature_def["serving_default"]
    ...         sig.inputs["input"].name, sig.outputs["output"].name
    ('serving_default_input:0', 'StatefulPartitionedCall:0')

As TF does, each signature becomes nodes of the session's graph: a placeholder
per input, named `<signature>_<input>`, the signature's graph (copied in, as
one function calling another: graph/inline.py), and its outputs named
`StatefulPartitionedCall` (TF's call node; here an Identity per output, so a
second output is `StatefulPartitionedCall_1:0` where TF's is
`StatefulPartitionedCall:1`). The model's variables are captured, not made
anew (TF1's `global_variables()` stays empty, as in TF); the session gets
their saved values.

Read next: tf1_saved_model.py (TF1's own SavedModels), saved_model_load.py.
"""
from __future__ import annotations

from ..execute import execute
from ..graph.inline import inline_graph
from ..graph.scopes import init_scope
from ..ops.array_ops import IDENTITY
from ..session import placeholder
from .in_session import assign_in_session
from .meta_graph import MetaGraphDef
from .saved_model_load import load as load_tf2
from .signature_def import PREDICT_METHOD_NAME, SignatureDef, TensorInfo

__all__ = ["load_into_session"]

TAGS = ["serve"]   # (what tf.saved_model.save tags its MetaGraph with)


def load_into_session(sess, tags, export_dir: str) -> MetaGraphDef:
    """The signatures of the TF2 SavedModel at `export_dir`, as nodes of `sess.graph`."""
    wanted = {tags} if isinstance(tags, str) else set(tags)
    if wanted != set(TAGS):   # (TF's words)
        raise RuntimeError(f"MetaGraphDef associated with tags {str(tags).strip('[]')} could not "
                           f"be found in SavedModel, with available tags '{[set(TAGS)]}'. To "
                           "inspect available tag-sets in the SavedModel, please use the "
                           "SavedModel CLI: `saved_model_cli`.")
    with init_scope():   # (the model's variables are made eagerly, then captured)
        loaded = load_tf2(export_dir)
    signatures, captured = {}, {}
    with sess.graph.as_default():
        for key, fn in loaded.signatures.items():
            graph = fn.graph
            feeds = [placeholder(p.dtype, p.shape, name=f"{key}_{name}")
                     for name, p in zip(fn._inputs, graph.inputs)]
            copies = inline_graph(graph, dict(zip(map(id, graph.inputs), feeds)), graph.outputs)
            outputs = [execute(IDENTITY, (t,), name="StatefulPartitionedCall") for t in copies]
            signatures[key] = SignatureDef(
                {name: _info(t) for name, t in zip(fn._inputs, feeds)},
                {k: _info(t) for k, t in zip(fn._keys, outputs)}, PREDICT_METHOD_NAME)
            captured.update((id(v), v) for v in graph.captured_variables)
    pairs = [(v, v.numpy()) for v in captured.values()]
    if pairs:
        assign_in_session(pairs, sess)
    return MetaGraphDef({"tags": list(TAGS)}, signatures)


def _info(tensor) -> TensorInfo:
    shape = tensor.shape
    return TensorInfo(tensor.name, tensor.dtype, None if shape.rank is None else shape.as_list())
