# %% [markdown]
# # Operators
#
# Tensors combine with operations such as addition or the matrix product. Each one has a
# function name (`tf.add`) and most have a Python operator (`+`) that calls the same thing.
#
# **What you will learn**
# - the arithmetic operations and their operators
# - elementwise `multiply` versus the matrix product `matmul`, a frequent confusion
# - integer division and modulo with negative numbers
# - why `int32 + float32` is an error, and how `tf.cast` fixes it
# - broadcasting: how tensors of different shapes combine, and where the engine handles it

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## The operator table
#
# | function | operator | computes |
# |---|---|---|
# | `tf.add(x, y)` | `x + y` | $x + y$ |
# | `tf.subtract(x, y)` | `x - y` | $x - y$ |
# | `tf.multiply(x, y)` | `x * y` | $x \cdot y$, element by element |
# | `tf.divide(x, y)`, `tf.truediv` | `x / y` | $x / y$ |
# | `tf.math.floordiv(x, y)` | `x // y` | $\lfloor x / y \rfloor$ |
# | `tf.math.mod(x, y)`, `tf.math.floormod` | `x % y` | $x - y \lfloor x / y \rfloor$ |
# | `tf.pow(x, y)` | `x ** y` | $x^y$ |
# | `tf.negative(x)` | `-x` | $-x$ |
# | `tf.exp(x)` | | $e^x$ |
# | `tf.sqrt(x)` | | $\sqrt{x}$ |
# | `tf.matmul(a, b)` | `a @ b` | the matrix product |
#
# All except `matmul` work *elementwise*: they combine the elements at the same position.

# %%
x = tf.constant([1.0, 2.0, 3.0, 4.0])
y = tf.constant([2.0, 2.0, 2.0, 2.0])

print("x + y  ", x + y)
print("x - y  ", x - y)
print("x * y  ", x * y)
print("x / y  ", x / y)
print("x // y ", x // y)
print("x % y  ", x % y)
print("x ** y ", x ** y)
print("-x     ", -x)
print("exp(x) ", tf.round(tf.exp(x) * 1000) / 1000)  # rounded to 3 decimals
print("sqrt(x)", tf.round(tf.sqrt(x) * 1000) / 1000)

# %% [markdown]
# The functions and the operators are the same operation: `x + y` *is* `tf.add(x, y)`.
# A plain Python number is converted to the dtype of the tensor it meets:

# %%
print(tf.add(x, y) == x + y)
print(x * 10)

# %% [markdown]
# ## `multiply` is not `matmul`
#
# `tf.multiply` (or `*`) multiplies entries at the same position. `tf.matmul` (or `@`) is
# the matrix product: entry $(i, j)$ is row $i$ of $A$ times column $j$ of $B$,
#
# $$ (AB)_{ij} = \sum_k A_{ik} B_{kj}. $$

# %%
A = tf.constant([[1, 2], [3, 4]])
B = tf.constant([[10, 20], [30, 40]])

print(A * B)  # [[1*10, 2*20], [3*30, 4*40]]
print(A @ B)  # [[1*10 + 2*30, 1*20 + 2*40], [3*10 + 4*30, 3*20 + 4*40]]

# %% [markdown]
# For `matmul` the *inner* sizes must agree: a $(2\times 3)$ matrix times a $(3\times 4)$
# matrix gives $(2 \times 4)$. When they do not, the error says which shapes it received:

# %%
try:
    tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# Transposing the second matrix fixes this one: `tf.ones([2, 3]) @ tf.transpose(tf.ones([2, 3]))`
# has shape $(2, 2)$.

# %% [markdown]
# ## Division and modulo
#
# `/` is true division. Dividing two `int32` tensors gives `float64` (TensorFlow's rule:
# `float32` cannot hold every `int32` exactly, `float64` can).

# %%
print(tf.constant(7) / tf.constant(2))

# %% [markdown]
# > **Read the engine.** Every operation is a short block: the NumPy computation, its
# > gradient (notebook 07), and the public function. The division rule is a few lines in
# > [`truediv` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).

# %% [markdown]
# `//` rounds the quotient *down* (towards $-\infty$), and `%` is what is left over, so that
# always
#
# $$ x = y \cdot (x \,/\!/\, y) + x \,\%\, y . $$
#
# With negative numbers this differs from cutting off the fraction: $-7 / 2 = -3.5$ rounds
# down to $-4$, and then the remainder is $-7 - 2\cdot(-4) = 1$. The remainder takes the sign
# of the divisor, as in Python.

# %%
a = tf.constant([7, -7, 7, -7])
b = tf.constant([2, 2, -2, -2])
print("a // b", a // b)
print("a %  b", a % b)
print("check ", b * (a // b) + a % b)

# %% [markdown]
# Integer division by zero is an error (there is no integer "infinity"); with floats you
# get `inf` or `nan`.

# %% [markdown]
# ## Mixing dtypes is an error
#
# NumPy quietly promotes `int + float` to float. TensorFlow refuses: both inputs of an
# operation must have the same dtype. This catches real bugs, such as `float64` data from
# NumPy meeting `float32` weights.

# %%
counts = tf.constant([1, 2, 3])          # int32
weights = tf.constant([0.5, 0.5, 0.5])   # float32
try:
    counts + weights
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# The fix is to say which dtype you want, with `tf.cast`:

# %%
print(tf.cast(counts, tf.float32) + weights)

# %% [markdown]
# > **Read the engine.** Every operation passes through one function that converts and
# > checks its inputs before NumPy runs: [`execute` in
# > `course/engine/execute.py`](../course/engine/execute.py). That is where the dtype
# > check above happens, for `+` and every other operation alike. The dtypes themselves
# > live in [`DType` in `course/engine/dtypes.py`](../course/engine/dtypes.py).

# %% [markdown]
# ## Broadcasting
#
# When shapes differ, an elementwise operation may still work: a tensor is *stretched* along
# an axis of size 1 (or along a missing leading axis) to match the other. Compare the shapes
# from the right; two sizes fit when they are equal or one of them is 1.
#
# $$
# \underbrace{(3, 1)}_{\text{column}} + \underbrace{(1, 4)}_{\text{row}} \to (3, 4):
# \qquad c_{ij} = a_{i} + b_{j}
# $$

# %%
column = tf.constant([[0], [10], [20]])   # shape (3, 1)
row = tf.constant([[1, 2, 3, 4]])         # shape (1, 4)
print(column + row)

# %% [markdown]
# The picture below shows where each value of the sum comes from.

# %%
def draw(ax, values, real_shape, title):
    """Draws a grid of numbers; cells outside real_shape are broadcast copies."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            real = i < real_shape[0] and j < real_shape[1]
            # real values: dark, solid; copies: light, hatched, italic (not colour alone)
            ax.add_patch(plt.Rectangle((j, -i - 1), 1, 1, edgecolor="white", linewidth=2,
                                       facecolor="#0072B2" if real else "#DCEBF5",
                                       hatch=None if real else "///"))
            ax.text(j + 0.5, -i - 0.5, str(values[i, j]), ha="center", va="center",
                    color="white" if real else "black", fontweight="bold" if real else "normal",
                    fontstyle="normal" if real else "italic",
                    bbox=None if real else {"facecolor": "#DCEBF5", "edgecolor": "none"})
    ax.set_xlim(0, 4)
    ax.set_ylim(-3, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


fig, axes = plt.subplots(1, 3, figsize=(10, 2.9), gridspec_kw={"wspace": 0.35})
draw(axes[0], np.repeat(column.numpy(), 4, axis=1), (3, 1), "column (3, 1), stretched")
draw(axes[1], np.repeat(row.numpy(), 3, axis=0), (1, 4), "row (1, 4), stretched")
draw(axes[2], (column + row).numpy(), (3, 4), "sum (3, 4)")
for left, right, sign in ((axes[0], axes[1], "+"), (axes[1], axes[2], "=")):
    middle = (left.get_position().x1 + right.get_position().x0) / 2
    fig.text(middle, 0.42, sign, fontsize=20, ha="center")
fig.suptitle("Broadcasting: (3, 1) + (1, 4) gives (3, 4)", y=1.02)
plt.show()

# %% [markdown]
# **Figure 3.1: Broadcasting a column and a row.** Three grids of numbers, read left to
# right as "column plus row equals sum". Left: the column 0, 10, 20 as a 3 × 4 grid; only
# its first column holds real values (dark, bold), the other three columns are hatched,
# italic copies. Middle: the row 1, 2, 3, 4 as a 3 × 4 grid; only its top row is real, the
# two rows below are copies. Right: the sum, all twelve cells real: 1 2 3 4, 11 12 13 14,
# 21 22 23 24. The copies cost no memory; they only show how the shapes line up.

# %% [markdown]
# A scalar broadcasts against anything (`x * 10` above), and a vector of shape `(4,)`
# broadcasts against a matrix of shape `(3, 4)` row by row. Shapes that do not fit give an error:

# %%
try:
    tf.constant([1, 2, 3]) + tf.constant([1, 2])
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# Broadcasting is convenient, and it is also behind one of the most common silent bugs in
# machine learning code: notebook 04 shows how a vector of shape `(n,)` and a column of
# shape `(n, 1)` make an `(n, n)` table without any error.
#
# > **Read the engine.** A broadcast value is used many times, once per copy. When
# > gradients flow back (notebook 07), each copy sends one back, and they must be added up
# > to give a gradient of the original shape. One small function does that for every
# > operation: [`unbroadcast` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).

# %% [markdown]
# ## Exercises
#
# **operators.1** For `A = tf.constant([[1, 2], [3, 4]])` and `B = tf.constant([[0, 1], [1, 0]])`,
# give the pair `(elementwise product, matrix product)`.

# %%
answer = ...
check("operators.1", answer)

# %% [markdown]
# **operators.2** What do `-7 // 2` and `-7 % 2` give in TensorFlow? Answer with the pair
# `(quotient, remainder)`, worked out by hand first.

# %%
answer = ...
check("operators.2", answer)

# %% [markdown]
# **operators.3** Add `tf.constant([1, 2, 3])` and `tf.constant([0.5, 0.5, 0.5])` so that the result
# is a `float32` tensor.

# %%
answer = ...
check("operators.3", answer)
