"""Keras's functional API: a model wired from `tf.keras.Input` through layer calls.

    >>> inputs = tf.keras.Input(shape=(3,))
    >>> x = tf.keras.layers.Dense(4, activation="relu")(inputs)
    >>> outputs = tf.keras.layers.Dense(2)(x)
    >>> model = tf.keras.Model(inputs=inputs, outputs=outputs)   # Model: "functional"
    >>> model(tf.ones([1, 3])).shape
    TensorShape([1, 2])

Calling a layer on a `KerasTensor` (what `Input` returns) computes nothing: the
layer is built for the tensor's shape, its `call` is traced once on
placeholders (as Keras 3 does, to learn the output's shape and dtype), and the
call is recorded as a *node*: layer, arguments, outputs. Each output
KerasTensor remembers its node (`_keras_history`: layer, node index, tensor
index). `Model(inputs, outputs)` walks back from the outputs to the inputs and
keeps the nodes in the order they must run; calling the model runs them on real
tensors. Its `layers` are the InputLayers and the layers used, in that order,
and `summary()` shows each layer's output shape (with a "Connected to" column
when the model is not a plain chain), as Keras 3 does.

`fit`, `evaluate` and `predict` take several inputs as a list or a dict of arrays
(or a dataset of dicts); a model with several outputs is compiled with a loss and
metrics per output (compile_outputs.py). A layer call may take KerasTensors in
several positional arguments (`Endpoint()(targets, logits)`), keyword arguments,
or lists, tuples and dicts of them.
Read next: models.py (Model, fit), saving.py (summary, save).
"""
from __future__ import annotations

from .. import dtypes
from ..graph.core import FuncGraph
from ..ops.sparse_ops import SparseTensor
from ..sparse_spec import SparseTensorSpec
from ..tensor import Tensor, convert_to_tensor
from . import call_losses, masking
from .input_layer import InputLayer, KerasTensor
from .layers import Layer, shape_text, unique_name
from .variables import name_scope

__all__ = ["Node", "FunctionalMixin", "symbolic_call", "is_symbolic", "build_functional"]


# -- nested arguments: a tensor, or lists, tuples and dicts of them ------------------------------
def _map(fn, structure):
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(fn, s) for s in structure)
    if isinstance(structure, dict):
        return {k: _map(fn, v) for k, v in structure.items()}
    return fn(structure)


def _flatten(structure) -> list:
    if isinstance(structure, (list, tuple)):
        return [x for s in structure for x in _flatten(s)]
    if isinstance(structure, dict):
        return [x for k in sorted(structure, key=str) for x in _flatten(structure[k])]
    return [structure]


def _with_paths(structure, prefix: str = "") -> list:
    """(path, leaf) pairs: "" for a lone tensor, "0", "1" in a list, "y" in a dict, "0.y"..."""
    if isinstance(structure, (list, tuple)):
        items = list(enumerate(structure))
    elif isinstance(structure, dict):
        items = [(k, structure[k]) for k in sorted(structure, key=str)]
    else:
        return [(prefix, structure)]
    return [pair for k, v in items
            for pair in _with_paths(v, f"{prefix}.{k}" if prefix else str(k))]


def is_symbolic(inputs) -> bool:
    """Whether a layer is being called on KerasTensors (the functional API)."""
    return any(isinstance(x, KerasTensor) for x in _flatten(inputs))


def inbound_nodes(layer) -> list:
    """The nodes that called `layer` on KerasTensors (Keras's `layer._inbound_nodes`)."""
    return layer.__dict__.setdefault("_inbound_nodes", [])


class Node:
    """One recorded layer call: `layer(*args, **kwargs)` gave `outputs` (KerasTensors)."""

    def __init__(self, layer, args: tuple, kwargs: dict, outputs):
        self.layer, self.args, self.kwargs, self.outputs = layer, args, kwargs, outputs
        self.input_tensors = [x for x in _flatten((args, kwargs)) if isinstance(x, KerasTensor)]
        nodes = inbound_nodes(layer)
        self.index = len(nodes)
        nodes.append(self)
        for i, tensor in enumerate(_flatten(outputs)):
            tensor._keras_history = (layer, self.index, i)


def input_node(layer: InputLayer, tensor: KerasTensor) -> Node:
    """The node of an InputLayer: no inputs, its one KerasTensor as output."""
    return Node(layer, (), {}, tensor)


def node_shape_text(node: Node) -> str:
    """A node's outputs as Keras 3's summary writes them: one shape, or "[(None, 3), (None, 3)]"
    (one axis: Keras writes "(None)", not Python's "(None,)")."""
    shapes = [shape_text(t.shape).replace(",)", ")") for t in _flatten(node.outputs)]
    return shapes[0] if len(shapes) == 1 else str(shapes).replace("'", "")


def first_node_tensors(layer, what: str):
    """`layer.input` / `layer.output` (Keras 3): the KerasTensors of the layer's first symbolic
    call, one tensor or a list; AttributeError for a layer never called on KerasTensors."""
    nodes = inbound_nodes(layer)
    if not nodes:
        raise AttributeError(f"The layer {layer.name} has never been called and thus has no "
                             f"defined {what}.")
    found = nodes[0].input_tensors if what == "input" else _flatten(nodes[0].outputs)
    return found[0] if len(found) == 1 else found


# -- calling a layer on KerasTensors ---------------------------------------------------------------
def _shape_of(structure):
    return _map(lambda t: t.shape if isinstance(t, KerasTensor) else None, structure)


def wiring_arguments(args: tuple, kwargs: dict) -> bool:
    """Whether a Model subclass is called as Keras 3's `Model(inputs, outputs)` is: with
    KerasTensors for both. (Keras 3 looks at what reaches `Model.__init__`; a subclass's own
    arguments, `ResnetBlock(1, [1, 2, 3])` passing only `name` on, make a subclassed model.)"""
    if len(args) == 2:
        inputs, outputs = args
    elif len(args) == 1 and "outputs" in kwargs:
        inputs, outputs = args[0], kwargs["outputs"]
    elif "inputs" in kwargs and "outputs" in kwargs:
        inputs, outputs = kwargs["inputs"], kwargs["outputs"]
    else:
        return False
    return is_symbolic(inputs) and is_symbolic(outputs)


_FUNCTIONAL_KINDS: dict = {}


def functional_subclass(cls, functional: type) -> type:
    """`cls` (`class CustomModel(keras.Model)`, called with inputs and outputs) with the
    Functional model's wiring under its own methods (its train_step), as Keras 3 makes it."""
    if cls not in _FUNCTIONAL_KINDS:
        _FUNCTIONAL_KINDS[cls] = type(cls.__name__, (cls, functional), {
            "__module__": cls.__module__, "__qualname__": cls.__qualname__})
    return _FUNCTIONAL_KINDS[cls]


def symbolic_call(layer: Layer, inputs, kwargs: dict, args: tuple = ()):
    """`layer(inputs, *args, **kwargs)` with KerasTensors: build the layer (for the first
    argument's shape, as Keras 3 builds a `build(input_shape)`), learn its outputs, record
    the node."""
    outputs = traced_outputs(layer, inputs, kwargs, args)
    Node(layer, (inputs, *args), dict(kwargs), outputs)
    return outputs


def traced_outputs(layer: Layer, inputs, kwargs: dict, args: tuple = ()):
    """The KerasTensors `layer` gives for KerasTensor `inputs`: built if need be, its call
    traced once on placeholders (Keras 3's compute_output_spec); no node recorded."""
    if not layer.built:
        shapes = _shape_of(inputs)
        with name_scope(layer.name):  # (Keras 3: a functional model's weights are "dense/kernel")
            layer._build_shape = shapes
            layer.build(shapes)
        layer.built = True
    graph = FuncGraph(f"{layer.name}_symbolic")
    with graph.as_default():  # Keras 3's compute_output_spec: trace call() once on placeholders
        names = iter(range(1 << 30))
        given_masks = {}  # id(mask placeholder) -> the input's mask KerasTensor

        def placeholder(t):
            if not isinstance(t, KerasTensor):
                return t
            value = _placeholder(graph, t, f"input_{next(names)}")
            if getattr(t, "_keras_mask", None) is not None:  # (the layer sees its mask too)
                mask = _placeholder(graph, t._keras_mask, f"input_{next(names)}")
                given_masks[id(mask)] = t._keras_mask
                masking.set_keras_mask(value, mask)
            return value
        # (KerasTensors in keyword arguments too: LSTM(...)(x, initial_state=[h, c]))
        symbolic = layer(_map(placeholder, inputs), *_map(placeholder, args),
                         **_map(placeholder, kwargs))
    call_losses.clear(layer)  # (Keras 3 keeps no add_loss of a symbolic call)

    def spec(t):
        if isinstance(t, SparseTensor):
            shape = None if t.shape.rank is None else tuple(t.shape.as_list())
            return KerasTensor(shape, t.dtype, sparse=True)
        if not isinstance(t, Tensor):
            raise TypeError(f"Layer {layer.name!r} returned {type(t).__name__} when called on a "
                            "KerasTensor; the functional API needs tensors (or lists, tuples, "
                            "dicts of them) as a layer's outputs.")
        shape = None if t.shape.rank is None else tuple(t.shape.as_list())
        output = KerasTensor(shape, declared or t.dtype)
        mask = masking.get_keras_mask(t)
        if mask is not None:  # (Keras 3: the mask a real call would attach, as a KerasTensor;
            # the input's own when it passes through, as a layer that supports_masking does)
            given = given_masks.get(id(mask))
            output._keras_mask = given if given is not None else KerasTensor(
                tuple(mask.shape.as_list()), mask.dtype)
        return output
    # (a layer whose Keras output spec names another dtype than its call gives: the lookups)
    declared = getattr(layer, "symbolic_dtype", None)
    return _map(spec, symbolic)


def _placeholder(graph, t: KerasTensor, name: str):
    """A graph input standing for `t` while a layer's call is traced (three for a sparse one)."""
    if getattr(t, "sparse", False):
        from types import SimpleNamespace
        spec = SparseTensorSpec(t.shape, dtypes.as_dtype(t.dtype))
        return spec.placeholder_value(SimpleNamespace(graph=graph, naming_scope=name))
    return graph.placeholder(dtypes.as_dtype(t.dtype), t.shape, name=name)


# -- the model -------------------------------------------------------------------------------------
def _parent(tensor) -> Node:
    layer, index, _ = tensor._keras_history
    return inbound_nodes(layer)[index]


def _map_graph(inputs, outputs) -> tuple:
    """(nodes, {id(node): depth}, layers) as Keras 3's map_graph orders them.

    A depth-first walk from the outputs finds the nodes (post-order: inputs first) and the
    order layers are first met (pre-order); a node's depth is the longest path to an output;
    a shared layer takes its deepest node's depth. Layers are listed deepest first, ties in
    the order first met; nodes run deepest first.
    """
    finished, active, post, first_seen = set(), set(), [], {}

    def visit(tensor):
        if getattr(tensor, "_keras_history", None) is None:
            raise ValueError(f"{tensor!r} was not made by a layer call or tf.keras.Input: a "
                             "functional model's outputs must come from its inputs through layers.")
        node = _parent(tensor)
        if id(node) in finished:
            return
        if id(node) in active:
            raise ValueError(f"Tensor {tensor!r} from operation '{node.layer.name}' is part of "
                             "a cycle.")
        first_seen.setdefault(id(node.layer), len(first_seen))
        active.add(id(node))
        for t in node.input_tensors:
            visit(t)
        active.discard(id(node))
        finished.add(id(node))
        post.append(node)
    for t in _flatten(outputs):
        visit(t)
    in_graph = {id(n) for n in post}
    depth, layer_depth = {}, {}
    for node in reversed(post):
        d = max(depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth[id(node)] = d
        for t in node.input_tensors:
            parent = _parent(t)
            if id(parent) in in_graph:
                depth[id(parent)] = max(d + 1, depth.get(id(parent), 0))
    for t in _flatten(inputs):  # inputs the outputs do not use still belong to the model
        node = _parent(t)
        if id(node) not in depth:
            post.append(node)
            depth[id(node)] = layer_depth[id(node.layer)] = 0
            first_seen[id(node.layer)] = -1
    order = {id(n): i for i, n in enumerate(post)}
    nodes = sorted(post, key=lambda n: (-depth[id(n)], order[id(n)]))
    layers = []
    for node in nodes:
        if all(node.layer is not layer for layer in layers):
            layers.append(node.layer)
    layers.sort(key=lambda layer: (-layer_depth[id(layer)], first_seen[id(layer)]))
    return nodes, depth, layers


def build_functional(model, inputs, outputs) -> None:
    """Sets up `model` (a `tf.keras.Model`) to run the graph from `inputs` to `outputs`."""
    for t in _flatten(inputs):
        history = getattr(t, "_keras_history", None)
        if not isinstance(t, KerasTensor) or history is None or \
                not isinstance(history[0], InputLayer):
            raise ValueError(f"All `inputs` of a functional model must be tf.keras.Input "
                             f"tensors; got {t!r}.")
    for t in _flatten(outputs):
        if not isinstance(t, KerasTensor):
            raise ValueError(f"All `outputs` of a functional model must be KerasTensors (made by "
                             f"calling layers on tf.keras.Input); got {t!r}.")
    nodes, depth, layers = _map_graph(inputs, outputs)
    computable = {id(t) for t in _flatten(inputs)}
    for node in nodes:
        if not isinstance(node.layer, InputLayer) and all(id(t) in computable
                                                          for t in node.input_tensors):
            computable.update(id(t) for t in _flatten(node.outputs))
    for path, t in _with_paths(outputs):
        if id(t) not in computable:  # (Keras 3's words)
            raise ValueError(f"Output with path `{path}` is not connected to `inputs`")
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) != 1:
            raise ValueError(f'The name "{name}" is used {names.count(name)} times in the '
                             "model. All operation names should be unique.")
    model._functional_inputs = inputs
    model._functional_outputs = outputs
    model._nodes = nodes
    model._node_depth = depth
    model.layers = layers
    model.built = True


class FunctionalMixin:
    """What a functional model adds to `tf.keras.Model` (functional_model.Functional mixes it in)."""

    _nodes = None  # set by build_functional: the nodes, in the order they run

    @property
    def _is_functional(self) -> bool:
        return self._nodes is not None

    # -- inputs and outputs, as Keras names them ------------------------------------------------
    @property
    def inputs(self) -> list:
        return _flatten(self._functional_inputs)

    @property
    def outputs(self) -> list:
        return _flatten(self._functional_outputs)

    @property
    def output_names(self) -> list:
        return [t._keras_history[0].name for t in self.outputs]

    @property
    def input(self):
        return self._functional_inputs

    @property
    def output(self):
        return self._functional_outputs

    def _functional_input_shape(self):
        return _map(lambda t: t.shape, self._functional_inputs)

    def _functional_output_shape(self):
        return _map(lambda t: t.shape, self._functional_outputs)

    # -- running the graph ------------------------------------------------------------------------
    def _bind_inputs(self, inputs) -> dict:
        """id(input KerasTensor) -> the tensor given for it (a structure like `inputs`, or a
        dict by input name, or a list for a dict of inputs)."""
        declared = self._functional_inputs
        flat_declared = _flatten(declared)
        if isinstance(inputs, dict) and not isinstance(declared, dict):
            names = [t.name for t in flat_declared]  # (Keras 3: by the Input tensors' names)
            if set(inputs) != set(names):
                raise ValueError(f"The structure of `inputs` doesn't match the expected "
                                 f"structure.\nExpected: {names}\nReceived: inputs="
                                 f"{ {k: 'Tensor' for k in inputs} }")
            layer_names = [t._keras_history[0].name for t in flat_declared]
            for name, layer_name in zip(names, layer_names):
                if name != layer_name:  # (Keras 3 then looks the inputs up by layer name too)
                    raise ValueError(f'Missing data for input "{layer_name}". You passed a data '
                                     f"dictionary with keys {list(inputs)}. Expected the "
                                     f"following keys: {layer_names}")
            given = [inputs[name] for name in names]
        else:
            given = _flatten(inputs) if isinstance(inputs, (list, tuple, dict)) else [inputs]
        if len(given) != len(flat_declared):
            raise ValueError(f"Layer {self.name!r} expects {len(flat_declared)} input(s), but it "
                             f"received {len(given)} input tensors.")
        bound = {}
        for i, (t, value) in enumerate(zip(flat_declared, given)):
            dtype = dtypes.as_dtype(t.dtype)
            if isinstance(value, SparseTensor):  # (an Input(sparse=True): its values cast)
                if value.dtype != dtype:
                    from ..ops import array_ops
                    value = value.with_values(array_ops.cast(value.values, dtype))
                bound[id(t)] = value
                continue
            if not isinstance(value, Tensor):
                value = convert_to_tensor(value, dtype_hint=dtype)
            if value.dtype != dtype and (value.dtype.is_floating or value.dtype.is_integer) \
                    and dtype.is_floating:
                from ..ops import array_ops
                value = array_ops.cast(value, dtype)  # Keras casts inputs to the input's dtype
            bound[id(t)] = _adjust_rank(self, i, value, t)
        return bound

    def _run_nodes(self, inputs, training=None, stop_before_last: bool = False):
        values = self._bind_inputs(inputs)
        nodes = [n for n in self._nodes if not isinstance(n.layer, InputLayer)]
        last = nodes[-1] if stop_before_last and nodes else None
        for node in nodes:
            args = _map(lambda x: values[id(x)] if isinstance(x, KerasTensor) else x, node.args)
            kwargs = _map(lambda x: values[id(x)] if isinstance(x, KerasTensor) else x,
                          node.kwargs)
            if training is not None:  # (Keras 3: the model's `training` wins over the node's)
                kwargs["training"] = training
            if node is last:
                return node, args, kwargs
            result = node.layer(*args, **kwargs)
            for t, value in zip(_flatten(node.outputs), _flatten(result)):
                values[id(t)] = value
        if stop_before_last:
            return None, None, None
        return _map(lambda t: values[id(t)], self._functional_outputs)

    def _functional_forward(self, x, training):
        """(y_pred, logits, activation name) as Sequential gives them: a last Dense with a
        softmax/sigmoid also gives the logits behind it (Keras 3's `_keras_logits`)."""
        from . import activations, layers as layers_module
        from ..ops import array_ops
        if not isinstance(self._functional_outputs, KerasTensor):
            return self._run_nodes(x, training), None, None
        node, args, kwargs = self._run_nodes(x, training, stop_before_last=True)
        if node is None:
            return self._run_nodes(x, training), None, None
        last = node.layer
        act = getattr(last, "activation", None)
        name = {activations.softmax: "softmax", activations.sigmoid: "sigmoid"}.get(act)
        if name is None or not isinstance(last, layers_module.Dense) or len(args) != 1 or \
                not isinstance(args[0], Tensor) or node.outputs is not self._functional_outputs:
            return last(*args, **kwargs), None, None
        out = last(*args, **kwargs)  # (builds, checks, records the output shape as usual)
        x = args[0] if args[0].dtype is last.dtype else array_ops.cast(args[0], last.dtype)
        logits = last.pre_activation(x)
        return out, logits, name

    # -- summary -----------------------------------------------------------------------------------
    def _sequential_like(self) -> bool:
        """Keras 3: a chain (one node per depth, each with one input, no shared layer) prints
        three columns; any other graph adds "Connected to"."""
        per_depth: dict = {}
        for node in self._nodes:
            per_depth.setdefault(self._node_depth[id(node)], []).append(node)
        if any(len(v) > 1 or len(v[0].input_tensors) > 1 for v in per_depth.values()):
            return False
        mine = {id(n) for n in self._nodes}
        return all(sum(id(n) in mine for n in inbound_nodes(layer)) <= 1 for layer in self.layers)

    def _summary_rows(self) -> list:
        """(layer, output shape text, connected-to text) for each layer."""
        mine = {id(n) for n in self._nodes}
        rows = []
        for layer in self.layers:
            nodes = [n for n in inbound_nodes(layer) if id(n) in mine]
            shape = node_shape_text(nodes[-1])
            links = [f"{t._keras_history[0].name}[{t._keras_history[1]}][{t._keras_history[2]}]"
                     for n in nodes for t in n.input_tensors]
            rows.append((layer, shape, ", ".join(links) or "-"))
        return rows

    # -- config ------------------------------------------------------------------------------------
    def _functional_config(self) -> dict:
        """Keras 3's layout: each layer's config with the calls that feed it (inbound nodes,
        the inputs named by [layer name, node index, tensor index])."""
        from .registration import get_registered_name
        from .serialization import serialize_keras_object
        mine = {id(n) for n in self._nodes}

        def ref(x):
            if isinstance(x, KerasTensor):
                layer, index, i = x._keras_history
                return {"class_name": "__keras_tensor__", "config": {
                    "shape": x.shape, "dtype": dtypes.as_dtype(x.dtype).name,
                    "keras_history": [layer.name, _local_index(layer, index, mine), i]}}
            if x is None or isinstance(x, (bool, int, float, str)):
                return x
            raise NotImplementedError(f"Saving a functional model whose layer call takes "
                                      f"{type(x).__name__} arguments is not supported.")
        layers = []
        for layer in self.layers:
            entry = {"class_name": type(layer).__name__, "registered_name":
                     None if type(layer) in _own_classes() else get_registered_name(type(layer)),
                     "name": layer.name}
            if isinstance(layer, InputLayer):
                entry["config"] = {"name": layer.name, "batch_shape": list(layer.batch_shape),
                                   "dtype": layer.dtype.name}
                entry["inbound_nodes"] = []
            else:
                # (Keras 3: layers or functions a custom layer's config holds, as entries)
                entry["config"] = serialize_keras_object(layer.get_config())
                entry["inbound_nodes"] = [{"args": _map(ref, list(n.args)),
                                           "kwargs": _map(ref, dict(n.kwargs))}
                                          for n in inbound_nodes(layer) if id(n) in mine]
            layers.append(entry)

        def io(x):
            layer, index, i = x._keras_history
            return [layer.name, _local_index(layer, index, mine), i]
        return {"name": self.name, "trainable": self.trainable, "layers": layers,
                "input_layers": _map(io, self._functional_inputs),
                "output_layers": _map(io, self._functional_outputs)}


def _own_classes() -> set:
    from .layers import LAYER_CLASSES
    return set(LAYER_CLASSES.values())


def _local_index(layer, index: int, mine: set) -> int:
    """A node's index among the layer's nodes that belong to this model."""
    return sum(id(n) in mine for n in inbound_nodes(layer)[:index])


def _adjust_rank(model, i: int, value: Tensor, declared: KerasTensor) -> Tensor:
    """Keras 3: an input one rank short of a last dimension of 1 gets it (and an extra last
    dimension of 1 goes); any other shape that cannot fit is Keras's error."""
    from ..ops import array_ops
    expected = declared.shape
    if expected is None:
        return value
    shape = tuple(value.shape.as_list()) if value.shape.rank is not None else None
    if shape is None:
        return value
    if len(shape) == len(expected) - 1 and expected[-1] == 1:
        value, shape = array_ops.expand_dims(value, -1), shape + (1,)
    elif len(shape) == len(expected) + 1 and shape[-1] == 1:
        value, shape = array_ops.squeeze(value, -1), shape[:-1]
    if len(shape) != len(expected) or any(e is not None and s is not None and e != s
                                          for e, s in zip(expected[1:], shape[1:])):
        raise ValueError(f"Input {i} with name '{declared._keras_history[0].name}' of layer "
                         f"'{model.name}' is incompatible with the layer: "
                         f"expected shape={shape_text(expected)}, found shape="
                         f"{shape_text(shape)}")
    return value


def from_config(model_cls, config: dict, custom_objects=None):
    """Rebuilds a functional model from `_functional_config`: layers from the engine's own
    classes, the registry or `custom_objects` (never code from the file), called in order."""
    from .registration import CustomObjectScope
    with CustomObjectScope(custom_objects):  # (seen by the layers' own look-ups: activations)
        return _from_config(model_cls, config, custom_objects)


def _from_config(model_cls, config: dict, custom_objects=None):
    from .layers import Input, LAYER_CLASSES
    from .registration import get_registered_object
    made: dict = {}   # layer name in the config -> (layer, [node outputs, ...])

    def resolve(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            name, index, i = x["config"]["keras_history"]
            outputs = made[name][1][index]
            return _flatten(outputs)[i]
        if isinstance(x, list):
            return [resolve(v) for v in x]
        if isinstance(x, dict):
            return {k: resolve(v) for k, v in x.items()}
        return x
    for entry in config["layers"]:
        kind, cfg = entry["class_name"], dict(entry["config"])
        if kind == "InputLayer":
            shape = cfg["batch_shape"]
            tensor = Input(shape=shape[1:], batch_size=shape[0], dtype=cfg.get("dtype"),
                           name=cfg["name"])
            made[cfg["name"]] = (tensor._keras_history[0], [tensor])
            continue
        if kind == "Functional":  # a functional model used as a layer of this one
            layer = from_config(model_cls, cfg, custom_objects)
        elif kind == "Sequential":  # (so is a Sequential)
            from .sequential import Sequential
            layer = Sequential.from_config(cfg)
        else:
            cls = LAYER_CLASSES.get(kind) or get_registered_object(
                entry.get("registered_name") or kind, custom_objects)
            if not (isinstance(cls, type) and issubclass(cls, Layer)):
                raise TypeError(f"Could not locate class {kind!r}: pass it in custom_objects "
                                f"({{{kind!r}: {kind}}}) or register it with "
                                "@tf.keras.utils.register_keras_serializable().")
            layer = cls.from_config(cfg)
        outputs = []
        for node in entry["inbound_nodes"]:
            args, kwargs = resolve(node["args"]), resolve(node["kwargs"])
            outputs.append(layer(*args, **kwargs))
        # (by the config's name: a class whose get_config leaves the name out gets a new one)
        made[entry.get("name", layer.name)] = (layer, outputs)

    def io(ref):
        if isinstance(ref, list) and len(ref) == 3 and isinstance(ref[0], str):
            name, index, i = ref
            return _flatten(made[name][1][index])[i]
        if isinstance(ref, list):
            return [io(r) for r in ref]
        return {k: io(v) for k, v in ref.items()}
    return model_cls(inputs=io(config["input_layers"]), outputs=io(config["output_layers"]),
                     name=config.get("name"))


def new_name() -> str:
    return unique_name("functional")
