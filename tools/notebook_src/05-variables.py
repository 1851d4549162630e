# %% [markdown]
# # Variables
#
# Tensors never change. A model, though, must change its weights while it learns. That
# is what `tf.Variable` is for: a tensor-like value that you can overwrite.
#
# **What you will learn**
# - creating a `tf.Variable` and changing it with `assign`, `assign_add`, `assign_sub`
# - a running example: detecting spikes in a series with a boolean Variable
# - how variables and tensors differ, and how they work together
# - the `trainable` flag, and how a GradientTape uses it

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Creating and changing a Variable
#
# A Variable starts from an initial value, which fixes its dtype and shape for good.

# %%
w = tf.Variable([1.0, 2.0, 3.0], name="w")
print(w)

# %% [markdown]
# `assign` replaces the value; `assign_add` and `assign_sub` add or subtract in place:
#
# $$ w \leftarrow v, \qquad w \leftarrow w + \delta, \qquad w \leftarrow w - \delta $$

# %%
w.assign([10.0, 20.0, 30.0])
print(w.numpy())
w.assign_add([1.0, 1.0, 1.0])
print(w.numpy())
w.assign_sub([0.5, 0.5, 0.5])
print(w.numpy())

# %% [markdown]
# The dtype and shape stay fixed. A value of another shape, or a float for an integer
# Variable, is an error:

# %%
for bad_update in (lambda: w.assign([1.0, 2.0]), lambda: tf.Variable(1).assign(1.5)):
    try:
        bad_update()
    except Exception as e:
        print(type(e).__name__, "-", str(e).splitlines()[0][:90])

# %% [markdown]
# ## A running example: spotting spikes
#
# A sensor sends one reading at a time. We call a reading a *spike* when it jumps more than
# a threshold above the reading before it:
#
# $$ \text{spike}_t = \left( x_t - x_{t-1} > \text{threshold} \right) $$
#
# The detector must *remember* two things between readings: the previous reading, and
# whether it is currently seeing a spike. Both are Variables; the second one is boolean.

# %%
readings = tf.constant([20.1, 20.3, 20.2, 25.9, 26.0, 20.4, 20.5, 27.0, 20.8, 20.6])
threshold = 3.0

previous = tf.Variable(readings[0])
in_spike = tf.Variable(False)
spike_times = []

for t in range(1, readings.shape[0]):
    value = readings[t]
    in_spike.assign(value - previous > threshold)  # a bool tensor
    previous.assign(value)
    if in_spike:  # a scalar Variable can be used as a Python bool
        spike_times.append(t)
    print(f"t={t}  reading={float(value):5.1f}  spike={bool(in_spike.numpy())}")

print("spikes at", spike_times)

# %%
fig, ax = plt.subplots(figsize=(7, 2.8))
ax.plot(readings.numpy(), marker="o", label="reading")
ax.plot(spike_times, readings.numpy()[spike_times], "r^", markersize=12, label="spike")
ax.set_xlabel("t")
ax.set_ylabel("reading")
ax.legend()
plt.show()

# %% [markdown]
# The same test works on the whole series at once, without a loop: subtract the series
# from itself shifted by one. (Exercise 05.2 asks you to finish this idea.)

# %%
jumps = readings[1:] - readings[:-1]
print(jumps > threshold)

# %% [markdown]
# ## Variables and tensors
#
# | | `tf.Tensor` | `tf.Variable` |
# |---|---|---|
# | value can change | no: every op makes a new tensor | yes: `assign`, `assign_add`, `assign_sub` |
# | dtype and shape | fixed | fixed |
# | typical use | data, intermediate results | weights, counters, state between steps |
# | seen by `GradientTape` | only if you `watch` it | automatically, if `trainable` |
#
# Using a Variable in an operation *reads* its current value, and the result is an ordinary
# tensor:

# %%
v = tf.Variable([1.0, 2.0])
doubled = v * 2
print(isinstance(doubled, tf.Tensor), doubled)
v.assign([5.0, 5.0])
print(doubled)  # computed from the old value; it does not follow v

# %% [markdown]
# And a tensor has no `assign`, nor can its items be set:

# %%
t = tf.constant([1.0, 2.0])


def assign_to_tensor():
    t.assign([3.0, 4.0])


def set_an_item():
    t[0] = 3.0


for attempt in (assign_to_tensor, set_an_item):
    try:
        attempt()
    except Exception as e:
        print(attempt.__name__, "->", type(e).__name__)

# %% [markdown]
# ## Trainable or not
#
# Every Variable has a `trainable` flag (default `True`). A `GradientTape` records every
# *trainable* Variable it sees, so you can ask for their gradients without further ado.
# Counters and other bookkeeping should not be trained: create them with `trainable=False`.
# The tape then ignores them, like a constant it was not asked to watch.
#
# For $y = a \cdot b \cdot c$ the gradients are $\partial y/\partial a = bc$, and so on:

# %%
a = tf.Variable(2.0)                   # trainable
b = tf.Variable(3.0, trainable=False)  # not trainable
c = tf.constant(4.0)                   # a tensor

with tf.GradientTape() as tape:
    y = a * b * c

grad_a, grad_b, grad_c = tape.gradient(y, [a, b, c])
print("dy/da =", grad_a.numpy(), " (= b * c)")
print("dy/db =", grad_b, " (not trainable, not watched)")
print("dy/dc =", grad_c, " (a tensor, not watched)")
print([v.trainable for v in (a, b)])

# %% [markdown]
# We will use this in every training loop: the model's weights are trainable Variables,
# the tape finds them, and `assign_sub` moves them downhill.

# %% [markdown]
# ## Exercises
#
# **05.1** Create a Variable holding `[0.0, 0.0, 0.0]`, then add `[1.0, 2.0, 3.0]` to it
# with `assign_add`. Pass the Variable.

# %%
answer = ...
check("05.1", answer)

# %% [markdown]
# **05.2** Write `spikes(series, threshold)` that returns a boolean tensor of the same
# length as `series`: `True` where a value is more than `threshold` above the one before.
# The first value has no predecessor, so it is never a spike. Hint: `tf.concat`.

# %%
def spikes(series, threshold):
    return ...  # your code here


check("05.2", spikes)

# %% [markdown]
# **05.3** Create a step counter that starts at `0` (an `int32` Variable) and that a
# GradientTape will never try to train.

# %%
answer = ...
check("05.3", answer)
