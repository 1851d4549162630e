"""Seeing graphs: text listing, PNG pictures (Graphviz), TensorBoard GraphDef export."""
from __future__ import annotations

import struct
import subprocess
import sys

import course.engine as tf
from course.engine.graph_drawing import to_graph_def, to_png, to_text


def _graph():
    v = tf.Variable(2.0, name="scale")

    @tf.function
    def f(x):
        v.assign_add(1.0)
        return tf.reduce_sum(x * v)

    return f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32)).graph


def test_text_lists_one_equation_per_line():
    text = to_text(_graph())
    lines = text.splitlines()
    assert lines[0].split() == ["x", "=", "Placeholder()", "#", "float32", "(None,", "3)"]
    # the variable enters as a resource input (its handle), which the assignment and the read use
    assert "AssignAddVariableOp/resource = Placeholder[scale:0]()  # resource ()" in text
    assert "AssignAddVariableOp(AssignAddVariableOp/resource, Const)  # (no output)" in text
    assert "ReadVariableOp(AssignAddVariableOp/resource)  # float32 ()" in text
    assert "mul" in text and "Mul(x, mul/ReadVariableOp)  # float32 (None, 3)" in text
    assert "Sum(mul) {axis=(0, 1), keepdims=False}  # float32 ()" in text
    assert lines[-1] == "return Identity"


def test_png_picture_is_a_real_png_of_sensible_size():
    png = to_png(_graph())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 200 < width < 3000 and 200 < height < 3000
    assert _graph()._repr_png_()[:4] == b"\x89PNG"    # Jupyter shows graphs as pictures


def test_a_title_is_drawn_above_the_graph():
    from course.engine.graph_drawing import to_dot
    assert to_dot(_graph(), title="A graph").graph_attr["label"] == "A graph"
    assert "label" not in to_dot(_graph()).graph_attr
    plain, titled = to_png(_graph()), to_png(_graph(), title="A graph")
    height = lambda png: struct.unpack(">II", png[16:24])[1]  # noqa: E731
    assert height(titled) > height(plain)  # the title takes room


def test_graph_def_export_uses_tensorboards_message():
    from tensorboard.compat.proto import graph_pb2, types_pb2
    graph_def = to_graph_def(_graph())
    assert isinstance(graph_def, graph_pb2.GraphDef)
    nodes = {n.name: n for n in graph_def.node}
    assert nodes["x"].op == "Placeholder"
    assert nodes["x"].attr["dtype"].type == types_pb2.DT_FLOAT
    assert [d.size for d in nodes["x"].attr["_output_shapes"].list.shape[0].dim] == [-1, 3]
    assert list(nodes["mul"].input) == ["x", "mul/ReadVariableOp"]
    assert nodes["AssignAddVariableOp/resource"].attr["dtype"].type == types_pb2.DT_RESOURCE
    assert nodes["Sum"].op == "Sum" and nodes["Sum"].attr["T"].type == types_pb2.DT_FLOAT
    assert graph_pb2.GraphDef.FromString(graph_def.SerializeToString()) == graph_def
    assert _graph().as_graph_def() == graph_def


def test_import_stays_light():
    """Drawing and export dependencies are imported only when used."""
    code = ("import sys, course.engine as tf; f = tf.function(lambda x: x + 1); f(tf.constant(1));"
            "print(sorted(m for m in ('graphviz', 'tensorboard') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
