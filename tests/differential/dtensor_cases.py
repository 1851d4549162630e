"""DTensor cases (the dtensor_overview guide's API), run in a fresh process on the engine or on
TensorFlow 2.21:

    python tests/differential/dtensor_cases.py tensorflow|engine FOLDER [CASE ...]

The CPU is split into six logical devices first (as the guide does), which TF
allows only before its runtime starts: hence a process of its own.
test_against_tensorflow_dtensor.py compares what the two processes printed.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys

DEVICES = [f"CPU:{i}" for i in range(6)]


def _error(fn, whole_message: bool = True) -> str:
    """The class of the error `fn` raises (and its message's first line when TF's and ours
    are worded alike; TF's MLIR errors are not)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        first = str(e).strip().split("\n")[0]
        return f"{type(e).__name__}: {first}" if whole_message else type(e).__name__
    return "no error"


def meshes_and_layouts_print_as_tf(tf, dtensor):
    """Mesh and Layout strings, shapes, shard counts and derived layouts."""
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    print(mesh)
    print(mesh.dim_names, mesh.shape(), mesh.size, mesh.device_type(), mesh.local_device_ids())
    print(mesh.local_device_locations())
    layout = dtensor.Layout(["y", dtensor.UNSHARDED], mesh)
    print(layout)
    print(layout.rank, layout.sharding_specs, layout.num_shards(0), layout.num_shards(1),
          layout.is_fully_replicated())
    print(layout.delete([0]).sharding_specs, dtensor.Layout.replicated(mesh, 2).sharding_specs,
          dtensor.Layout.batch_sharded(mesh, "x", rank=3).sharding_specs)
    print(layout == dtensor.Layout(["y", "unsharded"], mesh), layout == dtensor.Layout.replicated(
        mesh, 2))
    print(dtensor.Layout([], mesh).to_string()[:20])


def bad_meshes_and_layouts_are_tf_errors(tf, dtensor):
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    print(_error(lambda: dtensor.Layout(["z"], mesh)))
    print(_error(lambda: dtensor.Layout(["x", "x"], mesh)))
    print(_error(lambda: dtensor.create_mesh([("x", 4)], devices=DEVICES)))


def dtensors_print_their_value_or_their_components(tf, dtensor):
    """Replicated: the value; sharded: each device's component (TF's runtime format)."""
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    replicated = dtensor.call_with_layout(tf.ones, dtensor.Layout.replicated(mesh, 2), shape=(2, 3))
    print(replicated)
    print(repr(replicated))
    sharded = dtensor.call_with_layout(tf.zeros, dtensor.Layout(["x", "y"], mesh), shape=(3, 4),
                                       dtype=tf.int32)
    print(sharded)
    print(repr(sharded))
    print(sharded.shape, sharded.dtype, dtensor.fetch_layout(sharded).sharding_specs)
    print(replicated.numpy())
    print(_error(sharded.numpy, whole_message=False))


def unpack_and_pack(tf, dtensor):
    """unpack cuts the value by the layout, each piece on its device; pack puts them back."""
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    value = tf.reshape(tf.range(36), (6, 6))
    for spec in (["x", "y"], ["x", dtensor.UNSHARDED], [dtensor.UNSHARDED, "y"], ["y", "x"]):
        layout = dtensor.Layout(spec, mesh)
        d = dtensor.relayout(dtensor.copy_to_mesh(value, dtensor.Layout.replicated(mesh, 2)),
                             layout)
        parts = dtensor.unpack(d)
        print(spec, [(p.device[-5:], p.numpy().tolist()) for p in parts])
        again = dtensor.pack(parts, layout)
        print(dtensor.fetch_layout(again) == layout,
              dtensor.relayout(again, dtensor.Layout.replicated(mesh, 2)).numpy().tolist())
    print(_error(lambda: dtensor.pack([[1], [2]], dtensor.Layout(["x"], mesh))))
    print(_error(lambda: dtensor.unpack(tf.ones([2]))))
    print(_error(lambda: dtensor.fetch_layout(tf.ones([2]))))
    print(_error(lambda: dtensor.call_with_layout(tf.ones, dtensor.Layout(["x", "y"], mesh),
                                                  shape=(4, 4)), whole_message=False))


def matmul_layouts(tf, dtensor):
    """Rows keep a's sharding, columns b's; the contracted axis is summed over the devices."""
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    a0 = dtensor.copy_to_mesh(tf.reshape(tf.range(1, 7), (2, 3)), dtensor.Layout.replicated(mesh, 2))
    b0 = dtensor.copy_to_mesh(tf.reshape(tf.range(6, 0, -1), (3, 2)),
                              dtensor.Layout.replicated(mesh, 2))
    U = dtensor.UNSHARDED
    for sa, sb in (([U, U], [U, U]), ([U, "x"], ["x", U]), (["y", "x"], ["x", U]),
                   ([U, U], [U, "y"]), (["y", U], [U, "y"])):
        a = dtensor.relayout(a0, dtensor.Layout(sa, mesh))
        b = dtensor.relayout(b0, dtensor.Layout(sb, mesh))
        c = tf.matmul(a, b)
        print(sa, sb, dtensor.fetch_layout(c).sharding_specs,
              dtensor.fetch_layout(a @ b).sharding_specs,
              [p.numpy().tolist() for p in dtensor.unpack(c)][:2])
    floats = dtensor.copy_to_mesh(tf.ones([2, 3]), dtensor.Layout.replicated(mesh, 2))
    print(_error(lambda: tf.matmul(floats, tf.ones([3, 2])), whole_message=False))


def elementwise_and_reduction_layouts(tf, dtensor):
    mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    d = dtensor.call_with_layout(tf.ones, dtensor.Layout(["x", dtensor.UNSHARDED], mesh),
                                 shape=(6, 4))
    e = dtensor.call_with_layout(tf.ones, dtensor.Layout(["y", dtensor.UNSHARDED], mesh),
                                 shape=(6, 4))
    row = dtensor.call_with_layout(tf.ones, dtensor.Layout(["y"], mesh), shape=(4,))
    for result in (d + e, e + d, d * 2, 2 - d, -d, tf.exp(d), tf.add(d, row), row + d,
                   tf.reduce_sum(d, axis=0), tf.reduce_sum(d, axis=1),
                   tf.reduce_mean(d, axis=0, keepdims=True), tf.reduce_sum(d)):
        print(dtensor.fetch_layout(result).sharding_specs)
    print(tf.reduce_sum(d).numpy(), tf.reduce_sum(d, axis=0).numpy().tolist())


def dvariables(tf, dtensor):
    """A DVariable keeps its layout; assigning needs a DTensor on its mesh (or a scalar)."""
    mesh = dtensor.create_mesh([("x", 6)], devices=DEVICES)
    layout = dtensor.Layout.replicated(mesh, 2)
    v = dtensor.DVariable(dtensor.call_with_layout(
        tf.function(tf.random.stateless_normal), layout, shape=(4, 3), seed=[1, 1]))
    print(dtensor.fetch_layout(v) == layout, v.shape, v.dtype)
    a = dtensor.call_with_layout(tf.ones, layout, shape=(4, 3))
    b = v + a
    print(dtensor.fetch_layout(b) == layout, b.numpy())
    v.assign(a)
    print(v.numpy().tolist(), dtensor.fetch_layout(v) == layout)
    sharded = dtensor.call_with_layout(tf.zeros, dtensor.Layout(["x", dtensor.UNSHARDED], mesh),
                                       shape=(6, 3))
    print(_error(lambda: v.assign(sharded), whole_message=False))
    other = dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    print(_error(lambda: v.assign(dtensor.call_with_layout(
        tf.zeros, dtensor.Layout.replicated(other, 2), shape=(4, 3))), whole_message=False))
    print(_error(lambda: v.assign(tf.zeros([4, 3]))))
    print(_error(lambda: dtensor.DVariable(tf.ones([2]))))


CASES = [meshes_and_layouts_print_as_tf, bad_meshes_and_layouts_are_tf_errors,
         dtensors_print_their_value_or_their_components, unpack_and_pack, matmul_layouts,
         elementwise_and_reduction_layouts, dvariables]


def main(library: str, folder: str, names: list) -> None:
    if library == "tensorflow":
        import tensorflow as tf
        from tensorflow.experimental import dtensor
    else:
        import course.engine as tf
        dtensor = tf.experimental.dtensor
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 6)
    results = {}
    for case in [c for c in CASES if not names or c.__name__ in names]:
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                case(tf, dtensor)
            results[case.__name__] = out.getvalue()
        except Exception as e:  # noqa: BLE001 - the class and the first line of the message
            results[case.__name__] = out.getvalue() + f"{type(e).__name__}: " + \
                str(e).strip().split("\n")[0]
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
