"""Dtype policies (`tf.keras.mixed_precision`): layers that compute in float16, keep float32 weights.

A dtype policy names two dtypes: the one a layer computes in and the one its
weights are stored in. "mixed_float16" computes in float16 (faster on GPUs
with tensor cores) and keeps float32 weights (small updates do not vanish):

    >>> tf.keras.mixed_precision.set_global_policy("mixed_float16")
    >>> dense = tf.keras.layers.Dense(3)        # made now: takes the global policy
    >>> y = dense(tf.ones((2, 4)))
    >>> y.dtype, dense.kernel.dtype
    (tf.float16, tf.float32)

What a layer does with its policy (Keras 3's rules, layers.py):
- floating inputs are cast to the compute dtype (integers stay as they are);
- its weights are made in the variable dtype;
- while it is called, reading a floating weight gives it cast to the compute
  dtype ("autocast"), so `x @ kernel` multiplies two float16 tensors; the
  gradient flows back through the cast to the float32 weight. A layer called
  inside another switches the cast to its own compute dtype.

The model's last layer is usually given `dtype="float32"` so that the softmax
and the loss run in float32. Training in float16 needs loss scaling: see
loss_scale_optimizer.py. This engine has no bfloat16, so "mixed_bfloat16" is a
clear NotImplementedError. The public namespace is mixed_precision.py.
"""
from __future__ import annotations

import contextlib

from .. import dtypes

__all__ = ["DTypePolicy", "Policy", "global_policy", "set_global_policy", "dtype_policy",
           "set_dtype_policy", "as_policy", "layer_autocast", "autocast_dtype"]


class DTypePolicy:
    """A layer's compute and variable dtypes, by name. Mirrors `keras.DTypePolicy`.

    >>> policy = tf.keras.mixed_precision.Policy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')

    Any dtype's name is a policy whose two dtypes are that dtype ("float64").
    `DTypePolicy()` is the global policy's copy.
    """

    def __init__(self, name: str | None = None):
        if name is None:
            name = global_policy().name
        self._name = name
        self._compute_dtype, self._variable_dtype = _parse(name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        """The dtype of the layer's computations and outputs ("float16")."""
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype the layer's weights are stored in ("float32")."""
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None  # (Keras's quantized policies are not part of this engine)

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> "DTypePolicy":
        return cls(**config)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self.name}">'


Policy = DTypePolicy  # Keras 2's name, kept by Keras 3 in this namespace


def _parse(name) -> tuple:
    """(compute dtype, variable dtype) of a policy name, with Keras's errors."""
    if not isinstance(name, str):
        raise TypeError("'name' must be a string, such as 'mixed_float16'. "
                        f"Received: name={name} (of type {type(name)})")
    if name == "mixed_float16":
        return "float16", "float32"
    if name == "mixed_bfloat16":
        raise NotImplementedError("the 'mixed_bfloat16' policy is not part of this engine: it "
                                  "has no bfloat16 tensors (see docs/engine-api-keras.md)")
    try:
        dtype = dtypes.as_dtype(name).name
    except (TypeError, NotImplementedError):
        dtype = None
    if dtype != name:
        raise ValueError(f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid "
                         "policies include 'mixed_float16', 'mixed_bfloat16', and the name of "
                         "any float dtype such as 'float32'.")
    return dtype, dtype


_global = [None]  # the global policy, made on first use (float32)


def global_policy() -> DTypePolicy:
    """The policy a layer made without `dtype=` takes. Mirrors `keras.mixed_precision.global_policy`."""
    if _global[0] is None:
        _global[0] = DTypePolicy("float32")
    return _global[0]


def set_global_policy(policy) -> None:
    """Sets the policy of the layers made from now on: a name ("mixed_float16") or a policy.

    Layers made before keep theirs.
    """
    if not isinstance(policy, DTypePolicy):
        if not isinstance(policy, str):
            raise ValueError("Invalid `policy` argument. Expected the string name of a policy "
                             "(such as 'mixed_float16') or a `DTypePolicy` instance. Received: "
                             f"policy={policy} (of type {type(policy)})")
        policy = DTypePolicy(policy)
    _global[0] = policy


dtype_policy, set_dtype_policy = global_policy, set_global_policy  # Keras 3's newer names


def as_policy(dtype) -> DTypePolicy:
    """A layer's `dtype=` argument as a policy: None (the global one), a policy, its name, a
    dtype (tf.float64, np.float64) or a saved config's entry (`{"class_name": "DTypePolicy",
    "config": {"name": ...}}`)."""
    if dtype is None:
        return global_policy()
    if isinstance(dtype, DTypePolicy):
        return dtype
    if isinstance(dtype, dict) and dtype.get("class_name") == "DTypePolicy":
        return DTypePolicy(dtype.get("config", {}).get("name"))
    if not isinstance(dtype, str):
        dtype = dtypes.as_dtype(dtype).name
    return DTypePolicy(dtype)


# -- autocast: a layer's weights read in its compute dtype -------------------------------------
_autocast: list = []  # the dtypes of the autocast scopes open now (None: a scope that casts not)


def autocast_dtype():
    """The DType floating weights are read as now (KerasVariable.read_value), or None."""
    return _autocast[-1] if _autocast else None


@contextlib.contextmanager
def layer_autocast(policy: DTypePolicy, autocast: bool = True):
    """Keras 3's scope around a layer's call: a mixed layer opens one in its compute dtype; a
    layer called inside a scope switches it to its own compute dtype (to none, if that is
    not floating or the layer was made with `autocast=False`, as LayerNormalization is)."""
    compute = dtypes.as_dtype(policy.compute_dtype)
    if _autocast:
        new = compute if compute.is_floating and autocast else None
        change = new is not _autocast[-1]
    else:
        new, change = compute, autocast and policy.compute_dtype != policy.variable_dtype
    if not change:
        yield
        return
    _autocast.append(new)
    try:
        yield
    finally:
        _autocast.pop()
