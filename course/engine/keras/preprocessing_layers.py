"""`tf.keras.layers.Normalization`, `Rescaling` and `Discretization`: layers that prepare raw
inputs.

`Normalization` learns a mean and a variance from data with `adapt`, then
maps each input to `(x - mean) / sqrt(variance)`:

    >>> norm = tf.keras.layers.Normalization()
    >>> norm.adapt(np.array([[1.0], [3.0]]))
    >>> norm(np.array([[3.0]]))          # (3 - 2) / 1
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[1.]], dtype=float32)>

`Rescaling(scale, offset)` computes `x * scale + offset` (e.g. 1/255 for pixels).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..ops import array_ops, math_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from . import backend
from .layers import Layer

__all__ = ["Normalization", "Rescaling", "Discretization"]


class Normalization(Layer):
    """Standardizes features: `(x - mean) / sqrt(variance)`. Mirrors `keras.layers.Normalization`.

    `axis` names the axes that keep their own statistics (default -1: one mean
    per feature); `axis=None` uses one mean for everything. Give `mean` and
    `variance`, or learn them with `adapt(data)`. The learned statistics are
    non-trainable weights (`mean`, `variance`, and Keras's `count`).
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError(f"When setting values directly, both `mean` and `variance` must be "
                             f"set. Received: mean={mean} and variance={variance}")
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError(f"When setting values directly, `mean` and `variance` must have the "
                             f"same shape. Received: mean shape {np.shape(mean)} and variance "
                             f"shape {np.shape(variance)}")
        self.input_mean, self.input_variance, self.invert = mean, variance, invert
        self.mean = self.variance = None  # tensors shaped to broadcast against inputs

    def build(self, input_shape) -> None:
        ndim = len(input_shape)
        if any(not -ndim <= a < ndim for a in self.axis):
            raise ValueError(f"All `axis` values must be in the range [-ndim, ndim). Received "
                             f"inputs with ndim={ndim}, while axis={self.axis}")
        self._keep = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep:
            if input_shape[d] is None:
                raise ValueError(f"All `axis` values to be kept must have a known shape. "
                                 f"Received axis={self.axis}, inputs.shape={input_shape}, with "
                                 f"unknown axis at index {d}")
        self._reduce = tuple(d for d in range(ndim) if d not in self._keep)
        self._broadcast = [input_shape[d] if d in self._keep else 1 for d in range(ndim)]
        self._build_input_shape = tuple(input_shape)
        stats_shape = tuple(input_shape[d] for d in self._keep)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(stats_shape, "zeros", "mean", trainable=False)
            self.adapt_variance = self.add_weight(stats_shape, "ones", "variance", trainable=False)
            self.count = self.add_weight((), "zeros", "count", trainable=False, dtype="int")
            self.built = True
            self._finalize()
        else:
            self.mean = self._shaped(self.input_mean)
            self.variance = self._shaped(self.input_variance)
            self.built = True

    def _shaped(self, value) -> Tensor:
        """Statistics given for the kept axes, reshaped to broadcast against the inputs."""
        value = np.asarray(value, dtype=dtypes.as_dtype(self.compute_dtype).as_numpy_dtype)
        if value.ndim:
            expanded = [1] * len(self._broadcast)
            for i in range(1, value.ndim + 1):
                expanded[self._keep[-i]] = value.shape[-i]
            value = value.reshape(expanded)
        return convert_to_tensor(np.broadcast_to(value, self._broadcast).copy())

    def _finalize(self) -> None:
        self.mean = array_ops.reshape(self.adapt_mean, self._broadcast)
        self.variance = array_ops.reshape(self.adapt_variance, self._broadcast)

    def adapt(self, data) -> None:
        """Learns the mean and variance of `data` (an array or tensor, or a list of batches)."""
        # as Keras: an array or tensor is the data; any other iterable yields batches of it
        batches = [data] if isinstance(data, (np.ndarray, Tensor)) else list(data)
        batches = [np.asarray(b._value if isinstance(b, Tensor) else b, dtype=np.float64)
                   for b in batches]
        if not batches:
            raise ValueError("adapt() received an empty iterable (no batches).")
        shape = batches[0].shape
        if not self.built:
            self.build(shape)
        else:
            for d in self._keep:
                if shape[d] != self._build_input_shape[d]:
                    raise ValueError(f"The layer was built with input_shape="
                                     f"{self._build_input_shape}, but adapt() is being called "
                                     f"with data with an incompatible shape, data.shape={shape}")
        # Chan et al.'s pooled mean and variance: batch by batch, exact, as Keras combines them
        total, mean, var = 0, 0.0, 0.0
        for b in batches:
            n = int(np.prod([b.shape[d] for d in self._reduce])) if self._reduce else 1
            b_mean, b_var = b.mean(axis=self._reduce), b.var(axis=self._reduce)
            total += n
            w = n / total
            new_mean = mean * (1 - w) + b_mean * w
            var = (var + (mean - new_mean) ** 2) * (1 - w) + (b_var + (b_mean - new_mean) ** 2) * w
            mean = new_mean
        self.adapt_mean.assign(np.asarray(mean, dtype=self.dtype.as_numpy_dtype))
        self.adapt_variance.assign(np.asarray(var, dtype=self.dtype.as_numpy_dtype))
        self._finalize()

    def call(self, inputs):
        if self.mean is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        mean, variance = self.mean, self.variance
        if self.input_mean is None:  # adapted: the statistics are weights, read now (a model
            # loaded from a file, or set_weights, has changed them since build)
            mean = array_ops.reshape(self.adapt_mean, self._broadcast)
            variance = array_ops.reshape(self.adapt_variance, self._broadcast)
        # the floor keeps a constant feature (variance 0) from dividing by zero
        scale = math_ops.maximum(unary_ops.sqrt(variance), backend.epsilon())
        if self.invert:
            return math_ops.add(mean, math_ops.multiply(inputs, scale))
        return math_ops.truediv(math_ops.subtract(inputs, mean), scale)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": list(self.axis), "invert": self.invert,
                "mean": None if self.input_mean is None else np.asarray(self.input_mean).tolist(),
                "variance": None if self.input_variance is None else
                np.asarray(self.input_variance).tolist()}


class Rescaling(Layer):
    """`inputs * scale + offset`. Mirrors `keras.layers.Rescaling`.

    >>> tf.keras.layers.Rescaling(1 / 255)(tf.constant([255.0]))
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([1.], dtype=float32)>
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def call(self, inputs):
        dtype = inputs.dtype if inputs.dtype.is_floating else dtypes.float32
        scale = convert_to_tensor(self.scale, dtype=dtype)
        offset = convert_to_tensor(self.offset, dtype=dtype)
        return math_ops.add(math_ops.multiply(array_ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": float(self.scale), "offset": float(self.offset)}


class Discretization(Layer):
    """Buckets a number by the bin boundaries it has reached. Mirrors
    `keras.layers.Discretization`.

    >>> tf.keras.layers.Discretization(bin_boundaries=[1., 4., 5.])([0.5, 1., 4.5, 9.])
    <tf.Tensor: shape=(4,), dtype=int32, numpy=array([0, 1, 2, 3], dtype=int32)>

    A value's bucket is the number of boundaries at or below it (TF's Bucketize:
    bucket i holds `boundaries[i-1] <= x < boundaries[i]`), so n boundaries make
    n + 1 buckets. `output_mode="one_hot"`, "multi_hot" or "count" encode the
    buckets as CategoryEncoding does (float32), as a SparseTensor with `sparse=True`.
    Learning the boundaries from data (`num_bins` and `adapt`, Keras's approximate
    quantiles) is not part of this engine: give `bin_boundaries`.
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon: float = 0.01,
                 output_mode: str = "int", sparse: bool = False, dtype=None, name=None, **kwargs):
        from .lookup_layers import _MODES
        if output_mode not in _MODES[:4]:
            raise ValueError(f"Invalid value for argument `output_mode`. Expected one of "
                             f"{list(_MODES[:4])}. Received: output_mode={output_mode}")
        if sparse and output_mode == "int":
            raise ValueError(f"`sparse` may only be true if `output_mode` is `'one_hot'`, "
                             f"`'multi_hot'`, or `'count'`. Received: sparse={sparse} and "
                             f"output_mode={output_mode}")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"`num_bins` must be greater than or equal to 0. Received: "
                             f"`num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(f"Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        super().__init__(name=name, dtype=dtype or "float32", **kwargs)  # (the inputs')
        self.bin_boundaries = None if bin_boundaries is None else list(bin_boundaries)
        self.num_bins, self.epsilon = num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self.built = True

    def adapt(self, data, steps=None) -> None:
        raise NotImplementedError("Discretization.adapt (bin boundaries learned as approximate "
                                  "quantiles) is not part of this engine: pass bin_boundaries")

    def _convert_inputs(self, inputs):
        # (the values keep their own dtype: the layer's is its output's)
        return inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)

    def call(self, inputs):
        from .lookup_layers import _encode
        from ..ops import reduce_ops, sparse_ops
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at "
                             "construction time or call `adapt(dataset)` before you can start "
                             "using the `Discretization` layer.")
        values = inputs if inputs.dtype.is_floating else array_ops.cast(inputs, dtypes.float32)
        boundaries = convert_to_tensor(np.asarray(self.bin_boundaries, dtype=np.float64),
                                       dtype=values.dtype)
        # one comparison per boundary: how many of them the value has reached
        reached = math_ops.greater_equal(array_ops.expand_dims(values, -1), boundaries)
        buckets = reduce_ops.reduce_sum(array_ops.cast(reached, dtypes.int32), axis=-1)
        if self.output_mode == "int":
            return buckets  # (int32, as Keras 3's TF backend gives)
        encoded = _encode(buckets, self.output_mode, len(self.bin_boundaries) + 1,
                          dtypes.float32)
        return sparse_ops.from_dense(encoded) if self.sparse else encoded

    @property
    def symbolic_dtype(self) -> str:
        return "int32" if self.output_mode == "int" else "float32"

    def compute_output_shape(self, input_shape) -> tuple:
        from .lookup_layers import encoded_shape
        return encoded_shape(input_shape, self.output_mode, len(self.bin_boundaries or []) + 1)

    def get_config(self) -> dict:
        # (Keras 3 lists these, its dtype as a name)
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": dtypes.as_dtype(
                    self.dtype).name}
