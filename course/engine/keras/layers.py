"""`tf.keras.layers`: the building blocks of a model.

A layer is a `tf.Module` with Keras 3's two-step life:

- `build(input_shape)` creates the weights, once, the first time the layer
  sees an input (so `Dense(512)` need not be told its input size);
- `call(inputs, training=None)` computes the output. `training=True` during
  `fit` and False in `predict`/`evaluate`: only Dropout cares here.

    >>> layer = tf.keras.layers.Dense(2, kernel_initializer="ones")
    >>> layer(tf.constant([[1.0, 2.0]]))      # builds a (2, 2) kernel, then calls
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[3., 3.]], dtype=float32)>

Weights are made by `add_weight` (Keras variables with a path, see
variables.py); a layer's `weights` (and `variables`, `trainable_variables`) are
its own weights in creation order, then those of the layers it holds, in the
order they were assigned: Keras 3's tracking. A plain `tf.Variable` assigned
to a layer is not a weight (as in Keras 3). Read next: models.py (Sequential).
"""
from __future__ import annotations

import contextvars
import re
import warnings

import numpy as np

from .. import dtypes
from ..module import Module
from ..ops import array_ops, math_ops
from ..ops.sparse_math_ops import sparse_dense_matmul
from ..ops.sparse_ops import SparseTensor
from ..tensor import Tensor, convert_to_tensor
from . import (activations, call_losses, dtype_policies, initializers, masking,
               random as keras_random, regularizers)
from .call_errors import with_call_arguments
from .variables import KerasVariable, current_path, name_scope

__all__ = ["Layer", "InputLayer", "Input", "Flatten", "Dense", "Dropout",
           "Activation", "Softmax", "Lambda", "Conv2D", "MaxPooling2D", "Normalization",
           "Discretization", "Rescaling", "BatchNormalization", "Embedding", "GlobalAveragePooling1D", "Masking",
           "RNN", "SimpleRNN", "GRU", "LSTM", "SimpleRNNCell", "GRUCell", "LSTMCell",
           "Bidirectional", "Concatenate", "StringLookup", "IntegerLookup", "TextVectorization",
           "CategoryEncoding", "Conv2DTranspose", "Reshape", "ZeroPadding2D", "UpSampling2D", "ReLU",
           "LeakyReLU",
           "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalMaxPooling1D", "Add",
           "Subtract", "Multiply", "Average", "Maximum", "Minimum", "add", "subtract",
           "multiply", "average", "maximum", "minimum", "concatenate", "LayerNormalization",
           "Conv1D", "GlobalAvgPool2D", "GlobalMaxPool2D", "GlobalMaxPool1D", "Convolution1D",
           "RandomFlip", "RandomRotation", "RandomZoom"]

# Keras names layers "dense", "dense_1", ... in creation order; clear_session resets.
_NAME_COUNTS: dict[str, int] = {}


def unique_name(prefix: str) -> str:
    n = _NAME_COUNTS.get(prefix, 0)
    _NAME_COUNTS[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"


def _snake(name: str) -> str:
    """Keras's default layer names: "Dense" -> "dense", "MaxPooling2D" -> "max_pooling2d"."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()  # (a digit before a capital: no _)


# While load_model builds a model from a file, what its weights may take (a _WeightBudget of
# saving.py): a config declaring absurd sizes is refused before anything is allocated.
WEIGHT_BUDGET: contextvars.ContextVar = contextvars.ContextVar("weight_budget", default=None)
_TAKES_TRAINING: dict = {}  # layer class -> whether its call() accepts `training`


def _takes_training(cls, arg: str = "training") -> bool:
    takes = _TAKES_TRAINING.get((cls, arg))
    if takes is None:
        import inspect
        params = inspect.signature(cls.call).parameters.values()
        takes = _TAKES_TRAINING[(cls, arg)] = any(p.name == arg or p.kind is p.VAR_KEYWORD
                                                  for p in params)
    return takes


def shape_text(shape) -> str:
    """(None, 784): how Keras prints a shape whose batch size is unknown."""
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + dims[0] + ",)" if len(dims) == 1 else "(" + ", ".join(dims) + ")"


class Layer(Module):
    """Base class of all layers. Mirrors `keras.Layer` (Keras 3).

    Subclasses override `build(input_shape)` (create weights with
    `add_weight`) and `call(inputs, training=None)`.
    """

    _WRAP_CONTAINERS = False  # Keras 3 layers keep lists that print as lists (tf.Module wraps them)
    supports_masking = False  # passes an input's mask on (compute_mask): see masking.py

    @staticmethod
    def _check_name(name: str) -> None:
        # Keras 3 takes any string without "/" ("", spaces, digits first), unlike tf.Module
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name} (of type {type(name)})")

    def __init__(self, name: str | None = None, trainable: bool = True, dtype=None,
                 input_shape=None, autocast: bool = True, **kwargs):
        # (Keras names the layer first: a layer that fails below still used up its name)
        super().__init__(name=name if name is not None else unique_name(_snake(type(self).__name__)))
        # Keras 3: `input_dim=n` is `input_shape=(n,)`; given both, input_shape is left over
        input_dim = kwargs.pop("input_dim", None)
        if input_dim is not None:
            if input_shape is not None:
                kwargs["input_shape"] = input_shape
            input_shape = (input_dim,)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                             f"{kwargs}")
        self.trainable = trainable
        self.built = False
        # (the compute and weight dtypes: dtype_policies.py; None takes the global policy)
        self.dtype_policy, self.autocast = dtype_policies.as_policy(dtype), autocast
        self.dtype = dtypes.as_dtype(self.dtype_policy.variable_dtype)
        self._input_shape_arg = None
        self._expected_last_dim = None  # set by build: what later inputs must match
        # What summary() shows for a layer no model called symbolically: the output shape of
        # the call that built it (Keras 3's rule, keras/saving.py)
        self._built_output_shape = None
        self._build_shape = None
        self._own_weights: list = []  # what add_weight made, in creation order
        if type(self).compute_mask is not Layer.compute_mask:  # (Keras 3: a layer with its own
            self.supports_masking = True                        # compute_mask uses it)
        if input_shape is not None:
            # Keras 3 still accepts this, with a warning that points to Input(shape).
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When "
                          "using Sequential models, prefer using an `Input(shape)` object as the "
                          "first layer in the model instead.", UserWarning, stacklevel=2)
            self._input_shape_arg = (None,) + tuple(input_shape)

    # -- the two methods a subclass writes ------------------------------------------
    def build(self, input_shape) -> None:
        """Creates the weights for inputs of `input_shape` (batch size may be None)."""
        self.built = True

    def call(self, inputs, training=None):
        """The computation. Override this, not `__call__`."""
        return inputs

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    @property
    def input(self):
        """The KerasTensor(s) of this layer's first call in a functional model or a built
        Sequential (Keras 3's `layer.input`), e.g. to build a feature extractor."""
        from .functional import first_node_tensors
        return first_node_tensors(self, "input")

    @property
    def output(self):
        """The KerasTensor(s) this layer's first symbolic call gave (Keras 3's `layer.output`):
        `tf.keras.Model(model.inputs, model.layers[-2].output)` is a feature extractor."""
        from .functional import first_node_tensors
        return first_node_tensors(self, "output")

    def compute_mask(self, inputs, previous_mask=None):
        """The output's mask (masking.py): by default the input's, unchanged."""
        return previous_mask

    # -- what the base class does for every layer -----------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        from .functional import is_symbolic, symbolic_call
        if is_symbolic((inputs, args)):  # the functional API: x = Dense(3)(inputs); functional.py
            return symbolic_call(self, inputs, kwargs, args)
        training = kwargs.pop("training", None)
        previous_mask = kwargs.get("mask")
        if previous_mask is None:  # Keras 3: the mask attached to the input (masking.py)
            previous_mask = masking.get_keras_mask(inputs)
            if previous_mask is not None and _takes_training(type(self), "mask"):
                kwargs["mask"] = previous_mask
        inputs = self._convert_inputs(inputs)
        building = not self.built
        if building and _built_by_a_symbolic_run(self, inputs):
            _symbolic_run(self, inputs)
        # (weights made while building get this layer's path; the outermost call clears the
        # losses add_loss kept from the last one: call_losses.py)
        with name_scope(self.name), call_losses.call_scope(self):
            if building:
                # (saved with a subclassed model: Keras's build_config)
                self._build_shape = _shapes(inputs)
                self.build(self._build_shape)
                self.built = True
            elif self._expected_last_dim is not None and inputs.shape[-1] != self._expected_last_dim:
                raise ValueError(  # (Keras's InputSpec check: a tensor's name is 'None')
                    f"Input 0 with name 'None' of layer '{self.name}' is incompatible with the "
                    f"layer: expected axis -1 of input shape to have value "
                    f"{self._expected_last_dim}, but received input with shape "
                    f"{shape_text(inputs.shape)}")
            if _takes_training(type(self)):  # (Keras passes `training` only to a call() naming it)
                kwargs["training"] = training
            try:
                with dtype_policies.layer_autocast(self.dtype_policy, self.autocast):
                    outputs = self.call(inputs, *args, **kwargs)
            except Exception as error:  # Keras 3 names the call and its arguments (call_errors.py)
                framed = with_call_arguments(self, error, (inputs, *args), kwargs)
                if framed is None:
                    raise
                raise framed from None
        if previous_mask is not None or self.supports_masking:
            masking.output_mask(self, inputs, outputs, previous_mask)
        if building and isinstance(outputs, Tensor) and outputs.shape.rank is not None:
            self._built_output_shape = tuple(outputs.shape.as_list())
        return outputs

    # Keras 3 casts floating inputs to the layer's compute dtype and leaves integers alone:
    # Flatten, Reshape, Concatenate or ReLU of int32 give int32. A layer whose math promotes
    # them, as Keras's ops do (a matmul with a float kernel, a mean), sets this.
    float_math = False

    @property
    def compute_dtype(self) -> str:
        """The dtype of the layer's computations and outputs: its policy's ("float16")."""
        return self.dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype of the layer's weights: its policy's ("float32")."""
        return self.dtype_policy.variable_dtype

    def _convert_inputs(self, inputs):
        """A tensor, floats cast to the compute dtype (integers too if `float_math`); a list,
        tuple or dict of tensors (a layer taking several inputs) item by item."""
        if isinstance(inputs, (list, tuple)) and inputs and all(
                isinstance(x, (Tensor, np.ndarray)) for x in inputs):
            return type(inputs)(self._convert_inputs(x) for x in inputs)
        if isinstance(inputs, dict):
            return {k: self._convert_inputs(v) for k, v in inputs.items()}
        if isinstance(inputs, SparseTensor):  # (its values, cast as a tensor would be)
            return inputs.with_values(self._convert_inputs(inputs.values))
        if not isinstance(inputs, Tensor):  # (NumPy's int64 stays int64, as in Keras)
            inputs = convert_to_tensor(inputs)
        compute = dtypes.as_dtype(self.dtype_policy.compute_dtype)
        if inputs.dtype is not compute and (self.float_math and inputs.dtype.is_integer or
                                            inputs.dtype.is_floating and compute.is_floating
                                            and self.autocast):
            inputs = array_ops.cast(inputs, compute)
        return inputs

    def add_weight(self, shape=(), initializer="glorot_uniform", name: str | None = None,
                   trainable: bool = True, dtype=None, regularizer=None,
                   autocast: bool = True) -> KerasVariable:
        """Creates a weight from an initializer. Mirrors `Layer.add_weight`.

        `dtype="int"` is Keras's int64. The weight's path is the enclosing layers'
        names and its own (`"sequential/dense/kernel"`). `autocast=False`: a mixed
        layer's call reads it in its own dtype (dtype_policies.py).
        """
        dtype = dtypes.int64 if dtype == "int" else dtypes.as_dtype(dtype or self.dtype)
        if name is None:
            name = f"variable_{len(self._own_weights)}" if self._own_weights else "variable"
        budget = WEIGHT_BUDGET.get()
        if budget is not None:  # building from a file: count before allocating (saving.py)
            budget.charge(shape, dtype, self.name)
        if initializer is None:  # Keras 3: even a bias given bias_initializer=None draws
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        value = initializers.get(initializer)(tuple(shape), dtype=dtype)
        weight = KerasVariable(value, name=name, path=f"{current_path(self.name)}/{name}",
                               trainable=trainable and self.trainable, dtype=dtype)
        weight.regularizer = regularizers.get(regularizer)
        weight._autocast = autocast
        self._own_weights.append(weight)
        return weight

    @property
    def losses(self) -> list:
        """The penalties of the trainable weights' regularizers, computed now (Keras 3's
        `layer.losses`); `fit` adds their sum to the loss."""
        penalties = [w.regularizer(w) for w in self.trainable_weights if w.regularizer is not None]
        return penalties + call_losses.collected(self)  # and what add_loss kept (call_losses.py)

    def add_loss(self, loss) -> None:
        """Adds `loss` (a scalar tensor) to `layer.losses` until the next call. Mirrors
        `Layer.add_loss`: `fit` adds it to the loss it minimizes."""
        call_losses.add(self, loss)

    # -- what Keras 3 tracks: own weights, then the layers held in attributes ----------------------
    def _sublayers(self) -> list:
        """The layers held in attributes (or in lists/tuples/dicts there), in assignment order."""
        found, ignored = [], self._TF_MODULE_IGNORED_PROPERTIES
        for key, value in vars(self).items():
            if key in ignored:
                continue
            items = value.values() if isinstance(value, dict) else \
                value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, Layer) and item is not self and all(item is not f for f in found):
                    found.append(item)
        return found

    @property
    def weights(self) -> list:
        """Own weights (trainable ones first, each in creation order), then each held layer's."""
        own = [w for w in self._own_weights if w.trainable] + \
            [w for w in self._own_weights if not w.trainable]
        return _unique(own + [w for layer in self._sublayers() for w in layer.weights])

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return _unique([w for w in self._own_weights if w.trainable] +
                       [w for layer in self._sublayers() for w in layer.trainable_weights])

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights
        return _unique([w for w in self._own_weights if not w.trainable] +
                       [w for layer in self._sublayers() for w in layer.non_trainable_weights])

    def _checkpoint_children(self) -> list:
        """What `tf.train.Checkpoint` saves of a layer, named as Keras 3 on TF names them
        (`l/_kernel`, `l/bias`): tracking.attribute_children, without metrics and seed
        generators. A layer held only in a list is not saved, as in TF."""
        from .. import tracking
        from .metrics import Metric
        return [(k, v) for k, v in tracking.attribute_children(self)
                if not isinstance(v, (Metric, keras_random.SeedGenerator))]

    # Keras 3: a layer's variables are its weights (not every tf.Variable in its attributes).
    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def count_params(self) -> int:
        """How many numbers the layer's weights hold."""
        return int(sum(np.asarray(w._value).size for w in self.weights))

    def get_weights(self) -> list:
        """The weights as NumPy arrays (copies)."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Assigns NumPy arrays to the weights, in `weights` order."""
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"Layer {self.name!r} expects {len(mine)} weights, but the given "
                             f"weights list has {len(weights)} entries.")
        for w, value in zip(mine, weights):
            w.assign(np.asarray(value, dtype=w.dtype.as_numpy_dtype))

    def get_config(self) -> dict:
        """The layer's constructor arguments; here the base's: name, trainable and the dtype
        (Keras 3 writes its dtype policy's entry)."""
        return {"name": self.name, "trainable": self.trainable,
                "dtype": {"module": "keras", "class_name": "DTypePolicy",
                          "config": {"name": self.dtype_policy.name}, "registered_name": None}}

    @classmethod
    def from_config(cls, config: dict):
        """A new layer from `get_config()`'s dict. Mirrors `Layer.from_config`."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _built_by_a_symbolic_run(layer, inputs) -> bool:
    """Keras 3 builds a layer without a `build` of its own that holds unbuilt layers by
    running its call once on KerasTensors before the first real call (so a `print` in
    `call` shows twice), eagerly and while tracing alike; models keep their own way
    (models.py)."""
    from .models import Model
    return type(layer).build is Layer.build and not isinstance(layer, Model) and \
        isinstance(inputs, Tensor) and inputs.shape.rank is not None and \
        any(not sub.built for sub in layer._sublayers())


def _symbolic_run(layer, inputs) -> None:
    from .functional import traced_outputs
    from .input_layer import KerasTensor
    try:
        traced_outputs(layer, KerasTensor(tuple(inputs.shape.as_list()), inputs.dtype,
                                          name=f"{layer.name}_input"), {})
    except Exception:  # noqa: BLE001 - (Keras 3: the real call then builds what it needs)
        layer.built = False


def _shapes(inputs):
    """The input shape(s) `build` gets: a tuple, or a list/dict of them for several inputs."""
    if isinstance(inputs, (list, tuple)):
        return [_shapes(x) for x in inputs]
    if isinstance(inputs, dict):
        return {k: _shapes(v) for k, v in inputs.items()}
    return tuple(inputs.shape)


def _unique(weights: list) -> list:
    """Each weight once (a layer shared by two parents is counted once), in order."""
    out, seen = [], set()
    for w in weights:
        if id(w) not in seen:
            seen.add(id(w))
            out.append(w)
    return out


class Flatten(Layer):
    """Reshapes (batch, d1, d2, ...) to (batch, d1*d2*...). Mirrors `keras.layers.Flatten`."""

    def call(self, inputs, training=None):
        size = self.compute_output_shape(tuple(inputs.shape))[1]
        # (-1, 784) also works while tracing, when the batch size is still unknown
        return array_ops.reshape(inputs, (-1, size) if size is not None else (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape) -> tuple:
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else int(np.prod(rest))
        return (input_shape[0], size)


def kernel_options(layer, activation, use_bias: bool, kernel_initializer, bias_initializer,
                   kernel_regularizer=None, bias_regularizer=None) -> None:
    """What Dense and the convolutions share: an activation, and a kernel (and a bias if
    `use_bias`) made by these initializers, penalized by these regularizers; no weights yet."""
    layer.activation = activations.get(activation)
    layer.use_bias = use_bias
    layer.kernel_initializer = initializers.get(kernel_initializer)
    layer.bias_initializer = initializers.get(bias_initializer)
    layer.kernel_regularizer = regularizers.get(kernel_regularizer)
    layer.bias_regularizer = regularizers.get(bias_regularizer)
    layer._kernel = None  # (Keras 3's attribute: a checkpoint names it `_kernel`)
    layer.bias = None


class Dense(Layer):
    """A fully connected layer: `activation(inputs @ kernel + bias)`. Mirrors `keras.layers.Dense`.

    >>> d = tf.keras.layers.Dense(1, kernel_initializer=tf.keras.initializers.Constant(2.0),
    ...                           bias_initializer=tf.keras.initializers.Constant(1.0))
    >>> d(tf.constant([[1.0, 3.0]]))           # 1*2 + 3*2 + 1
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[9.]], dtype=float32)>
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    supports_masking = True  # Keras 3: the input's mask passes through

    def __init__(self, units: int, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or units <= 0:  # (Keras 3: a NumPy integer is refused too)
            raise ValueError(f"Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        self.units = int(units)
        kernel_options(self, activation, use_bias, kernel_initializer, bias_initializer,
                       kernel_regularizer, bias_regularizer)

    @property
    def kernel(self):
        """The (input size, units) weight matrix (None until the layer is built)."""
        return self._kernel

    def build(self, input_shape) -> None:
        in_dim = input_shape[-1]
        if in_dim is None:
            raise ValueError(f"Dense layer '{self.name}' needs a known last input dimension; "
                             f"got input shape {shape_text(input_shape)}.")
        self._kernel = self.add_weight((in_dim, self.units), self.kernel_initializer, "kernel",
                                       regularizer=self.kernel_regularizer)
        if self.use_bias:
            self.bias = self.add_weight((self.units,), self.bias_initializer, "bias",
                                        regularizer=self.bias_regularizer)
        self._expected_last_dim = int(in_dim)
        self.built = True

    def call(self, inputs, training=None):
        return self.activation(self.pre_activation(inputs))

    def pre_activation(self, inputs) -> Tensor:
        """inputs @ kernel + bias: the logits, when the activation is softmax."""
        x = sparse_dense_matmul(inputs, self.kernel) if isinstance(inputs, SparseTensor) else \
            math_ops.matmul(inputs, self.kernel)
        return math_ops.add(x, self.bias) if self.use_bias else x

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer)}


class Dropout(Layer):
    """While training, zeroes a fraction `rate` of the inputs and scales the rest by 1/(1-rate).

    At inference (`training` False or None) it passes inputs through, so the
    expected value of every unit is the same in both modes. Mirrors `keras.layers.Dropout`.
    """

    supports_masking = True  # Keras 3: the input's mask passes through

    def __init__(self, rate: float, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float "
                             f"value between 0 and 1. Received: rate={rate}")
        self.rate = float(rate)
        self.seed = seed
        if self.rate > 0:  # (as Keras: only a dropout that draws takes a seed)
            self.seed_generator = keras_random.SeedGenerator(seed)
        self.built = True  # (no weights: Keras builds it at once, a summary shows 0, not unbuilt)

    def call(self, inputs, training=None):
        if not training or self.rate == 0:
            return inputs
        return keras_random.dropout(inputs, self.rate, self.seed_generator)

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


# Layers in modules of their own (they import Layer from here), exported here as tf.keras.layers
from .input_layer import Input, InputLayer  # noqa: E402
from .conv_layers import Conv2D, Conv2DTranspose, MaxPooling2D  # noqa: E402
from .preprocessing_layers import Discretization, Normalization, Rescaling  # noqa: E402
from .normalization_layers import BatchNormalization, LayerNormalization  # noqa: E402
from .conv1d_layers import Conv1D  # noqa: E402
from .sequence_layers import Embedding, GlobalAveragePooling1D, Masking  # noqa: E402
from .recurrent_cells import GRUCell, LSTMCell, SimpleRNNCell  # noqa: E402
from .recurrent import GRU, LSTM, RNN, SimpleRNN  # noqa: E402
from .bidirectional import Bidirectional  # noqa: E402
from .merge_layers import Concatenate  # noqa: E402
from .merge_layers import Add, Average, Maximum, Minimum, Multiply, Subtract  # noqa: E402
from .merge_layers import (add, average, concatenate, maximum, minimum, multiply,  # noqa: E402
                           subtract)
from .reshaping_layers import Reshape, UpSampling2D, ZeroPadding2D  # noqa: E402
from .activation_layers import LeakyReLU, ReLU  # noqa: E402
from .pooling_layers import (GlobalAveragePooling2D, GlobalMaxPooling1D,  # noqa: E402
                             GlobalMaxPooling2D)
from .function_layers import Activation, Lambda, Softmax  # noqa: E402
from .lookup_layers import CategoryEncoding, IntegerLookup, StringLookup  # noqa: E402
from .text_vectorization import TextVectorization  # noqa: E402
from .augmentation_layers import RandomFlip, RandomRotation, RandomZoom  # noqa: E402

# Keras's other names for the same classes
GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D
GlobalMaxPool1D, Convolution1D = GlobalMaxPooling1D, Conv1D

# The layers a saved config may name (saving.py): no other class is ever built from a file.
LAYER_CLASSES = {cls.__name__: cls for cls in (InputLayer, Flatten, Dense, Dropout, Activation,
                                               Softmax, Lambda, Conv2D, MaxPooling2D,
                                               Normalization, Rescaling, BatchNormalization,
                                               Embedding, GlobalAveragePooling1D, Masking, RNN,
                                               SimpleRNN, GRU, LSTM, SimpleRNNCell, GRUCell,
                                               LSTMCell, Bidirectional, Concatenate,
                                               StringLookup, IntegerLookup, CategoryEncoding,
                                               Conv2DTranspose, Reshape, ZeroPadding2D, ReLU,
                                               LeakyReLU, GlobalAveragePooling2D,
                                               GlobalMaxPooling2D, GlobalMaxPooling1D, Add,
                                               Subtract, Multiply, Average, Maximum, Minimum,
                                               LayerNormalization, Conv1D, UpSampling2D,
                                               TextVectorization)}
LAYER_CLASSES.update({cls.__name__: cls for cls in (RandomFlip, RandomRotation, RandomZoom)})

# keras.layers.serialize / deserialize (serialization.py)
from .serialization import deserialize_layer as deserialize  # noqa: E402
from .serialization import serialize_layer as serialize  # noqa: E402
__all__ += ["serialize", "deserialize"]

from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.layers", __name__, name)
