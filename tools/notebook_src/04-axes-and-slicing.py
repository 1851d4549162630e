# %% [markdown]
# # Axes, reductions and slicing
#
# Data comes in tables: one row per example, one column per feature; a batch of images is
# a stack of tables. Most of what you do with such tensors is to summarize along one
# direction (a sum per row, a mean per column) or to cut out a part. Both depend on one
# idea, the *axis*, and on reading shapes carefully.
#
# **What you will learn**
# - what an axis is, and how to read `axis=0` and `axis=1`
# - reductions along an axis: `reduce_sum`, `reduce_mean`, `reduce_max`, `argmax`, and `keepdims`
# - slicing: rows, columns, ranges, steps, `...` and `tf.newaxis`; which slices keep an axis
# - the classic silent bug: a vector of shape `(n,)` meets a column of shape `(n, 1)`

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Axes
#
# Four students took three tests. One row per student, one column per test:

# %%
scores = tf.constant([[70.0, 80.0, 90.0],
                      [60.0, 70.0, 80.0],
                      [90.0, 95.0, 100.0],
                      [80.0, 75.0, 70.0]])
print(scores.shape)

# %% [markdown]
# The shape `(4, 3)` lists the axes in order: **axis 0** has 4 positions (the rows, the
# students), **axis 1** has 3 (the columns, the tests). Moving along axis 0 means going
# *down* a column, from one student to the next; moving along axis 1 means going *across* a
# row. An element is found by one index per axis: `scores[2, 0]` is student 2's first test.

# %%
print(scores[2, 0])

# %% [markdown]
# ## Reductions: summarize along an axis
#
# A *reduction* combines many numbers into one: a sum, a mean, a maximum. With `axis=` it
# combines along that axis only, and **the axis you name is the one that disappears**:
#
# | call | combines | result shape | meaning here |
# |---|---|---|---|
# | `tf.reduce_sum(scores)` | everything | `()` | all points together |
# | `tf.reduce_sum(scores, axis=0)` | down each column | `(3,)` | total per test |
# | `tf.reduce_sum(scores, axis=1)` | across each row | `(4,)` | total per student |

# %%
print(tf.reduce_sum(scores))
print(tf.reduce_sum(scores, axis=0))
print(tf.reduce_sum(scores, axis=1))

# %%
def grid(ax, values, x0, y0, style):
    """Draws values as a grid of labelled cells with its top-left corner at (x0, y0)."""
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(plt.Rectangle((x0 + j, y0 - i - 1), 1, 1, **style))
        ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{v:g}", ha="center", va="center", fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})


data = scores.numpy()
cell = {"facecolor": "white", "edgecolor": "black"}
down = {"facecolor": "#E69F00", "edgecolor": "black", "hatch": "||", "alpha": 0.6}
across = {"facecolor": "#56B4E9", "edgecolor": "black", "hatch": "--", "alpha": 0.6}

fig, ax = plt.subplots(figsize=(5.5, 5.2))
grid(ax, data, 0, 0, cell)
grid(ax, data.sum(axis=0)[None, :], 0, -4.6, down)      # axis=0: one sum per column, below
grid(ax, data.sum(axis=1)[:, None], 4.2, 0, across)     # axis=1: one sum per row, right
for j in range(3):
    ax.annotate("", xy=(j + 0.5, -4.6), xytext=(j + 0.5, -4.05),
                arrowprops={"arrowstyle": "->", "lw": 1.5})
for i in range(4):
    ax.annotate("", xy=(4.2, -i - 0.5), xytext=(3.05, -i - 0.5),
                arrowprops={"arrowstyle": "->", "lw": 1.5})
ax.text(1.5, -5.8, "reduce_sum(scores, axis=0)\nshape (3,): one total per test",
        ha="center", va="top")
ax.text(4.7, 0.25, "reduce_sum(scores, axis=1)\nshape (4,): per student", ha="center")
ax.set_xlim(-0.3, 6.3)
ax.set_ylim(-6.9, 1.1)
ax.set_aspect("equal")
ax.axis("off")
ax.set_title("Reducing a (4, 3) matrix along axis 0 and along axis 1", pad=12)
plt.show()

# %% [markdown]
# **Figure 4.1: A reduction removes the axis it runs along.** In the middle, the 4 × 3
# table of scores (rows: students, columns: tests). Arrows point down out of each column to
# a row of three vertically hatched cells below the table, the column totals 300, 320, 340:
# `reduce_sum(scores, axis=0)`, shape (3,). Arrows point right out of each row to a column
# of four horizontally hatched cells, the row totals 240, 210, 285, 225:
# `reduce_sum(scores, axis=1)`, shape (4,).
#
# Every reduction takes `axis` the same way. The mean of each test, the best score of each
# student, and *which* test was each student's best (`argmax` gives the position of the
# largest value, not the value):

# %%
print("mean per test:   ", tf.reduce_mean(scores, axis=0))
print("best per student:", tf.reduce_max(scores, axis=1))
print("best test:       ", tf.argmax(scores, axis=1))

# %% [markdown]
# `argmax` along axis 1 is how a classifier turns its ten probabilities per image into one
# predicted class (notebook 12).
#
# ## `keepdims`: reduce, but keep the axis
#
# To subtract each student's mean from their own scores, the means must line up with the
# rows. A mean of shape `(4,)` would broadcast against the *columns* (and `(4, 3)` minus
# `(4,)` does not even fit). `keepdims=True` keeps the reduced axis with size 1: shape
# `(4, 1)`, a column, which broadcasts across each row (notebook 03).

# %%
per_student = tf.reduce_mean(scores, axis=1, keepdims=True)
print(per_student.shape)
print(scores - per_student)

# %% [markdown]
# Several axes at once work too: for a batch of images of shape `(batch, height, width)`,
# `axis=[1, 2]` averages each image over its pixels and leaves one number per image.

# %%
images = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4])  # two "images" of 3 x 4 pixels
print(tf.reduce_mean(images, axis=[1, 2]))

# %% [markdown]
# ## Slicing: cutting out a part
#
# Indexing works as in NumPy and Python lists: an index picks one position, `start:stop`
# picks a range (stop excluded), `::step` skips, negative numbers count from the end, and
# `:` alone takes the whole axis. The rule to remember: **an index drops its axis, a slice
# keeps it** (even a slice of length one).

# %%
examples = {
    "scores[0]": scores[0],              # the first row: axis 0 dropped
    "scores[:, 0]": scores[:, 0],        # the first column, as a vector
    "scores[:, :1]": scores[:, :1],      # the first column, kept as a column
    "scores[1:3]": scores[1:3],          # rows 1 and 2
    "scores[::2, -1]": scores[::2, -1],  # every other row, last column
    "scores[-1, ::-1]": scores[-1, ::-1],  # the last row, reversed
}
for code, result in examples.items():
    print(f"{code:17} shape {str(tuple(result.shape)):7} {result.numpy().tolist()}")

# %% [markdown]
# Two more pieces of notation:
#
# - `...` (Ellipsis) stands for "all the axes I did not mention": `images[..., 0]` is the
#   first pixel column of every row of every image, whatever the rank.
# - `tf.newaxis` inserts a new axis of size 1: `scores[:, 0, tf.newaxis]` turns the first
#   column back into a `(4, 1)` column, and `v[tf.newaxis, :]` makes a row out of a vector.

# %%
print(images[..., 0].shape)
print(scores[:, 0, tf.newaxis].shape)
print(tf.constant([1.0, 2.0, 3.0])[tf.newaxis, :].shape)

# %% [markdown]
# To pick rows by a list of positions, use `tf.gather`:

# %%
print(tf.gather(scores, [0, 2]))         # rows 0 and 2
print(tf.gather(scores, [2], axis=1))    # column 2, kept as a column

# %% [markdown]
# > **Real TensorFlow differs here.** Writing `scores[[0, 2]]` with a Python list is a
# > trap in TensorFlow: it silently reads it as `scores[0, 2]`, a single number. The engine
# > refuses it with a `TypeError` that points to `tf.gather`, so that the mistake cannot go
# > unnoticed. Use `tf.gather` in both. (See "Indexing with a list is refused" in
# > [`docs/engine-api.md`](../docs/engine-api.md).)
#
# > **Read the engine.** Every slice becomes one operation, TensorFlow's `StridedSlice`,
# > which turns `[1:3, ::-1]` into begin, end and stride per axis:
# > [`strided_slice` in `course/engine/ops/index_ops.py`](../course/engine/ops/index_ops.py).

# %% [markdown]
# ## The `(n,)` versus `(n, 1)` bug
#
# A model predicts one number per example. Keras layers return a *column*, shape `(n, 1)`,
# one row per example. The targets often come as a plain vector, shape `(n,)`. Subtract one
# from the other, and broadcasting (notebook 03) lines them up as a row against a column:

# %%
y_true = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])             # shape (5,)
y_pred = tf.constant([[1.1], [1.9], [3.2], [3.8], [5.1]])   # shape (5, 1), as Dense returns it
difference = y_true - y_pred
print(difference.shape)

# %% [markdown]
# Twenty-five differences instead of five: every prediction minus every target. No error is
# raised, and the mean of their squares looks like a perfectly normal loss, just a wrong one:

# %%
wrong = tf.reduce_mean((y_true - y_pred) ** 2)
right = tf.reduce_mean((y_true - tf.reshape(y_pred, [-1])) ** 2)
print(f"with the (5, 5) table: {float(wrong):.3f}")
print(f"shapes lined up:       {float(right):.3f}")

# %%
table = difference.numpy()
fig, ax = plt.subplots(figsize=(5.6, 4.4))
for (i, j), v in np.ndenumerate(table):
    meant = i == j
    ax.add_patch(plt.Rectangle((j, -i - 1), 1, 1, edgecolor="black",
                               facecolor="#009E73" if meant else "#F0F0F0",
                               hatch=None if meant else "xx"))
    ax.text(j + 0.5, -i - 0.5, f"{v:+.1f}", ha="center", va="center",
            fontweight="bold" if meant else "normal", color="white" if meant else "black",
            bbox=None if meant else {"facecolor": "#F0F0F0", "edgecolor": "none", "pad": 1})
ax.set_xticks(np.arange(5) + 0.5, [f"{v:g}" for v in y_true.numpy()])
ax.set_yticks(-np.arange(5) - 0.5, [f"{v:g}" for v in y_pred.numpy()[:, 0]])
ax.set_xlabel("y_true, shape (5,): broadcast as a row (no unit)")
ax.set_ylabel("y_pred, shape (5, 1): a column (no unit)")
ax.set_xlim(0, 5)
ax.set_ylim(-5, 0)
ax.set_aspect("equal")
ax.set_title("y_true - y_pred has shape (5, 5): only the diagonal is meant")
plt.show()

# %% [markdown]
# **Figure 4.2: A vector minus a column is a table.** A 5 × 5 grid of differences
# `y_true - y_pred`. Columns are labelled with the targets 1 to 5, rows with the
# predictions 1.1, 1.9, 3.2, 3.8, 5.1. Only the five cells on the diagonal (bold, solid
# fill) pair a prediction with its own target: -0.1, +0.1, -0.2, +0.2, -0.1. The other
# twenty cells (cross-hatched, grey) compare a prediction with somebody else's target, such
# as 5 - 1.1 = +3.9, and they dominate the mean.
#
# The fix is to make the shapes equal before subtracting: `tf.reshape(y_pred, [-1])` or
# `tf.squeeze(y_pred, axis=1)` turns the column into a vector (or `y_true[:, tf.newaxis]`
# turns the targets into a column). Keras's own loss functions line the shapes up for you;
# in your own code, print the shapes of both sides whenever a loss looks odd.

# %% [markdown]
# ## Exercises
#
# The exercises use the `scores` table from above (4 students × 3 tests, `float32`).
#
# **axes-and-slicing.1** Compute the mean score of each *test*, a tensor of shape `(3,)`.

# %%
answer = ...
check("axes-and-slicing.1", answer)

# %% [markdown]
# **axes-and-slicing.2** Cut out the scores of the last test as a *column* of shape `(4, 1)`.

# %%
answer = ...
check("axes-and-slicing.2", answer)

# %% [markdown]
# **axes-and-slicing.3** Write `mse(y_true, y_pred)`, the mean squared error of targets of
# shape `(n,)` and predictions of shape `(n, 1)`: one number, the mean of the `n` squared
# differences (not of `n × n`).

# %%
def mse(y_true, y_pred):
    return ...  # your code here


check("axes-and-slicing.3", mse)
