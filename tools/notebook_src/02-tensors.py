# %% [markdown]
# # Tensors
#
# A *tensor* is an n-dimensional array of numbers that all share one type. Everything a
# neural network computes, its inputs, weights and outputs, is a tensor.
#
# **What you will learn**
# - tensors of rank 0 to 3, and how they print
# - how a tensor's dtype is chosen (`int32`, `float32`, or NumPy's own dtype)
# - `tf.constant` and `tf.convert_to_tensor`; a tensor's `shape`, `dtype` and `numpy()`
# - creating tensors: `ones`, `zeros`, `fill` and seeded random numbers
# - changing type and layout: `cast`, `transpose`, `reshape`

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Rank 0 to 3
#
# The *rank* of a tensor is its number of axes (dimensions). A rank-0 tensor is a single
# number (a scalar), rank 1 a vector, rank 2 a matrix, rank 3 a stack of matrices:
#
# $$
# \underbrace{3}_{\text{rank } 0,\ \text{shape } ()} \qquad
# \underbrace{\begin{pmatrix}1 & 2 & 3\end{pmatrix}}_{\text{rank } 1,\ \text{shape } (3,)} \qquad
# \underbrace{\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}}_{\text{rank } 2,\ \text{shape } (2, 2)}
# $$
#
# `print` shows the values, then the shape and the dtype:

# %%
scalar = tf.constant(3)
vector = tf.constant([1.5, 2.0, 3.0])
matrix = tf.constant([[1, 2], [3, 4]])
cube = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])

print(scalar)
print(vector)
print(matrix)
print(cube)

# %% [markdown]
# Read a shape from the outside in: `cube` holds 2 matrices, each with 2 rows of 2 numbers.
# The number of square brackets that open at the start is the rank.
#
# Without `print`, Jupyter shows the *repr*, which also shows the values as a NumPy array:

# %%
matrix

# %% [markdown]
# ## How the dtype is chosen
#
# Every element of a tensor has the same *dtype*. When you do not name one:
#
# - Python integers become `int32`,
# - Python floats become `float32` (one float makes the whole tensor float),
# - a NumPy array keeps its own dtype, which for NumPy is usually `int64` or `float64`.

# %%
print(tf.constant([1, 2, 3]).dtype)
print(tf.constant([1, 2.5, 3]).dtype)
print(tf.constant(np.array([1.0, 2.0])).dtype)
print(tf.constant(np.array([1, 2])).dtype)
print(tf.constant([1, 2], dtype=tf.float32))

# %% [markdown]
# `float32` is the usual choice for neural networks: half the memory of `float64` and
# precise enough. Remember that NumPy data arrives as `float64`; we will meet the
# consequence in the next notebook.
#
# > **Read the engine.** A dtype is a small object that knows its name and its NumPy twin:
# > [`DType` in `course/engine/dtypes.py`](../course/engine/dtypes.py), where
# > [`as_dtype` in `course/engine/dtypes.py`](../course/engine/dtypes.py) also turns
# > names such as `"float32"` into one. The rules above (Python int → `int32`, Python float
# > → `float32`, NumPy keeps its own) are applied by
# > [`convert_to_tensor` in `course/engine/tensor.py`](../course/engine/tensor.py).

# %% [markdown]
# ## Converting, and looking inside
#
# `tf.convert_to_tensor` turns lists, NumPy arrays and numbers into tensors (and leaves a
# tensor as it is). Every tensor has a `shape`, a `dtype`, and `numpy()` gives its values
# back as a NumPy array.

# %%
from_list = tf.convert_to_tensor([[1, 2, 3], [4, 5, 6]])
from_array = tf.convert_to_tensor(np.arange(6).reshape(2, 3))

print(from_list.shape, from_list.dtype)
print(from_array.shape, from_array.dtype)
print(from_list.shape.as_list(), from_list.ndim)
print(repr(from_list.numpy()))

# %% [markdown]
# Tensors are *immutable*: no operation changes a tensor, each one makes a new tensor.
# (Mutable state is a `tf.Variable`; see notebook 05.)

# %% [markdown]
# ## Creating tensors
#
# A weight matrix whose entries are all $\tfrac14$, a tensor of zeros, or one filled with
# any value:

# %%
print(tf.ones([5, 5]) * 0.25)
print(tf.zeros([2, 3]))
print(tf.fill([2, 2], 7))

# %% [markdown]
# Random numbers are drawn from a generator. Setting the *seed* first makes them the same
# on every run, which is what makes an experiment repeatable. `tf.random.uniform` draws from
# $[\text{minval}, \text{maxval})$, by default $[0, 1)$:

# %%
tf.random.set_seed(42)
print(tf.random.uniform([2, 3]))
tf.random.set_seed(42)
print(tf.random.uniform([2, 3]))  # same seed, same numbers
print(tf.random.uniform([2, 3], minval=-1, maxval=1))  # the next numbers of the stream

# %% [markdown]
# > **Real TensorFlow differs here.** TensorFlow follows the same seeding rules but uses
# > another random generator, so it draws other numbers for the same seed; each library is
# > repeatable on its own. (See "Random numbers differ" in
# > [`docs/engine-api.md`](../docs/engine-api.md).)

# %% [markdown]
# ## Changing the dtype: `cast`
#
# `tf.cast` converts the values to another dtype. Floats become integers by cutting off the
# fractional part (towards zero), not by rounding:

# %%
x = tf.constant([1.7, -1.7, 2.5])
print(tf.cast(x, tf.int32))
print(tf.cast(tf.constant([0, 1, 2]), tf.bool))

# %% [markdown]
# ## Changing the layout: `transpose` and `reshape`
#
# `tf.transpose` swaps rows and columns: $(A^\top)_{ij} = A_{ji}$. `tf.reshape` keeps the
# values in their reading order (row by row) and pours them into a new shape with the same
# number of elements; `-1` means "whatever size is left".

# %%
a = tf.constant([[1, 2, 3], [4, 5, 6]])
print(tf.transpose(a))
print(tf.reshape(a, [3, 2]))
print(tf.reshape(a, [-1]))

# %% [markdown]
# Note the difference: `transpose` of the $2\times3$ matrix gives `[[1 4] [2 5] [3 6]]`,
# `reshape` to $3\times2$ gives `[[1 2] [3 4] [5 6]]`. A reshape must keep the number of
# elements, otherwise it is an error:

# %%
try:
    tf.reshape(a, [4, 2])
except Exception as e:
    print(type(e).__name__, "-", str(e).splitlines()[0])

# %% [markdown]
# ## Exercises
#
# Replace `...` with your answer and run the cell.
#
# **tensors.1** Create a `float32` tensor of shape `(3, 4)` in which every element is `0.5`.

# %%
answer = ...
check("tensors.1", answer)

# %% [markdown]
# **tensors.2** Start from `tf.range(12)`, reshape it to 3 rows of 4, then transpose it.

# %%
answer = ...
check("tensors.2", answer)

# %% [markdown]
# **tensors.3** What is the dtype of `tf.constant(np.array([1.0, 2.0]))`? Answer with a dtype
# such as `tf.int32`, without running it first.

# %%
answer = ...
check("tensors.3", answer)
