"""Checkpoints and SavedModels: the engine and TF 2.21 agree (tracking, printing, loading).

Issue 11's semantic differences 1 and 6: restoring into objects held in list
and dict attributes (TF's checkpoint guide), how TF wraps and prints such
attributes (`ListWrapper([...])`, `DictWrapper({...})`), and what a
SavedModel of a Module without signatures offers after loading.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402
from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()


@pytest.fixture(autouse=True)
def _clean_tmp():
    yield
    shutil.rmtree(os.path.join(tempfile.gettempdir(), "course-differential-saving"),
                  ignore_errors=True)


def _folder(tf, name):
    path = os.path.join(tempfile.gettempdir(), "course-differential-saving", tf.__name__, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


@case("restoring into objects held in list and dict attributes")
def _(tf):
    save = tf.train.Checkpoint()
    save.listed = [tf.Variable(1.0)]
    save.listed.append(tf.Variable(2.0))
    save.mapped = {"one": save.listed[0]}
    save.mapped["two"] = save.listed[1]
    path = save.save(os.path.join(_folder(tf, "lists"), "ckpt"))
    restore = tf.train.Checkpoint()
    v2 = tf.Variable(0.0)
    restore.mapped = {"two": v2}
    status = restore.restore(path)
    after_restore = float(v2.numpy())
    restore.listed = []
    empty = repr(restore.listed), str(restore.listed)
    v1 = tf.Variable(0.0)
    restore.listed.append(v1)   # restored now, from the restore() above
    status.assert_consumed()
    return after_restore, empty, float(v1.numpy()), repr(restore.listed), \
        os.path.basename(path), type(restore.listed).__name__


@case("save_counter: write() of a new Checkpoint has none, save() and restore() make one; "
      "list_variables shows _CHECKPOINTABLE_OBJECT_GRAPH, a string")
def _(tf):
    folder = _folder(tf, "counter")
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    written = ckpt.write(os.path.join(folder, "w"))
    saved = ckpt.save(os.path.join(folder, "s"))
    reader = tf.train.load_checkpoint(saved)
    restored = tf.train.Checkpoint(v=tf.Variable(0.0))
    restored.restore(written)
    again = restored.write(os.path.join(folder, "again"))
    return (tf.train.list_variables(written), tf.train.list_variables(saved),
            repr(reader.get_variable_to_dtype_map()["_CHECKPOINTABLE_OBJECT_GRAPH"]),
            type(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")).__name__,
            tf.train.list_variables(again), int(restored.save_counter.numpy()))


@case("restoring a checkpoint from write() and asserting it was consumed: the save_counter "
      "that restore() made is unmatched (TF's well-known error)")
def _(tf):
    folder = _folder(tf, "unmatched")
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).write(os.path.join(folder, "w"))
    tf.train.Checkpoint(v=tf.Variable(0.0)).restore(path).assert_consumed()


@case("read() is restore() for write()'s checkpoints: it makes no save_counter; reading a "
      "save() checkpoint leaves its save_counter unresolved")
def _(tf):
    folder = _folder(tf, "read")
    written = tf.train.Checkpoint(v=tf.Variable(1.0)).write(os.path.join(folder, "w"))
    saved = tf.train.Checkpoint(v=tf.Variable(2.0)).save(os.path.join(folder, "s"))
    reader = tf.train.Checkpoint(v=tf.Variable(0.0))
    reader.read(written).assert_consumed()
    first = float(reader.v.numpy())
    status = reader.read(saved)
    status.assert_existing_objects_matched()
    try:
        status.assert_consumed()
        unresolved = None
    except AssertionError as e:
        unresolved = "save_counter" in str(e)
    return first, float(reader.v.numpy()), unresolved


@case("a loaded signature describes itself as TF's: outputs and inputs as TensorSpecs named "
      "after their keys, keyword-only parameters, the graph's inputs and outputs")
def _(tf):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
        def f(self, x):
            return {"custom_output_name": x * 2, "other": x}

        @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
        def g(self, x):
            return x + 1

    m = M()
    path = _folder(tf, "signatures")
    tf.saved_model.save(m, path, signatures={"serving_default": m.f, "plain": m.g})
    loaded = tf.saved_model.load(path)
    sig = loaded.signatures["serving_default"]
    plain = loaded.signatures["plain"]
    parameters = [(name, str(p.kind), repr(p.annotation))
                  for name, p in sig.function_type.parameters.items()]
    return (sorted(sig.structured_outputs.items()), sig.structured_input_signature,
            plain.structured_outputs, parameters, [t.shape.rank for t in sig.inputs],
            len(sig.outputs))


@case("saving traces the signatures first: a model built on its first call inside one is saved")
def _(tf):
    class Dense(tf.Module):
        def __init__(self, n):
            self.n, self.built = n, False

        def __call__(self, x):
            if not self.built:  # (TF's core guides build layers on their first call)
                self.w = tf.Variable(tf.ones([x.shape[1], self.n]))
                self.built = True
            return x @ self.w

    class MLP(tf.Module):
        def __init__(self):
            self.layers = [Dense(3), Dense(2)]

        @tf.function
        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    class Export(tf.Module):
        def __init__(self, model):
            self.model = model

        @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
        def __call__(self, x):
            return self.model(x)

    path = os.path.join(_folder(tf, "built_while_saving"), "model")
    tf.saved_model.save(Export(MLP()), path)
    return tf.saved_model.load(path)(tf.ones([2, 4]))


@case("lists, dicts and tuples assigned to a Module are wrapped and printed as TF")
def _(tf):
    m = tf.Module()
    m.l, m.d, m.t, m.plain = [1, 2], {"a": [1]}, (tf.Variable(1.0), 2), (1, 2)
    m.nested = [[1], {"b": 2}]
    m.l.append(3)
    return (repr(m.l), str(m.l), repr(m.d), str(m.d), repr(m.t), repr(m.plain), repr(m.nested),
            isinstance(m.l, list), isinstance(m.d, dict), m.l == [1, 2, 3], m.d == {"a": [1]},
            type(m.l).__name__, type(m.d).__name__, type(m.t).__name__, len(m.trainable_variables))


@case("variables appended to a Module's list later are tracked")
def _(tf):
    m = tf.Module()
    m.layers = []
    m.layers.append(tf.Variable(1.0))
    m.layers.extend([tf.Variable(2.0)])
    m.layers += [tf.Variable(3.0)]
    m.table = {}
    m.table["x"] = tf.Variable(4.0)
    return sorted(float(v.numpy()) for v in m.variables)


class _CustomModule:
    """TF's SavedModel guide: a traced __call__ and a `mutate` that returns nothing."""

    @staticmethod
    def build(tf):
        class CustomModule(tf.Module):
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

        return CustomModule()


@case("SavedModel of a Module without signatures loads and runs")
def _(tf):
    module = _CustomModule.build(tf)
    module(tf.constant(0.0))
    path = _folder(tf, "module_no_signatures")
    tf.saved_model.save(module, path)
    imported = tf.saved_model.load(path)
    first = imported(tf.constant(3.0))
    imported.mutate(tf.constant(2.0))
    return first, imported(tf.constant(3.0)), repr(imported.signatures), \
        list(imported.signatures.keys()), imported.v.numpy(), \
        type(imported.mutate).__name__, hasattr(imported, "never_traced")


@case("a saved tf.function that was never traced cannot be called after loading")
def _(tf):
    module = _CustomModule.build(tf)
    path = _folder(tf, "untraced")
    tf.saved_model.save(module, path)
    return tf.saved_model.load(path).never_traced(tf.constant(1.0))


@case("calling a loaded function with the wrong shape", compare_message=False)
def _(tf):
    module = _CustomModule.build(tf)
    module(tf.constant(0.0))
    path = _folder(tf, "wrong_shape")
    tf.saved_model.save(module, path)
    return tf.saved_model.load(path)(tf.constant([1.0, 2.0]))


@case("the default signature: the one root function with a signature that returns tensors")
def _(tf):
    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable([[1.0], [2.0]])

        @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
        def predict(self, x):
            return {"scores": tf.matmul(x, self.w)}

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def set_scale(self, s):
            self.w.assign(self.w * s)

    path = _folder(tf, "default_signature")
    tf.saved_model.save(Model(), path)
    loaded = tf.saved_model.load(path)
    serve = loaded.signatures["serving_default"]
    return list(loaded.signatures.keys()), serve(x=tf.constant([[1.0, 1.0]]))


@case("a loaded signature with one input takes it by position too; with two, positional "
      "arguments are TF's binding TypeError", compare_message=False)
def _(tf):
    class Model(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x")])
        def double(self, x):
            return {"y": x * 2}

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="a"),
                                      tf.TensorSpec([None], tf.float32, name="b")])
        def add(self, a, b):
            return {"y": a + b}

    model, path = Model(), _folder(tf, "positional_signature")
    tf.saved_model.save(model, path, signatures={"double": model.double, "add": model.add})
    loaded = tf.saved_model.load(path)
    one = loaded.signatures["double"](tf.constant([1.0, 2.0]))
    try:
        loaded.signatures["add"](tf.constant([1.0]), tf.constant([2.0]))
        two = None
    except TypeError as e:
        two = str(e).split(":")[0].split(". Received")[0]
    return one, two


@case("a signature that returns nothing is refused when given explicitly", compare_message=False)
def _(tf):
    module = _CustomModule.build(tf)
    tf.saved_model.save(module, _folder(tf, "bad_signature"), signatures=module.mutate)


@case("a dataset iterator in a Checkpoint goes on from the saved position, in this program and "
      "in a new one (TF's rule; the engine replays the pipeline, the elements are the same)")
def _(tf):
    def pipeline():
        return tf.data.Dataset.range(7).map(lambda x: x * 10).repeat().batch(3)

    iterator = iter(pipeline())
    ckpt = tf.train.Checkpoint(step=tf.Variable(0), iterator=iterator)
    manager = tf.train.CheckpointManager(ckpt, _folder(tf, "iterator"), max_to_keep=2)
    taken = []
    for _ in range(4):
        taken.append(next(iterator).numpy().tolist())
        ckpt.step.assign_add(1)
        if int(ckpt.step) % 2 == 0:
            manager.save()
    ckpt.restore(manager.checkpoints[0])      # back to the first save: after two batches
    again = [next(iterator).numpy().tolist() for _ in range(2)]
    fresh = iter(pipeline())                  # new objects, as a new program makes them
    tf.train.Checkpoint(iterator=fresh).restore(manager.latest_checkpoint)
    return taken, again, next(fresh).numpy().tolist(), int(ckpt.step)


@case("TF's save context: saving traces each traced function once more (a Python print shows it), "
      "a second save reuses that trace, and calls after the save do not retrace")
def _(tf):
    log = []

    class Traced(tf.Module):
        @tf.function
        def __call__(self, x):
            log.append(("call", str(x.shape)))
            return x * 2

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def signed(self, x):
            log.append(("signed", str(x.shape)))
            return x + 1

    m = Traced()
    m(tf.constant(1.0))
    log.append("save 1")
    tf.saved_model.save(m, _folder(tf, "context1"))
    log.append("save 2")
    tf.saved_model.save(m, _folder(tf, "context2"))
    log.append("calls")
    m(tf.constant(1.0))
    m(tf.constant([1.0, 2.0]))
    log.append("save 3")
    folder = _folder(tf, "context3")
    tf.saved_model.save(m, folder)
    counts = m.__call__.experimental_get_tracing_count(), m.signed.experimental_get_tracing_count()
    log.append("signed called")  # its only trace was the save context's: it traces now
    m.signed(2.0)
    loaded = tf.saved_model.load(folder)
    return log, counts, m.signed.experimental_get_tracing_count(), \
        loaded(tf.constant([1.0, 3.0])).numpy().tolist(), float(loaded.signed(tf.constant(5.0)))


@case("TF's save context: an explicit signature from get_concrete_function is traced once more "
      "while saving; a function that makes its variable on first trace traces twice there")
def _(tf):
    log = []

    class Lazy(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = None

        @tf.function
        def __call__(self, x):
            log.append(("call", str(x.shape)))
            return x * 2

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def scaled(self, x):
            log.append(("scaled", str(x.shape)))
            if self.v is None:
                self.v = tf.Variable(2.0)
            return x * self.v

    m = Lazy()
    signature = m.__call__.get_concrete_function(tf.TensorSpec(None, tf.float32))
    log.append("save")
    folder = _folder(tf, "context_signature")
    tf.saved_model.save(m, folder, signatures=signature)
    log.append("call")
    result = float(m.scaled(3.0))
    loaded = tf.saved_model.load(folder)
    return log, result, m.__call__.experimental_get_tracing_count(), \
        m.scaled.experimental_get_tracing_count(), float(loaded.scaled(tf.constant(4.0))), \
        sorted(loaded.signatures)


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
