"""tf.experimental.dtensor: meshes, layouts, DTensors and the layouts ops give their results."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import course.engine as tf
from course.engine import dispatch
from course.engine.dtensor import propagation

dtensor = tf.experimental.dtensor
DEVICES = [f"CPU:{i}" for i in range(6)]


@pytest.fixture
def mesh():
    yield dtensor.create_mesh([("x", 3), ("y", 2)], devices=DEVICES)
    propagation.uninstall()   # (the other tests expect the plain tf.add, tf.matmul, ...)


def test_the_dtensor_rules_apply_from_the_first_mesh_until_uninstalled():
    plain = tf.matmul
    dtensor.create_mesh([("x", 2)], devices=DEVICES[:2])
    assert tf.matmul is not plain and tf.linalg.matmul is tf.matmul
    propagation.uninstall()
    assert tf.matmul is plain and not dispatch._wrappers


def test_the_engine_does_not_load_dtensor_until_asked():
    """Importing DTensor registers dispatchers on tf.add, tf.matmul, ...: plain programs
    must not pay for them, so `import course.engine` leaves it out."""
    code = "import sys, course.engine as tf; print('course.engine.dtensor' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_mesh_locations_are_row_major(mesh):
    assert mesh.local_device_locations()[:3] == [{"x": 0, "y": 0}, {"x": 0, "y": 1},
                                                 {"x": 1, "y": 0}]
    assert mesh.local_devices()[5] == "/job:localhost/replica:0/task:0/device:CPU:5"


def test_unpack_gives_each_device_its_block(mesh):
    value = np.arange(24).reshape(6, 4)
    d = dtensor.copy_to_mesh(tf.constant(value), dtensor.Layout(["x", "y"], mesh))
    parts = dtensor.unpack(d)
    # device 3 is x=1, y=1: rows 2-3, columns 2-3
    np.testing.assert_array_equal(parts[3].numpy(), value[2:4, 2:4])
    assert parts[3].device.endswith("CPU:3")
    back = dtensor.pack(parts, dtensor.Layout(["x", "y"], mesh))
    np.testing.assert_array_equal(
        dtensor.relayout(back, dtensor.Layout.replicated(mesh, 2)).numpy(), value)


def test_a_sharded_dtensor_has_no_numpy_value(mesh):
    d = dtensor.call_with_layout(tf.ones, dtensor.Layout(["x", dtensor.UNSHARDED], mesh),
                                 shape=(3, 2))
    with pytest.raises(tf.errors.UnimplementedError, match="non-replicated DTensor"):
        d.numpy()


def test_plain_tensors_never_reach_the_dtensor_rules(mesh):
    plain = tf.add(tf.ones([2]), tf.ones([2]))
    assert type(plain) is tf.Tensor and not dtensor.is_dtensor(tf.matmul(tf.ones([1, 2]),
                                                                        tf.ones([2, 1])))


def test_matmul_of_contracted_shards_is_the_full_product(mesh):
    a = dtensor.copy_to_mesh(tf.reshape(tf.range(6.0), (2, 3)),
                             dtensor.Layout([dtensor.UNSHARDED, "x"], mesh))
    b = dtensor.copy_to_mesh(tf.ones((3, 2)), dtensor.Layout(["x", dtensor.UNSHARDED], mesh))
    c = tf.matmul(a, b)
    assert dtensor.fetch_layout(c).is_fully_replicated()
    np.testing.assert_array_equal(c.numpy(), [[3.0, 3.0], [12.0, 12.0]])


def test_an_op_across_two_meshes_is_refused(mesh):
    other = dtensor.create_mesh([("x", 6)], devices=DEVICES)
    a = dtensor.call_with_layout(tf.ones, dtensor.Layout.replicated(mesh, 1), shape=(2,))
    b = dtensor.call_with_layout(tf.ones, dtensor.Layout.replicated(other, 1), shape=(2,))
    with pytest.raises(ValueError, match="same mesh"):
        tf.add(a, b)


def test_a_scalar_joins_a_dtensor_op_as_a_replicated_value(mesh):
    d = dtensor.call_with_layout(tf.ones, dtensor.Layout(["x"], mesh), shape=(3,))
    doubled = tf.multiply(d, tf.constant(2.0))
    assert dtensor.fetch_layout(doubled).sharding_specs == ["x"]
    with pytest.raises(tf.errors.UnimplementedError, match="regular tensor for input 1"):
        tf.multiply(d, tf.ones([3]))


def test_dvariable_keeps_its_layout_after_assign(mesh):
    layout = dtensor.Layout.replicated(mesh, 1)
    v = dtensor.DVariable(dtensor.call_with_layout(tf.zeros, layout, shape=(2,)))
    v.assign(dtensor.call_with_layout(tf.ones, layout, shape=(2,)))
    assert dtensor.fetch_layout(v) == layout and v.numpy().tolist() == [1.0, 1.0]
    assert dtensor.fetch_layout(v + 1.0) == layout
