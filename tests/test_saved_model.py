"""tf.saved_model.save / load: functions run from the files alone, and bad files fail cleanly.

TF rules: functions with an input_signature or already traced are saved;
`signatures['serving_default']` takes keyword arguments and returns a dict
(`output_0`, ... for non-dict outputs); variables keep their values and stay
variables; a captured variable that the object does not track cannot be saved.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import course.engine as tf

MODEL_SOURCE = textwrap.dedent('''
    import numpy as np
    import course.engine as tf

    class Dense(tf.Module):
        def __init__(self, n_in, n_out, seed):
            super().__init__()
            rng = np.random.default_rng(seed)
            self.w = tf.Variable(rng.standard_normal((n_in, n_out)).astype(np.float32))
            self.b = tf.Variable(np.linspace(-1, 1, n_out).astype(np.float32))

        def __call__(self, x):
            return tf.matmul(x, self.w) + self.b

    class MLP(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(3, 4, 1), Dense(4, 2, 2)]
            self.calls = tf.Variable(0, trainable=False)

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
        def __call__(self, x):
            self.calls.assign_add(1)
            h = tf.nn.relu(self.layers[0](x))
            return tf.nn.softmax(self.layers[1](h))

        @tf.function
        def scaled(self, x, factor):
            return {"scaled": self(x) * factor}
''')

LOADER = textwrap.dedent('''
    import sys, numpy as np
    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == "mlp_model":
                raise ImportError("the defining module must not be importable here")
    sys.meta_path.insert(0, Block())
    import course.engine as tf
    loaded = tf.saved_model.load(sys.argv[1])
    x = np.load(sys.argv[2])["x"]
    out = {"call": loaded(tf.constant(x)).numpy(),
           "serving": loaded.signatures["serving_default"](x=tf.constant(x))["output_0"].numpy(),
           "scaled": loaded.scaled(tf.constant(x), 2.0)["scaled"].numpy(),
           "calls": np.array(loaded.calls.numpy())}
    np.savez(sys.argv[3], **out)
''')


@pytest.fixture
def mlp_module(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "mlp_model.py").write_text(MODEL_SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    import importlib
    module = importlib.import_module("mlp_model")
    yield module
    sys.modules.pop("mlp_model", None)


def test_saved_model_runs_in_a_fresh_process_without_the_source(tmp_path, mlp_module):
    model = mlp_module.MLP()
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    model.scaled(tf.constant(x), 2.0)            # traced before saving: exported too
    tf.saved_model.save(model, str(tmp_path / "export"))
    expected_call = model(tf.constant(x)).numpy()
    np.savez(tmp_path / "x.npz", x=x)
    (tmp_path / "loader.py").write_text(LOADER)
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = subprocess.run([sys.executable, str(tmp_path / "loader.py"), str(tmp_path / "export"),
                             str(tmp_path / "x.npz"), str(tmp_path / "out.npz")],
                            capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = np.load(tmp_path / "out.npz")
    np.testing.assert_array_equal(out["call"], expected_call)
    np.testing.assert_array_equal(out["serving"], expected_call)
    np.testing.assert_array_equal(out["scaled"], expected_call * 2.0)
    # one call before saving (scaled calls __call__), three in the loader: the counter was saved
    assert int(out["calls"]) == 1 + 3


def test_loaded_object_has_variables_functions_and_signatures(tmp_path, mlp_module):
    model = mlp_module.MLP()
    tf.saved_model.save(model, str(tmp_path / "export"))
    loaded = tf.saved_model.load(str(tmp_path / "export"))
    assert len(loaded.variables) == len(model.variables) == 5
    np.testing.assert_array_equal(loaded.layers[1].w.numpy(), model.layers[1].w.numpy())
    assert loaded.calls.trainable is False
    x = tf.ones([2, 3])
    np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())
    assert loaded.calls.numpy() == 1 and model.calls.numpy() == 1   # separate variables now
    with pytest.raises(ValueError, match="Could not find matching concrete function"):
        loaded(tf.ones([2, 4]))
    sig = loaded.signatures["serving_default"]
    assert list(sig(x=x)) == ["output_0"]
    assert sorted(os.listdir(tmp_path / "export")) == ["constants.npz", "saved_model.json",
                                                       "variables"]


def test_gradients_through_a_loaded_function(tmp_path):
    class Quad(tf.Module):
        def __init__(self):
            super().__init__()
            self.a = tf.Variable(3.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            return self.a * x * x

    tf.saved_model.save(Quad(), str(tmp_path / "q"))
    loaded = tf.saved_model.load(str(tmp_path / "q"))
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = loaded(x)
    dx, da = tape.gradient(y, [x, loaded.a])
    assert (dx.numpy(), da.numpy()) == (12.0, 4.0)


def test_untracked_captured_variable_cannot_be_saved(tmp_path):
    hidden = tf.Variable(1.0)

    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            return x * hidden

    with pytest.raises(ValueError, match="untracked"):
        tf.saved_model.save(M(), str(tmp_path / "m"))


# -- tampered files: clear errors naming the file and the problem ---------------------------------
@pytest.fixture
def export(tmp_path):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable([1.0, 2.0, 3.0])

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
        def __call__(self, x):
            return tf.reduce_sum(x * self.v + 1.0, axis=1)

    path = tmp_path / "export"
    tf.saved_model.save(M(), str(path))
    return path


def _tamper(path, edit):
    manifest_path = path / "saved_model.json"
    manifest = json.loads(manifest_path.read_text())
    edit(manifest["concrete_functions"][0]["graph"]["nodes"])
    manifest_path.write_text(json.dumps(manifest))


def _node(nodes, type_):
    return next(n for n in nodes if n["type"] == type_)


@pytest.mark.parametrize("edit, message", [
    (lambda nodes: _node(nodes, "Mul").update(type="SystemCall"), "unknown op type 'SystemCall'"),
    (lambda nodes: _node(nodes, "Mul").update(inputs=_node(nodes, "Mul")["inputs"][:1]),
     "wrong number of inputs"),
    (lambda nodes: _node(nodes, "Mul").update(inputs=[len(nodes) - 1, 0]), "cyclic or dangling"),
    (lambda nodes: _node(nodes, "Placeholder").update(shape=[10 ** 12, 3]), "absurd shape"),
    (lambda nodes: _node(nodes, "Placeholder").update(shape=[-4, 3]), "invalid dimension"),
    (lambda nodes: _node(nodes, "Placeholder").update(dtype="object"), "unknown dtype 'object'"),
    (lambda nodes: _node(nodes, "Sum").update(shape=[7]), r"declared float32 \(7,\)"),
    (lambda nodes: _node(nodes, "Sum")["attrs"].update(axis={"pickle": "cos\nsystem"}),
     "invalid attr value"),
])
def test_tampered_graph_gives_a_clear_error(export, edit, message):
    _tamper(export, edit)
    with pytest.raises(tf.errors.DataLossError, match=message) as info:
        tf.saved_model.load(str(export))
    assert "saved_model.json" in str(info.value)


@pytest.fixture
def string_export(tmp_path):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def __call__(self, s):
            return tf.strings.join([s, tf.constant(["!", "\u00e9"])], separator="-")

    path = tmp_path / "strings"
    tf.saved_model.save(M(), str(path))
    return path


def test_string_constants_and_attrs_round_trip(string_export):
    """A string constant is kept in saved_model.json (base64 per element), an attr's bytes too."""
    loaded = tf.saved_model.load(str(string_export))
    out = loaded(tf.constant(["a", "b"]))
    assert out.numpy().tolist() == [b"a-!", "b-\u00e9".encode()]


def _tamper_strings(path, edit):
    manifest_path = path / "saved_model.json"
    manifest = json.loads(manifest_path.read_text())
    edit(manifest)
    manifest_path.write_text(json.dumps(manifest))


def _first_strings(manifest) -> dict:
    return next(iter(manifest["string_constants"].values()))


@pytest.mark.parametrize("edit, message", [
    (lambda m: _first_strings(m).update(strings=["!!", "IQ=="]), "invalid base64"),
    (lambda m: _first_strings(m).update(strings=["IQ=="]), "2 strings expected"),
    (lambda m: _first_strings(m).update(shape=[3]), "3 strings expected"),
    (lambda m: _first_strings(m).update(shape=[1 << 40]), "absurd shape"),
    (lambda m: m.update(string_constants={"c0": {"dtype": "float32", "shape": [], "data": ""}}),
     "invalid string_constants|data does not hold"),
    (lambda m: m.update(string_constants=[]), "invalid string_constants"),
])
def test_tampered_string_constant_gives_a_clear_error(string_export, edit, message):
    _tamper_strings(string_export, edit)
    with pytest.raises(tf.errors.DataLossError, match=message) as info:
        tf.saved_model.load(str(string_export))
    assert "saved_model.json" in str(info.value)


@pytest.mark.parametrize("victim, error, message", [
    ("saved_model.json", tf.errors.NotFoundError, "saved_model.json"),
    ("constants.npz", tf.errors.NotFoundError, "constants.npz"),
    ("variables/variables.index", tf.errors.NotFoundError, "variables"),
    ("variables/variables.data-00000-of-00001", tf.errors.NotFoundError, "variables.data"),
])
def test_missing_files_give_clear_errors(export, victim, error, message):
    os.remove(export / victim)
    with pytest.raises(error, match=message):
        tf.saved_model.load(str(export))


def test_corrupted_constants_are_detected(export):
    raw = (export / "constants.npz").read_bytes()
    (export / "constants.npz").write_bytes(raw[:-10] + b"0123456789")
    with pytest.raises(tf.errors.DataLossError, match=r"constants\.npz"):
        tf.saved_model.load(str(export))


# -- TF's rules for signatures (issue 11, semantic difference 6) ------------------------------------
class _NoSignatures(tf.Module):
    """TF's SavedModel guide: a traced __call__ and a `mutate` that returns nothing."""

    def __init__(self):
        super().__init__()
        self.v = tf.Variable(1.0)

    @tf.function
    def __call__(self, x):
        return x * self.v

    @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
    def mutate(self, new_v):
        self.v.assign(new_v)

    @tf.function
    def never_traced(self, x):
        return x


def test_a_module_without_signatures_saves_and_loads_as_in_tf(tmp_path):
    module = _NoSignatures()
    module(tf.constant(0.0))
    tf.saved_model.save(module, str(tmp_path / "m"))
    imported = tf.saved_model.load(str(tmp_path / "m"))
    assert imported(tf.constant(3.0)).numpy() == 3.0
    imported.mutate(tf.constant(2.0))
    assert imported(tf.constant(3.0)).numpy() == 6.0
    # mutate returns None: no default signature (TF's _valid_signature), so none at all
    assert repr(imported.signatures) == "_SignatureMap({})"
    with pytest.raises(ValueError, match="Found zero restored functions for caller function"):
        imported.never_traced(tf.constant(1.0))


def test_an_explicit_signature_must_return_tensors(tmp_path):
    module = _NoSignatures()
    with pytest.raises(ValueError, match=r"Got a non-Tensor value None for key 'output_0'"):
        tf.saved_model.save(module, str(tmp_path / "m"), signatures=module.mutate)


@pytest.mark.parametrize("kind", ["cond", "while"])
@pytest.mark.parametrize("bad", [5, "x", None, {"tuple": []}, {"list": [1]}])
def test_a_control_flow_node_whose_graph_attr_is_damaged_is_a_clear_error(tmp_path, kind, bad):
    """A cond's branches and a loop's cond and body must be graphs: anything else in a
    damaged file is a DataLossError naming the file (it was an AttributeError)."""
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def f(self, x):
            if kind == "cond":
                return tf.cond(x > 0, lambda: x * 2.0, lambda: x - 1.0)
            return tf.while_loop(lambda i: i < x, lambda i: (i + 1.0,), [0.0])

    path = tmp_path / kind
    tf.saved_model.save(M(), str(path))
    manifest_path = path / "saved_model.json"
    manifest = json.loads(manifest_path.read_text())
    node = next(n for n in manifest["concrete_functions"][0]["graph"]["nodes"]
                if n["type"] in ("If", "StatelessIf", "While", "StatelessWhile"))
    for key in node["attrs"]:
        if key in ("then_branch", "else_branch", "cond", "body"):
            node["attrs"][key] = bad
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(tf.errors.DataLossError, match="saved_model.json") as info:
        tf.saved_model.load(str(path))
    assert "must hold a graph" in str(info.value) or "invalid attr" in str(info.value)
